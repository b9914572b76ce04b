"""The consolidated scoring table ("bảng tổng hợp chấm điểm") as a workbook with live formulas.

Leaf cells hold each member's final points; every subtotal, the total, the rank and the
classification are formulas that reproduce `Season.results()` — so a secretary can adjust a
cell in Excel and the table stays right, and unchanged the recalculated figures equal the app's.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from xlsxwriter.utility import xl_col_to_name

from ...domain.criteria import Criterion, Kind, Role
from ...domain.ranking import TieBreakerKind
from ...domain.season import Season
from ..content import rules
from ..content.model import Heading
from ..content.tables import scoring_table
from .book import HEADER_FILL, POINTS_FORMAT, Align, Book, Font, Sheet, Style, number
from .render import Formula, render

FIXED = 3   # A: STT, B: criterion, C: maximum, D…: members


@dataclass(frozen=True)
class Layout:
    """Where things landed, so tests and other sheets can point at the cells."""

    header_row: int
    node_rows: dict[str, int]
    total_row: int
    rank_row: int
    class_row: int | None
    member_cols: dict[str, int]
    rate_row: int | None = None      # tỷ lệ đạt, when the season ranks by it (its own-maximum row just above)


def get_column_letter(col: int) -> str:
    return xl_col_to_name(col - 1)


# a column given as this text stands for any column: the formula is a pattern for every member's column
COLUMN = "{column}"


def _ref(col: int | str, row: int) -> str:
    return f"{col if isinstance(col, str) else get_column_letter(col)}{row}"


def node_formula(season: Season, node: Criterion, col: int | str, rows: dict[str, int]) -> str:
    """The subtotal of a group or alternative set, exactly as domain.scoring.tally computes it."""
    kids = season.criteria.children(node.id)
    if not kids:
        return "=0"
    plus, minus = [], []
    for child in kids:
        if (node.kind is Kind.GROUP and child.role is Role.DEDUCTION and node.role is not Role.DEDUCTION):
            minus.append(rows[child.id])
        else:
            plus.append(rows[child.id])
    expr = _sum(col, plus) if plus else "0"
    if minus:
        expr += "-" + _sum(col, minus)
    if node.kind is Kind.GROUP and node.max_points is not None:
        expr = f"MIN({number(node.max_points)},{expr})"
    return f"=ROUND({expr},2)"


def _sum(col: int | str, rows: list[int]) -> str:
    # contiguous rows collapse into a range, so long groups stay short formulas
    if len(rows) > 1 and all(b == a + 1 for a, b in zip(rows, rows[1:])):
        return f"SUM({_ref(col, rows[0])}:{_ref(col, rows[-1])})"
    return "SUM(" + ",".join(_ref(col, r) for r in rows) + ")"


def total_formula(season: Season, col: int | str, rows: dict[str, int]) -> str:
    plus = [rows[r.id] for r in season.criteria.roots() if r.role is not Role.DEDUCTION]
    minus = [rows[r.id] for r in season.criteria.roots() if r.role is Role.DEDUCTION]
    expr = _sum(col, plus) if plus else "0"
    if minus:
        expr += "-" + _sum(col, minus)
    return f"=ROUND({expr},2)"


def rank_formula(season: Season, col: int, first: int, last: int, rows: dict[str, int], total_row: int,
                 offset: int = 0) -> str:
    """RANK on the total; tie-breakers add the members with an equal total who beat this one.

    The tie-breakers are ordered keys, compared lexicographically, so a member is beaten by
    another with the same total when the first key that differs is better for the other.
    """
    span = lambda r: f"${get_column_letter(first)}${r}:${get_column_letter(last)}${r}"  # noqa: E731
    me = lambda r: _ref(col, r)  # noqa: E731
    total = me(total_row)
    base = f"RANK({total},{span(total_row)},0)"
    keys: list[tuple[str, str, bool]] = []   # (range expression, own value expression, higher is better)
    roots = season.criteria.roots()
    for tb in season.settings.tie_breakers:
        if tb.kind is TieBreakerKind.GROUP_SCORE and tb.criterion_id in rows:
            r = rows[tb.criterion_id]
            keys.append((span(r), me(r), True))
        elif tb.kind in (TieBreakerKind.MORE_BONUS, TieBreakerKind.FEWER_DEDUCTIONS):
            role = Role.BONUS if tb.kind is TieBreakerKind.MORE_BONUS else Role.DEDUCTION
            rs = [rows[x.id] for x in roots if x.role is role]
            if not rs:
                continue   # nobody has any: the key is equal for all and settles nothing
            keys.append(("(" + "+".join(span(r) for r in rs) + ")", "(" + "+".join(me(r) for r in rs) + ")",
                         role is Role.BONUS))
    if keys:
        terms = []
        for i, (rng, own, higher) in enumerate(keys):
            eq = "".join(f"*({k[0]}={k[1]})" for k in keys[:i])
            terms.append(f"({rng}{'>' if higher else '<'}{own}){eq}")
        base += f"+SUMPRODUCT(({span(total_row)}={total})*({'+'.join(terms)}))"
    if offset:
        base += f"+{offset}"
    return "=" + base


def class_formula(season: Season, col: int, total_row: int) -> str | None:
    bands = sorted(season.settings.classes, key=lambda b: b.min_total, reverse=True)
    if not bands:
        return None
    ref = _ref(col, total_row)
    if season.settings.class_cap is not None:   # classification on the measure capped at the nominal maximum
        ref = f"MIN({ref},{number(season.settings.class_cap)})"
    expr = '""'
    for band in reversed(bands):
        name = band.name.replace('"', '""')
        expr = f'IF({ref}>={number(band.min_total)},"{name}",{expr})'
    return "=" + expr


def decision_offsets(season: Season) -> dict[str, int]:
    """Committee decisions order a tie nothing broke: a member's place within its tied group."""
    out: dict[str, int] = {}
    for decision in season.decisions:
        for offset, member_id in enumerate(decision.member_ids):
            out[member_id] = offset
    return out


