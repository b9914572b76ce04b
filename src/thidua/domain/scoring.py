"""Turning entered scores into final points, subtotals and totals — the one computation of totals."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping

from .criteria import CriteriaTable, Kind, Role
from .points import ZERO, quantize
from .ranking import MemberTally


class ScoreKind(str, enum.Enum):
    SELF = "self"       # tự chấm
    AGREED = "agreed"   # cụm chấm / thẩm định


class ScoringMode(str, enum.Enum):
    AGREED = "agreed"   # the final score is the agreed one
    CROSS = "cross"     # chấm chéo: the mean of the other members' scores


@dataclass(frozen=True)
class ScoreCell:
    """What is recorded for one member on one leaf."""

    self_points: Decimal | None = None
    agreed_points: Decimal | None = None
    note: str = ""

    def get(self, kind: ScoreKind) -> Decimal | None:
        return self.self_points if kind is ScoreKind.SELF else self.agreed_points

    @property
    def empty(self) -> bool:
        return self.self_points is None and self.agreed_points is None and not self.note


def cross_mean(points: list[Decimal], drop_extremes: bool) -> Decimal | None:
    """Mean of other members' scores, optionally without one highest and one lowest."""
    if not points:
        return None
    values = sorted(points)
    if drop_extremes and len(values) >= 3:
        values = values[1:-1]
    return quantize(sum(values, ZERO) / len(values))


def tally(table: CriteriaTable, member_id: str, finals: Mapping[str, Decimal | None]) -> MemberTally:
    """Subtotals of every node and the member's total, from its final leaf points.

    Deduction rows hold positive numbers and are subtracted where they meet a non-deduction
    parent (or the total); group caps (bonus capped at 5, say) apply to the sum of children;
    an alternative set counts its one chosen row, and is missing only when none is chosen.
    """
    _, steps = table.plan()
    subtotals: dict[str, Decimal] = {}
    sums: dict[str | None, Decimal] = {}
    chosen: set[str] = set()
    missing = 0
    total = bonus = deductions = ZERO
    for node_id, kind, parent_id, sign, cap, role in steps:
        if kind is Kind.LEAF:
            value = finals.get(node_id)
            if value is None:
                value = ZERO
                if parent_id is None or table.get(parent_id).kind is not Kind.CHOICE:
                    missing += 1
            elif parent_id is not None:
                chosen.add(parent_id)
        else:
            value = sums.get(node_id, ZERO)
            if kind is Kind.CHOICE and node_id not in chosen:
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
    return MemberTally(member_id, subtotals, total, bonus, deductions, missing)
