"""Two secretaries in two processes on one database: each sees the season, then both edit — at once, or one after the other.

Every write path a person or a file drives has two edits here, built from what that editor saw:
`same` (both change the same thing: one must land and the other be told who changed it) and
`different` (two different things: both must land). The worker processes run the edits through
the real services on their own Database object, exactly as two copies of the app would.
"""

from __future__ import annotations

import multiprocessing as mp
import traceback
from dataclasses import dataclass, replace
from decimal import Decimal as D
from fractions import Fraction
from typing import Callable

from thidua.domain.awards import AwardType, NomineeKind
from thidua.domain.criteria import Criterion, Kind, Method, new_id
from thidua.domain.errors import Duplicate, EditConflict
from thidua.domain.ranking import ClassBand, TieBreaker, TieBreakerKind
from thidua.domain.scoring import ScoreKind
from thidua.domain.season import CouncilDecision, Meeting, Season, SeasonSettings, State
from thidua.domain.votes import Comparison, VoteMethod, VoteRule
from thidua.domain import restore as rs
from thidua.services import clusters, deletions, imports, outcome, scoring

ACTORS = ("Thư ký A", "Thư ký B")


@dataclass
class Ctx:
    """What the edit builders get: the season the editor saw, the round, which editor, ids of the playground."""

    season: Season
    round: int
    who: int          # 0 = A, 1 = B
    ids: dict


# ---- the write paths ------------------------------------------------------------------------------
# Each builder returns a function(uow) that performs the edit, and (for `same`) what a winner leaves.

def _member(c: Ctx, offset: int = 0):
    members = [m for m in c.season.members if not m.short_name.startswith("Tạm")]
    return members[(c.round + offset) % len(members)]


def _leaf(c: Ctx, offset: int = 0):
    leaves = [c.season.criteria.get(i) for i in c.ids["manual_leaves"]]
    return leaves[(c.round + offset) % len(leaves)]


def _value(c: Ctx, leaf, bump: int) -> D:
    steps = int(leaf.max_points / leaf.step)
    current = c.season.cell(_member(c).id, leaf.id).agreed_points
    n = (c.round * 2 + bump) % (steps + 1)
    value = leaf.step * n
    return value if value != current else leaf.step * ((n + 1) % (steps + 1))


def typing_same(c):
    m, leaf = _member(c), _leaf(c)
    value = _value(c, leaf, c.who)
    seen = c.season.cell(m.id, leaf.id).agreed_points
    return lambda uow: scoring.record_score(uow, c.season.id, m.id, leaf.id, value, expected=seen), \
        ("score", m.id, leaf.id, value)


def typing_different(c):
    m, leaf = _member(c, c.who * 3), _leaf(c, c.who * 5)
    value = _value(c, leaf, 1)
    seen = c.season.cell(m.id, leaf.id).agreed_points
    return lambda uow: scoring.record_score(uow, c.season.id, m.id, leaf.id, value, expected=seen), \
        ("score", m.id, leaf.id, value)


def _block(c, cells):
    edits = []
    for m, leaf in cells:
        value = _value(c, leaf, c.who + 1)
        edits.append((m.id, leaf.id, c.season.cell(m.id, leaf.id).agreed_points, value))
    return edits


def paste_same(c):
    shared = (_member(c), _leaf(c))
    own = [(_member(c, 1 + c.who * 2), _leaf(c, 2)), (_member(c, 2 + c.who * 2), _leaf(c, 2))]
    edits = _block(c, [shared] + own)
    return lambda uow: scoring.record_scores(uow, c.season.id, edits), ("score", *edits[0][:2], edits[0][3])


def paste_different(c):
    cells = [(_member(c, c.who * 4), _leaf(c, k)) for k in (1, 2, 3)]
    edits = _block(c, cells)
    return lambda uow: scoring.record_scores(uow, c.season.id, edits), ("score", *edits[1][:2], edits[1][3])


def undo_same(c):
    """Undo saves the old value back, expecting the value the edit left: a later change refuses it."""
    return typing_same(c)


