"""Snapshots of what a removal takes: remove then restore gives back the same season, whatever is removed."""

from dataclasses import replace
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.domain import restore as rs
from thidua.domain.awards import AwardType, Nominee, NomineeKind
from thidua.domain.criteria import Criterion, Kind, Method
from thidua.domain.errors import Duplicate, InvalidSetting
from thidua.domain.scoring import ScoreKind, ScoringMode
from thidua.domain.season import Meeting, Member, Season, State
from thidua.domain.votes import Ballot, VoteMethod

MEMBERS = ("Ninh Bình", "Hà Nam", "Nam Định", "Thái Bình", "Vĩnh Phúc")


def build(seed: int = 0) -> Season:
    """A season in scoring with every kind of value hanging on members, rows and awards."""
    s = Season("s", "c", "Cụm thi đua đồng bằng sông Hồng", 2018)
    for i, name in enumerate(MEMBERS):
        s.add_member(Member(f"m{i}", name, f"Liên minh HTX tỉnh {name}"))
    s.add_criterion(Criterion("g1", "Nhiệm vụ chung", Kind.GROUP, code="I"))
    s.add_criterion(Criterion("g2", "Phong trào", Kind.GROUP, code="II"))
    for i, parent in enumerate(("g1", "g1", "g1", "g2", "g2")):
        s.add_criterion(Criterion(f"c{i}", f"Tiêu chí {i}", Kind.LEAF, code="-", parent_id=parent,
                                  method=Method.MANUAL, max_points=D(5), step=D("0.25"),
                                  not_assigned=("m2",) if i == 4 else ()))
    s.add_criterion(Criterion("t", "Chỉ tiêu", Kind.LEAF, code="-", parent_id="g2", method=Method.RELATIVE,
                              max_points=D(4)))
    s.advance(State.SCORING)
    for mi in range(len(MEMBERS)):
        for ci in range(5):
            if (mi + ci + seed) % 4 == 3 or (ci == 4 and mi == 2):
                continue
            m, c = f"m{mi}", f"c{ci}"
            s.set_score(m, c, D((mi * 7 + ci + seed) % 20) / 4, ScoreKind.AGREED)
            s.set_score(m, c, D((mi + ci * 3 + seed) % 20) / 4, ScoreKind.SELF)
            if (mi + ci) % 3 == 0:
                s.set_note(m, c, f"ghi chú {mi}-{ci}")
            s.set_cross_score(f"m{(mi + 1) % len(MEMBERS)}", m, c, D((mi + ci) % 5))
        s.set_figure(f"m{mi}", "t", D(100), D(90 + mi * 5 + seed))
    s.put_award_type(AwardType("a1", "Cờ thi đua", 1, quota_count=1))
    s.put_award_type(AwardType("a2", "Bằng khen", 2, quota_count=2, within="a1"))
    s.put_nominee(Nominee("n1", "Liên minh HTX tỉnh Hà Nam", NomineeKind.MEMBER, "a1", "m1"))
    s.put_nominee(Nominee("n2", "HTX Đồng Tâm", NomineeKind.COOPERATIVE, "a2", "m3"))
    s.put_nominee(Nominee("n3", "Liên minh HTX tỉnh Ninh Bình", NomineeKind.MEMBER, "a2", "m0"))
    s.record_ballot(Ballot("n2", VoteMethod.SHOW_OF_HANDS, 5, 5, 0, 4, 1, 0))
    s.set_meeting(Meeting(heads=("m3",), deputy_id="m1", host_member_id="m3", next_heads=("m4",),
                          attendance=tuple((f"m{i}", f"Đại biểu {i}") for i in range(len(MEMBERS))),
                          place="Thái Bình"))
    s.changes.clear()
    return s


def picture(s: Season):
    """Everything a person could check, with orders: members, rows, values, awards, nominees, votes, meeting."""
    return (s.members, [(n, s.criteria.position(n.id)) for n in s.criteria.nodes()], s.figures, s.scores,
            s.cross, s.award_types,   # award types have no stored order
            list(s.nominees.items()), s.ballots, s.council, s.meeting,
            s.settings, {m.id: s.tally(m.id).total for m in s.members})


