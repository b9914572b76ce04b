"""Turning entered scores into final points, subtotals and totals — the one computation of totals."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Mapping

from .criteria import CriteriaTable, Kind, Role
from .points import ZERO, quantize
from .ranking import MemberTally, RankBasis, Ranking, rank

if TYPE_CHECKING:   # the season imports this module; only its type is needed here
    from .season import Season


class ScoreKind(str, enum.Enum):
    SELF = "self"         # tự chấm
    AGREED = "agreed"     # cụm chấm
    REVIEW = "review"     # cụm trưởng thẩm định: a review panel's column, kept when the season says so
    COUNCIL = "council"   # Hội đồng thi đua: the council's column, kept when the season says so


PANELS = (ScoreKind.REVIEW, ScoreKind.COUNCIL)   # the columns a season may keep besides self and agreed


class ScoringMode(str, enum.Enum):
    """Which column counts: the rule a season states explicitly."""

    AGREED = "agreed"     # the final score is the agreed one
    CROSS = "cross"       # chấm chéo: the mean of the other members' scores
    REVIEW = "review"     # the review panel's column
    COUNCIL = "council"   # the council's column
    HIGHEST = "highest"   # the highest of the columns the season names (SeasonSettings.highest_of)


_FIELD = {ScoreKind.SELF: "self_points", ScoreKind.AGREED: "agreed_points", ScoreKind.REVIEW: "review_points",
          ScoreKind.COUNCIL: "council_points"}


@dataclass(frozen=True)
class ScoreCell:
    """What is recorded for one member on one leaf."""

    self_points: Decimal | None = None
    agreed_points: Decimal | None = None
    note: str = ""
    review_points: Decimal | None = None
    council_points: Decimal | None = None

    def get(self, kind: ScoreKind) -> Decimal | None:
        return getattr(self, _FIELD[kind])

    @staticmethod
    def field_of(kind: ScoreKind) -> str:
        return _FIELD[kind]

    def values(self) -> list[tuple[ScoreKind, Decimal]]:
        """The points recorded in each column, in column order."""
        return [(k, v) for k in ScoreKind if (v := self.get(k)) is not None]

    @property
    def empty(self) -> bool:
        return not self.values() and not self.note


def cross_mean(points: list[Decimal], drop_extremes: bool) -> Decimal | None:
    """Mean of other members' scores, optionally without one highest and one lowest."""
    if not points:
        return None
    values = sorted(points)
    if drop_extremes and len(values) >= 3:
        values = values[1:-1]
    return quantize(sum(values, ZERO) / len(values))


def tally(table: CriteriaTable, member_id: str, finals: Mapping[str, Decimal | None],
          floor_scope: str | None = None, with_rate: bool = False) -> MemberTally:
    """Subtotals of every node and the member's total, from its final leaf points.

    Deduction rows hold positive numbers and are subtracted where they meet a non-deduction
    parent (or the total); group caps (bonus capped at 5, say) apply to the sum of children;
    an alternative set counts its one chosen row, and is missing only when none is chosen.
    Rows not assigned to the member count nothing, are never missing, and leave its maximum.
    `floor_scope` ("criterion" or "group") gathers the parts a classification floor looks at;
    `with_rate` computes the achievement rate (total ÷ own maximum, a percentage).
    """
    _, steps = table.plan()
    exempt = table.exempt(member_id)
    subtotals: dict[str, Decimal] = {}
    sums: dict[str | None, Decimal] = {}
    chosen: set[str] = set()
    missing = 0
    total = bonus = deductions = ZERO
    for node_id, kind, parent_id, sign, cap, role in steps:
        if kind is Kind.LEAF:
            value = finals.get(node_id) if node_id not in exempt else ZERO
            if value is None:
                value = ZERO
                if parent_id is None or table.get(parent_id).kind is not Kind.CHOICE:
                    missing += 1
            elif parent_id is not None:
                chosen.add(parent_id)
        else:
            value = sums.get(node_id, ZERO)
            if kind is Kind.CHOICE and node_id not in chosen and node_id not in exempt:
                missing += 1
            if cap is not None and value > cap:
                value = cap
        subtotals[node_id] = value
        if parent_id is None:
            if role is Role.DEDUCTION:
                deductions += value
                total -= value
            else:
                if role is Role.BONUS:
                    bonus += value
                total += value
        else:
            sums[parent_id] = sums.get(parent_id, ZERO) + (value if sign > 0 else -value)
    own_max = table.max_total_without(exempt) if exempt else None
    rate = parts = None
    if with_rate:
        top = own_max if own_max is not None else table.max_total()
        rate = quantize(total * 100 / top) if top > 0 else ZERO
    if floor_scope is not None:
        maxima = table.maxima_without(exempt)
        parts = tuple((n.id, subtotals[n.id], maxima[n.id]) for n in table.floor_parts(floor_scope)
                      if n.id not in exempt and maxima[n.id] > 0)
    return MemberTally(member_id, subtotals, total, bonus, deductions, missing, own_max, rate, parts or (), finals)


@dataclass(frozen=True)
class ColumnResults:
    """Subtotals, totals and ranks as if one column (the self-scores, say) were the one that counts.

    What a member's own scores would give, set beside the agreed ones; never the season's results.
    The committee's decisions on ties are left out: they ordered ties of the points that count.
    """

    kind: ScoreKind
    tallies: Mapping[str, MemberTally]
    ranking: Ranking


def column_results(season: "Season", kind: ScoreKind) -> ColumnResults:
    """Tally every member on the `kind` column alone and rank them by the season's own rules."""
    st = season.settings
    leaves = season.criteria.leaves()
    tallies = {}
    for m in season.members:
        points = {leaf.id: season.cell(m.id, leaf.id).get(kind) for leaf in leaves}
        tallies[m.id] = tally(season.criteria, m.id, points, floor_scope=st.floor_scope.value if st.floors else None,
                              with_rate=st.rank_basis is RankBasis.RATE)
    ranking = rank(list(tallies.values()), st.tie_breakers, st.classes, (), order=[m.id for m in season.members],
                   rule=st.rank_rule)
    return ColumnResults(kind, tallies, ranking)
