"""Use cases for bringing Excel data in: an existing scoring table into a new season, member forms into scores.

The readers live in documents/ (they need openpyxl); these services take what they read as
plain Python values — anything shaped like the Protocols below — and own the transaction:
everything lands, checked against the table's own totals, or nothing does.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol, Sequence

from ..domain.criteria import Criterion, Kind, Method, Role, new_id
from ..domain.errors import DomainError, Duplicate, EditConflict
from ..domain.scoring import ScoreKind, tally
from ..domain.season import Area, Member, Season
from ..domain.text import fold
from .clusters import DEFAULT_PARENT
from .ports import ClusterRecord, UnitOfWork


# ---- what the table reader hands over -------------------------------------------------------
class TableMember(Protocol):
    index: int
    short_name: str
    full_name: str
    column: str | None
    self_column: str | None


class TableNode(Protocol):
    index: int
    parent: int | None
    code: str
    title: str
    kind: str            # "group" | "choice" | "leaf"
    role: str            # "normal" | "bonus" | "deduction"
    row: int
    max_points: Decimal | None
    step: Decimal
    values: dict[int, Decimal | None]        # agreed points; on a group, its printed subtotal
    self_values: dict[int, Decimal | None]   # self-scores, when the table has them


class Table(Protocol):
    file: str
    sheet: str
    members: Sequence[TableMember]
    nodes: Sequence[TableNode]
    totals: dict[int, Decimal | None]
    self_totals: dict[int, Decimal | None]
    subtotals: Sequence        # printed "Cộng mục …" rows: .row, .node, .values, .self_values
    total_row: int | None
    problems: Sequence
    warnings: Sequence[str]

    def cell(self, node, member: int, self_score: bool = False, row: int | None = None) -> str: ...


class TableHasProblems(DomainError):
    """The table has values that cannot be imported. data: problems (each with .sentence()), file."""

    code = "import_problems"


class TotalsDiffer(DomainError):
    """Computed totals or subtotals differ from what the table prints. data: checks [TotalCheck], sheet, file."""

    code = "import_totals"


@dataclass(frozen=True)
class TotalCheck:
    """One printed figure (a member's total, self total or group subtotal) against the computed one."""

    member: str
    computed: Decimal
    printed: Decimal | None
    cell: str | None = None          # where the printed figure is: "I31"
    what: str = "total"              # "total" | "self_total" | "subtotal"
    label: str = ""                  # the group, for a subtotal

    @property
    def agrees(self) -> bool:
        return self.printed is None or self.printed == self.computed


@dataclass(frozen=True)
class TablePlan:
    """What was understood, for the user to confirm before anything is written."""

    season: Season                  # in memory only: members, criteria tree and scores
    checks: tuple[TotalCheck, ...]  # each member's total against the total row
    scores: int
    warnings: tuple[str, ...]
    self_checks: tuple[TotalCheck, ...] = ()
    subtotal_checks: tuple[TotalCheck, ...] = ()
    self_scores: int = 0

    @property
    def agrees(self) -> bool:
        return all(c.agrees for c in self.checks + self.self_checks + self.subtotal_checks)

    @property
    def has_totals(self) -> bool:
        """False when the table prints no totals at all (nothing to check them against)."""
        return any(c.printed is not None for c in self.checks)

    @property
    def differences(self) -> tuple[TotalCheck, ...]:
        return tuple(c for c in self.checks + self.self_checks + self.subtotal_checks if not c.agrees)


@dataclass(frozen=True)
class TableImported:
    season_id: str
    cluster_id: str
    cluster_name: str
    cluster_created: bool
    year: int
    members: int
    criteria: int
    scores: int


_ROLES = {"normal": Role.NORMAL, "bonus": Role.BONUS, "deduction": Role.DEDUCTION}


@dataclass
class _Filled:
    member_ids: dict[int, str]
    node_ids: dict[int, str]
    agreed: int
    own: int


def _fill(season: Season, table: Table) -> _Filled:
    """Members, criteria and scores (agreed, and self where printed) from the table into `season`."""
    member_ids: dict[int, str] = {}
    for m in table.members:
        member = season.add_member(Member(new_id(), m.short_name.strip(), m.full_name.strip()))
        member_ids[m.index] = member.id
    node_ids: dict[int, str] = {}
    kinds = {"group": Kind.GROUP, "choice": Kind.CHOICE, "leaf": Kind.LEAF}
    children: dict[int, list[TableNode]] = {}
    for n in table.nodes:
        kind = kinds[n.kind]
        leaf = kind is Kind.LEAF
        node = Criterion(new_id(), n.title, kind, code=n.code,
                         parent_id=node_ids[n.parent] if n.parent is not None else None,
                         role=_ROLES[n.role], method=Method.MANUAL if leaf else None,
                         max_points=n.max_points, step=n.step if leaf else Decimal("0.25"))
        node_ids[n.index] = season.add_criterion(node).id
        if n.parent is not None:
            children.setdefault(n.parent, []).append(n)
    counts = {}
    for kind, attr in ((ScoreKind.AGREED, "values"), (ScoreKind.SELF, "self_values")):
        entries = []
        for n in table.nodes:
            if n.kind != "leaf":
                continue
            in_choice = n.parent is not None and table.nodes[n.parent].kind == "choice"
            for index, value in getattr(n, attr).items():
                if value is None or (in_choice and value == 0):
                    continue
                entries.append((member_ids[index], node_ids[n.index], value))
        # a member with only zeros on every alternative still chose one: the first, worth 0
        for n in table.nodes:
            if n.kind != "choice":
                continue
            kids = children.get(n.index, [])
            for index in member_ids:
                vals = [getattr(k, attr).get(index) for k in kids]
                if not any(vals) and any(v == 0 for v in vals):
                    first = next(k for k, v in zip(kids, vals) if v == 0)
                    entries.append((member_ids[index], node_ids[first.index], Decimal(0)))
        for member_id, criterion_id, points in entries:
            season.set_score(member_id, criterion_id, points, kind)
        counts[kind] = len(entries)
    return _Filled(member_ids, node_ids, counts[ScoreKind.AGREED], counts[ScoreKind.SELF])


def _checks(season: Season, table: Table, filled: _Filled) -> tuple[tuple[TotalCheck, ...], ...]:
    """Every printed total, self total and group subtotal against what the criteria compute."""
    results = season.results()
    has_self = any(getattr(m, "self_column", None) for m in table.members)
    self_tallies = {}
    if has_self:
        for member in season.members:
            finals = {leaf.id: season.cell(member.id, leaf.id).self_points for leaf in season.criteria.leaves()}
            self_tallies[member.id] = tally(season.criteria, member.id, finals)
    totals, own, subtotals = [], [], []
    total_row = table.total_row
    printed_rows = [(n, n.row, n.values, n.self_values) for n in table.nodes if n.kind != "leaf"]
    printed_rows += [(table.nodes[s.node], s.row, s.values, s.self_values) for s in table.subtotals]
    for m in table.members:
        member_id = filled.member_ids[m.index]
        name = season.member(member_id).short_name
        where = table.cell(None, m.index, row=total_row) if total_row is not None or \
            getattr(table, "layout", "columns") == "rows" else None
        totals.append(TotalCheck(name, results.tallies[member_id].total, table.totals.get(m.index), where))
        if getattr(m, "self_column", None):
            where = table.cell(None, m.index, True, total_row) if total_row is not None else None
            own.append(TotalCheck(name, self_tallies[member_id].total, table.self_totals.get(m.index), where,
                                  "self_total"))
        for node, row, values, self_values in printed_rows:
            node_id = filled.node_ids[node.index]
            label = f"{node.code}. {node.title}" if node.code else node.title
            printed = values.get(m.index)
            if printed is not None:
                subtotals.append(TotalCheck(name, results.tallies[member_id].subtotals[node_id], printed,
                                            table.cell(node, m.index, row=row), "subtotal", label))
            printed = self_values.get(m.index)
            if printed is not None and has_self:
                subtotals.append(TotalCheck(name, self_tallies[member_id].subtotals[node_id], printed,
                                            table.cell(node, m.index, True, row), "subtotal", label))
    return tuple(totals), tuple(own), tuple(subtotals)


def _refuse_problems(table: Table) -> None:
    if table.problems:
        raise TableHasProblems(problems=list(table.problems), file=table.file)


def plan_table(table: Table, cluster_name: str, year: int) -> TablePlan:
    """Build the season in memory and compare totals and subtotals — nothing is written (the preview)."""
    _refuse_problems(table)
    season = Season(new_id(), new_id(), cluster_name, year, DEFAULT_PARENT)
    filled = _fill(season, table)
    totals, own, subtotals = _checks(season, table, filled)
    return TablePlan(season, totals, filled.agreed, tuple(table.warnings), own, subtotals, filled.own)


def import_table(uow: UnitOfWork, table: Table, cluster_name: str, year: int,
                 parent_body: str = DEFAULT_PARENT) -> TableImported:
    """One transaction: the cluster (created when new), the season, members, criteria and scores.

    Refused — nothing written — when the table has problems or any printed total or group
    subtotal differs from what the criteria compute.
    """
    _refuse_problems(table)
    with uow:
        clusters = uow.clusters.list()
        key = fold(cluster_name)
        cluster = next((c for c in clusters if fold(c.name) == key), None)
        created = cluster is None
        if cluster is None:
            cluster = ClusterRecord(new_id(), " ".join(cluster_name.split()), parent_body)
            uow.clusters.add(cluster)
        elif any(r.year == year for r in uow.seasons.list(cluster.id)):
            raise Duplicate(kind="season", key=f"{cluster.name} {year}")
        season = Season(new_id(), cluster.id, cluster.name, year, cluster.parent_body)
        uow.seasons.add(season)
        filled = _fill(season, table)
        bad = [c for group in _checks(season, table, filled) for c in group if not c.agrees]
        if bad:
            raise TotalsDiffer(checks=bad, sheet=table.sheet, file=table.file)
        uow.commit()
        return TableImported(season.id, cluster.id, cluster.name, created, year, len(season.members),
                             len(season.criteria), filled.agreed + filled.own)


# ---- member self-scoring forms --------------------------------------------------------------
class FormCell(Protocol):
    """One cell a returned form changes (documents.forms.read.FormChange has this shape).

    `old` is the self-score the form was made from (what its author saw), `new` what the member
    wrote; `note` the member's note when changed (None otherwise), `old_note` the note the form
    was made with.
    """

    member_id: str
    criterion_id: str
    old: Decimal | None
    new: Decimal | None


class FormConflicts(EditConflict):
    """Cells changed since the forms were made. data: cells [(member, criterion, expected, current, by, at)],
    and for the first of them the fields of any edit conflict (entity, key, field, expected, current, by, at)."""

    code = "form_conflicts"


@dataclass(frozen=True)
class FormsApplied:
    scores: int          # score changes written (a chosen band clears its alternatives too)
    notes: int
    members: tuple[str, ...]


def _current(season: Season, seen, kind: ScoreKind):
    cell = season.cell(*seen.key)
    return cell.note if seen.field == "note" else cell.get(kind)


def apply_form_changes(uow: UnitOfWork, season_id: str, changes: Sequence[FormCell],
                       kind: ScoreKind = ScoreKind.SELF) -> FormsApplied:
    """Every change of the returned forms — scores and notes — in one transaction, all or nothing.

    Each cell carries what the form was made from: a form made from an older revision conflicts
    only on the cells it changes that someone else changed since, and every such cell is named
    at once. A cell already holding the new value is not a conflict: applying the same form
    twice is harmless.
    """
    from ..domain.edits import Seen
    from .editing import edit_season, key_text

    seen: list[Seen] = []
    scores, notes, members = [], [], []
    for ch in changes:
        key = (ch.member_id, ch.criterion_id)
        if ch.new != ch.old:
            seen.append(Seen("score", key, kind.value, ch.old, ch.new))
            scores.append(ch)
        note = getattr(ch, "note", None)
        if note is not None:
            seen.append(Seen("score", key, "note", getattr(ch, "old_note", ""), note))
            notes.append(ch)
        if ch.member_id not in members:
            members.append(ch.member_id)
    with uow:
        season = uow.seasons.get(season_id)
        season.require(Area.SCORES)   # a signed-off or voting season is refused before anything else
        conflicts = []
        for s in seen:
            current = _current(season, s, kind)
            if not s.holds(current):
                last = uow.audit.last_change(season_id, "score", key_text(s.key), s.field)
                conflicts.append((season.member(s.key[0]).short_name,
                                  season.criteria.path_code(s.key[1]) or season.criteria.get(s.key[1]).title,
                                  None if s.field == "note" else s.value, None if s.field == "note" else current,
                                  last.actor if last else None, last.at if last else None))
        if conflicts:
            first = next(x for x in seen if not x.holds(_current(season, x, kind)))
            _m, _c, expected, current, by, at = conflicts[0]
            raise FormConflicts(cells=conflicts, entity="score", key=first.key, field=first.field,
                                expected=expected, current=current, by=by, at=at)
        names = tuple(season.member(m).short_name for m in members)
    if not seen:
        return FormsApplied(0, 0, names)

    def apply(stored: Season) -> int:
        # clearing first: choosing one alternative must not be undone by clearing its sibling after
        for ch in sorted(scores, key=lambda c: c.new is not None):
            stored.set_score(ch.member_id, ch.criterion_id, ch.new, kind)
        for ch in notes:
            stored.set_note(ch.member_id, ch.criterion_id, ch.note)
        return len([c for c in stored.changes if c.entity == "score" and c.field == kind.value])

    written = edit_season(uow.fresh(), season_id, apply, seen)
    return FormsApplied(written, len(notes), names)
