"""Self-scoring forms ("phiếu tự chấm điểm"): one protected workbook per member, filled offline and sent back.

Only the cells a member may fill are unlocked, each with its criterion's own rule as
validation: points in the criterion's step up to its maximum, "Có"/"Không" for a yes/no row,
a count of items for a bonus or deduction per item, the achieved figure on a target or banded
row (whose points are then computed, locked, beside it). A very hidden sheet carries, as text,
the season, the member, the revision the form was made from and what every input cell held
when it was made — so reading it back knows exactly what the member changed (forms/read.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Protection
from openpyxl.worksheet.datavalidation import DataValidation

from ...domain.criteria import Criterion, Kind, Method
from ...domain.points import format_count, format_points
from ...domain.season import Area, Season
from ...files import atomic_output
from .. import xlsx_common as xc

MARKER = "thidua-member-form/2"
HIDDEN = "_thidua"
# A STT, B criterion, C maximum, D target, E figure / count / yes-no, F self-score points, G note
FIGURE_COL, POINTS_COL, NOTE_COL = 5, 6, 7
LAST_COL = NOTE_COL
UNLOCKED = Protection(locked=False)
YES, NO = "Có", "Không"
FIGURE_LIMIT_TEXT = "999999999999"      # what a figure cell accepts (below the 10^15 figure bound)


@dataclass(frozen=True)
class InputRule:
    """How one leaf is filled in a form: which column takes the input and what it means."""

    kind: str        # "points" | "yes_no" | "count" | "figure"
    column: int


def input_rule(season: Season, member_id: str, leaf: Criterion) -> InputRule:
    m = leaf.method
    if m is Method.YES_NO:
        return InputRule("yes_no", FIGURE_COL)
    if m in (Method.BONUS_PER_ITEM, Method.DEDUCTION_PER_ITEM):
        return InputRule("count", FIGURE_COL)
    if m is Method.BANDS:
        return InputRule("figure", FIGURE_COL)
    if m is Method.RATIO:
        target = season.figure(member_id, leaf.id).target
        if target is not None and target > 0:
            return InputRule("figure", FIGURE_COL)
    return InputRule("points", POINTS_COL)   # manual points, and a target row without a target


def rule_fingerprint(leaf: Criterion, maximum: Decimal, target: Decimal | None) -> str:
    """A criterion's own rule as the form applied it: a form is checked against it cell by cell."""
    text = repr((leaf.kind.value, leaf.method.value if leaf.method else None, str(maximum), str(leaf.step),
                 tuple((str(b.threshold), str(b.points)) for b in leaf.bands), str(leaf.per_item),
                 str(leaf.exceed_cap), str(target)))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def exported_input(season: Season, member_id: str, leaf: Criterion, rule: InputRule) -> Decimal | str | None:
    """What the input cell holds when the form is made."""
    points = season.cell(member_id, leaf.id).self_points
    if rule.kind == "points":
        return points
    if rule.kind == "yes_no":
        return None if points is None else (YES if points > 0 else NO)
    if rule.kind == "count":
        if points is None or not leaf.per_item:
            return None
        return (points / leaf.per_item).to_integral_value(rounding=ROUND_CEILING)
    return season.figure(member_id, leaf.id).actual


def _text(value) -> str:
    return "" if value is None else str(value)


def _rule(kind: str, title: str, error: str, prompt_title: str, prompt: str, **limits) -> DataValidation:
    """A validation that stops a wrong entry in Excel and says, in Vietnamese, what the cell takes."""
    dv = DataValidation(type=kind, allow_blank=True, showErrorMessage=True, showInputMessage=True, errorStyle="stop",
                        **limits)
    dv.errorTitle, dv.error, dv.promptTitle, dv.prompt = title, error, prompt_title, prompt
    return dv