def test_the_question_counts_what_goes_with_a_member():
    s = build()
    loss = rs.member_loss(s, "m3")
    # its own self/agreed scores, the cross scores it gave and received, its figures, and the nominee it put forward
    assert loss.scores == sum(len(c.values()) for (m, _), c in s.scores.items() if m == "m3") + \
        sum(1 for (m, _), by in s.cross.items() for sc in by if "m3" in (m, sc))
    assert (loss.figures, loss.nominees, loss.ballots) == (2, 1, 1)
    assert rs.criterion_loss(s, "g1").criteria == 3
    assert rs.award_loss(s, "a2") == rs.Loss(nominees=2, ballots=1)


@pytest.mark.parametrize("member", [f"m{i}" for i in range(len(MEMBERS))])
def test_member_removed_then_restored_is_the_same_season(member):
    s = build()
    before = picture(s)
    snap = rs.member_snapshot(s, member)
    s.remove_member(member)
    assert member not in [m.id for m in s.members]
    assert all(n.member_id != member for n in s.nominees.values())
    assert member not in s.meeting.heads + s.meeting.next_heads
    rs.restore_member(s, snap)
    assert picture(s) == before


@pytest.mark.parametrize("node", ["g1", "g2", "c0", "c2", "c4", "t"])
def test_criterion_removed_then_restored_is_the_same_season(node):
    s = build()
    before = picture(s)
    snap = rs.criterion_snapshot(s, node)
    s.remove_criterion(node)
    rs.restore_criterion(s, snap)
    assert picture(s) == before


@pytest.mark.parametrize("award", ["a1", "a2"])
def test_award_removed_then_restored_with_its_nominees_and_votes(award):
    s = build()
    before = picture(s)
    snap = rs.award_snapshot(s, award)
    s.remove_award_type(award)
    rs.restore_award(s, snap)
    assert picture(s) == before


@pytest.mark.parametrize("nominee", ["n1", "n2", "n3"])
def test_nominee_removed_then_restored_at_its_place_with_its_ballot(nominee):
    s = build()
    before = picture(s)
    snap = rs.nominee_snapshot(s, nominee)
    s.remove_nominee(nominee)
    rs.restore_nominee(s, snap)
    assert picture(s) == before


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 50), order=st.permutations(["m0", "m1", "m2", "m3", "m4"]), count=st.integers(1, 4),
       cross=st.booleans())
def test_any_members_removed_and_restored_in_reverse_give_the_same_season(seed, order, count, cross):
    s = build(seed)
    if cross:
        s.set_settings(replace(s.settings, scoring_mode=ScoringMode.CROSS))
    before = picture(s)
    snaps = []
    for member in order[:count]:
        snaps.append(rs.member_snapshot(s, member))
        s.remove_member(member)
    for snap in reversed(snaps):   # Ctrl+Z undoes the last deletion first
        rs.restore_member(s, snap)
    assert picture(s) == before


def test_restore_refused_when_a_member_of_that_name_was_added_meanwhile():
    s = build()
    snap = rs.member_snapshot(s, "m3")
    s.remove_member("m3")
    s.add_member(Member("other", "Thái Bình"))
    with pytest.raises(Duplicate):
        rs.restore_member(s, snap)
    # the place is free again only when the newcomer goes
    assert [seen.value for seen in snap.seen] == [None]


def test_signed_off_season_is_never_deletable_and_a_typed_season_keeps_its_start():
    s = build()
    rs.check_deletable(s)
    s.state = State.SIGNED_OFF
    with pytest.raises(InvalidSetting) as refused:
        rs.check_deletable(s)
    assert refused.value.data["reason"] == "signed_season_kept"
    with pytest.raises(InvalidSetting):
        rs.check_undo_start(build())
    empty = Season("e", "c", "Cụm", 2019)
    empty.add_member(Member("m0", "Ninh Bình"))
    rs.check_undo_start(empty)
