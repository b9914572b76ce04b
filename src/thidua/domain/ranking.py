"""Ranking: exact totals, shared ranks, ordered tie-breakers, committee decisions, classification."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Mapping, Sequence

from .errors import InvalidSetting


class TieBreakerKind(str, enum.Enum):
    GROUP_SCORE = "group_score"            # higher subtotal in a named group wins
    MORE_BONUS = "more_bonus"              # more bonus points wins
    FEWER_DEDUCTIONS = "fewer_deductions"  # fewer deducted points wins


@dataclass(frozen=True)
class TieBreaker:
    kind: TieBreakerKind
    criterion_id: str | None = None

    def key(self, tally: "MemberTally") -> Decimal:
        """Smaller sorts first, so 'better' must map to smaller."""
        if self.kind is TieBreakerKind.GROUP_SCORE:
            return -tally.subtotals.get(self.criterion_id or "", Decimal(0))
        if self.kind is TieBreakerKind.MORE_BONUS:
            return -tally.bonus
        return tally.deductions


@dataclass(frozen=True)
class ClassBand:
    """A classification ('Xuất sắc', 'Tốt'…) given to totals at or above `min_total`."""

    name: str
    min_total: Decimal


@dataclass(frozen=True)
class TieDecision:
    """How the committee ordered members whose tie no tie-breaker settled."""

    member_ids: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class MemberTally:
    """One member's computed figures: every node's subtotal, the total and its parts."""

    member_id: str
    subtotals: Mapping[str, Decimal]
    total: Decimal
    bonus: Decimal
    deductions: Decimal
    missing: int = 0          # leaves with no final score yet


@dataclass(frozen=True)
class RankRow:
    member_id: str
    total: Decimal
    rank: int
    classification: str | None
    tie: bool                              # shares its rank with another member
    settled_by: TieBreaker | None = None   # the tie-breaker that separated it from an equal total
    decided: TieDecision | None = None     # the committee's decision that ordered it


@dataclass(frozen=True)
class Ranking:
    rows: tuple[RankRow, ...]
    unresolved: tuple[tuple[str, ...], ...] = field(default=())   # groups of tied member ids

    def by_member(self) -> dict[str, RankRow]:
        return {r.member_id: r for r in self.rows}


def classify(total: Decimal, bands: Sequence[ClassBand]) -> str | None:
    for band in sorted(bands, key=lambda b: b.min_total, reverse=True):
        if total >= band.min_total:
            return band.name
    return None


def check_bands(bands: Sequence[ClassBand]) -> None:
    names = [b.name.strip() for b in bands]
    if any(not n for n in names):
        raise InvalidSetting(reason="band_without_name", value=None)
    if len(set(names)) != len(names):
        raise InvalidSetting(reason="band_name_twice", value=names)
    mins = [b.min_total for b in bands]
    if len(set(mins)) != len(mins):
        raise InvalidSetting(reason="band_threshold_twice", value=mins)


def rank(tallies: Sequence[MemberTally], tie_breakers: Sequence[TieBreaker] = (),
         classes: Sequence[ClassBand] = (), decisions: Sequence[TieDecision] = (),
         order: Sequence[str] = ()) -> Ranking:
    """Rank members by total; equal totals share a rank unless a tie-breaker or decision splits them.

    `order` (member ids) only fixes the listing order of members who stay tied, so output is stable.
    """
    position = {m: i for i, m in enumerate(order)}

    def full_key(t: MemberTally) -> tuple:
        return (-t.total, *(tb.key(t) for tb in tie_breakers))

    ordered = sorted(tallies, key=lambda t: (full_key(t), position.get(t.member_id, 0), t.member_id))
    keys = [full_key(t) for t in ordered]
    ranks: list[int] = []
    for i, k in enumerate(keys):
        ranks.append(ranks[i - 1] if i and keys[i - 1] == k else i + 1)

    settled: dict[str, TieBreaker] = {}
    for i in range(len(ordered)):
        for j in (i - 1, i + 1):
            if 0 <= j < len(ordered) and keys[j][0] == keys[i][0] and keys[j] != keys[i]:
                idx = next(n for n in range(1, len(keys[i])) if keys[i][n] != keys[j][n])
                settled.setdefault(ordered[i].member_id, tie_breakers[idx - 1])

    # groups still tied, then committee decisions that order them
    groups: dict[int, list[int]] = {}
    for i, r in enumerate(ranks):
        groups.setdefault(r, []).append(i)
    decided: dict[str, tuple[int, TieDecision]] = {}
    unresolved: list[tuple[str, ...]] = []
    for r, idxs in groups.items():
        if len(idxs) < 2:
            continue
        ids = {ordered[i].member_id for i in idxs}
        decision = next((d for d in decisions if set(d.member_ids) == ids), None)
        if decision is None:
            unresolved.append(tuple(ordered[i].member_id for i in idxs))
            continue
        for offset, member_id in enumerate(decision.member_ids):
            decided[member_id] = (r + offset, decision)

    rows = []
    for i, t in enumerate(ordered):
        rank_value, decision = decided.get(t.member_id, (ranks[i], None))
        shared = decision is None and ranks.count(ranks[i]) > 1
        # a member with scores still missing is ranked provisionally but not classified
        classification = classify(t.total, classes) if t.missing == 0 else None
        rows.append(RankRow(t.member_id, t.total, rank_value, classification, shared,
                            settled.get(t.member_id), decision))
    rows.sort(key=lambda r: (r.rank, [x.member_id for x in ordered].index(r.member_id)))
    return Ranking(tuple(rows), tuple(unresolved))
