"""Bands on a measured value as a person types them — ranges "from ≥ … to < …" → points — checked
for gaps, overlaps, repeated thresholds, negative numbers and points above the maximum.

The stored form stays `Band(threshold, points)`: a range's upper end is the next range's lower end,
and the highest range is open-ended. The ranges a person types carry both ends so that a gap
("0–60, 70–…") or an overlap ("0–80, 70–…") is said instead of silently read one way.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence

from .criteria import Band
from .errors import InvalidBands
from .points import FIGURE_DECIMALS, FIGURE_LIMIT, POINTS_DECIMALS, POINTS_LIMIT, ZERO, bounds_problem


@dataclass(frozen=True)
class BandRow:
    """One typed range: values ≥ `lower` and < `upper` (None: no upper end) earn `points`."""

    lower: Decimal | None
    upper: Decimal | None
    points: Decimal | None

    @property
    def blank(self) -> bool:
        return self.lower is None and self.upper is None and self.points is None


@dataclass(frozen=True)
class BandProblem:
    """Why some typed rows cannot be stored. `rows` are 1-based as the editor numbers them.

    reasons: none (no range at all), incomplete (a from or points cell empty), negative,
    too_large / too_precise (value out of bounds), empty_range (to ≤ from), duplicate (same from),
    gap (nothing between `value` and `other`), overlap (ranges share `other`…`value`),
    open_not_last (only the highest range may lack an upper end), last_closed (the highest range
    has an upper end: values above it would still earn its points), above_max (points > `other`).
    """

    reason: str
    rows: tuple[int, ...] = ()
    value: Decimal | None = None
    other: Decimal | None = None


def check_bands(rows: Sequence[BandRow], maximum: Decimal | None = None) -> list[BandProblem]:
    """Every problem of the typed rows, in the order a person would fix them; [] when they can be stored.

    Blank rows are ignored. `maximum` is the criterion's explicit maximum, if it has one.
    """
    numbered = [(i + 1, r) for i, r in enumerate(rows) if not r.blank]
    if not numbered:
        return [BandProblem("none")]
    out: list[BandProblem] = []
    for n, r in numbered:
        if r.lower is None or r.points is None:
            out.append(BandProblem("incomplete", (n,)))
        for value, limit, decimals in ((r.lower, FIGURE_LIMIT, FIGURE_DECIMALS), (r.upper, FIGURE_LIMIT, FIGURE_DECIMALS),
                                       (r.points, POINTS_LIMIT, POINTS_DECIMALS)):
            if value is None:
                continue
            if value < 0:
                out.append(BandProblem("negative", (n,), value))
            elif problem := bounds_problem(value, limit, decimals):
                out.append(BandProblem(problem, (n,), value))
        if r.lower is not None and r.upper is not None and r.upper <= r.lower:
            out.append(BandProblem("empty_range", (n,), r.lower, r.upper))
        if maximum is not None and r.points is not None and r.points > maximum:
            out.append(BandProblem("above_max", (n,), r.points, maximum))
    if out:   # the ranges' order means nothing until every row is whole and in bounds
        return out
    ordered = sorted(numbered, key=lambda nr: (nr[1].lower, nr[0]))
    for (n1, r1), (n2, r2) in zip(ordered, ordered[1:]):
        if r1.lower == r2.lower:
            out.append(BandProblem("duplicate", _pair(n1, n2), r1.lower))
        elif r1.upper is None:
            out.append(BandProblem("open_not_last", _pair(n1, n2), r1.lower, r2.lower))
        elif r1.upper < r2.lower:
            out.append(BandProblem("gap", _pair(n1, n2), r1.upper, r2.lower))
        elif r1.upper > r2.lower:
            out.append(BandProblem("overlap", _pair(n1, n2), r1.upper, r2.lower))
    last_n, last = ordered[-1]
    if last.upper is not None and not any(p.reason == "duplicate" for p in out):
        out.append(BandProblem("last_closed", (last_n,), last.upper, last.lower))
    return out


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def bands_from_rows(rows: Sequence[BandRow], maximum: Decimal | None = None) -> tuple[Band, ...]:
    """The stored bands, lowest first; raises InvalidBands naming every problem."""
    problems = check_bands(rows, maximum)
    if problems:
        raise InvalidBands(problems=tuple(problems))
    whole = [r for r in rows if not r.blank]
    return tuple(Band(r.lower, r.points) for r in sorted(whole, key=lambda r: r.lower))


def rows_from_bands(bands: Sequence[Band]) -> list[BandRow]:
    """The stored bands as ranges, lowest first: each ends where the next begins; the highest is open."""
    ordered = sorted(bands, key=lambda b: b.threshold)
    uppers = [b.threshold for b in ordered[1:]] + [None]
    return [BandRow(b.threshold, up, b.points) for b, up in zip(ordered, uppers)]


def stored_problems(bands: Sequence[Band], maximum: Decimal | None = None) -> list[BandProblem]:
    """What is wrong with bands already in stored form (repeated thresholds, negatives, above the maximum);
    rows are numbered lowest threshold first, as the editor shows them."""
    ordered = sorted(bands, key=lambda b: b.threshold)
    rows = [BandRow(b.threshold, None, b.points) for b in ordered]
    out = []
    for i, r in enumerate(rows):
        n = i + 1
        if r.lower < 0 or r.points < 0:
            out.append(BandProblem("negative", (n,), r.lower if r.lower < 0 else r.points))
        if maximum is not None and r.points > maximum:
            out.append(BandProblem("above_max", (n,), r.points, maximum))
        if i and rows[i - 1].lower == r.lower:
            out.append(BandProblem("duplicate", (n - 1, n), r.lower))
    return out


def below_lowest(bands: Sequence[Band]) -> Decimal | None:
    """The lowest threshold when values under it exist (they score 0); None when it is 0 or there are no bands."""
    lowest = min((b.threshold for b in bands), default=None)
    return lowest if lowest is not None and lowest > ZERO else None
