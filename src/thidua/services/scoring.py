"""Use cases for the covenant figures, scores and the ranking computed from them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable, NamedTuple

from ..domain.edits import Seen
from ..domain.ranking import RankBasis, RankRow
from ..domain.scoring import ScoreCell, ScoreKind
from ..domain.season import UNSET, Figure, SeasonResults
from .editing import edit_season
from .ports import UnitOfWork


@dataclass(frozen=True)
class ScoreRecorded:
    member_id: str
    criterion_id: str
    kind: ScoreKind
    old: Decimal | None
    new: Decimal | None
    cleared: tuple[str, ...] = ()   # alternatives cleared because another band was chosen


@dataclass(frozen=True)
class RankingRow:
    member_id: str
    member: str          # short name
    full_name: str
    total: Decimal
    rank: int
    classification: str | None
    tie: bool
    settled_by: Any      # TieBreaker | None
    settled_by_group: str | None   # the group a GROUP_SCORE tie-breaker compared, as printed
    decided: Any         # TieDecision | None
    missing: int
    rate: Decimal | None = None             # tỷ lệ đạt, when the season ranks by it
    maximum: Decimal | None = None          # the member's own maximum, when rows are not assigned to it
    not_assigned: tuple[str, ...] = ()      # those rows, as printed ("II.3")
    class_measure: Decimal | None = None    # what was classified, when a cap made it differ from what ranked
    held_back: tuple["HeldBack", ...] = ()  # bands the points reached but a floor refused, highest first


@dataclass(frozen=True)
class HeldBack:
    """A band a member's points reached but whose floor a criterion missed: what the ranking's notes say."""

    band: str
    floor: Decimal                                     # a share: 0.85
    below: tuple[tuple[str, Decimal, Decimal], ...]    # (criterion as printed, points, its maximum)


@dataclass(frozen=True)
class RankingResult:
    season_id: str
    cluster: str
    year: int
    state: str
    max_total: Decimal
    rows: tuple[RankingRow, ...]
    unresolved: tuple[tuple[str, ...], ...]
    missing: int
    by_rate: bool = False                 # ranked and classified by tỷ lệ đạt
    class_cap: Decimal | None = None      # classification on the total (or rate) capped here

    def as_json(self) -> dict:
        """The contract of `thidua ranking --format json`."""
        return {
            "cluster": self.cluster, "year": self.year, "max_total": _num(self.max_total),
            "rows": [{"member": r.member, "total": _num(r.total), "rank": r.rank,
                      "classification": r.classification, "tie": r.tie,
                      # a season ranked by the rate achieved says so (the contract is unchanged otherwise)
                      **({"rate": _num(r.rate)} if r.rate is not None else {})} for r in self.rows],
        }


def _num(value: Decimal) -> int | float:
    """A JSON number with at most two decimals (integral values without a fraction)."""
    q = value.quantize(Decimal("0.01"))
    return int(q) if q == q.to_integral_value() else float(q)


def record_score(uow: UnitOfWork, season_id: str, member_id: str, criterion_id: str,
                 points: Decimal | None, kind: ScoreKind = ScoreKind.AGREED, *, expected: Decimal | None,
                 note: str | None = None) -> ScoreRecorded:
    """Record one score (None clears it). `expected` is what the editor saw in the cell."""
    seen = [Seen("score", (member_id, criterion_id), kind.value, expected, points)]

    def apply(season):
        old = season.cell(member_id, criterion_id).get(kind)
        season.set_score(member_id, criterion_id, points, kind)
        if note is not None:
            season.set_note(member_id, criterion_id, note)
        cleared = tuple(ch.key[1] for ch in season.changes
                        if ch.entity == "score" and ch.key[0] == member_id and ch.key[1] != criterion_id)
        return ScoreRecorded(member_id, criterion_id, kind, old, season.cell(member_id, criterion_id).get(kind),
                             cleared)
    return edit_season(uow, season_id, apply, seen)


class CellEdit(NamedTuple):
    """One cell of a block: what its author saw in it (`expected`, None for empty) and the new value."""

    member_id: str
    criterion_id: str
    expected: Decimal | None
    new: Decimal | None


def record_scores(uow: UnitOfWork, season_id: str, edits: Iterable[CellEdit | tuple],
                  kind: ScoreKind = ScoreKind.AGREED) -> int:
    """Many scores in one transaction (a pasted block, an import, a returned form): all land or none.

    Each edit carries what its author saw; a cell someone else changed meanwhile refuses the lot.
    Every expectation is checked against the stored season before anything changes: within a
    block, choosing one band clears its alternatives, which must not look like a conflict.
    Returns the number of score changes written (a chosen band clears its alternatives too).
    """
    edits = [CellEdit(*e) for e in edits]
    seen = [Seen("score", (e.member_id, e.criterion_id), kind.value, e.expected, e.new) for e in edits]

    def apply(season):
        # clearing first: choosing one alternative must not be undone by clearing its sibling after
        for e in sorted(edits, key=lambda e: e.new is not None):
            season.set_score(e.member_id, e.criterion_id, e.new, kind)
        return len([c for c in season.changes if c.entity == "score"])
    return edit_season(uow, season_id, apply, seen)


def record_note(uow: UnitOfWork, season_id: str, member_id: str, criterion_id: str, note: str, *,
                expected: str) -> ScoreCell:
    """The evidence note of a cell; `expected` is the note the editor saw ("" for none)."""
    return edit_season(uow, season_id, lambda s: s.set_note(member_id, criterion_id, note),
                       [Seen("score", (member_id, criterion_id), "note", expected, note)])


class CrossEdit(NamedTuple):
    member_id: str
    criterion_id: str
    expected: Decimal | None
    new: Decimal | None


def record_cross_score(uow: UnitOfWork, season_id: str, scorer_id: str, member_id: str, criterion_id: str,
                       points: Decimal | None, *, expected: Decimal | None) -> None:
    record_cross_scores(uow, season_id, scorer_id, [CrossEdit(member_id, criterion_id, expected, points)])


def record_cross_scores(uow: UnitOfWork, season_id: str, scorer_id: str,
                        edits: Iterable[CrossEdit | tuple]) -> int:
    """One scorer's cross scores for many cells in one transaction (a pasted block): all or none."""
    edits = [CrossEdit(*e) for e in edits]
    seen = [Seen("cross", (e.member_id, e.criterion_id, scorer_id), "points", e.expected, e.new) for e in edits]

    def apply(season):
        for e in edits:
            season.set_cross_score(scorer_id, e.member_id, e.criterion_id, e.new)
        return len(season.changes)
    return edit_season(uow, season_id, apply, seen)


