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


class RankBasis(str, enum.Enum):
    TOTAL = "total"   # rank and classify by total points
    RATE = "rate"     # by tỷ lệ đạt: points ÷ the member's own maximum (criteria not assigned to it left out)


class FloorScope(str, enum.Enum):
    CRITERION = "criterion"   # every scored criterion (an alternative set counts as one)
    GROUP = "group"           # every top-level group


@dataclass(frozen=True)
class ClassBand:
    """A classification ('Xuất sắc', 'Tốt'…) given to totals at or above `min_total`.

    `floor` (a share, 0.85 = 85 %) adds Nghệ An's condition: no criterion (or group, as the
    season says) scored below that share of its own maximum.
    """

    name: str
    min_total: Decimal
    floor: Decimal | None = None


@dataclass(frozen=True)
class Shortfall:
    """A band the member's total reached but a floor kept it out of, and the criteria below that floor."""

    band: str
    floor: Decimal
    parts: tuple[tuple[str, Decimal, Decimal], ...]   # (criterion id, points, its maximum) below the floor


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
    maximum: Decimal | None = None   # the member's own maximum when criteria are not assigned to it
    rate: Decimal | None = None      # tỷ lệ đạt: total ÷ own maximum, a percentage with two decimals
    parts: tuple[tuple[str, Decimal, Decimal], ...] = ()   # (criterion, points, maximum) a floor looks at
    finals: Mapping[str, Decimal | None] = field(default_factory=dict)   # leaf → the points counted (None: none yet)


@dataclass(frozen=True)
class RankRule:
    """How a season ranks and classifies: by total or by rate, classification capped or not, floors on what."""

    basis: RankBasis = RankBasis.TOTAL
    class_cap: Decimal | None = None         # classify on min(measure, cap); the rank keeps the uncapped one
    floor_scope: FloorScope = FloorScope.CRITERION

    def measure(self, tally: MemberTally) -> Decimal:
        """What ranks: the total, or the achievement rate."""
        if self.basis is RankBasis.RATE:
            return tally.rate if tally.rate is not None else Decimal(0)
        return tally.total

    def class_measure(self, tally: MemberTally) -> Decimal:
        """What classifies: the same measure, capped at the nominal maximum when the season says so."""
        value = self.measure(tally)
        return min(value, self.class_cap) if self.class_cap is not None else value


@dataclass(frozen=True)
class RankRow:
    member_id: str
    total: Decimal
    rank: int
    classification: str | None
    tie: bool                              # shares its rank with another member
    settled_by: TieBreaker | None = None   # the tie-breaker that separated it from an equal total
    decided: TieDecision | None = None     # the committee's decision that ordered it
    rate: Decimal | None = None            # tỷ lệ đạt when the season ranks by it
    class_measure: Decimal | None = None   # what was classified when it differs from what ranked (a cap)
    held_back: tuple[Shortfall, ...] = ()  # bands reached by points but refused by a floor, highest first


@dataclass(frozen=True)
class Ranking:
    rows: tuple[RankRow, ...]
    unresolved: tuple[tuple[str, ...], ...] = field(default=())   # groups of tied member ids

    def by_member(self) -> dict[str, RankRow]:
        return {r.member_id: r for r in self.rows}


def classify(total: Decimal, bands: Sequence[ClassBand]) -> str | None:
    """The band of a total by thresholds alone."""
    for band in sorted(bands, key=lambda b: b.min_total, reverse=True):
        if total >= band.min_total:
            return band.name
    return None


def classify_with_floors(total: Decimal, bands: Sequence[ClassBand], parts: Sequence[tuple[str, Decimal, Decimal]]
                         ) -> tuple[str | None, tuple[Shortfall, ...]]:
    """The highest band whose threshold the total reaches and whose floor every part meets.

    Returns the band's name and, highest first, the bands the total reached but a floor refused.
    A part is below a floor when points < floor × maximum, compared exactly (no rounding).
    """
    held: list[Shortfall] = []
    for band in sorted(bands, key=lambda b: b.min_total, reverse=True):
        if total < band.min_total:
            continue
        if band.floor is not None:
            below = tuple(p for p in parts if p[1] < band.floor * p[2])
            if below:
                held.append(Shortfall(band.name, band.floor, below))
                continue
        return band.name, tuple(held)
    return None, tuple(held)


def check_bands(bands: Sequence[ClassBand]) -> None:
    names = [b.name.strip() for b in bands]
    if any(not n for n in names):
        raise InvalidSetting(reason="band_without_name", value=None)
    if len(set(names)) != len(names):
        raise InvalidSetting(reason="band_name_twice", value=names)
    mins = [b.min_total for b in bands]
    if len(set(mins)) != len(mins):
        raise InvalidSetting(reason="band_threshold_twice", value=mins)
    for b in bands:
        if b.floor is not None and not (0 < b.floor <= 1):
            raise InvalidSetting(reason="bad_floor", value=b.floor)


def rank(tallies: Sequence[MemberTally], tie_breakers: Sequence[TieBreaker] = (),
         classes: Sequence[ClassBand] = (), decisions: Sequence[TieDecision] = (),
         order: Sequence[str] = (), rule: RankRule = RankRule()) -> Ranking:
    """Rank members by total (or rate); equal ones share a rank unless a tie-breaker or decision splits them.

    `order` (member ids) only fixes the listing order of members who stay tied, so output is stable.
    """
    position = {m: i for i, m in enumerate(order)}

    def full_key(t: MemberTally) -> tuple:
        return (-rule.measure(t), *(tb.key(t) for tb in tie_breakers))

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
        measure = rule.class_measure(t)
        classification, held = classify_with_floors(measure, classes, t.parts) if t.missing == 0 else (None, ())
        rows.append(RankRow(t.member_id, t.total, rank_value, classification, shared,
                            settled.get(t.member_id), decision,
                            rate=t.rate if rule.basis is RankBasis.RATE else None,
                            class_measure=measure if measure != rule.measure(t) else None, held_back=held))
    rows.sort(key=lambda r: (r.rank, [x.member_id for x in ordered].index(r.member_id)))
    return Ranking(tuple(rows), tuple(unresolved))
