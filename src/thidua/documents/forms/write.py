"""Offline self-scoring forms ("phiếu tự chấm điểm"): written one sheet per member, read back as a checked preview.

Each member sheet is protected with only the score cells unlocked and validated (0…maximum,
in the criterion's step). A very hidden sheet carries the fingerprint: the season, the
criteria table's revision (a hash of its shape), and which member and criterion every input
cell belongs to. Reading checks all of that and every value, and returns the changes
(old → new) for the user to confirm; services.imports.apply_form_changes applies them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..domain.criteria import Kind
from ..domain.errors import DomainError
from ..domain.points import format_points, parse_number
from ..domain.season import Season
from . import xlsx_common as xc
from .xlsx_safe import Problem, WorkbookError, open_workbook

MARKER = "thidua-member-form/1"
HIDDEN = "_thidua"
INPUT_COL = 5           # A STT, B criterion, C maximum, D target, E self-score
UNLOCKED = Protection(locked=False)


def criteria_fingerprint(season: Season) -> str:
    """The criteria table's revision: any change of shape, maximum or step changes it."""
    h = hashlib.sha256()
    for node, depth in season.criteria.walk():
        h.update(repr((node.id, node.parent_id, depth, node.kind.value, node.role.value,
                       node.method.value if node.method else None, str(season.criteria.maximum(node.id)),
                       str(node.step), tuple((str(b.threshold), str(b.points)) for b in node.bands),
                       str(node.per_item), str(node.exceed_cap))).encode())
    return h.hexdigest()


def _sheet_title(name: str, taken: set[str]) -> str:
    base = "".join(ch for ch in name if ch not in '[]:*?/\\').strip()[:28] or "Đơn vị"
    title, n = base, 2
    while title.lower() in taken:
        title = f"{base[:26]} {n}"
        n += 1
    taken.add(title.lower())
    return title


def _validation(maximum: Decimal, step: Decimal, ref: str) -> DataValidation:
    mx = format_points(maximum, ".")
    cents = int(step * 100)
    formula = f"AND(ISNUMBER({ref}),{ref}>=0,{ref}<={mx},MOD(ROUND({ref}*100,0),{cents})=0)"
    dv = DataValidation(type="custom", formula1=formula, allow_blank=True, showErrorMessage=True,
                        showInputMessage=True, errorStyle="stop")
    dv.errorTitle = "Điểm không hợp lệ"
    dv.error = f"Nhập điểm từ 0 đến {format_points(maximum)}, theo bước {format_points(step)}."
    dv.promptTitle = "Điểm tự chấm"
    dv.prompt = f"Từ 0 đến {format_points(maximum)} (bước {format_points(step)})."
    return dv


