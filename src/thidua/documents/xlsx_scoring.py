"""The consolidated scoring table ("bảng tổng hợp chấm điểm") as a workbook with live formulas.

Leaf cells hold each member's final points; every subtotal, the total, the rank and the
classification are formulas that reproduce `Season.results()` — so a secretary can adjust a
cell in Excel and the table stays right, and unchanged the recalculated figures equal the app's.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..domain.criteria import Criterion, Kind, Role
from ..domain.ranking import TieBreakerKind
from ..domain.season import Season
from . import rules_text
from . import xlsx_common as xc

FIRST_MEMBER_COL = 4   # A: STT, B: criterion, C: maximum, D…: members
TITLE_WIDTH = 52


@dataclass(frozen=True)
class Layout:
    """Where things landed, so tests and other sheets can point at the cells."""

    header_row: int
    node_rows: dict[str, int]
    total_row: int
    rank_row: int
    class_row: int | None
    member_cols: dict[str, int]
    rate_row: int | None = None      # tỷ lệ đạt, when the season ranks by it (its maximum row just above)


class _Styles:
    """Prebuilt cell styles copied by reference: assigning Font/Border per cell is the slow part."""

    def __init__(self, ws: Worksheet) -> None:
        self._ws = ws
        self._cache: dict[tuple, object] = {}

    def apply(self, cell, font: Font, align: Alignment, fmt: str = "General", fill=None) -> None:
        key = (id(font), id(align), fmt, id(fill))
        style = self._cache.get(key)
        if style is None:
            probe = Cell(self._ws)   # detached: never lands in the sheet
            probe.font, probe.alignment, probe.border, probe.number_format = font, align, xc.BOX, fmt
            if fill is not None:
                probe.fill = fill
            style = copy(probe._style)
            self._cache[key] = style
        cell._style = copy(style)


def _indent(depth: int, bold: bool = False, italic: bool = False) -> tuple[Font, Alignment]:
    font = Font(name=xc.FONT_NAME, size=12, bold=bold, italic=italic)
    return font, Alignment(horizontal="left", vertical="center", wrap_text=True, indent=depth)


def _ref(col: int, row: int) -> str:
    return f"{get_column_letter(col)}{row}"


def node_formula(season: Season, node: Criterion, col: int, rows: dict[str, int]) -> str:
    """The subtotal of a group or alternative set, exactly as domain.scoring.tally computes it."""
    kids = season.criteria.children(node.id)
    if not kids:
        return "=0"
    plus, minus = [], []
    for child in kids:
        ref = _ref(col, rows[child.id])
        if (node.kind is Kind.GROUP and child.role is Role.DEDUCTION and node.role is not Role.DEDUCTION):
            minus.append(ref)
        else:
            plus.append(ref)
    expr = _sum(plus) if plus else "0"
    if minus:
        expr += "-" + _sum(minus)
    if node.kind is Kind.GROUP and node.max_points is not None:
        expr = f"MIN({xc.number(node.max_points)},{expr})"
    return f"=ROUND({expr},2)"


def _sum(refs: list[str]) -> str:
    # contiguous references collapse into a range, so long groups stay short formulas
    if len(refs) > 1 and _contiguous(refs):
        return f"SUM({refs[0]}:{refs[-1]})"
    return "SUM(" + ",".join(refs) + ")"


def _contiguous(refs: list[str]) -> bool:
    def row(ref: str) -> int:
        return int("".join(ch for ch in ref if ch.isdigit()))
    rs = [row(r) for r in refs]
    return all(b == a + 1 for a, b in zip(rs, rs[1:]))


def total_formula(season: Season, col: int, rows: dict[str, int]) -> str:
    plus = [_ref(col, rows[r.id]) for r in season.criteria.roots() if r.role is not Role.DEDUCTION]
    minus = [_ref(col, rows[r.id]) for r in season.criteria.roots() if r.role is Role.DEDUCTION]
    expr = _sum(plus) if plus else "0"
    if minus:
        expr += "-" + _sum(minus)
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
        ref = f"MIN({ref},{xc.number(season.settings.class_cap)})"
    expr = '""'
    for band in reversed(bands):
        name = band.name.replace('"', '""')
        expr = f'IF({ref}>={xc.number(band.min_total)},"{name}",{expr})'
    return "=" + expr


def decision_offsets(season: Season) -> dict[str, int]:
    """Committee decisions order a tie nothing broke: a member's place within its tied group."""
    out: dict[str, int] = {}
    for decision in season.decisions:
        for offset, member_id in enumerate(decision.member_ids):
            out[member_id] = offset
    return out


