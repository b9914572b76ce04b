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
from ..domain.errors import DomainError, Duplicate
from ..domain.scoring import ScoreKind
from ..domain.season import Member, Season
from ..domain.text import fold
from .clusters import DEFAULT_PARENT
from .ports import ClusterRecord, UnitOfWork


# ---- what the table reader hands over -------------------------------------------------------
class TableMember(Protocol):
    index: int
    short_name: str
    full_name: str
    column: str


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
    values: dict[int, Decimal | None]


class Table(Protocol):
    file: str
    sheet: str
    members: Sequence[TableMember]
    nodes: Sequence[TableNode]
    totals: dict[int, Decimal | None]
    total_row: int | None
    problems: Sequence
    warnings: Sequence[str]


class TableHasProblems(DomainError):
    """The table has values that cannot be imported. data: problems (each with .sentence())."""

    code = "import_problems"


class TotalsDiffer(DomainError):
    """Computed totals differ from the table's total row. data: rows [(member, computed, printed)], row."""

    code = "import_totals"


@dataclass(frozen=True)
class TotalCheck:
    member: str
    computed: Decimal
    printed: Decimal | None

    @property
    def agrees(self) -> bool:
        return self.printed is None or self.printed == self.computed


@dataclass(frozen=True)
class TablePlan:
    """What was understood, for the user to confirm before anything is written."""

    season: Season                  # in memory only: members, criteria tree and scores
    checks: tuple[TotalCheck, ...]
    scores: int
    warnings: tuple[str, ...]

    @property
    def agrees(self) -> bool:
        return all(c.agrees for c in self.checks)


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


def _fill(season: Season, table: Table) -> int:
    """Members, criteria and agreed scores from the table into `season`; returns the number of scores."""
    member_ids: dict[int, str] = {}
    for m in table.members:
        member = season.add_member(Member(new_id(), m.short_name.strip(), m.full_name.strip()))
        member_ids[m.index] = member.id
    node_ids: dict[int, str] = {}
    kinds = {"group": Kind.GROUP, "choice": Kind.CHOICE, "leaf": Kind.LEAF}
    for n in table.nodes:
        kind = kinds[n.kind]
        leaf = kind is Kind.LEAF
        node = Criterion(new_id(), n.title, kind, code=n.code,
                         parent_id=node_ids[n.parent] if n.parent is not None else None,
                         role=_ROLES[n.role], method=Method.MANUAL if leaf else None,
                         max_points=n.max_points, step=n.step if leaf else Decimal("0.25"))
        node_ids[n.index] = season.add_criterion(node).id
    entries = []
    for n in table.nodes:
        if n.kind != "leaf":
            continue
        in_choice = n.parent is not None and table.nodes[n.parent].kind == "choice"
        for index, value in n.values.items():
            if value is None or (in_choice and value == 0):
                continue
            entries.append((member_ids[index], node_ids[n.index], value))
    # a member with only zeros on every alternative still chose one: the first, worth 0
    for n in table.nodes:
        if n.kind != "choice":
            continue
        kids = [table.nodes[i] for i in range(len(table.nodes)) if table.nodes[i].parent == n.index]
        for index in member_ids:
            vals = [k.values.get(index) for k in kids]
            if not any(vals) and any(v == 0 for v in vals):
                first = next(k for k, v in zip(kids, vals) if v == 0)
                entries.append((member_ids[index], node_ids[first.index], Decimal(0)))
    for member_id, criterion_id, points in entries:
        season.set_score(member_id, criterion_id, points, ScoreKind.AGREED)
    return len(entries)


def _checks(season: Season, table: Table) -> tuple[TotalCheck, ...]:
    results = season.results()
    out = []
    for m, member in zip(table.members, season.members):
        out.append(TotalCheck(member.short_name, results.tallies[member.id].total, table.totals.get(m.index)))
    return tuple(out)


def _refuse_problems(table: Table) -> None:
    if table.problems:
        raise TableHasProblems(problems=list(table.problems), file=table.file)


def plan_table(table: Table, cluster_name: str, year: int) -> TablePlan:
    """Build the season in memory and compare totals — nothing is written (the preview)."""
    _refuse_problems(table)
    season = Season(new_id(), new_id(), cluster_name, year, DEFAULT_PARENT)
    scores = _fill(season, table)
    warnings = list(table.warnings)
    if table.total_row is None:
        warnings.append("Bảng không có hàng “Tổng cộng” nên không đối chiếu được tổng điểm.")
    return TablePlan(season, _checks(season, table), scores, tuple(warnings))


def import_table(uow: UnitOfWork, table: Table, cluster_name: str, year: int,
                 parent_body: str = DEFAULT_PARENT) -> TableImported:
    """One transaction: the cluster (created when new), the season, members, criteria and scores.

    Refused — nothing written — when the table has problems or any member's computed total
    differs from the table's own total row.
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
        scores = _fill(season, table)
        bad = [c for c in _checks(season, table) if not c.agrees]
        if bad:
            raise TotalsDiffer(rows=[(c.member, c.computed, c.printed) for c in bad], row=table.total_row,
                               file=table.file)
        uow.commit()
        return TableImported(season.id, cluster.id, cluster.name, created, year, len(season.members),
                             len(season.criteria), scores)


# ---- member self-scoring forms --------------------------------------------------------------
class FormCell(Protocol):
    """One cell a member form changes (documents.member_forms.FormChange has this shape)."""

    member_id: str
    criterion_id: str
    old: Decimal | None
    new: Decimal | None


def apply_form_changes(uow: UnitOfWork, season_id: str, changes: Sequence[FormCell],
                       kind: ScoreKind = ScoreKind.SELF) -> int:
    """All the previewed changes in one transaction; a cell someone changed meanwhile refuses the lot.

    `old` is what the form was made from (what its author saw), `new` what the member wrote.
    A cell already holding the new value is not a conflict: applying the same form twice is harmless.
    """
    from .scoring import CellEdit, record_scores

    with uow:
        season = uow.seasons.get(season_id)
        edits = []
        for ch in changes:
            current = season.cell(ch.member_id, ch.criterion_id).get(kind)
            if current == ch.new:
                continue
            edits.append(CellEdit(ch.member_id, ch.criterion_id, ch.old, ch.new))
    if not edits:
        return 0
    return record_scores(uow.fresh(), season_id, edits, kind)