def write_scoring_table(season: Season, path: Path | str) -> Layout:
    """The scoring table's content laid out as every paper is, its figures as numbers and live formulas."""
    book = Book(season)
    doc = scoring_table(season)
    # the score columns side by side go on a sheet of their own, one column per member's column
    annex = next((i for i, b in enumerate(doc.body) if isinstance(b, Heading) and b.text == rules.COLUMNS_HEADING),
                 None)
    if annex is not None:
        doc = replace(doc, body=doc.body[:annex])
    crit = season.criteria
    members = season.members
    walk = [node for node, _depth in crit.walk()]
    n = len(walk)
    first_col = FIXED + 1
    last_col = FIXED + max(len(members), 1)
    offsets = decision_offsets(season)
    results = season.results()
    missing = {m.id for m in members if results.tallies[m.id].missing}
    rows: dict[str, int] = {}
    has_class = bool(season.settings.classes)
    # ranked by the rate achieved: two rows after the total (own maximum, rate); the rank reads the rate
    extra = 2 if results.ranking.rows and season.settings.rank_basis.value == "rate" else 0
    # floors on every criterion are beyond a readable formula: the classification is the app's value
    floors = season.settings.floors
    by_member = results.ranking.by_member()
    table = doc.tables()[0]
    leaf = [node.kind is Kind.LEAF for node in walk]
    numbers: dict = {None: None}   # Decimal → cell value: a big table repeats few values

    def figure(value):
        """Points the content printed, as a cell's number (None: it printed a text, "—" say, or nothing)."""
        known = numbers.get(value, numbers)
        if known is numbers:
            known = numbers[value] = number(value)
        return known

    cols = range(first_col, first_col + len(members))
    letters = [get_column_letter(j) for j in cols]

    def each_column(pattern: str) -> list:
        return [Formula(pattern.replace(COLUMN, letter)) for letter in letters]

    def values(i: int, first: int) -> list | None:
        if not rows:
            rows.update({node.id: first + k for k, node in enumerate(walk)})
        figures = table.rows[i].figures
        fixed = [None, None, figure(figures[2]) if figures else None]   # the maximum
        if i < n:
            if leaf[i]:   # a criterion not assigned to a member keeps its text ("—"), which no sum counts
                return fixed + [figure(v) for v in figures[FIXED:]]
            return fixed + each_column(node_formula(season, walk[i], COLUMN, rows))
        if i == n:
            return fixed + each_column(total_formula(season, COLUMN, rows))
        measure = first + n + extra   # the total, or the rate row
        if extra and i == n + 1:
            return fixed + [figure(v) for v in figures[FIXED:]]
        if extra and i == n + 2:
            return fixed + [Formula(f"=IF({_ref(j, first + n + 1)}>0,ROUND({_ref(j, first + n)}*100/"
                                    f"{_ref(j, first + n + 1)},2),0)") for j in cols]
        if i == n + 1 + extra:
            return fixed + [Formula(rank_formula(season, j, first_col, last_col, rows, measure,
                                                 offsets.get(m.id, 0))) for j, m in zip(cols, members)]
        return fixed + [classification(m, j, measure) for j, m in zip(cols, members)]

    def classification(m, j: int, measure: int):
        # a member with scores still missing is not classified (as the app does)
        if m.id in missing:
            return None
        if floors:
            return by_member[m.id].classification
        formula = class_formula(season, j, measure)
        return Formula(formula) if formula else None

    placed = render(doc, book, values)
    if annex is not None:
        columns_sheet(book.sheet("Các cột điểm"), season)
    first = placed.first_row
    book.stamp("scoring-table", doc.title)
    book.save(path)
    return Layout(placed.header_row, rows, first + n, first + n + 1 + extra,
                  first + n + 2 + extra if has_class else None, {m.id: first_col + k for k, m in enumerate(members)},
                  first + n + 2 if extra else None)


def columns_sheet(out: Sheet, season: Season) -> None:
    """Every score column the season keeps, member by member, beside the points that count (as numbers)."""
    header, rows = rules.column_table(season, season.members)
    bold, normal = Font(12, bold=True), Font(12)
    centre = Align("center", "center")
    out.text(1, 1, rules.COLUMNS_HEADING, Style(bold, Align("left", "center")))
    for c, label in enumerate(["STT", "Tiêu chí", *header], start=1):
        out.text(2, c, label, Style(bold, centre, True, HEADER_FILL))
    points = out.format(Style(normal, centre, True, None, POINTS_FORMAT))
    for r, (leaf, values) in enumerate(rows, start=3):
        out.text(r, 1, season.criteria.path_code(leaf.id), Style(normal, centre, True))
        out.text(r, 2, leaf.title, Style(normal, Align("left", "center"), True))
        for c, v in enumerate(values, start=3):
            if isinstance(v, str) or v is None:
                out.text(r, c, v, Style(normal, centre, True, None, POINTS_FORMAT))
            else:
                out.number(r, c, number(v), points)
    out.set_height(2, 48)
    for c, width in {1: 8, 2: 44, **{3 + i: 11 for i in range(len(header))}}.items():
        out.width(c, width)
    # printed at full size as the papers are, split across pages with the criteria repeated
    out.print_setup(landscape=True, title_rows=(2, 2), title_cols=(1, 2), freeze=(3, 3))