def _points_validation(maximum: Decimal, step: Decimal, ref: str) -> DataValidation:
    mx, stp = format_points(maximum), format_points(step)
    cents = max(1, int(step * 100))
    formula = (f"AND(ISNUMBER({ref}),{ref}>=0,{ref}<={format_points(maximum, '.')},"
               f"MOD(ROUND({ref}*100,0),{cents})=0)")
    return _rule("custom", "Điểm không hợp lệ", f"Nhập điểm từ 0 đến {mx}, theo bước {stp}.", "Điểm tự chấm",
                 f"Từ 0 đến {mx} (bước {stp}).", formula1=formula)


_INPUT_RULES = {   # input kind → how Excel checks it
    "yes_no": lambda: _rule("list", "Chọn Có hoặc Không", f"Chỉ chọn “{YES}” hoặc “{NO}”.", "Có / Không",
                            f"Chọn “{YES}” nếu đạt tiêu chí này.", formula1=f'"{YES},{NO}"'),
    "count": lambda: _rule("whole", "Số lần không hợp lệ", "Nhập số lần là số nguyên từ 0 trở lên.", "Số lần",
                           "Số lần (số nguyên).", operator="between", formula1="0", formula2="10000"),
    "figure": lambda: _rule("decimal", "Số liệu không hợp lệ", "Nhập kết quả thực hiện là số không âm.",
                            "Kết quả thực hiện", "Số liệu đạt được trong năm; điểm ở cột bên cạnh tự tính.",
                            operator="between", formula1="0", formula2=FIGURE_LIMIT_TEXT),
}


def _computed_formula(leaf: Criterion, rule: InputRule, row: int, target: Decimal | None) -> str | None:
    """The points an input earns, shown beside it (the import recomputes them exactly; this only shows)."""
    e = f"E{row}"
    mx = format_points(leaf.max_points or Decimal(0), ".")
    if rule.kind == "yes_no":
        return f'=IF({e}="{YES}",{mx},IF({e}="{NO}",0,""))'
    if rule.kind == "count":
        return f'=IF({e}="","",MIN({mx},{format_points(leaf.per_item, ".")}*{e}))'
    if rule.kind == "figure" and leaf.method is Method.BANDS:
        expr = "0"
        for band in sorted(leaf.bands, key=lambda b: b.threshold):
            expr = f"IF({e}>={format_count(band.threshold, '', '.')},{format_points(band.points, '.')},{expr})"
        return f'=IF({e}="","",{expr})'
    if rule.kind == "figure" and target:
        t = format_count(target, "", ".")
        extra = (f"+IF({e}/{t}>1,MIN({format_points(leaf.exceed_cap, '.')},{mx}*({e}/{t}-1)),0)"
                 if leaf.exceed_cap else "")
        return f'=IF({e}="","",ROUND({mx}*MIN({e}/{t},1){extra},2))'
    return None