def _member_sheet(wb: Workbook, season: Season, member, title: str, index_rows: list) -> None:
    ws = wb.create_sheet(title)
    crit = season.criteria
    last = INPUT_COL
    row = xc.header_block(ws, season, last, split=3)
    row = xc.title(ws, row + 1, last, f"PHIẾU TỰ CHẤM ĐIỂM THI ĐUA NĂM {season.year}")
    row = xc.title(ws, row, last, f"Đơn vị: {member.display_full}", xc.BOLD, 18)
    row = xc.status_line(ws, season, row, last)
    xc.text(ws, row, 1, "Chỉ nhập điểm vào các ô màu vàng ở cột “Điểm tự chấm”; các ô khác đã khóa. "
                        "Lưu tệp rồi gửi lại cho Cụm trưởng.", xc.SMALL_ITALIC, xc.LEFT)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
    ws.row_dimensions[row].height = 28
    header = row + 1
    for col, label in enumerate(("STT", "Nội dung và tiêu chí thi đua", "Điểm tối đa", "Chỉ tiêu đăng ký",
                                 "Điểm tự chấm"), start=1):
        c = xc.text(ws, header, col, label, xc.BOLD, xc.CENTER)
        c.border, c.fill = xc.BOX, xc.HEADER_FILL
    ws.row_dimensions[header].height = 33
    rows: dict[str, int] = {}
    r = header + 1
    walk = list(crit.walk())
    for node, _d in walk:
        rows[node.id] = r
        r += 1
    total_row = r
    validations: dict[tuple[str, str], DataValidation] = {}
    for node, depth in walk:
        rr = rows[node.id]
        leaf = node.kind is Kind.LEAF
        font = xc.NORMAL if leaf else xc.BOLD
        cells = [xc.text(ws, rr, 1, node.code, font, xc.CENTER),
                 xc.text(ws, rr, 2, node.title, font, xc.Alignment(horizontal="left", vertical="center",
                                                                  wrap_text=True, indent=depth))]
        cells.append(ws.cell(row=rr, column=3, value=xc.number(crit.maximum(node.id))))
        target = season.figure(member.id, node.id).target if leaf else None
        cells.append(ws.cell(row=rr, column=4, value=xc.number(target)))
        lines = xc.line_count(node.title, 50 - depth * 1.5, bold=not leaf)
        if lines > 1:
            ws.row_dimensions[rr].height = 15.75 * lines + 2
        ref = f"E{rr}"
        if leaf:
            c = ws.cell(row=rr, column=INPUT_COL, value=xc.number(season.cell(member.id, node.id).self_points))
            c.protection = UNLOCKED
            c.fill = xc.INPUT_FILL
            key = (str(crit.maximum(node.id)), str(node.step))
            dv = validations.get(key)
            if dv is None:
                # one rule per (maximum, step); its formula is relative to the rule's top-left
                # cell, which is this first (topmost) one
                dv = validations[key] = _validation(crit.maximum(node.id), node.step, ref)
                ws.add_data_validation(dv)
            dv.add(ref)
            index_rows.append((ws.title, member.id, rr, node.id))
        else:
            from .xlsx_scoring import node_formula
            c = ws.cell(row=rr, column=INPUT_COL,
                        value=node_formula(season, node, INPUT_COL, rows))
        cells.append(c)
        for cell in cells[2:]:
            cell.font = font
            cell.alignment = xc.CENTER
            cell.number_format = xc.POINTS_FORMAT if cell.column != 4 else xc.COUNT_FORMAT
        for cell in cells:
            cell.border = xc.BOX
    from .xlsx_scoring import total_formula
    xc.text(ws, total_row, 2, "TỔNG CỘNG", xc.BOLD, xc.CENTER)
    ws.cell(row=total_row, column=3, value=xc.number(crit.max_total()))
    ws.cell(row=total_row, column=INPUT_COL, value=total_formula(season, INPUT_COL, rows))
    for col in range(1, last + 1):
        c = ws.cell(row=total_row, column=col)
        c.border, c.font = xc.BOX, xc.BOLD
        if col >= 3:
            c.alignment, c.number_format = xc.CENTER, xc.POINTS_FORMAT
    xc.signature(ws, total_row + 2, 3, last, f"TM. {member.display_full.upper()}", "")
    ws.row_dimensions[total_row + 2].height = 33
    xc.widths(ws, {1: 6, 2: 50, 3: 12, 4: 14, 5: 14})
    xc.print_setup(ws, landscape=False, title_rows=f"{header}:{header}", freeze=f"A{header + 1}")
    ws.protection.sheet = True
    ws.protection.formatColumns = False   # members may widen a column to read; not change cells
    ws.protection.selectLockedCells = False


def build_forms(season: Season, member_ids: list[str] | None = None) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = {HIDDEN.lower()}
    index_rows: list[tuple[str, str, int, str]] = []
    chosen = [m for m in season.members if member_ids is None or m.id in member_ids]
    for member in chosen:
        _member_sheet(wb, season, member, _sheet_title(member.short_name, taken), index_rows)
    hidden = wb.create_sheet(HIDDEN)
    hidden.append([MARKER, season.id, criteria_fingerprint(season), season.cluster_name, season.year])
    for sheet, member_id, row, criterion_id in index_rows:
        hidden.append([sheet, member_id, row, criterion_id])
    hidden.sheet_state = "veryHidden"
    hidden.protection.sheet = True
    wb.active = 0
    return wb


def write_member_forms(season: Season, path: Path | str, member_ids: list[str] | None = None) -> None:
    """One workbook, one protected sheet per member (or only the members named)."""
    wb = build_forms(season, member_ids)
    xc.stamp(wb, season, "member-forms", f"Phiếu tự chấm điểm thi đua năm {season.year}")
    xc.save(wb, path)


def write_member_form(season: Season, member_id: str, path: Path | str) -> None:
    write_member_forms(season, path, [member_id])


# ---- reading back ---------------------------------------------------------------------------
@dataclass(frozen=True)
class FormChange:
    member_id: str
    member: str
    criterion_id: str
    code: str
    title: str
    old: Decimal | None
    new: Decimal | None
    sheet: str
    cell: str