def build_sheet(ws: Worksheet, season: Season) -> Layout:
    crit = season.criteria
    members = season.members
    results = season.results()
    first = FIRST_MEMBER_COL
    last = first + max(len(members), 1) - 1
    member_cols = {m.id: first + i for i, m in enumerate(members)}
    styles = _Styles(ws)

    row = xc.header_block(ws, season, last, split=3)
    row = xc.title(ws, row + 1, last, f"BẢNG TỔNG HỢP CHẤM ĐIỂM THI ĐUA NĂM {season.year}")
    meeting = season.meeting
    sub = (f"(Kèm theo Biên bản họp Cụm thi đua ngày {meeting.date:%d/%m/%Y})" if meeting.date
           else f"({season.cluster_name})")
    row = xc.title(ws, row, last, sub, xc.ITALIC, 18)
    row = xc.status_line(ws, season, row, last)
    header = row + 1

    head_font = xc.BOLD
    for col, label in ((1, "STT"), (2, "Nội dung và tiêu chí thi đua"), (3, "Điểm tối đa")):
        c = xc.text(ws, header, col, label)
        styles.apply(c, head_font, xc.CENTER, fill=xc.HEADER_FILL)
    for m in members:
        c = xc.text(ws, header, member_cols[m.id], m.short_name)
        styles.apply(c, head_font, xc.CENTER, fill=xc.HEADER_FILL)
    ws.row_dimensions[header].height = 33

    # rows first, so formulas can point at children written after their parent
    rows: dict[str, int] = {}
    r = header + 1
    walk = list(crit.walk())
    for node, _depth in walk:
        rows[node.id] = r
        r += 1
    by_rate = season.settings.rank_rule.basis.value == "rate"
    total_row = r
    # ranked by the rate achieved: each member's own maximum, then total ÷ maximum, before the rank
    max_row, rate_row = (r + 1, r + 2) if by_rate else (None, None)
    rank_row = r + 3 if by_rate else r + 1
    class_row = rank_row + 1 if season.settings.classes else None
    measure_row = rate_row if by_rate else total_row
    # floors on every criterion are beyond a readable formula: the classification is written as the app's value
    floors = season.settings.floors

    offsets = decision_offsets(season)
    for node, depth in walk:
        rr = rows[node.id]
        group = node.kind is not Kind.LEAF
        in_choice = crit.choice_of(node.id) is not None
        font, align = _indent(depth, bold=group and depth == 0 or node.kind is Kind.GROUP,
                              italic=in_choice)
        c = xc.text(ws, rr, 1, node.code)
        styles.apply(c, font if group else xc.NORMAL, xc.CENTER)
        c = xc.text(ws, rr, 2, node.title)
        styles.apply(c, font, align)
        lines = xc.line_count(node.title, TITLE_WIDTH - depth * 1.5, bold=group)
        if lines > 1:
            # LibreOffice and Excel do not grow rows on opening, so wrapped titles need the height
            ws.row_dimensions[rr].height = 15.75 * lines + 2
        c = ws.cell(row=rr, column=3, value=xc.number(crit.maximum(node.id)))
        styles.apply(c, font if group else xc.NORMAL, xc.CENTER, xc.POINTS_FORMAT)
        for m in members:
            col = member_cols[m.id]
            if group:
                c = ws.cell(row=rr, column=col, value=node_formula(season, node, col, rows))
                styles.apply(c, font, xc.CENTER, xc.POINTS_FORMAT)
            elif node.id in crit.exempt(m.id):   # not assigned to this member: nothing to add up
                c = ws.cell(row=rr, column=col, value=rules_text.NOT_ASSIGNED)
                styles.apply(c, xc.NORMAL, xc.CENTER)
            else:
                c = ws.cell(row=rr, column=col, value=xc.number(season.final(m.id, node.id)))
                styles.apply(c, xc.NORMAL, xc.CENTER, xc.POINTS_FORMAT)

    for rr, label in ((total_row, "TỔNG CỘNG"), (rank_row, "XẾP HẠNG")) + \
            (((max_row, "ĐIỂM TỐI ĐA ĐƯỢC GIAO"), (rate_row, "TỶ LỆ ĐẠT (%)")) if by_rate else ()) + \
            (((class_row, "XẾP LOẠI"),) if class_row else ()):
        styles.apply(xc.text(ws, rr, 1, ""), xc.BOLD, xc.CENTER)
        styles.apply(xc.text(ws, rr, 2, label), xc.BOLD, xc.CENTER)
        value = xc.number(results.max_total) if rr == total_row else None
        styles.apply(ws.cell(row=rr, column=3, value=value), xc.BOLD, xc.CENTER, xc.POINTS_FORMAT)
    for m in members:
        col = member_cols[m.id]
        c = ws.cell(row=total_row, column=col, value=total_formula(season, col, rows))
        styles.apply(c, xc.BOLD, xc.CENTER, xc.POINTS_FORMAT)
        if by_rate:
            own = results.tallies[m.id].maximum
            c = ws.cell(row=max_row, column=col, value=xc.number(own if own is not None else results.max_total))
            styles.apply(c, xc.NORMAL, xc.CENTER, xc.POINTS_FORMAT)
            c = ws.cell(row=rate_row, column=col,
                        value=f"=IF({_ref(col, max_row)}>0,ROUND({_ref(col, total_row)}*100/{_ref(col, max_row)},2),0)")
            styles.apply(c, xc.BOLD, xc.CENTER, xc.POINTS_FORMAT)
        c = ws.cell(row=rank_row, column=col,
                    value=rank_formula(season, col, first, last, rows, measure_row, offsets.get(m.id, 0)))
        styles.apply(c, xc.BOLD, xc.CENTER, "0")
        if class_row:
            formula = class_formula(season, col, measure_row)
            if floors:
                formula = results.ranking.by_member()[m.id].classification
            # a member with scores still missing is not classified (as the app does)
            if results.tallies[m.id].missing:
                formula = None
            c = ws.cell(row=class_row, column=col, value=formula)
            styles.apply(c, xc.NORMAL, xc.CENTER)

    end = (class_row or rank_row)
    notes = []
    if results.ranking.unresolved:
        notes.append("Ghi chú: các đơn vị bằng điểm nhau mà không tiêu chí phụ nào phân định được "
                     "xếp đồng hạng; thứ tự do Cụm biểu quyết.")
    if season.decisions:
        notes.append("Ghi chú: thứ hạng của các đơn vị bằng điểm nhau do Cụm biểu quyết (đã cộng vào công thức).")
    notes += [f"Ghi chú: {line}" for line in rules_text.season_rule_lines(season) + rules_text.member_rule_lines(season)]
    if floors:
        notes.append("Ghi chú: xếp loại có điều kiện tối thiểu từng tiêu chí nên được ghi theo kết quả tính của "
                     "phần mềm, không phải công thức.")
    r = end + 1
    width = 6 + TITLE_WIDTH + 10 + 11 * len(members)   # the merged note's width, roughly, in column units
    for note in notes:
        c = xc.text(ws, r, 1, note, xc.SMALL_ITALIC, Alignment(horizontal="left", vertical="top", wrap_text=True))
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=last)
        lines = xc.line_count(note, width * 1.2)   # 10 pt italic: more to a line than the 12 pt it assumes
        if lines > 1:
            ws.row_dimensions[r].height = 13.5 * lines + 2
        r += 1
    if class_row and max((len(b.name) for b in season.settings.classes), default=0) > 9:
        ws.row_dimensions[class_row].height = 31   # "Hoàn thành tốt" wraps in a member's column
    sig_col = max(3, last - 3)
    heading = "TM. CỤM THI ĐUA\nCỤM TRƯỞNG"
    xc.signature(ws, r + 1, sig_col, last, heading, meeting.chair)
    ws.row_dimensions[r + 1].height = 33

    xc.widths(ws, {1: 6, 2: TITLE_WIDTH, 3: 10})
    for m in members:
        ws.column_dimensions[get_column_letter(member_cols[m.id])].width = \
            max(9.0, min(14.0, len(m.short_name) * 1.0 + 2))
    xc.print_setup(ws, landscape=len(members) > 4, title_rows=f"{header}:{header}",
                   freeze=f"{get_column_letter(first)}{header + 1}")
    return Layout(header, rows, total_row, rank_row, class_row, member_cols, rate_row)


