"""What a removal takes with it, counted for the question asked first, and kept so it can be put back.

Deleting a member, a criterion, an award type or a nominee takes everything recorded for it. Before
it goes, a snapshot keeps exactly that — the thing, where it stood, and every value hanging on it —
so "Hoàn tác" puts it back as it was, through the season's own methods: each restored value is a
logged change like a typed one. Restoring refuses (the season's own rules) when its place was taken
meanwhile, e.g. someone added a member with the same name.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from .awards import AwardType, Nominee
from .criteria import Criterion
from .edits import Seen, merge_fields
from .errors import InvalidSetting
from .scoring import ScoreCell
from .season import CouncilDecision, Figure, Meeting, Member, Season, State
from .votes import Ballot


# ---- what goes -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Loss:
    """What a removal takes with it, as a person counts it."""

    scores: int = 0        # points typed: self, agreed, panel and cross scores
    notes: int = 0         # score notes
    figures: int = 0       # covenant targets and actuals
    criteria: int = 0      # rows under a removed group
    nominees: int = 0
    ballots: int = 0       # recorded votes

    def __add__(self, other: "Loss") -> "Loss":
        return Loss(*(getattr(self, f) + getattr(other, f) for f in self.__dataclass_fields__))


def _cell_loss(cells, figures, cross) -> Loss:
    return Loss(scores=sum(len(c.values()) for c in cells) + sum(1 for _ in cross),
                notes=sum(1 for c in cells if c.note),
                figures=sum((f.target is not None) + (f.actual is not None) for f in figures))


def member_loss(season: Season, member_id: str) -> Loss:
    snap = member_snapshot(season, member_id)
    return _cell_loss([c for _, c in snap.scores], [f for _, f in snap.figures], snap.cross) + \
        Loss(nominees=len(snap.nominees), ballots=len(snap.ballots))


def criterion_loss(season: Season, criterion_id: str) -> Loss:
    snap = criterion_snapshot(season, criterion_id)
    return _cell_loss([c for _, c in snap.scores], [f for _, f in snap.figures], snap.cross) + \
        Loss(criteria=len(snap.nodes) - 1)


def nominee_loss(season: Season, nominee_id: str) -> Loss:
    return Loss(ballots=int(nominee_id in season.ballots))


def award_loss(season: Season, award_id: str) -> Loss:
    ids = [n.id for n in season.nominees.values() if n.award_type_id == award_id]
    return Loss(nominees=len(ids), ballots=sum(1 for i in ids if i in season.ballots))


def season_loss(season: Season) -> Loss:
    """What deleting a whole season takes (the question names it before the season file is kept for undo)."""
    return _cell_loss(list(season.scores.values()), list(season.figures.values()),
                      [p for by in season.cross.values() for p in by.values()]) + \
        Loss(criteria=len(season.criteria), nominees=len(season.nominees), ballots=len(season.ballots))


def is_empty(season: Season) -> bool:
    """Nothing typed yet: no score, figure, cross score, nominee or vote (a just-started season)."""
    return not (season.scores or season.figures or season.cross or season.ballots or season.nominees)


def check_deletable(season: Season) -> None:
    """A signed-off season is the record of what was signed: it is never deleted."""
    if season.state is State.SIGNED_OFF:
        raise InvalidSetting(reason="signed_season_kept", value=f"{season.cluster_name} {season.year}")


def check_undo_start(season: Season) -> None:
    """Undoing "start next year" removes the new season only while nothing was typed into it."""
    if not is_empty(season):
        raise InvalidSetting(reason="next_season_not_empty", value=season.year)


# ---- snapshots -------------------------------------------------------------------------------
def _nominee_extras(season: Season, ids: list[str]):
    ballots = tuple(season.ballots[i] for i in ids if i in season.ballots)
    council = tuple((i, season.council[i]) for i in ids if i in season.council)
    positions = {n: i for i, n in enumerate(season.nominees)}
    nominees = tuple((positions[i], season.nominees[i]) for i in ids)
    return nominees, ballots, council


@dataclass(frozen=True)
class MemberSnapshot:
    member: Member
    position: int                      # its index in the member list
    after: str                         # the member just before it ('' when first)
    scores: tuple[tuple[tuple[str, str], ScoreCell], ...]
    figures: tuple[tuple[tuple[str, str], Figure], ...]
    cross: tuple[tuple[tuple[str, str, str], Decimal], ...]   # as scored and as scorer
    not_assigned: tuple[tuple[str, tuple[str, ...]], ...]       # rows it was exempt from: their whole list
    nominees: tuple[tuple[int, Nominee], ...]                   # (position among nominees, nominee)
    ballots: tuple[Ballot, ...]
    council: tuple[tuple[str, CouncilDecision], ...]
    meeting: Meeting

    @property
    def seen(self) -> list[Seen]:
        """The place it comes back to: no member with its id there now."""
        return [Seen("member", (self.member.id,), "short_name", None)]


def member_snapshot(season: Season, member_id: str) -> MemberSnapshot:
    member = season.member(member_id)
    ids = [m.id for m in season.members]
    i = ids.index(member_id)
    nominee_ids = [n.id for n in season.nominees.values() if n.member_id == member_id]
    nominees, ballots, council = _nominee_extras(season, nominee_ids)
    return MemberSnapshot(
        member, i, ids[i - 1] if i else "",
        tuple((k, c) for k, c in season.scores.items() if k[0] == member_id),
        tuple((k, f) for k, f in season.figures.items() if k[0] == member_id),
        tuple(((m, c, s), p) for (m, c), by in season.cross.items() for s, p in by.items()
              if member_id in (m, s)),
        tuple((n.id, n.not_assigned) for n in season.criteria.nodes() if member_id in n.not_assigned),
        nominees, ballots, council, season.meeting)


def _put_cells(season: Season, scores, figures, cross) -> None:
    for (m, c), fig in figures:
        season.set_figure(m, c, fig.target, fig.actual, apply_points=False)
    for (m, c), cell in scores:
        for kind, value in cell.values():
            season.set_score(m, c, value, kind)
        if cell.note:
            season.set_note(m, c, cell.note)
    for (m, c, s), points in cross:
        season.set_cross_score(s, m, c, points)


def _put_nominees(season: Season, nominees, ballots, council) -> None:
    for position, nominee in sorted(nominees, key=lambda pn: pn[0]):
        season.put_nominee(nominee)
        season.place_nominee(nominee.id, position)
    for ballot in ballots:
        season.record_ballot(ballot)
    for nominee_id, decision in council:
        season.record_council_decision(nominee_id, decision)


def restore_member(season: Season, snap: MemberSnapshot) -> Member:
    """Put a removed member back where it stood, with everything that went with it."""
    ids = [m.id for m in season.members]
    position = ids.index(snap.after) + 1 if snap.after in ids else min(snap.position, len(ids))
    member = season.add_member(snap.member, position)
    _put_cells(season, snap.scores, snap.figures, snap.cross)
    for node_id, before in snap.not_assigned:
        if node_id in season.criteria:
            now = season.criteria.get(node_id).not_assigned
            season.update_criterion(node_id, not_assigned=tuple(m for m in before if m in now or m == member.id)
                                    + tuple(m for m in now if m not in before))
    # scores a row scored against the leader may have recomputed: the snapshot's are what stood
    _put_cells(season, snap.scores, (), ())
    _put_nominees(season, snap.nominees, snap.ballots, snap.council)
    stripped = snap.meeting.without(member.id)
    if snap.meeting != stripped:
        season.set_meeting(merge_fields(season.meeting, stripped, snap.meeting))
    return member


@dataclass(frozen=True)
class CriterionSnapshot:
    nodes: tuple[Criterion, ...]       # the row first, then its subtree in table order
    position: int                      # among its siblings
    after: str                         # the sibling just before it ('' when first)
    scores: tuple[tuple[tuple[str, str], ScoreCell], ...]
    figures: tuple[tuple[tuple[str, str], Figure], ...]
    cross: tuple[tuple[tuple[str, str, str], Decimal], ...]

    @property
    def seen(self) -> list[Seen]:
        """Its id free, its parent still there, and every member whose values come back still there."""
        root = self.nodes[0]
        out = [Seen("criterion", (root.id,), "id", None)]
        if root.parent_id is not None:
            out.append(Seen("criterion", (root.parent_id,), "id", root.parent_id))
        members = sorted({k[0] for k, _ in self.scores} | {k[0] for k, _ in self.figures} |
                         {x for k, _ in self.cross for x in (k[0], k[2])})
        out += [Seen("member", (m,), "id", m) for m in members]
        return out


def criterion_snapshot(season: Season, criterion_id: str) -> CriterionSnapshot:
    table = season.criteria
    node = table.get(criterion_id)
    ids = table.subtree_ids(criterion_id)
    sibling_ids = [c.id for c in table.children(node.parent_id)]
    i = sibling_ids.index(criterion_id)
    inside = set(ids)
    return CriterionSnapshot(
        tuple(table.get(x) for x in ids), i, sibling_ids[i - 1] if i else "",
        tuple((k, c) for k, c in season.scores.items() if k[1] in inside),
        tuple((k, f) for k, f in season.figures.items() if k[1] in inside),
        tuple(((m, c, s), p) for (m, c), by in season.cross.items() if c in inside for s, p in by.items()))


def restore_criterion(season: Season, snap: CriterionSnapshot) -> Criterion:
    """Put a removed row back at its place with its children and every value under it."""
    root = snap.nodes[0]
    siblings = [c.id for c in season.criteria.children(root.parent_id)]
    position = siblings.index(snap.after) + 1 if snap.after in siblings else min(snap.position, len(siblings))
    # the role is stored as the row had it (a child takes its group's role on add: the same one)
    season.add_criterion(root, position)
    for node in snap.nodes[1:]:
        season.add_criterion(node)
    _put_cells(season, snap.scores, snap.figures, snap.cross)
    return season.criteria.get(root.id)


@dataclass(frozen=True)
class NomineeSnapshot:
    nominees: tuple[tuple[int, Nominee], ...]
    ballots: tuple[Ballot, ...]
    council: tuple[tuple[str, CouncilDecision], ...]

    @property
    def seen(self) -> list[Seen]:
        nominee = self.nominees[0][1]
        return [Seen("nominee", (nominee.id,), "nominee", None),
                Seen("award_type", (nominee.award_type_id,), "id", nominee.award_type_id)]


def nominee_snapshot(season: Season, nominee_id: str) -> NomineeSnapshot:
    season.nominees[nominee_id]   # KeyError is a programming error: the view shows what exists
    return NomineeSnapshot(*_nominee_extras(season, [nominee_id]))


def restore_nominee(season: Season, snap: NomineeSnapshot) -> Nominee:
    _put_nominees(season, snap.nominees, snap.ballots, snap.council)
    return snap.nominees[0][1]


@dataclass(frozen=True)
class AwardSnapshot:
    award: AwardType
    inner: tuple[str, ...]             # awards counted within it (their `within` is cleared on removal)
    nominees: NomineeSnapshot | None

    @property
    def seen(self) -> list[Seen]:
        out = [Seen("award_type", (self.award.id,), "award_type", None)]
        if self.award.within is not None:
            out.append(Seen("award_type", (self.award.within,), "id", self.award.within))
        return out


def award_snapshot(season: Season, award_id: str) -> AwardSnapshot:
    award = season.award_types[award_id]
    ids = [n.id for n in season.nominees.values() if n.award_type_id == award_id]
    return AwardSnapshot(award, tuple(a.id for a in season.award_types.values() if a.within == award_id),
                         NomineeSnapshot(*_nominee_extras(season, ids)) if ids else None)


def restore_award(season: Season, snap: AwardSnapshot) -> AwardType:
    season.put_award_type(snap.award)
    for inner in snap.inner:
        current = season.award_types.get(inner)
        if current is not None and current.within is None:
            season.put_award_type(replace(current, within=snap.award.id))
    if snap.nominees is not None:
        _put_nominees(season, snap.nominees.nominees, snap.nominees.ballots, snap.nominees.council)
    return snap.award