@dataclass
class FormReading:
    """What a returned form would change, and why it cannot (if it cannot)."""

    file: str
    changes: list[FormChange] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def read_member_forms(path: Path | str, season: Season) -> FormReading:
    """Check a returned form against `season` and list its changes (old → new); nothing is written."""
    from ..wording import explain

    opened = open_workbook(path, data_only=True, read_only=True)
    wb = opened.workbook
    name = Path(path).name
    out = FormReading(name)
    try:
        if HIDDEN not in wb.sheetnames:
            raise WorkbookError("not_a_form", name)
        index = list(wb[HIDDEN].iter_rows(values_only=True))
        if not index or not index[0] or index[0][0] != MARKER or len(index[0]) < 3:
            raise WorkbookError("not_a_form", name)
        _marker, season_id, fingerprint, cluster, year = (list(index[0]) + [None] * 5)[:5]
        if season_id != season.id:
            raise WorkbookError("wrong_season", name, message=(
                f"Phiếu “{name}” là của kỳ thi đua {cluster or '?'} năm {year or '?'}, không phải "
                f"{season.cluster_name} năm {season.year}. Không có gì được ghi."))
        if fingerprint != criteria_fingerprint(season):
            raise WorkbookError("stale_form", name, message=(
                f"Bảng tiêu chí đã thay đổi sau khi xuất phiếu “{name}”. Hãy xuất phiếu mới gửi đơn vị "
                "chấm lại; không có gì được ghi."))
        by_sheet: dict[str, list[tuple[str, int, str]]] = {}
        for row in index[1:]:
            if not row or row[0] is None:
                continue
            sheet, member_id, r, criterion_id = (list(row) + [None] * 4)[:4]
            by_sheet.setdefault(str(sheet), []).append((str(member_id), int(r), str(criterion_id)))
        members = {m.id: m for m in season.members}
        for sheet, cells in by_sheet.items():
            if sheet not in wb.sheetnames:
                out.problems.append(Problem(sheet, None, None, "trang tính này đã bị xóa khỏi phiếu."))
                continue
            values = _column_values(wb[sheet], INPUT_COL)
            chosen: dict[tuple[str, str], list[int]] = {}
            for member_id, r, criterion_id in cells:
                member = members.get(member_id)
                if member is None:
                    out.problems.append(Problem(sheet, None, None, "đơn vị của phiếu không còn trong kỳ thi đua."))
                    break
                if member.short_name not in out.members:
                    out.members.append(member.short_name)
                leaf = season.criteria.get(criterion_id)
                raw = values.get(r)
                col = get_column_letter(INPUT_COL)
                try:
                    new = parse_number(raw) if not (isinstance(raw, str) and not raw.strip()) else None
                except (ValueError, ArithmeticError):
                    out.problems.append(Problem(sheet, r, col, f"“{raw}” không phải là số điểm."))
                    continue
                if new is not None:
                    try:
                        new = leaf.check_points(new)
                    except DomainError as exc:
                        out.problems.append(Problem(sheet, r, col, f"{_label(season, leaf)}: {explain(exc)}"))
                        continue
                choice = season.criteria.choice_of(leaf.id)
                if choice is not None and new:
                    chosen.setdefault((member_id, choice.id), []).append(r)
                old = season.cell(member_id, criterion_id).self_points
                if old == new:
                    out.unchanged += 1
                    continue
                out.changes.append(FormChange(member_id, member.short_name, leaf.id,
                                              season.criteria.path_code(leaf.id), leaf.title, old, new,
                                              sheet, f"{col}{r}"))
            for (member_id, choice_id), rs in chosen.items():
                if len(rs) > 1:
                    out.problems.append(Problem(sheet, rs[0], get_column_letter(INPUT_COL),
                                                f"“{_label(season, season.criteria.get(choice_id))}” chỉ được "
                                                f"chọn một mức, phiếu ghi điểm ở {len(rs)} mức "
                                                f"(hàng {', '.join(map(str, rs))})."))
    except WorkbookError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise WorkbookError("not_a_form", name) from exc
    finally:
        wb.close()
    return out


def _column_values(ws, col: int) -> dict[int, object]:
    out = {}
    for r, row in enumerate(ws.iter_rows(min_col=col, max_col=col, values_only=True), start=1):
        if row and row[0] is not None:
            out[r] = row[0]
    return out


def _label(season: Season, node) -> str:
    code = season.criteria.path_code(node.id)
    return f"{code} {node.title}" if code else node.title


def explain_reading(reading: FormReading) -> list[str]:
    """The refusal and its reasons, by sheet, row and column."""
    if reading.ok:
        return []
    return [f"Phiếu “{reading.file}” có {len(reading.problems)} lỗi nên chưa ghi gì; hãy sửa rồi gửi lại:"] + \
        [f"  - {p.sentence()}" for p in reading.problems]