def _member_sheet(wb: Workbook, season: Season, member, index_rows: list) -> None:
    ws = wb.create_sheet(_sheet_title(member.short_name))
    crit = season.criteria
    last = LAST_COL
    row = xc.header_block(ws, season, last, split=4)
    row = xc.title(ws, row + 1, last, f"PHIẾU TỰ CHẤM ĐIỂM THI ĐUA NĂM {season.year}")
    row = xc.title(ws, row, last, f"Đơn vị: {member.display_full}", xc.BOLD, 18)
    row = xc.status_line(ws, season, row, last)
    xc.text(ws, row, 1, "Chỉ nhập vào các ô màu vàng: điểm tự chấm (cột F), hoặc kết quả thực hiện / số lần / "
                        "Có–Không (cột E) ở các tiêu chí tính điểm tự động; có thể ghi giải trình ở cột G. "
                        "Các ô khác đã khóa. Lưu tệp rồi gửi lại cho Cụm trưởng.", xc.SMALL_ITALIC, xc.LEFT)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
    ws.row_dimensions[row].height = 42
    header = row + 1
    labels = ("STT", "Nội dung và tiêu chí thi đua", "Điểm tối đa", "Chỉ tiêu đăng ký",
              "Kết quả thực hiện", "Điểm tự chấm", "Giải trình, ghi chú")
    for col, label in enumerate(labels, start=1):
        c = xc.text(ws, header, col, label, xc.BOLD, xc.CENTER)
        c.border, c.fill = xc.BOX, xc.HEADER_FILL
    ws.row_dimensions[header].height = 33
    walk = list(crit.walk())
    rows = {node.id: header + 1 + i for i, (node, _d) in enumerate(walk)}
    total_row = header + 1 + len(walk)
    validations: dict[tuple, DataValidation] = {}

    def validate(key: tuple, make, ref: str) -> None:
        dv = validations.get(key)
        if dv is None:
            # one rule per kind of input; a custom formula is relative to the rule's first cell
            dv = validations[key] = make(ref)
            ws.add_data_validation(dv)
        dv.add(ref)

    from ..xlsx_scoring import node_formula, total_formula

    for node, depth in walk:
        rr = rows[node.id]
        leaf = node.kind is Kind.LEAF
        font = xc.NORMAL if leaf else xc.BOLD
        xc.text(ws, rr, 1, node.code, font, xc.CENTER)
        xc.text(ws, rr, 2, node.title, font, xc.Alignment(horizontal="left", vertical="center", wrap_text=True,
                                                          indent=depth))
        ws.cell(row=rr, column=3, value=xc.number(crit.maximum(node.id)))
        target = season.figure(member.id, node.id).target if leaf else None
        ws.cell(row=rr, column=4, value=xc.number(target) if target is not None else None)
        lines = xc.line_count(node.title, 43 - depth * 1.5, bold=not leaf)   # column B is 46 wide; text wraps early
        if lines > 1:
            ws.row_dimensions[rr].height = 15.75 * lines + 2
        if leaf:
            rule = input_rule(season, member.id, node)
            value = exported_input(season, member.id, node, rule)
            target = season.figure(member.id, node.id).target
            ref = f"{'EF'[rule.column - FIGURE_COL]}{rr}"
            cell = ws.cell(row=rr, column=rule.column)
            if isinstance(value, str):
                xc.text(ws, rr, rule.column, value, font, xc.CENTER)
            else:
                cell.value = xc.number(value)
            cell.protection, cell.fill = UNLOCKED, xc.INPUT_FILL
            if rule.kind == "points":
                validate(("points", str(crit.maximum(node.id)), str(node.step)),
                         lambda r, n=node: _points_validation(crit.maximum(n.id), n.step, r), ref)
            else:
                validate((rule.kind,), lambda _r, k=rule.kind: _INPUT_RULES[k](), ref)
            formula = _computed_formula(node, rule, rr, target) if rule.column == FIGURE_COL else None
            if formula:
                ws.cell(row=rr, column=POINTS_COL, value=formula)
            note = season.cell(member.id, node.id).note
            c = xc.text(ws, rr, NOTE_COL, note, xc.NORMAL, xc.LEFT)
            c.protection, c.fill = UNLOCKED, xc.INPUT_FILL
            index_rows.append([node.id, str(rr), "EF"[rule.column - FIGURE_COL], rule.kind, _text(value),
                               _text(season.cell(member.id, node.id).self_points), note,
                               rule_fingerprint(node, crit.maximum(node.id), target), _text(target)])
        else:
            ws.cell(row=rr, column=POINTS_COL, value=node_formula(season, node, POINTS_COL, rows))
        for col in range(1, last + 1):
            c = ws.cell(row=rr, column=col)
            c.border = xc.BOX
            if col >= 3 and col != NOTE_COL:
                c.font, c.alignment = font, xc.CENTER
                c.number_format = xc.COUNT_FORMAT if col in (4, FIGURE_COL) else xc.POINTS_FORMAT
    xc.text(ws, total_row, 2, "TỔNG CỘNG", xc.BOLD, xc.CENTER)
    ws.cell(row=total_row, column=3, value=xc.number(crit.max_total()))
    ws.cell(row=total_row, column=POINTS_COL, value=total_formula(season, POINTS_COL, rows))
    for col in range(1, last + 1):
        c = ws.cell(row=total_row, column=col)
        c.border, c.font = xc.BOX, xc.BOLD
        if col >= 3:
            c.alignment, c.number_format = xc.CENTER, xc.POINTS_FORMAT
    xc.signature(ws, total_row + 2, 4, last, f"TM. {member.display_full.upper()}", "")
    ws.row_dimensions[total_row + 2].height = 33
    xc.widths(ws, {1: 6, 2: 46, 3: 9, 4: 10, 5: 12, 6: 10, 7: 24})
    xc.print_setup(ws, landscape=False, title_rows=f"{header}:{header}", freeze=f"A{header + 1}")
    ws.protection.sheet = True
    ws.protection.formatColumns = False   # members may widen a column to read; not change cells
    ws.protection.formatRows = False
    ws.protection.selectLockedCells = False