def cross_same(c):
    scorer, m, leaf = _member(c, 4), _member(c), _leaf(c)
    seen = c.season.cross.get((m.id, leaf.id), {}).get(scorer.id)
    value = _value(c, leaf, c.who + 3)
    return lambda uow: scoring.record_cross_score(uow, c.season.id, scorer.id, m.id, leaf.id, value,
                                                  expected=seen), ("cross", m.id, leaf.id, scorer.id, value)


def cross_different(c):
    scorer, m, leaf = _member(c, 4 + c.who), _member(c), _leaf(c)
    seen = c.season.cross.get((m.id, leaf.id), {}).get(scorer.id)
    value = _value(c, leaf, 1)
    return lambda uow: scoring.record_cross_score(uow, c.season.id, scorer.id, m.id, leaf.id, value,
                                                  expected=seen), ("cross", m.id, leaf.id, scorer.id, value)


def figures_same(c):
    m, leaf = _member(c), c.season.criteria.get(c.ids["ratio_leaf"])
    fig = c.season.figures.get((m.id, leaf.id))
    value = D(100 + c.round * 2 + c.who)
    return lambda uow: scoring.record_figures(uow, c.season.id, m.id, leaf.id, target=value, expected=fig), \
        ("figure", m.id, leaf.id, "target", value)


def figures_different(c):
    """The same member's target and actual figure by two editors: different fields, both land."""
    m, leaf = _member(c), c.season.criteria.get(c.ids["ratio_leaf"])
    fig = c.season.figures.get((m.id, leaf.id))
    name = ("target", "actual")[c.who]
    value = D(200 + c.round)
    return lambda uow: scoring.record_figures(uow, c.season.id, m.id, leaf.id, **{name: value}, expected=fig), \
        ("figure", m.id, leaf.id, name, value)


def rename_same(c):
    m = _member(c)
    name = f"{m.short_name.split(' #')[0]} #{c.round}{'AB'[c.who]}"
    return lambda uow: clusters.update_member(uow, c.season.id, m.id, name, expected=m), ("member", m.id, name)


def rename_different(c):
    """One editor renames a member, the other sets its full name: both land."""
    m = _member(c)
    if c.who == 0:
        name = f"{m.short_name.split(' #')[0]} #{c.round}"
        return lambda uow: clusters.update_member(uow, c.season.id, m.id, name, expected=m), ("member", m.id, name)
    full = f"Liên minh HTX tỉnh {m.short_name.split(' #')[0]} ({c.round})"
    return lambda uow: clusters.update_member(uow, c.season.id, m.id, full_name=full, expected=m), \
        ("member_full", m.id, full)


def add_member_different(c):
    name = f"Tạm {c.round}{'AB'[c.who]}"
    return lambda uow: clusters.add_member(uow, c.season.id, name), ("member_named", name)


def _temporary(c):
    return [m for m in c.season.members if m.short_name.startswith("Tạm")]


def _remove_member(c, m):
    """As the window deletes: told what would go (rs.member_loss), the snapshot kept for undo."""
    loss = rs.member_loss(c.season, m.id)
    return lambda uow: deletions.remove_member(uow, c.season.id, m.id, expected=m, expected_loss=loss), \
        ("member_gone", m.id)


def remove_member_same(c):
    return _remove_member(c, _temporary(c)[0])


def remove_member_different(c):
    return _remove_member(c, _temporary(c)[c.who])


def move_member_same(c):
    order = [m.id for m in c.season.members]
    m = _member(c)
    position = (order.index(m.id) + 2 + c.who * 3) % len(order)
    return lambda uow: clusters.move_member(uow, c.season.id, m.id, position, expected_order=order), \
        ("moved", m.id, order, position)