def write_scoring_table(season: Season, path: Path | str) -> Layout:
    wb = Workbook()
    ws = wb.active
    ws.title = "Bảng chấm điểm"
    layout = build_sheet(ws, season)
    if rules_text.keeps_columns(season):   # the score columns side by side on a sheet of their own (issue 13)
        columns_sheet(wb.create_sheet("Các cột điểm"), season)
    xc.stamp(wb, season, "scoring-table", f"Bảng tổng hợp chấm điểm thi đua năm {season.year}")
    xc.save(wb, path)
    return layout


def columns_sheet(ws: Worksheet, season: Season) -> None:
    """Every score column the season keeps, member by member, beside the points that count (values)."""
    header, rows = rules_text.column_table(season, season.members)
    ws.append(["STT", "Tiêu chí", *header])
    for leaf, values in rows:
        ws.append([season.criteria.path_code(leaf.id), leaf.title,
                   *(v if isinstance(v, str) else xc.number(v) for v in values)])
    for r, row in enumerate(ws.iter_rows(), start=1):
        for c, cell in enumerate(row, start=1):
            cell.font = xc.BOLD if r == 1 else xc.NORMAL
            cell.alignment = xc.LEFT if c == 2 and r > 1 else xc.CENTER
            cell.border = xc.BOX
            if r == 1:
                cell.fill = xc.HEADER_FILL
            elif c > 2:
                cell.number_format = xc.POINTS_FORMAT
    ws.row_dimensions[1].height = 48
    xc.widths(ws, {1: 8, 2: 44, **{3 + i: 11 for i in range(len(header))}})
    xc.print_setup(ws, landscape=True, title_rows="1:1", freeze="C2")