def record_figures(uow: UnitOfWork, season_id: str, member_id: str, criterion_id: str,
                   target: Any = UNSET, actual: Any = UNSET, apply_points: bool = True, *,
                   expected: Figure | None) -> Figure:
    """Record a covenant target and/or actual figure; leaves scored from figures get their points.

    `expected` is the figure the editor saw (None: none recorded); only the fields given are checked.
    """
    return record_figure_rows(uow, season_id, [(member_id, criterion_id, target, actual, expected)],
                              apply_points)[0]


def record_figure_rows(uow: UnitOfWork, season_id: str, rows: list[tuple], apply_points: bool = True) -> list[Figure]:
    """Many (member, criterion, target, actual, expected figure) rows in one transaction: all land or none.

    UNSET for target or actual leaves that figure as it is.
    """
    seen = []
    for member_id, criterion_id, target, actual, expected in rows:
        saw = expected or Figure()
        for name, value in (("target", target), ("actual", actual)):
            if value is not UNSET:
                seen.append(Seen("figure", (member_id, criterion_id), name, getattr(saw, name), value))

    def apply(season):
        return [season.set_figure(m, c, target, actual, apply_points) for m, c, target, actual, _ in rows]
    return edit_season(uow, season_id, apply, seen)


def ranking_of(season) -> RankingResult:
    """The ranking of a loaded season — the same figures screen, Excel and PDF print."""
    results: SeasonResults = season.results()
    names = {m.id: m for m in season.members}
    rows = tuple(_row(r, names[r.member_id], results.tallies[r.member_id].missing, season)
                 for r in results.ranking.rows)
    st = season.settings
    return RankingResult(season.id, season.cluster_name, season.year, season.state.value, results.max_total,
                         rows, results.ranking.unresolved, results.missing, st.rank_basis is RankBasis.RATE,
                         st.class_cap)


def _row(r: RankRow, member, missing: int, season) -> RankingRow:
    group = None
    table = season.criteria
    if r.settled_by is not None and r.settled_by.criterion_id in table:
        node = table.get(r.settled_by.criterion_id)
        group = f"{node.code}. {node.title}" if node.code else node.title
    tally = season.tally(member.id)
    exempt = table.exempt(member.id)
    # the top-most rows not assigned (a group, not each of its children)
    # (most members have no exemption: the table is walked only for those that do)
    not_assigned = tuple(printed(table, n.id) for n in table.nodes()
                         if n.id in exempt and (n.parent_id is None or n.parent_id not in exempt)) if exempt else ()
    held = tuple(HeldBack(h.band, h.floor, tuple((printed(table, c), pts, top) for c, pts, top in h.parts))
                 for h in r.held_back)
    return RankingRow(r.member_id, member.short_name, member.display_full, r.total, r.rank, r.classification,
                      r.tie, r.settled_by, group, r.decided, missing, r.rate, tally.maximum, not_assigned,
                      r.class_measure, held)


def printed(table, node_id: str) -> str:
    """A row as a paper names it: its printed code path ("II.1"), or its title when it has no code."""
    return table.path_code(node_id) or table.get(node_id).title


def rank_season(uow: UnitOfWork, season_id: str) -> RankingResult:
    with uow:
        return ranking_of(uow.seasons.get(season_id))
