"""What an editor saw: field-by-field merges, anchored moves, private copies and the values edits are checked against."""

from dataclasses import replace
from decimal import Decimal as D

import pytest

from thidua.domain.criteria import Criterion, Kind, Method
from thidua.domain.edits import Seen, anchor_after, changed_fields, merge_fields, seen_fields
from thidua.domain.errors import EditConflict
from thidua.domain.scoring import ScoreKind
from thidua.domain.season import Meeting, Member, Season, State


def season() -> Season:
    s = Season("s", "c", "Cụm thi đua các tỉnh Tây Nguyên", 2024, state=State.SCORING)
    for i, name in enumerate(("Đắk Nông", "Đắk Lắk", "Lâm Đồng", "Gia Lai", "Kon Tum")):
        s.add_member(Member(f"m{i}", name))
    s.add_criterion(Criterion("g", "Nhiệm vụ", Kind.GROUP, code="1"))
    for k in "abc":
        s.add_criterion(Criterion(k, f"Tiêu chí {k}", Kind.LEAF, code=k, parent_id="g", method=Method.MANUAL,
                                  max_points=D(5), step=D("0.5")))
    s.changes.clear()
    return s


def test_a_form_merges_field_by_field():
    base = Meeting(place="Đắk Lắk", chair="A")
    mine = replace(base, place="Gia Lai")                 # I changed the place
    theirs = replace(base, chair="B")                      # someone else the chair, meanwhile
    assert changed_fields(base, mine) == ["place"]
    assert merge_fields(theirs, base, mine) == Meeting(place="Gia Lai", chair="B")
    assert seen_fields("season", (), base, mine, "meeting.") == [Seen("season", (), "meeting.place", "Đắk Lắk",
                                                                      "Gia Lai")]


def test_a_move_is_anchored_to_what_its_author_saw():
    seen = ["a", "b", "c", "d"]
    assert anchor_after(seen, "a", 2) == "d"       # a between c and d: before d
    assert anchor_after(seen, "a", 3) is None      # at the end
    assert anchor_after(seen, "d", 0) == "a"


def test_moving_a_member_keeps_its_place_among_members_added_meanwhile():
    s = season()
    seen = [m.id for m in s.members]
    s.add_member(Member("new", "Bình Phước"), position=0)   # someone added one at the top meanwhile
    s.move_member("m0", 2, seen)                           # I dragged Đắk Nông between Lâm Đồng and Gia Lai
    assert [m.id for m in s.members] == ["new", "m1", "m2", "m0", "m3", "m4"]


def test_a_copy_is_independent():
    s = season()
    s.set_score("m0", "a", D(5))
    s.results()
    c = s.copy()
    c.set_score("m0", "a", D(1))
    c.add_criterion(Criterion("d", "Tiêu chí d", Kind.LEAF, code="d", parent_id="g", method=Method.MANUAL,
                              max_points=D(1)))
    assert s.cell("m0", "a").agreed_points == D(5) and s.tally("m0").total == D(5)
    assert c.tally("m0").total == D(1)
    assert "d" not in s.criteria and "d" in c.criteria


def test_expect_names_what_changed():
    s = season()
    s.set_score("m1", "b", D(3))
    s.expect([Seen("score", ("m1", "b"), "agreed", D(3))])
    s.expect([Seen("score", ("m1", "b"), "agreed", None, D(3))])     # already what I wanted: no conflict
    with pytest.raises(EditConflict) as err:
        s.expect([Seen("score", ("m1", "b"), "agreed", None, D(4))])
    assert err.value.data["current"] == D(3)
    assert err.value.data["subject"] == {"member": "Đắk Lắk", "criterion": "1.b", "criterion_title": "Tiêu chí b"}
