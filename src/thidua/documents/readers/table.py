"""Reading the scoring tables clusters already keep in Excel into plain data: members, criteria tree, scores, totals.

Pure reading: nothing here touches the database. `parse_table()` returns a `ParsedTable`
that services.imports turns into a season (and checks against the table's own totals).
Real tables vary, so the reader looks for meaning, not positions: the header row by its
words, group rows by their numbering, banded alternatives by their values, bonus and
deduction sections by their headings, the total and rank rows by their labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from openpyxl.utils import get_column_letter

from ..domain.points import ZERO, parse_number
from ..domain.text import fold
from .xlsx_safe import MAX_COLS, MAX_ROWS, Problem, WorkbookError, open_workbook

STEPS = (Decimal(1), Decimal("0.5"), Decimal("0.25"), Decimal("0.1"), Decimal("0.05"), Decimal("0.01"))

# numbering levels, outermost first; unnumbered rows sit with the dashes
LETTER, ROMAN, ARABIC, DOTTED, LOWER, DASH, PLUS = 0, 1, 2, 3, 5, 6, 7

_ROMAN = re.compile(r"^(?=[IVXL])(X{0,3})(IX|IV|V?I{0,3})\.?$")
_ARABIC = re.compile(r"^(\d{1,3})[.)]?$")
_DOTTED = re.compile(r"^\d{1,3}(\.\d{1,3})+\.?$")
_LOWER = re.compile(r"^[a-zđ][).]$|^[a-zđ]$")
_LETTER = re.compile(r"^[A-HJ-UWYZ]\.?$")
_BULLETS = "-–—−‐+*•◦·"
_PREFIXES = ("lien minh hop tac xa tinh", "lien minh hop tac xa thanh pho", "lien minh hop tac xa",
             "lien minh htx tinh", "lien minh htx thanh pho", "lien minh htx tp", "lien minh htx",
             "lm htx tinh", "lmhtx tinh", "lm htx", "lmhtx", "lmhtx tp", "tinh", "thanh pho", "tp.", "tp")


@dataclass
class ParsedMember:
    index: int
    column: str          # "D"
    header: str          # as printed: "LMHTX Kiên Giang"
    short_name: str      # "Kiên Giang"
    full_name: str       # "Liên minh HTX tỉnh Kiên Giang"


@dataclass
class ParsedNode:
    index: int
    parent: int | None
    code: str
    title: str
    kind: str                              # "group" | "choice" | "leaf"
    role: str                              # "normal" | "bonus" | "deduction"
    row: int
    printed_max: Decimal | None
    values: dict[int, Decimal | None]      # member index → printed points (subtotal for groups)
    max_points: Decimal | None = None      # leaves: the maximum; groups: an explicit cap
    step: Decimal = Decimal(1)
    level: int = 0
    children: list[int] = field(default_factory=list)


@dataclass
class ParsedTable:
    file: str
    sheet: str
    header_row: int
    heading: str                            # the title above the table ("BẢNG TỔNG HỢP … NĂM 2023")
    cluster_hint: str | None
    year_hint: int | None
    members: list[ParsedMember]
    nodes: list[ParsedNode]
    totals: dict[int, Decimal | None]       # the table's own TỔNG CỘNG row
    total_row: int | None
    printed_max_total: Decimal | None
    ranks: dict[int, int | None]
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def node(self, index: int) -> ParsedNode:
        return self.nodes[index]

    def roots(self) -> list[ParsedNode]:
        return [n for n in self.nodes if n.parent is None]

    def depth(self, node: ParsedNode) -> int:
        d = 0
        while node.parent is not None:
            node = self.nodes[node.parent]
            d += 1
        return d


# ---- small readers --------------------------------------------------------------------------
def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def short_member_name(header: str) -> tuple[str, str]:
    """'LMHTX Kiên Giang' / 'Liên minh HTX tỉnh Kiên Giang' → ('Kiên Giang', full name)."""
    words = header.split()
    folded = fold(header)
    cut = 0
    for prefix in _PREFIXES:
        if folded.startswith(prefix + " ") or folded == prefix:
            cut = len(prefix.split())
            break
    short = " ".join(words[cut:]).strip(" .-") or header.strip()
    city = "thanh pho" in folded or folded.startswith(("tp ", "tp.")) or " tp " in folded
    if cut and len(folded.split()) > cut and "lien minh" in folded and len(header.split()) > 3:
        full = header.strip()
    else:
        full = f"Liên minh HTX {'thành phố' if city else 'tỉnh'} {short}"
    return short, full


def _level(code: str, title: str) -> tuple[int | None, str, str]:
    """(numbering level or None for unnumbered, code as printed, title without its bullet)."""
    c = code.strip()
    t = title
    if not c and t[:1] in _BULLETS:
        c = t[0]
        t = t[1:].strip()
    if not c:
        m = re.match(r"^([a-zđ]\)|\d{1,3}(\.\d{1,3})*[.)]|[IVX]{1,4}\.)\s+(.*)$", t)
        if m:
            c, t = m.group(1), m.group(3)
    if not c:
        return None, "", t
    if c[0] in _BULLETS:
        return (PLUS if c[0] == "+" else DASH), c[0] if c[0] != "−" else "-", t
    if _ROMAN.match(c):
        return ROMAN, c.rstrip("."), t
    if _DOTTED.match(c):
        return DOTTED + c.rstrip(".").count(".") - 1, c.rstrip("."), t
    if _ARABIC.match(c):
        return ARABIC, c.rstrip(".)"), t
    if _LOWER.match(c):
        return LOWER, c if c.endswith(")") else c.rstrip(".") + ")", t
    if _LETTER.match(c):
        return LETTER, c.rstrip("."), t
    return DASH, c, t


def _role_of(title: str) -> str | None:
    f = fold(title)
    if "diem tru" in f or f.startswith("tru diem"):
        return "deduction"
    if "diem thuong" in f or "diem cong" in f or "cong diem" in f:
        return "bonus"
    return None


def _is_total(label: str) -> bool:
    f = fold(label)
    return f.startswith(("tong cong", "tong diem", "tong so diem", "cong tong", "tong so")) or f == "tong"


def _is_rank(label: str) -> bool:
    f = fold(label)
    return f.startswith(("xep hang", "xep thu", "thu hang", "hang"))


def _is_class(label: str) -> bool:
    return fold(label).startswith("xep loai")


def _is_subtotal(label: str) -> bool:
    f = fold(label)
    return f.startswith(("cong muc", "cong phan", "cong nhom", "cong (", "cong:", "cong ")) and \
        not f.startswith(("cong tac", "cong nghe", "cong khai", "cong bo", "cong nhan", "cong dong",
                          "cong diem"))


# ---- finding the table ----------------------------------------------------------------------
@dataclass
class _Header:
    row: int
    last_header_row: int
    stt_col: int | None
    title_col: int
    max_col: int | None
    notes_col: int | None
    member_cols: list[tuple[int, str]]


def _cell_texts(ws, row: int, max_col: int) -> dict[int, str]:
    out = {}
    for col in range(1, max_col + 1):
        v = ws.cell(row=row, column=col).value
        if v is not None and _text(v):
            out[col] = _text(v)
    return out


def _find_header(ws) -> _Header | None:
    max_col = min(ws.max_column or 1, MAX_COLS)
    for r in range(1, min(ws.max_row or 0, 60) + 1):
        texts = _cell_texts(ws, r, max_col)
        folded = {c: fold(t) for c, t in texts.items()}
        stt = next((c for c, f in folded.items() if f in ("stt", "tt", "so tt", "so thu tu")), None)
        title = next((c for c, f in folded.items() if ("noi dung" in f or "tieu chi" in f or "chi tieu" in f)
                      and c != stt), None)
        if title is None:
            continue
        if stt is None and not any("diem" in f for f in folded.values()):
            continue
        # a second header row: member names (or "tối đa") under a merged heading
        below = _cell_texts(ws, r + 1, max_col) if r + 1 <= (ws.max_row or 0) else {}
        two_rows = bool(below) and title not in below and not any(
            _safe_number(v) is not None and c in (stt, title) for c, v in below.items()) and \
            len([c for c in below if c > title]) >= 1 and \
            not any(fold(v) and _level(v, "")[0] is not None and c == stt for c, v in below.items())
        merged_heads = _merged_map(ws, r)
        names: dict[int, str] = {}
        for col in range(1, max_col + 1):
            top = texts.get(col) or merged_heads.get(col, "")
            low = below.get(col, "") if two_rows else ""
            names[col] = low or top
        max_c = next((c for c in range(title + 1, max_col + 1)
                      if any(k in fold(names.get(c, "") + " " + texts.get(c, ""))
                             for k in ("toi da", "diem chuan", "thang diem", "khung diem", "diem quy dinh",
                                       "so diem"))), None)
        notes = next((c for c in range(title + 1, max_col + 1) if fold(names.get(c, "")).startswith("ghi chu")),
                     None)
        start = (max_c or title) + 1
        members = []
        for col in range(start, max_col + 1):
            name = names.get(col, "")
            f = fold(name)
            if not name or col == notes or f.startswith(("ghi chu", "tong", "binh quan", "trung binh")):
                continue
            if _safe_number(name) is not None:
                continue
            members.append((col, name))
        return _Header(r, r + 1 if two_rows else r, stt, title, max_c, notes, members)
    return None


def _merged_map(ws, row: int) -> dict[int, str]:
    """Text of merged header cells spread over every column they cover on this row."""
    out: dict[int, str] = {}
    for rng in ws.merged_cells.ranges:
        if rng.min_row <= row <= rng.max_row:
            v = _text(ws.cell(row=rng.min_row, column=rng.min_col).value)
            for col in range(rng.min_col, rng.max_col + 1):
                out[col] = v
    return out


def _safe_number(value) -> Decimal | None:
    try:
        return parse_number(value)
    except (ValueError, ArithmeticError):
        return None


def _hints(ws, header_row: int) -> tuple[str, str | None, int | None]:
    heading, cluster, year = "", None, None
    for r in range(1, header_row):
        for cell in ws[r]:
            t = _text(cell.value)
            if not t:
                continue
            f = fold(t)
            if cluster is None and f.startswith("cum thi dua"):
                cluster = _cluster_name(t)
            if "bang" in f and ("diem" in f or "cham" in f) and not heading:
                heading = t
            m = re.search(r"nam\s+(\d{4})\b", f)
            if m and year is None and ("bang" in f or "diem" in f or "thi dua" in f):
                year = int(m.group(1))
    if year is None and heading:
        m = re.search(r"(19|20)\d{2}", heading)
        year = int(m.group(0)) if m else None
    return heading, cluster, year


def _cluster_name(printed: str) -> str:
    """'CỤM THI ĐUA CÁC TỈNH TÂY NAM BỘ' → 'Cụm thi đua các tỉnh Tây Nam Bộ'."""
    words = printed.split()
    if printed != printed.upper():
        return " ".join(words)
    lower = [w.lower() for w in words]
    out = []
    place = False
    for i, w in enumerate(lower):
        if i == 0:
            out.append(w.capitalize())
            continue
        if place:
            out.append(w.capitalize())
        else:
            out.append(w)
        if w in ("tỉnh", "thành", "khu", "vùng", "miền") or (i >= 2 and lower[i - 1] == "thi" and w == "đua"
                                                            and i + 1 < len(lower) and lower[i + 1] not in
                                                            ("các", "khối")):
            place = True
        if w == "thành":
            place = False
        if w == "phố":
            place = True
    return " ".join(out)


# ---- the parse ------------------------------------------------------------------------------
def parse_table(path: Path | str) -> ParsedTable:
    """Read the first sheet that holds a scoring table; raise WorkbookError when none does."""
    opened = open_workbook(path, data_only=True)
    wb = opened.workbook
    sheets = [ws for ws in wb.worksheets if ws.sheet_state == "visible"] + \
        [ws for ws in wb.worksheets if ws.sheet_state != "visible"]
    name = Path(path).name
    for ws in sheets:
        if not hasattr(ws, "merged_cells"):
            continue   # chartsheets
        header = _find_header(ws)
        if header is None:
            continue
        if not header.member_cols:
            raise WorkbookError("no_members", name, sheet=ws.title)
        parsed = _parse_sheet(ws, header, name)
        parsed.warnings = opened.warnings + parsed.warnings
        if not parsed.nodes:
            raise WorkbookError("no_criteria", name, sheet=ws.title)
        return parsed
    raise WorkbookError("no_table", name)


def _parse_sheet(ws, h: _Header, file_name: str) -> ParsedTable:
    heading, cluster, year = _hints(ws, h.row)
    members = []
    for i, (col, header) in enumerate(h.member_cols):
        short, full = short_member_name(header)
        members.append(ParsedMember(i, get_column_letter(col), header, short, full))
    seen: dict[str, int] = {}
    problems: list[Problem] = []
    for m in members:
        key = fold(m.short_name)
        if key in seen:
            problems.append(Problem(ws.title, h.row, m.column, f"tên đơn vị “{m.header}” bị trùng với cột "
                                                                f"{members[seen[key]].column}."))
        seen[key] = m.index
    nodes: list[ParsedNode] = []
    totals: dict[int, Decimal | None] = {}
    ranks: dict[int, int | None] = {}
    total_row = None
    printed_max_total = None
    stack: list[ParsedNode] = []
    top_level: int | None = None
    section_role: str | None = None
    last = min(ws.max_row or 0, h.last_header_row + MAX_ROWS)
    warnings: list[str] = []

    def number_at(row: int, col: int, what: str) -> Decimal | None:
        value = ws.cell(row=row, column=col).value
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            n = parse_number(value)
        except (ValueError, ArithmeticError):
            problems.append(Problem(ws.title, row, get_column_letter(col),
                                    f"{what} “{_text(value)}” không phải là số."))
            return None
        if n is not None and n != n.quantize(Decimal("0.01")):
            n = n.quantize(Decimal("0.01"))   # floats such as 83.49999999 from Excel's own sums
        return n

    for r in range(h.last_header_row + 1, last + 1):
        code_raw = _text(ws.cell(row=r, column=h.stt_col).value) if h.stt_col else ""
        title = _text(ws.cell(row=r, column=h.title_col).value)
        label = title or code_raw
        if total_row is not None and not _is_rank(label) and not _is_class(label):
            if not label:
                continue
            break   # after the total and rank rows: signatures and notes, the table is over
        if not title and not code_raw:
            if any(ws.cell(row=r, column=c).value not in (None, "") for c, _ in h.member_cols):
                problems.append(Problem(ws.title, r, None, "hàng có điểm nhưng không có nội dung tiêu chí."))
            continue
        # a numbering row "(1) (2) (3)" under the header
        if re.fullmatch(r"\(?\d{1,2}\)?", title) and (not code_raw or re.fullmatch(r"\(?\d{1,2}\)?", code_raw)):
            continue
        if _is_total(label):
            total_row = r
            printed_max_total = number_at(r, h.max_col, "điểm tối đa") if h.max_col else None
            for m, (col, _n) in zip(members, h.member_cols):
                totals[m.index] = number_at(r, col, "tổng điểm")
            continue
        if _is_rank(label):
            for m, (col, _n) in zip(members, h.member_cols):
                v = ws.cell(row=r, column=col).value
                n = _safe_number(v)
                ranks[m.index] = int(n) if n is not None and n == int(n) else None
            continue
        if _is_class(label) or (not code_raw and _is_subtotal(title)):
            continue
        level, code, clean = _level(code_raw, title)
        role = _role_of(clean)
        heading_row = role is not None and (level is None or level <= ARABIC) and not clean[:1].islower()
        if level is None:
            level = (top_level if top_level is not None else ROMAN) if heading_row else DASH
        if heading_row and (top_level is None or level <= top_level):
            section_role = role
        elif level is not None and top_level is not None and level <= top_level:
            section_role = None
        if top_level is None or level < top_level:
            top_level = level
        while stack and stack[-1].level >= level:
            stack.pop()
        parent = stack[-1] if stack else None
        values = {}
        for m, (col, _n) in zip(members, h.member_cols):
            values[m.index] = number_at(r, col, "điểm")
        node = ParsedNode(len(nodes), parent.index if parent else None, code, clean or code, "leaf",
                          role or (parent.role if parent else (section_role or "normal")), r,
                          number_at(r, h.max_col, "điểm tối đa") if h.max_col else None, values, level=level)
        if parent is not None:
            parent.children.append(node.index)
        nodes.append(node)
        stack.append(node)

    parsed = ParsedTable(file_name, ws.title, h.row, heading, cluster, year, members, nodes, totals, total_row,
                         printed_max_total, ranks, problems, warnings)
    _shape(parsed)
    return parsed


def _shape(parsed: ParsedTable) -> None:
    """Decide groups, alternative sets and leaves; maxima, caps and steps; check leaf values."""
    for node in reversed(parsed.nodes):   # children before parents
        if node.children:
            kids = [parsed.nodes[i] for i in node.children]
            node.kind = "choice" if _looks_like_choice(parsed, node, kids) else "group"
    for node in parsed.nodes:
        if node.kind == "leaf":
            _leaf_limits(parsed, node)
    for node in parsed.nodes:
        if node.kind == "group":
            kids = [parsed.nodes[i] for i in node.children]
            children_max = sum((_maximum(parsed, k) for k in kids if k.role != "deduction" or
                                node.role == "deduction"), ZERO)
            printed = node.printed_max
            if printed is not None and (node.role != "normal" or printed < children_max):
                node.max_points = printed
            elif printed is not None and printed > children_max:
                parsed.warnings.append(
                    f"Nhóm “{_label(node)}” (hàng {node.row}) ghi điểm tối đa {_p(printed)} nhưng các tiêu chí "
                    f"con cộng lại {_p(children_max)}; dùng {_p(children_max)}.")


def _maximum(parsed: ParsedTable, node: ParsedNode) -> Decimal:
    if node.kind == "leaf":
        return node.max_points or ZERO
    kids = [_maximum(parsed, parsed.nodes[i]) for i in node.children]
    if node.kind == "choice":
        return max(kids, default=ZERO)
    total = sum(kids, ZERO)
    return min(total, node.max_points) if node.max_points is not None else total


def _looks_like_choice(parsed: ParsedTable, node: ParsedNode, kids: list[ParsedNode]) -> bool:
    """Alternatives ('≥ 80 %: 4 points / 60–80 %: 3 / < 60 %: 2'): every member has points on one row at most,
    and the parent's maximum is the best alternative rather than the sum."""
    if len(kids) < 2 or any(k.children for k in kids):
        return False
    for m in parsed.members:
        if sum(1 for k in kids if k.values.get(m.index)) > 1:
            return False
    maxima = [k.printed_max for k in kids]
    if node.printed_max is not None and all(x is not None for x in maxima):
        return max(maxima) == node.printed_max and sum(maxima) != node.printed_max
    banded = sum(1 for k in kids if re.search(r"%|\btu\b|\bduoi\b|\btren\b|\bden\b|\bmuc\b", fold(k.title)))
    return banded == len(kids)


