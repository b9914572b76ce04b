"""The criteria table: a tree of groups, alternative sets and scored leaves, with their maxima."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Iterator

from .errors import InvalidBands, InvalidCriteria, InvalidPoints, NotFound
from .points import (FIGURE_DECIMALS, FIGURE_LIMIT, POINTS_DECIMALS, POINTS_LIMIT, ZERO, bounds_problem,
                     is_multiple, quantize)


class Kind(str, enum.Enum):
    GROUP = "group"     # children add up (optionally capped)
    CHOICE = "choice"   # children are alternatives: a member gets exactly one (bands on paper)
    LEAF = "leaf"       # carries points


class Role(str, enum.Enum):
    NORMAL = "normal"
    BONUS = "bonus"          # điểm thưởng: added, usually capped
    DEDUCTION = "deduction"  # điểm trừ: written as positive numbers, subtracted


class Method(str, enum.Enum):
    MANUAL = "manual"                    # points 0…max in steps
    RATIO = "ratio"                      # achieved / target × max, capped, optional extra
    BANDS = "bands"                      # points by the band a measured value falls in
    YES_NO = "yes_no"                    # max or nothing
    BONUS_PER_ITEM = "bonus_per_item"    # per item, capped at max
    DEDUCTION_PER_ITEM = "deduction_per_item"  # per item, capped at max, subtracted
    RELATIVE = "relative"                # against the member furthest above its target (relative_points)

    @property
    def uses_figures(self) -> bool:
        return self is not Method.MANUAL


@dataclass(frozen=True)
class Band:
    """A measured value at or above `threshold` earns `points` (the highest such band wins)."""

    threshold: Decimal
    points: Decimal


def new_id() -> str:
    return uuid.uuid4().hex


@dataclass(frozen=True)
class Criterion:
    id: str
    title: str
    kind: Kind
    code: str = ""                       # the STT as printed: "I", "1", "a)", "-"
    parent_id: str | None = None
    role: Role = Role.NORMAL
    method: Method | None = None         # leaves only
    max_points: Decimal | None = None    # leaves: the maximum; groups: an explicit cap
    step: Decimal = Decimal("0.25")
    bands: tuple[Band, ...] = ()
    per_item: Decimal | None = None
    exceed_cap: Decimal = ZERO           # RATIO: extra points allowed for exceeding the target
    unit: str = ""                       # what figures count: "HTX", "%", "người"
    description: str = ""
    not_assigned: tuple[str, ...] = ()   # members this criterion is not assigned to ("không được giao")

    @property
    def is_leaf(self) -> bool:
        return self.kind is Kind.LEAF

    def validate_shape(self) -> None:
        """Refuse a node whose own fields contradict each other, or a number out of bounds."""
        if not self.title.strip():
            raise InvalidCriteria(reason="no_title", criterion=self.code)
        points = [("max_points", self.max_points), ("step", self.step), ("per_item", self.per_item),
                  ("exceed_cap", self.exceed_cap)] + [("band_points", b.points) for b in self.bands]
        for name, value in points:
            if value is not None and (problem := bounds_problem(value, POINTS_LIMIT, POINTS_DECIMALS)):
                raise InvalidCriteria(reason=f"number_{problem}", criterion=self.title, field=name, value=value,
                                      limit=POINTS_LIMIT)
        for b in self.bands:
            if problem := bounds_problem(b.threshold, FIGURE_LIMIT, FIGURE_DECIMALS):
                raise InvalidCriteria(reason=f"number_{problem}", criterion=self.title, field="band_threshold",
                                      value=b.threshold, limit=FIGURE_LIMIT)
        if self.kind is Kind.LEAF:
            if self.method is None:
                raise InvalidCriteria(reason="leaf_without_method", criterion=self.title)
            if self.method is Method.BANDS:
                if not self.bands:
                    raise InvalidCriteria(reason="bands_missing", criterion=self.title)
            elif self.max_points is None or self.max_points <= 0:
                raise InvalidCriteria(reason="max_missing", criterion=self.title)
            if self.method in (Method.BONUS_PER_ITEM, Method.DEDUCTION_PER_ITEM):
                if self.per_item is None or self.per_item <= 0:
                    raise InvalidCriteria(reason="per_item_missing", criterion=self.title)
            if self.method is Method.DEDUCTION_PER_ITEM and self.role is not Role.DEDUCTION:
                raise InvalidCriteria(reason="deduction_outside_deductions", criterion=self.title)
            if self.step <= 0:
                raise InvalidCriteria(reason="bad_step", criterion=self.title)
            if self.exceed_cap < 0:
                raise InvalidCriteria(reason="bad_exceed_cap", criterion=self.title)
        else:
            if self.method is not None:
                raise InvalidCriteria(reason="group_with_method", criterion=self.title)
            if self.max_points is not None and self.max_points < 0:
                raise InvalidCriteria(reason="max_missing", criterion=self.title)

    def stored(self) -> "Criterion":
        """The node as storage keeps it: maximum and step in hundredths (5 → 5.00), so a table in memory
        and the same table read back are equal to the digit (checked by validate_shape first)."""
        return replace(self, max_points=quantize(self.max_points) if self.max_points is not None else None,
                       step=quantize(self.step))

    def leaf_maximum(self) -> Decimal:
        if self.method is Method.BANDS:
            top = max((b.points for b in self.bands), default=ZERO)
            return self.max_points if self.max_points is not None else top
        base = self.max_points or ZERO
        return base + (self.exceed_cap if self.method is Method.RATIO else ZERO)

    def check_points(self, points: Decimal) -> Decimal:
        """Return the points quantised, or raise InvalidPoints saying why they cannot be."""
        maximum = self.leaf_maximum()
        problem = bounds_problem(points, POINTS_LIMIT, POINTS_DECIMALS)
        if problem == "too_precise":
            raise InvalidPoints(reason="too_precise", points=points, maximum=maximum)
        if problem:   # far above any maximum: said as such, never quantised (1e30 cannot be)
            raise InvalidPoints(reason="above_max", points=points, maximum=maximum)
        if points < 0:
            raise InvalidPoints(reason="negative", points=points, maximum=maximum)
        if points > maximum:
            raise InvalidPoints(reason="above_max", points=points, maximum=maximum)
        m = self.method
        if m is Method.MANUAL and not is_multiple(points, self.step):
            raise InvalidPoints(reason="step", points=points, maximum=maximum, step=self.step)
        if m is Method.YES_NO and points not in (ZERO, maximum):
            raise InvalidPoints(reason="yes_no", points=points, maximum=maximum)
        if m is Method.BANDS:
            allowed = sorted({b.points for b in self.bands} | {ZERO})
            if points not in allowed:
                raise InvalidPoints(reason="band", points=points, maximum=maximum, allowed=allowed)
        if m in (Method.BONUS_PER_ITEM, Method.DEDUCTION_PER_ITEM):
            if points != maximum and not is_multiple(points, self.per_item or ZERO):
                raise InvalidPoints(reason="per_item", points=points, maximum=maximum,
                                    step=self.per_item)
        return quantize(points)

    def points_from_figures(self, target: Decimal | None, actual: Decimal | None) -> Decimal | None:
        """The points a member's figures earn under this leaf's method; None when not computable."""
        m = self.method
        if m is None or m is Method.MANUAL or actual is None:
            return None
        base = self.max_points or ZERO
        if m is Method.RATIO:
            if target is None or target <= 0:
                return None
            ratio = actual / target
            points = base * min(ratio, Decimal(1))
            if ratio > 1 and self.exceed_cap > 0:
                points += min(self.exceed_cap, base * (ratio - 1))
            return quantize(points)
        if m is Method.RELATIVE:
            return None   # depends on every member's figures: relative_points
        if m is Method.BANDS:
            for band in sorted(self.bands, key=lambda b: b.threshold, reverse=True):
                if actual >= band.threshold:
                    return quantize(band.points)
            return ZERO
        if m is Method.YES_NO:
            return quantize(base) if actual > 0 else ZERO
        # per item, capped
        return quantize(min(base, (self.per_item or ZERO) * actual))


def _check_bands(node: Criterion) -> None:
    """Refuse a new or changed banded criterion whose bands repeat a threshold, go negative or exceed its
    maximum. Checked on edits only (not in validate_shape): a table stored before this rule still opens."""
    if node.kind is not Kind.LEAF or node.method is not Method.BANDS:
        return
    from .bands import stored_problems   # bands.py builds on Band, defined here
    if problems := stored_problems(node.bands, node.max_points):
        raise InvalidBands(criterion=node.title, problems=tuple(problems))


HALF = Decimal("0.5")


def relative_points(maximum: Decimal, figures: dict[str, tuple[Decimal | None, Decimal | None]]
                    ) -> dict[str, Decimal]:
    """Points on a criterion scored against the leader, for every member with an actual figure.

    `figures` maps member → (target, actual) for the members the criterion is assigned to.
    With a target (above 0): below it ½·max·actual/target; at it ½·max; the member furthest above
    its target (by the share it exceeds it by) gets max; others above it ½·max + their excess ÷
    the leader's excess × ½·max. Without a target: max × actual ÷ the best actual of the others
    without a target — they are measured among themselves and never lead. Rounded to hundredths.
    """
    half = maximum * HALF
    with_target = {m: (t, a) for m, (t, a) in figures.items() if a is not None and t is not None and t > 0}
    without = {m: a for m, (t, a) in figures.items() if a is not None and (t is None or t <= 0)}
    excess = {m: (a - t) / t for m, (t, a) in with_target.items() if a > t}
    lead = max(excess.values(), default=None)
    out: dict[str, Decimal] = {}
    for m, (t, a) in with_target.items():
        if a < t:
            out[m] = quantize(half * a / t)
        elif a == t:
            out[m] = quantize(half)
        else:
            out[m] = quantize(half + half * excess[m] / lead)
    best = max(without.values(), default=ZERO)
    for m, a in without.items():
        out[m] = quantize(maximum * a / best) if best > 0 else ZERO
    return out


def achievement_percent(target: Decimal | None, actual: Decimal | None) -> Decimal | None:
    """actual / target × 100, or None when there is no positive target."""
    if target is None or actual is None or target <= 0:
        return None
    return quantize(actual * 100 / target)


class CriteriaTable:
    """An ordered tree of criteria; computes every maximum from its leaves."""

    def __init__(self, nodes: list[Criterion] | None = None) -> None:
        self._nodes: dict[str, Criterion] = {}
        self._children: dict[str | None, list[str]] = {None: []}
        for node in nodes or []:
            self._insert(node, None)
        self._max_cache: dict[str, Decimal] | None = None
        self._plan_cache: tuple | None = None
        self._exempt_cache: dict[str, frozenset[str]] | None = None

    # ---- reading -------------------------------------------------------------------------
    def __contains__(self, node_id: str) -> bool:
        return node_id in self._nodes

    def __len__(self) -> int:
        return len(self._nodes)

    def get(self, node_id: str) -> Criterion:
        try:
            return self._nodes[node_id]
        except KeyError:
            raise NotFound(kind="criterion", key=node_id) from None

    def children(self, node_id: str | None) -> list[Criterion]:
        return [self._nodes[c] for c in self._children.get(node_id, [])]

    def roots(self) -> list[Criterion]:
        return self.children(None)

    def position(self, node_id: str) -> int:
        node = self.get(node_id)
        return self._children[node.parent_id].index(node_id)

    def walk(self) -> Iterator[tuple[Criterion, int]]:
        """Every node in table order with its depth (0 for top-level rows)."""
        def rec(parent: str | None, depth: int) -> Iterator[tuple[Criterion, int]]:
            for cid in self._children.get(parent, []):
                yield self._nodes[cid], depth
                yield from rec(cid, depth + 1)
        yield from rec(None, 0)

    def nodes(self) -> list[Criterion]:
        return [n for n, _ in self.walk()]

    def leaves(self) -> list[Criterion]:
        return self.plan()[0]

    def plan(self) -> tuple[list[Criterion], list[tuple]]:
        """Leaves in table order, and every node children-first as (id, kind, parent, sign, cap).

        Cached until the table changes: tallying 63 members walks this flat list instead of
        recursing through the tree for each of them.
        """
        if self._plan_cache is None:
            order = self.nodes()
            leaves = [n for n in order if n.kind is Kind.LEAF]
            steps = []
            for node in reversed(order):   # reversed pre-order: every child before its parent
                parent = self._nodes.get(node.parent_id) if node.parent_id else None
                parent_role = parent.role if parent else Role.NORMAL
                sign = -1 if node.role is Role.DEDUCTION and parent_role is not Role.DEDUCTION else 1
                cap = node.max_points if node.kind is Kind.GROUP else None
                steps.append((node.id, node.kind, node.parent_id, sign, cap, node.role))
            self._plan_cache = (leaves, steps)
        return self._plan_cache

    def ancestors(self, node_id: str) -> list[Criterion]:
        out = []
        node = self.get(node_id)
        while node.parent_id is not None:
            node = self._nodes[node.parent_id]
            out.append(node)
        return out

    def choice_of(self, node_id: str) -> Criterion | None:
        node = self.get(node_id)
        if node.parent_id is not None and self._nodes[node.parent_id].kind is Kind.CHOICE:
            return self._nodes[node.parent_id]
        return None

    def find_code(self, code: str) -> Criterion:
        """A node by its dotted path of printed codes, e.g. 'II.3' or 'II'."""
        parts = [p for p in code.split(".") if p]
        parent: str | None = None
        node = None
        for part in parts:
            node = next((n for n in self.children(parent) if n.code.rstrip(").") == part.rstrip(").")), None)
            if node is None:
                raise NotFound(kind="criterion", key=code)
            parent = node.id
        if node is None:
            raise NotFound(kind="criterion", key=code)
        return node

    def path_code(self, node_id: str) -> str:
        chain = [self.get(node_id)] + self.ancestors(node_id)
        return ".".join(n.code.rstrip(").") for n in reversed(chain) if n.code)

    # ---- maxima --------------------------------------------------------------------------
    def maximum(self, node_id: str) -> Decimal:
        if self._max_cache is None:
            cache: dict[str, Decimal] = {}
            for root in self.roots():
                self._fill_max(root.id, cache)
            self._max_cache = cache
        return self._max_cache[node_id]

    def _fill_max(self, node_id: str, cache: dict[str, Decimal], exempt: frozenset[str] = frozenset()) -> Decimal:
        node = self._nodes[node_id]
        kids = [self._fill_max(c, cache, exempt) for c in self._children.get(node_id, [])]
        if node_id in exempt:
            value = ZERO
        elif node.kind is Kind.LEAF:
            value = node.leaf_maximum()
        elif node.kind is Kind.CHOICE:
            value = max(kids, default=ZERO)
        else:
            value = sum(kids, ZERO)
            if node.max_points is not None:
                value = min(value, node.max_points) if kids else node.max_points
        cache[node_id] = value
        return value

    def _uncapped(self, node_id: str) -> Decimal:
        node = self.get(node_id)
        if node.kind is Kind.CHOICE:
            return max((self.maximum(c.id) for c in self.children(node_id)), default=ZERO)
        return sum((self.maximum(c.id) for c in self.children(node_id)), ZERO)

    def max_total(self) -> Decimal:
        """The table's highest possible total: every top-level row that is not a deduction."""
        return sum((self.maximum(r.id) for r in self.roots() if r.role is not Role.DEDUCTION), ZERO)

    # ---- criteria not assigned to a member ------------------------------------------------
    def exempt(self, member_id: str) -> frozenset[str]:
        """The rows not assigned to a member, with everything under them."""
        return self.plan_exempt().get(member_id, frozenset())

    def plan_exempt(self) -> dict[str, frozenset[str]]:
        """member → the ids not assigned to it (subtrees included); cached until the table changes."""
        if self._exempt_cache is None:
            out: dict[str, set[str]] = {}
            for node in self._nodes.values():
                for m in node.not_assigned:
                    out.setdefault(m, set()).update(self.subtree_ids(node.id))
            self._exempt_cache = {m: frozenset(ids) for m, ids in out.items()}
        return self._exempt_cache

    def maxima_without(self, exempt: frozenset[str]) -> dict[str, Decimal]:
        """Every node's maximum when the `exempt` rows carry none (a member's own maxima)."""
        if not exempt:
            if self._nodes:
                self.maximum(next(iter(self._nodes)))   # fills the shared cache
            return self._max_cache or {}
        cache: dict[str, Decimal] = {}
        for root in self.roots():
            self._fill_max(root.id, cache, exempt)
        return cache

    def max_total_without(self, exempt: frozenset[str]) -> Decimal:
        """A member's own highest possible total: the criteria not assigned to it left out."""
        if not exempt:
            return self.max_total()
        maxima = self.maxima_without(exempt)
        return sum((maxima[r.id] for r in self.roots() if r.role is not Role.DEDUCTION), ZERO)

    def floor_parts(self, scope: str) -> list[Criterion]:
        """The rows a classification floor looks at: every scored criterion (an alternative set as one)
        or every top-level group — of normal role, bonus and deductions aside."""
        if scope == "group":
            return [r for r in self.roots() if r.role is Role.NORMAL]
        out = []
        for node, _ in self.walk():
            if node.role is not Role.NORMAL:
                continue
            parent = self._nodes.get(node.parent_id) if node.parent_id else None
            if node.kind is Kind.CHOICE or (node.kind is Kind.LEAF and (parent is None or parent.kind is not Kind.CHOICE)):
                out.append(node)
        return out

    def mismatches(self) -> list[tuple[Criterion, Decimal, Decimal]]:
        """Normal groups whose declared maximum differs from what their children add up to."""
        out = []
        for node in self.nodes():
            if node.kind is Kind.GROUP and node.max_points is not None and node.role is Role.NORMAL:
                total = self._uncapped(node.id)
                if self.children(node.id) and total != node.max_points:
                    out.append((node, node.max_points, total))
        return out

    # ---- editing -------------------------------------------------------------------------
    def _insert(self, node: Criterion, position: int | None) -> None:
        if node.id in self._nodes:
            raise InvalidCriteria(reason="duplicate_id", criterion=node.title)
        if node.parent_id is not None:
            parent = self._nodes.get(node.parent_id)
            if parent is None:
                raise NotFound(kind="criterion", key=node.parent_id)
            if parent.kind is Kind.LEAF:
                raise InvalidCriteria(reason="child_of_leaf", criterion=node.title)
            if parent.kind is Kind.CHOICE and node.kind is not Kind.LEAF:
                raise InvalidCriteria(reason="choice_needs_leaves", criterion=node.title)
        node.validate_shape()
        node = node.stored()
        self._nodes[node.id] = node
        self._children.setdefault(node.id, [])
        siblings = self._children.setdefault(node.parent_id, [])
        siblings.insert(len(siblings) if position is None else position, node.id)
        self._max_cache = None
        self._plan_cache = None
        self._exempt_cache = None

    def add(self, node: Criterion, position: int | None = None) -> Criterion:
        if node.parent_id is not None and node.role is Role.NORMAL:
            parent_role = self.get(node.parent_id).role
            node = replace(node, role=parent_role)
        _check_bands(node)
        self._insert(node, position)
        return node

    def update(self, node_id: str, **changes) -> tuple[Criterion, Criterion]:
        old = self.get(node_id)
        changes.pop("id", None)
        changes.pop("parent_id", None)
        new = replace(old, **changes)
        if new.kind is not old.kind and self._children.get(node_id):
            if new.kind is Kind.LEAF:
                raise InvalidCriteria(reason="leaf_with_children", criterion=old.title)
        new.validate_shape()
        if "bands" in changes or "max_points" in changes or "method" in changes:
            _check_bands(new)
        new = new.stored()
        self._nodes[node_id] = new
        if new.role is not old.role:
            for child, _ in self._subtree(node_id):
                self._nodes[child.id] = replace(child, role=new.role)
        self._max_cache = None
        self._plan_cache = None
        self._exempt_cache = None
        return old, new

    def _subtree(self, node_id: str) -> Iterator[tuple[Criterion, int]]:
        for cid in self._children.get(node_id, []):
            yield self._nodes[cid], 0
            yield from self._subtree(cid)

    def subtree_ids(self, node_id: str) -> list[str]:
        return [node_id] + [n.id for n, _ in self._subtree(node_id)]

    def remove(self, node_id: str) -> list[Criterion]:
        """Remove a node and everything under it; returns what was removed."""
        node = self.get(node_id)
        removed = [self._nodes[i] for i in self.subtree_ids(node_id)]
        for r in removed:
            del self._nodes[r.id]
            self._children.pop(r.id, None)
        self._children[node.parent_id].remove(node_id)
        self._max_cache = None
        self._plan_cache = None
        self._exempt_cache = None
        return removed

    def move(self, node_id: str, parent_id: str | None, position: int) -> Criterion:
        node = self.get(node_id)
        if parent_id is not None and parent_id in self.subtree_ids(node_id):
            raise InvalidCriteria(reason="move_into_itself", criterion=node.title)
        if parent_id is not None:
            parent = self.get(parent_id)
            if parent.kind is Kind.LEAF:
                raise InvalidCriteria(reason="child_of_leaf", criterion=node.title)
            if parent.kind is Kind.CHOICE and node.kind is not Kind.LEAF:
                raise InvalidCriteria(reason="choice_needs_leaves", criterion=node.title)
        self._children[node.parent_id].remove(node_id)
        moved = replace(node, parent_id=parent_id)
        self._nodes[node_id] = moved
        siblings = self._children.setdefault(parent_id, [])
        siblings.insert(max(0, min(position, len(siblings))), node_id)
        self._max_cache = None
        self._plan_cache = None
        self._exempt_cache = None
        return moved

    def clone(self) -> "CriteriaTable":
        """The same table (same ids) as an independent object; nodes are frozen and shared."""
        out = CriteriaTable.__new__(CriteriaTable)
        out._nodes = dict(self._nodes)
        out._children = {k: list(v) for k, v in self._children.items()}
        out._max_cache = self._max_cache     # derived and never mutated: reset, not changed, on edits
        out._plan_cache = self._plan_cache
        out._exempt_cache = self._exempt_cache
        return out

    def copy(self, id_map: dict[str, str] | None = None) -> "CriteriaTable":
        """A deep copy with fresh ids (for a new season); fills id_map old → new."""
        mapping = id_map if id_map is not None else {}
        out = CriteriaTable()
        for node, _ in self.walk():
            mapping[node.id] = new_id()
            parent = mapping[node.parent_id] if node.parent_id else None
            out._insert(replace(node, id=mapping[node.id], parent_id=parent), None)
        return out
