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
    parent (or the total); group caps (bonus capped at 5, say) apply to the sum of children.
    """
    subtotals: dict[str, Decimal] = {}
    missing = 0

    def visit(node_id: str) -> Decimal:
        nonlocal missing
        node = table.get(node_id)
        if node.kind is Kind.LEAF:
            value = finals.get(node_id)
            if value is None:
                missing += 1
                value = ZERO
        elif node.kind is Kind.CHOICE:
            # alternatives: one chosen row is enough, the others count as nothing
            chosen = [finals.get(c.id) for c in table.children(node_id)]
            if all(v is None for v in chosen):
                missing += 1
            for child in table.children(node_id):
                subtotals[child.id] = finals.get(child.id) or ZERO
            value = sum((v for v in chosen if v is not None), ZERO)
        else:
            value = ZERO
            for child in table.children(node_id):
                part = visit(child.id)
                if child.role is Role.DEDUCTION and node.role is not Role.DEDUCTION:
                    value -= part
                else:
                    value += part
            if node.max_points is not None and value > node.max_points:
                value = node.max_points
        subtotals[node_id] = value
        return value

    total = bonus = deductions = ZERO
    for root in table.roots():
        part = visit(root.id)
        if root.role is Role.DEDUCTION:
            deductions += part
            total -= part
        else:
            if root.role is Role.BONUS:
                bonus += part
            total += part
    return MemberTally(member_id, subtotals, total, bonus, deductions, missing)