def _leaf_limits(parsed: ParsedTable, node: ParsedNode) -> None:
    observed = [v for v in node.values.values() if v is not None]
    printed = node.printed_max
    in_choice = node.parent is not None and parsed.nodes[node.parent].kind == "choice"
    for m in parsed.members:
        v = node.values.get(m.index)
        if v is None:
            continue
        column = _member_col(parsed, m.index)
        if v < 0:
            parsed.problems.append(Problem(parsed.sheet, node.row, column, f"điểm {_p(v)} âm; điểm trừ ghi số "
                                                                            "dương dưới mục “Điểm trừ”."))
        elif printed is not None and v > printed:
            parsed.problems.append(Problem(parsed.sheet, node.row, column,
                                           f"điểm {_p(v)} vượt điểm tối đa {_p(printed)} của “{_label(node)}”."))
    if printed is None or printed <= 0:
        top = max(observed, default=ZERO)
        cap = parsed.nodes[node.parent].printed_max if node.parent is not None else None
        node.max_points = max(top, cap or ZERO) or Decimal(1)
        if printed is None:
            parsed.warnings.append(f"Tiêu chí “{_label(node)}” (hàng {node.row}) không ghi điểm tối đa; "
                                   f"lấy {_p(node.max_points)}.")
    else:
        node.max_points = printed
    if in_choice:
        # an alternative is worth its points or nothing
        node.step = node.max_points
        return
    # the coarsest usual step that fits every printed value, but never coarser than 0.25 so
    # later corrections in the app are not needlessly refused
    values = observed + [node.max_points]
    node.step = next((s for s in STEPS[2:] if all(v % s == 0 for v in values)), Decimal("0.01"))


def _member_col(parsed: ParsedTable, index: int) -> str:
    return parsed.members[index].column


def _label(node: ParsedNode) -> str:
    return f"{node.code}. {node.title}" if node.code and node.code not in _BULLETS else node.title


def _p(value: Decimal | None) -> str:
    from ..domain.points import format_points

    return format_points(value)