def move_member_different(c):
    order = [m.id for m in c.season.members]
    # two members far apart, each moved one place within its own half
    m = c.season.members[1 + c.who * (len(order) // 2)]
    position = order.index(m.id) + 1
    return lambda uow: clusters.move_member(uow, c.season.id, m.id, position, expected_order=order), \
        ("moved", m.id, order, position)


def criterion_same(c):
    node = c.season.criteria.get(c.ids["edit_leaf"])
    title = f"Tiêu chí thử {c.round}{'AB'[c.who]}"
    return lambda uow: clusters.update_criterion(uow, c.season.id, node.id, title=title, expected=node), \
        ("criterion", node.id, "title", title)


def criterion_different(c):
    """One editor changes the title, the other the unit, of the same row: both land (field by field)."""
    node = c.season.criteria.get(c.ids["edit_leaf"])
    name, value = (("title", f"Tiêu chí thử {c.round}"), ("unit", f"đv{c.round}"))[c.who]
    return lambda uow: clusters.update_criterion(uow, c.season.id, node.id, expected=node, **{name: value}), \
        ("criterion", node.id, name, value)


def move_criterion_same(c):
    node = c.season.criteria.get(c.ids["edit_leaf"])
    parent = node.parent_id
    siblings = [x.id for x in c.season.criteria.children(parent)]
    position = (siblings.index(node.id) + 1 + c.who) % len(siblings)
    after = c.season.value_of("criterion", (node.id,), "after")
    return lambda uow: clusters.move_criterion(uow, c.season.id, node.id, parent, position, expected_parent=parent,
                                               expected_after=after, expected_siblings=siblings), \
        ("criterion_moved", node.id)


def settings_same(c):
    share = Fraction(1, 2) if (c.round + c.who) % 2 else Fraction(2, 3)
    new = replace(c.season.settings, vote_rule=VoteRule(Comparison.AT_LEAST if c.who else Comparison.MORE_THAN,
                                                        share))
    return lambda uow: clusters.set_settings(uow, c.season.id, new, expected=c.season.settings), \
        ("settings", "vote_rule", new.vote_rule)


def settings_different(c):
    s = c.season.settings
    if c.who == 0:
        classes = (ClassBand("Xuất sắc", D(90 - c.round % 5)), ClassBand("Tốt", D(70)))
        new = replace(s, classes=classes)
        return lambda uow: clusters.set_settings(uow, c.season.id, new, expected=s), ("settings", "classes", classes)
    breakers = (TieBreaker(TieBreakerKind.MORE_BONUS),) if c.round % 2 else (TieBreaker(TieBreakerKind.FEWER_DEDUCTIONS),)
    new = replace(s, tie_breakers=breakers)
    return lambda uow: clusters.set_settings(uow, c.season.id, new, expected=s), ("settings", "tie_breakers", breakers)


def award_same(c):
    award = c.season.award_types[c.ids["award"]]
    new = replace(award, quota_count=1 + (c.round * 2 + c.who) % 9)
    return lambda uow: outcome.put_award_type(uow, c.season.id, new, expected=award), \
        ("award", award.id, "quota_count", new.quota_count)


def award_different(c):
    award = c.season.award_types[c.ids["award"]]
    if c.who == 0:
        new = replace(award, name=f"Giấy khen {c.round}")
        return lambda uow: outcome.put_award_type(uow, c.season.id, new, expected=award), \
            ("award", award.id, "name", new.name)
    new = replace(award, precedence=2 + c.round % 5)
    return lambda uow: outcome.put_award_type(uow, c.season.id, new, expected=award), \
        ("award", award.id, "precedence", new.precedence)


def nominee_add_different(c):
    name = f"HTX thử {c.round}{'AB'[c.who]}"
    return lambda uow: outcome.add_nominee(uow, c.season.id, name, NomineeKind.COOPERATIVE, c.ids["award"],
                                           _member(c).id), ("nominee_named", name)


def _extra_nominees(c):
    return sorted((n for n in c.season.nominees.values() if n.name.startswith("HTX thử")), key=lambda n: n.name)


def nominee_remove_same(c):
    n = _extra_nominees(c)[0]
    return lambda uow: deletions.remove_nominee(uow, c.season.id, n.id, expected=n,
                                                expected_ballot=c.season.ballots.get(n.id)), ("nominee_gone", n.id)


def nominee_remove_different(c):
    n = _extra_nominees(c)[c.who]
    return lambda uow: deletions.remove_nominee(uow, c.season.id, n.id, expected=n,
                                                expected_ballot=c.season.ballots.get(n.id)), ("nominee_gone", n.id)


def _vote(c, nominee_id, votes_for):
    seen = c.season.ballots.get(nominee_id)
    n = len(c.season.members)
    return lambda uow: outcome.record_vote(uow, c.season.id, nominee_id, VoteMethod.SECRET_BALLOT, n, 0,
                                           votes_for, n - votes_for, 0, expected=seen), \
        ("ballot", nominee_id, votes_for)


def vote_same(c):
    nominee = c.ids["vote_nominees"][c.round % len(c.ids["vote_nominees"])]
    current = c.season.ballots.get(nominee)
    choices = [v for v in range(len(c.season.members) + 1) if not current or v != current.votes_for]
    return _vote(c, nominee, choices[(c.round + c.who * 3) % len(choices)])


def vote_different(c):
    nominee = c.ids["vote_nominees"][(c.round + c.who) % len(c.ids["vote_nominees"])]
    return _vote(c, nominee, (c.round + c.who) % (len(c.season.members) + 1))


def meeting_same(c):
    m = c.season.meeting
    new = replace(m, place=f"Địa điểm {c.round}{'AB'[c.who]}")
    return lambda uow: clusters.set_meeting(uow, c.season.id, new, expected=m), ("meeting", "place", new.place)


def meeting_different(c):
    m = c.season.meeting
    name, value = (("place", f"Hà Nam {c.round}"), ("agenda", f"Nội dung {c.round}"))[c.who]
    new = replace(m, **{name: value})
    return lambda uow: clusters.set_meeting(uow, c.season.id, new, expected=m), ("meeting", name, value)


def tie_same(c):
    group = c.ids["ties"][c.round % len(c.ids["ties"])]
    current = c.season.value_of("decision", tuple(sorted(group)), "order")
    order = list(group) if (c.round + c.who) % 2 else list(reversed(group))
    if current is not None and tuple(order) == current.member_ids:
        order.reverse()
    note = f"Biểu quyết {c.round}{'AB'[c.who]}"
    return lambda uow: outcome.decide_tie(uow, c.season.id, order, note, expected=current), \
        ("decision", tuple(sorted(group)), tuple(order))


def tie_different(c):
    group = c.ids["ties"][c.who]
    current = c.season.value_of("decision", tuple(sorted(group)), "order")
    order = list(group) if c.round % 2 else list(reversed(group))
    return lambda uow: outcome.decide_tie(uow, c.season.id, order, f"Vòng {c.round}", expected=current), \
        ("decision", tuple(sorted(group)), tuple(order))


@dataclass(frozen=True)
class _FormCell:
    member_id: str
    criterion_id: str
    old: D | None
    new: D | None


def _form(c, member, value_bump):
    """A returned self-scoring form: the values it was made from (what its author saw) and what it says now."""
    changes = []
    for k in (0, 1):
        leaf = _leaf(c, k)
        old = c.season.cell(member.id, leaf.id).self_points
        steps = int(leaf.max_points / leaf.step)
        new = leaf.step * ((c.round + value_bump + k) % (steps + 1))
        if new == old:
            new = leaf.step * ((c.round + value_bump + k + 1) % (steps + 1))
        changes.append(_FormCell(member.id, leaf.id, old, new))
    return lambda uow: imports.apply_form_changes(uow, c.season.id, changes, ScoreKind.SELF), \
        ("self", member.id, changes[0].criterion_id, changes[0].new)


def _review_value(c, m, leaf, bump: int) -> D:
    steps = int(leaf.max_points / leaf.step)
    current = c.season.cell(m.id, leaf.id).review_points
    value = leaf.step * ((c.round * 2 + bump) % (steps + 1))
    return value if value != current else leaf.step * ((c.round * 2 + bump + 1) % (steps + 1))


def review_same(c):
    """The review panel's column (cụm trưởng thẩm định): one cell typed by both."""
    m, leaf = _member(c), _leaf(c)
    value = _review_value(c, m, leaf, c.who)
    seen = c.season.cell(m.id, leaf.id).review_points
    return lambda uow: scoring.record_score(uow, c.season.id, m.id, leaf.id, value, ScoreKind.REVIEW, expected=seen), \
        ("review", m.id, leaf.id, value)


def review_different(c):
    m, leaf = _member(c, c.who * 3), _leaf(c, c.who * 5)
    value = _review_value(c, m, leaf, 1)
    seen = c.season.cell(m.id, leaf.id).review_points
    return lambda uow: scoring.record_score(uow, c.season.id, m.id, leaf.id, value, ScoreKind.REVIEW, expected=seen), \
        ("review", m.id, leaf.id, value)


def _council(c, nominee_id: str):
    seen = c.season.council.get(nominee_id)
    decision = CouncilDecision(bool((c.round + c.who) % 2), f"{c.round}{'AB'[c.who]}/QĐ-LMHTX")
    return lambda uow: outcome.record_council_decision(uow, c.season.id, nominee_id, decision, expected=seen), \
        ("council", nominee_id, decision.number)


def council_same(c):
    """The higher council's decision on one proposal of a signed-off season, recorded by both."""
    return _council(c, c.ids["council_nominees"][c.round % len(c.ids["council_nominees"])])


def council_different(c):
    return _council(c, c.ids["council_nominees"][(c.round + c.who) % len(c.ids["council_nominees"])])


def forms_same(c):
    """The same member's form returned twice with different figures (two copies of one export)."""
    return _form(c, _member(c), c.who + 1)


def forms_different(c):
    return _form(c, _member(c, c.who * 4), 1)


PATHS: dict[str, tuple[Callable | None, Callable | None]] = {
    "typing": (typing_same, typing_different),
    "paste": (paste_same, paste_different),
    "undo": (undo_same, None),
    "cross": (cross_same, cross_different),
    "figures": (figures_same, figures_different),
    "member_rename": (rename_same, rename_different),
    "member_add": (None, add_member_different),
    "member_remove": (remove_member_same, remove_member_different),
    "member_move": (move_member_same, move_member_different),
    "criterion_edit": (criterion_same, criterion_different),
    "criterion_move": (move_criterion_same, None),
    "settings": (settings_same, settings_different),
    "award_types": (award_same, award_different),
    "nominee_add": (None, nominee_add_different),
    "nominee_remove": (nominee_remove_same, nominee_remove_different),
    "votes": (vote_same, vote_different),
    "meeting": (meeting_same, meeting_different),
    "tie_decisions": (tie_same, tie_different),
    "member_forms": (forms_same, forms_different),
    "review_column": (review_same, review_different),
    "council_decisions": (council_same, council_different),
}


# ---- the playground season -------------------------------------------------------------------------
def build_playground(db) -> tuple[str, dict]:
    """A season in scoring with 12 members, manual and figure-scored leaves, an award, nominees and three ties."""
    new = db.uow
    cluster = clusters.create_cluster(new(), "Cụm thi đua thử hai thư ký")
    names = ["Ninh Bình", "Hà Nam", "Nam Định", "Thái Bình", "Vĩnh Phúc", "Bắc Ninh", "Hải Dương", "Hưng Yên",
             "Quảng Ninh", "Hà Nội", "Hải Phòng", "Phú Thọ"]
    season = clusters.create_season(new(), cluster.id, 2024, [(n, "") for n in names])
    sid = season.id
    group = clusters.add_criterion(new(), sid, Criterion(new_id(), "Nhiệm vụ", Kind.GROUP, code="I"))
    leaves = []
    for k in range(6):
        leaf = clusters.add_criterion(new(), sid, Criterion(new_id(), f"Tiêu chí {k + 1}", Kind.LEAF, code=str(k + 1),
                                                            parent_id=group.id, method=Method.MANUAL,
                                                            max_points=D(10), step=D("0.5")))
        leaves.append(leaf.id)
    ratio = clusters.add_criterion(new(), sid, Criterion(new_id(), "HTX thành lập mới", Kind.LEAF, code="7",
                                                         parent_id=group.id, method=Method.RATIO, max_points=D(10)))
    edit_leaf = clusters.add_criterion(new(), sid, Criterion(new_id(), "Tiêu chí thử", Kind.LEAF, code="8",
                                                             parent_id=group.id, method=Method.MANUAL,
                                                             max_points=D(5), step=D(1)))
    outcome.advance(new(), sid, State.SCORING, expected=State.DRAFT)
    s = clusters.open_season(new(), sid)
    members = [m.id for m in s.members]
    award = outcome.put_award_type(new(), sid, AwardType(new_id(), "Giấy khen", 1), expected=None)
    nominees = [outcome.add_nominee(new(), sid, f"HTX số {k}", NomineeKind.COOPERATIVE, award.id, members[k]).id
                for k in range(4)]
    # ties live in a season of their own, so the scores other paths type never break them
    tie_season = clusters.create_season(new(), cluster.id, 2023, [(n, "") for n in names[:6]])
    tie_leaf = clusters.add_criterion(new(), tie_season.id, Criterion(new_id(), "Nhiệm vụ", Kind.LEAF, code="1",
                                                                      method=Method.MANUAL, max_points=D(10),
                                                                      step=D(1)))
    outcome.advance(new(), tie_season.id, State.SCORING, expected=State.DRAFT)
    tied = [m.id for m in tie_season.members]
    scoring.record_scores(new(), tie_season.id, [(m, tie_leaf.id, None, D(i // 2 + 1)) for i, m in enumerate(tied)])
    ties = [tuple(tied[0:2]), tuple(tied[2:4]), tuple(tied[4:6])]
    # the committee votes and orders ties only in Bình xét
    outcome.advance(new(), tie_season.id, State.VOTING, expected=State.SCORING)
    # ballots too live in a season of their own, in Bình xét, beside the playground still in scoring
    vote_season = clusters.create_season(new(), cluster.id, 2021, [(n, "") for n in names])
    outcome.advance(new(), vote_season.id, State.SCORING, expected=State.DRAFT)
    vs = clusters.open_season(new(), vote_season.id)
    vote_award = outcome.put_award_type(new(), vote_season.id, AwardType(new_id(), "Giấy khen", 1), expected=None)
    vote_nominees = [outcome.add_nominee(new(), vote_season.id, f"HTX số {k}", NomineeKind.COOPERATIVE,
                                         vote_award.id, vs.members[k].id).id for k in range(4)]
    outcome.advance(new(), vote_season.id, State.VOTING, expected=State.SCORING)
    # the review panel's column is kept in the playground
    s = clusters.open_season(new(), sid)
    clusters.set_settings(new(), sid, replace(s.settings, panels=(ScoreKind.REVIEW,)), expected=s.settings)
    # the higher council decides on the proposals of a signed-off season of its own
    council_season = clusters.create_season(new(), cluster.id, 2022, [(n, "") for n in names[:4]])
    leaf = clusters.add_criterion(new(), council_season.id, Criterion(new_id(), "Nhiệm vụ", Kind.LEAF, code="1",
                                                                      method=Method.MANUAL, max_points=D(10),
                                                                      step=D(1)))
    outcome.advance(new(), council_season.id, State.SCORING, expected=State.DRAFT)
    cs = clusters.open_season(new(), council_season.id)
    scoring.record_scores(new(), council_season.id, [(m.id, leaf.id, None, D(5)) for m in cs.members])
    flag = outcome.put_award_type(new(), council_season.id, AwardType(new_id(), "Cờ thi đua", 1), expected=None)
    council_nominees = [outcome.add_nominee(new(), council_season.id, f"Liên minh HTX tỉnh {m.short_name}",
                                            NomineeKind.MEMBER, flag.id, m.id).id for m in cs.members]
    outcome.advance(new(), council_season.id, State.VOTING, expected=State.SCORING)
    outcome.sign_off(new(), council_season.id, "Chủ tịch")
    return sid, {"manual_leaves": leaves[1:], "ratio_leaf": ratio.id, "edit_leaf": edit_leaf.id,
                 "award": award.id, "nominees": nominees, "ties": ties, "council_nominees": council_nominees,
                 "vote_nominees": vote_nominees,
                 "season_of": {"tie_decisions": tie_season.id, "council_decisions": council_season.id,
                               "votes": vote_season.id}}


def season_for(ids: dict, sid: str, path: str) -> str:
    """The season a path edits (most edit the playground; votes, tie decisions and council decisions their own)."""
    return ids["season_of"].get(path, sid)


def prepare_round(db, sid: str, path: str, kind: str) -> None:
    """What some paths need before a round: members or nominees to remove."""
    s = clusters.open_season(db.uow(), sid)
    if path == "member_remove":
        have = [m for m in s.members if m.short_name.startswith("Tạm")]
        for k in range(len(have), 2):
            clusters.add_member(db.uow(), sid, f"Tạm x{new_id()[:6]}")
    if path == "nominee_remove":
        have = [n for n in s.nominees.values() if n.name.startswith("HTX thử")]
        for k in range(len(have), 2):
            outcome.add_nominee(db.uow(), sid, f"HTX thử x{new_id()[:6]}", NomineeKind.COOPERATIVE,
                                s.award_types and next(iter(s.award_types)), s.members[0].id)


# ---- the two editors -------------------------------------------------------------------------------
def editor(url: str, who: int, ids: dict, sid: str, conn, barrier) -> None:
    """One copy of the app: on "see" it reads the season; on "write" it makes its edit and says how it went."""
    from thidua.storage.database import Database

    db = Database(url, actor=ACTORS[who])
    pending = None
    try:
        while True:
            msg = conn.recv()
            if msg is None:
                break
            op, path, kind, rnd = msg
            try:
                if op == "see":
                    season = clusters.open_season(db.uow(), season_for(ids, sid, path))
                    builder = PATHS[path][0 if kind == "same" else 1]
                    pending = builder(Ctx(season, rnd, who, ids))
                    conn.send(("seen", None))
                elif op == "write":
                    fn, claim = pending
                    if kind == "race":
                        barrier.wait(timeout=30)
                    try:
                        fn(db.uow())
                        conn.send(("ok", claim))
                    except EditConflict as exc:
                        conn.send(("conflict", {k: exc.data.get(k) for k in ("by", "entity", "field")}))
                    except Duplicate as exc:
                        conn.send(("duplicate", dict(exc.data)))
            except Exception:   # anything else is a failure the test reports whole
                conn.send(("error", traceback.format_exc()))
    finally:
        db.close()


class Editors:
    """Two editor processes on one database, driven round by round."""

    def __init__(self, url: str, sid: str, ids: dict) -> None:
        ctx = mp.get_context("spawn")
        self.barrier = ctx.Barrier(2)
        self.conns, self.procs = [], []
        for who in (0, 1):
            mine, theirs = ctx.Pipe()
            proc = ctx.Process(target=editor, args=(url, who, ids, sid, theirs, self.barrier), daemon=True)
            proc.start()
            self.conns.append(mine)
            self.procs.append(proc)

    def _both(self, msg):
        for c in self.conns:
            c.send(msg)
        out = [c.recv() for c in self.conns]
        for status, detail in out:
            if status == "error":
                raise AssertionError(detail)
        return out

    def see(self, path: str, kind: str, rnd: int) -> None:
        self._both(("see", path, kind, rnd))

    def write(self, path: str, rnd: int, order: str):
        """order "race": both at once; "stale": A first, then B (B saw the season before A's change)."""
        if order == "race":
            return self._both(("write", path, order, rnd))
        out = []
        for c in self.conns:
            c.send(("write", path, order, rnd))
            status, detail = c.recv()
            if status == "error":
                raise AssertionError(detail)
            out.append((status, detail))
        return out

    def close(self) -> None:
        for c in self.conns:
            c.send(None)
        for p in self.procs:
            p.join(timeout=30)