def _sheet_title(name: str) -> str:
    title = "".join(ch for ch in name if ch not in "[]:*?/\\'").strip()[:31]
    return title if title and title.lower() != HIDDEN else "Đơn vị"


def build_form(season: Season, member_id: str) -> Workbook:
    """One member's form: its sheet, then the very hidden sheet that identifies it (text only)."""
    member = season.member(member_id)
    wb = Workbook()
    wb.remove(wb.active)
    index_rows: list[list[str]] = []
    _member_sheet(wb, season, member, index_rows)
    hidden = wb.create_sheet(HIDDEN)
    head = [MARKER, season.id, member.id, str(season.version), season.cluster_name, str(season.year),
            member.short_name]
    for c, value in enumerate(head, start=1):
        xc.text(hidden, 1, c, value)   # text, never a formula, whatever a name starts with
    for r, values in enumerate(index_rows, start=2):
        # one cell per input row (a JSON list of text): a returned form is read back in a fraction
        # of the time nine cells a row would take
        xc.text(hidden, r, 1, json.dumps(values, ensure_ascii=False))
    hidden.sheet_state = "veryHidden"
    hidden.protection.sheet = True
    wb.active = 0
    return wb


def form_file_name(season: Season, member) -> str:
    safe = re.sub(r'[<>:"/\\|?*\x00-\x1f]', "", member.short_name).strip(" .") or "don-vi"
    return f"Phiếu tự chấm {season.year} - {safe}.xlsx"


def write_member_form(season: Season, member_id: str, path: Path | str) -> Path:
    """One member's form at `path` (written whole or not at all)."""
    wb = build_form(season, member_id)
    xc.stamp(wb, season, "member-form", f"Phiếu tự chấm điểm thi đua năm {season.year}")
    with atomic_output(path) as tmp:
        wb.save(tmp)
    return Path(path)


def write_member_forms(season: Season, folder: Path | str, member_ids: list[str] | None = None) -> list[Path]:
    """One workbook per member in `folder`, named by member; all land or none does.

    Refused (SeasonLocked) when the season's scores are locked: a form could not come back.
    """
    season.require(Area.SCORES)
    folder = Path(folder)
    chosen = [m for m in season.members if member_ids is None or m.id in member_ids]
    names: dict[str, int] = {}
    paths = []
    for m in chosen:
        name = form_file_name(season, m)
        n = names.get(name.lower(), 0)
        names[name.lower()] = n + 1
        paths.append(folder / (name if not n else name.replace(".xlsx", f" ({n + 1}).xlsx")))
    books = [build_form(season, m.id) for m in chosen]
    for wb in books:
        xc.stamp(wb, season, "member-form", f"Phiếu tự chấm điểm thi đua năm {season.year}")
    with contextlib.ExitStack() as stack:
        for wb, path in zip(books, paths):
            wb.save(stack.enter_context(atomic_output(path)))
    return paths
