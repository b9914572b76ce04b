"""Reading the scoring tables clusters already keep (.xlsx, .xls, .ods) into plain data: members, criteria, scores.

Pure reading: nothing here touches the database. `parse_table()` returns a `ParsedTable`
that services.imports turns into a season and checks against the table's own totals and
group subtotals. Real tables vary, so the reader looks for meaning, never positions:

- the header row by its words (an STT column, a content column, a maximum column and one
  column per member), on whichever sheet holds the table — never a merged title above it;
- headers over two or three rows ("Điểm chấm của các đơn vị" over the member names, or a
  member name merged over "Tự chấm" | "Cụm chấm" sub-columns: both are read);
- the other way round: a summary with one row per member and one column per criterion group;
- group rows by their numbering (I, 1, 1.1, a), –, +, unnumbered), banded alternatives by
  their values, bonus and deduction sections by their headings (deductions may be negative);
- the total, rank and classification rows by their labels in any case; signature lines and
  notes under the table end it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from openpyxl.utils import get_column_letter

from ... import wording
from ...domain.points import POINTS_DECIMALS, POINTS_LIMIT, ZERO, bounds_problem, parse_number
from ...domain.text import fold
from .grid import Sheet, load_book
from .safe import MAX_COLS, MAX_ROWS, Deadline, Problem, WorkbookError

STEPS = (Decimal(1), Decimal("0.5"), Decimal("0.25"), Decimal("0.1"), Decimal("0.05"), Decimal("0.01"))
HEADER_SEARCH = 60          # rows searched for the header
HEADER_DEPTH = 3            # rows a header may continue over below its first row

# numbering levels, outermost first; unnumbered rows sit with the dashes
LETTER, ROMAN, ARABIC, DOTTED, LOWER, DASH, PLUS = 0, 1, 2, 3, 5, 6, 7

_ROMAN = re.compile(r"^(?=[IVXL])(X{0,3})(IX|IV|V?I{0,3})\.?$")
_ARABIC = re.compile(r"^(\d{1,3})[.)]?$")
_DOTTED = re.compile(r"^\d{1,3}(\.\d{1,3})+\.?$")
_LOWER = re.compile(r"^[a-zđ][).]$|^[a-zđ]$")
_LETTER = re.compile(r"^[A-HJ-UWYZ]\.?$")
_IN_TITLE = re.compile(r"^([a-zđ][).]|\d{1,3}(\.\d{1,3})*[.)]|[IVX]{1,4}\.)\s+(.*)$")
_BULLETS = "-–—−‐+*•◦·"
_DASHES = {"-", "–", "—", "−", "‐", "x", "X"}   # printed where a member has nothing on a row
_PREFIXES = ("lien minh hop tac xa tinh", "lien minh hop tac xa thanh pho", "lien minh hop tac xa",
             "lien minh htx tinh", "lien minh htx thanh pho", "lien minh htx tp.", "lien minh htx tp",
             "lien minh htx", "lm htx tinh", "lmhtx tinh", "lm htx tp", "lmhtx tp", "lm htx", "lmhtx",
             "tinh", "thanh pho", "tp.", "tp")

_CONTENT = ("noi dung", "tieu chi", "chi tieu thi dua", "ten chi tieu", "cac chi tieu", "linh vuc thi dua")
_MAXIMUM = ("toi da", "diem chuan", "thang diem", "khung diem", "diem quy dinh", "so diem", "diem toi")
_SELF = ("tu cham", "tu danh gia", "don vi cham")
_AGREED = ("cum cham", "tham dinh", "cum tham dinh", "cum thong nhat", "thong nhat", "cham lai", "hoi dong",
           "ket qua cham", "diem cum")
_GENERIC = ("cac don vi", "don vi thanh vien", "diem cham", "ket qua", "diem so", "diem dat", "so diem dat",
            "diem cua")
_SKIP = ("tong", "binh quan", "trung binh", "xep hang", "xep thu", "thu hang", "xep loai", "ty le")
_MEMBER_HEAD = ("don vi", "ten don vi", "don vi thanh vien", "cac don vi", "ten don vi thanh vien",
                "lien minh htx", "tinh", "tinh, thanh pho", "tinh/thanh pho", "tinh thanh", "dia phuong")
_SIGNATURE = ("tm.", "tm ", "t/m", "nguoi lap", "cum truong", "cum pho", "chu tri", "thu ky", "noi nhan",
              "(ky", "ky ten", "xac nhan", "ghi chu:", "luu y:", "truong ban", "chu tich")


@dataclass
class ParsedMember:
    index: int
    column: str | None        # the agreed (final) score column: "D"; for a summary, the total column
    header: str               # as printed: "LMHTX Kiên Giang"
    short_name: str           # "Kiên Giang"
    full_name: str            # "Liên minh HTX tỉnh Kiên Giang"
    self_column: str | None = None   # "Tự chấm" sub-column, when the table has one
    row: int | None = None    # a summary's row for this member


@dataclass
class ParsedNode:
    index: int
    parent: int | None
    code: str
    title: str
    kind: str                              # "group" | "choice" | "leaf"
    role: str                              # "normal" | "bonus" | "deduction"
    row: int                               # where it is printed (a summary: the header row)
    printed_max: Decimal | None
    values: dict[int, Decimal | None]      # member → agreed points (a group: the printed subtotal)
    self_values: dict[int, Decimal | None] = field(default_factory=dict)
    max_points: Decimal | None = None      # leaves: the maximum; groups: an explicit cap
    step: Decimal = Decimal(1)
    level: int = 0
    children: list[int] = field(default_factory=list)
    column: str | None = None              # a summary's column for this criterion


@dataclass(frozen=True)
class ColumnRole:
    """Which column is which, as the preview shows it."""

    column: str
    role: str          # "stt" | "content" | "maximum" | "notes" | "agreed" | "self" | "member" | "total" | "rank"
    label: str


@dataclass(frozen=True)
class PrintedSubtotal:
    """A 'Cộng mục …' row: the printed subtotal of a group, to check against the computed one."""

    row: int
    node: int
    values: dict
    self_values: dict


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
    totals: dict[int, Decimal | None]       # the table's own total row (agreed)
    total_row: int | None
    printed_max_total: Decimal | None
    ranks: dict[int, int | None]
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    self_totals: dict[int, Decimal | None] = field(default_factory=dict)
    columns: list[ColumnRole] = field(default_factory=list)
    subtotals: list[PrintedSubtotal] = field(default_factory=list)
    layout: str = "columns"                 # "columns": a column per member; "rows": a row per member
    rank_row: int | None = None
    total_column: str | None = None         # a summary's total column
    rank_column: str | None = None

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

    @property
    def has_self(self) -> bool:
        return any(m.self_column for m in self.members)

    def cell(self, node: ParsedNode | None, member: int, self_score: bool = False,
             row: int | None = None) -> str | None:
        """Where a member's figure on a row is printed ('E12'); None when the table has no such cell."""
        m = self.members[member]
        if self.layout == "rows":
            column = node.column if node is not None else self.total_column
            return f"{column}{m.row}" if column and m.row else None
        column = m.self_column if self_score else m.column
        row = row if row is not None else (node.row if node is not None else None)
        return f"{column}{row}" if column and row else None


# ---- small readers --------------------------------------------------------------------------
def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    return " ".join(str(value).split())


def short_member_name(header: str) -> tuple[str, str]:
    """'LMHTX Kiên Giang' / 'Liên minh HTX tỉnh Kiên Giang' / 'TỈNH NGHỆ AN' → ('Kiên Giang', full name)."""
    words = header.split()
    folded = fold(header)
    cut = 0
    for prefix in _PREFIXES:
        if folded.startswith(prefix + " ") or folded == prefix:
            cut = len(prefix.split())
            break
    short = " ".join(words[cut:]).strip(" .-:") or header.strip()
    if short == short.upper() and short != short.lower():
        short = short.title()   # names printed in capitals: "NGHỆ AN" → "Nghệ An"
    city = folded.startswith(("thanh pho", "tp ", "tp.")) or " thanh pho " in f" {folded} " or \
        re.search(r"\btp\b", folded) is not None
    if cut and "lien minh" in folded and len(words) > 3 and header != header.upper():
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
        m = _IN_TITLE.match(t)
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
    return f.startswith(("tong cong", "tong diem", "tong so diem", "cong tong", "tong so", "tong:")) or f == "tong"


def _is_rank(label: str) -> bool:
    f = fold(label)
    return f.startswith(("xep hang", "xep thu", "thu hang", "hang")) and not f.startswith("hang muc")


def _is_class(label: str) -> bool:
    return fold(label).startswith("xep loai")


def _is_subtotal(label: str) -> bool:
    f = fold(label)
    return f.startswith(("cong muc", "cong phan", "cong nhom", "cong (", "cong:", "cong ")) and \
        not f.startswith(("cong tac", "cong nghe", "cong khai", "cong bo", "cong nhan", "cong dong",
                          "cong diem", "cong van", "cong trinh", "cong ty"))


def _is_signature(label: str) -> bool:
    f = fold(label)
    return f.startswith(_SIGNATURE) or bool(re.match(r"^.{0,30}ngay .{0,6}thang .{0,6}nam", f))


def _is_number_label(text: str) -> bool:
    return bool(re.fullmatch(r"\(?\d{1,2}\)?|\(?[a-zA-Z]\)|\d{1,2}\s*=.*", text.strip()))


def _has(folded: str, words: tuple[str, ...]) -> bool:
    return any(w in folded for w in words)


# ---- finding the header ---------------------------------------------------------------------
@dataclass
class _Header:
    layout: str
    row: int
    last_row: int
    score: int
    stt_col: int | None
    title_col: int                           # the content column, or a summary's member column
    max_col: int | None
    notes_col: int | None
    members: list[tuple[str, int | None, int | None]]   # (name, agreed column, self column)
    criteria: list[tuple[int, str]] = field(default_factory=list)   # a summary's (column, label)
    total_col: int | None = None
    rank_col: int | None = None
    ignored: list[tuple[int, str]] = field(default_factory=list)


def _row_texts(sheet: Sheet, row: int) -> dict[int, str]:
    out = {}
    for col in range(1, min(sheet.cols, MAX_COLS) + 1):
        t = _text(sheet.value(row, col))
        if t:
            out[col] = t
    return out


def _covered_from_above(merges: dict, row: int, col: int | None) -> bool:
    if col is None:
        return True
    m = merges.get((row, col))
    return m is not None and m[0] < row


def _header_rows(sheet: Sheet, row: int, stt: int | None, title: int, merges: dict) -> int:
    """The last row of a header starting at `row`: rows below continue it while they only name columns."""
    last = row
    for r in range(row + 1, row + HEADER_DEPTH + 1):
        own_title = sheet.value(r, title) is not None and not _covered_from_above(merges, r, title)
        own_stt = stt is not None and sheet.value(r, stt) is not None and not _covered_from_above(merges, r, stt)
        if own_title or own_stt:
            break
        texts = [t for c, t in _row_texts(sheet, r).items() if c > title]
        if not texts or any(_number(t) is not None or _is_number_label(t) for t in texts):
            break
        last = r
    return last


def _labels(sheet: Sheet, first: int, last: int, col: int, merges: dict) -> list[str]:
    """The header's words for one column, top to bottom, merged cells read from where they start."""
    out: list[str] = []
    for r in range(first, last + 1):
        m = merges.get((r, col))
        t = _text(sheet.value(m[0], m[1])) if m else _text(sheet.value(r, col))
        if t and (not out or out[-1] != t):
            out.append(t)
    return out


def _find_headers(sheet: Sheet) -> list[_Header]:
    found = []
    last_row = min(sheet.rows, HEADER_SEARCH)
    merges = sheet.merged_in(1, last_row + HEADER_DEPTH)
    for r in range(1, last_row + 1):
        texts = _row_texts(sheet, r)
        if len(texts) < 2:
            continue
        folded = {c: fold(t) for c, t in texts.items()}
        header = _columns_header(sheet, r, texts, folded, merges) or _rows_header(sheet, r, texts, folded, merges)
        if header is not None:
            found.append(header)
    return found


def _columns_header(sheet: Sheet, r: int, texts: dict, folded: dict, merges: dict) -> _Header | None:
    stt = next((c for c, f in folded.items() if f in ("stt", "tt", "so tt", "so thu tu")), None)
    title = next((c for c, f in folded.items() if _has(f, _CONTENT) and len(f) <= 80 and c != stt
                  and not f.startswith(("bang", "ket qua", "bieu"))), None)
    if title is None:
        return None
    span = merges.get((r, title))
    if span is not None and span[3] - span[1] >= 2:
        return None   # a title merged across the table, not a column heading
    last = _header_rows(sheet, r, stt, title, merges)
    max_c = notes = None
    member_cols: list[tuple[int, list[str]]] = []
    ignored: list[tuple[int, str]] = []
    for col in range(title + 1, min(sheet.cols, MAX_COLS) + 1):
        labels = _labels(sheet, r, last, col, merges)
        if not labels:
            continue
        joined = fold(" ".join(labels))
        if max_c is None and not member_cols and _has(joined, _MAXIMUM):
            max_c = col
        elif fold(labels[-1]).startswith("ghi chu") or joined.startswith("ghi chu"):
            notes = notes or col
        elif fold(labels[-1]).startswith(_SKIP) or _is_number_label(labels[-1]) or \
                _number(labels[-1]) is not None:
            ignored.append((col, labels[-1]))
        else:
            member_cols.append((col, labels))
    members = _group_members(member_cols)
    if not members or (stt is None and max_c is None):
        return None
    score = 10 + (2 if stt else 0) + (3 if max_c else 0) + min(len(members), 10) + (1 if notes else 0)
    return _Header("columns", r, last, score, stt, title, max_c, notes, members, ignored=ignored)


def _sub_kind(label: str) -> str | None:
    f = fold(label)
    if _has(f, _SELF):
        return "self"
    if _has(f, _AGREED):
        return "agreed"
    return None


def _group_members(cols: list[tuple[int, list[str]]]) -> list[tuple[str, int | None, int | None]]:
    """Member columns by name: a name merged over 'Tự chấm' | 'Cụm chấm' is one member with two columns."""
    members: list[tuple[str, int | None, int | None]] = []
    for col, labels in cols:
        kind = _sub_kind(labels[-1]) if len(labels) > 1 else None
        names = [t for t in (labels[:-1] if kind else labels) if not _has(fold(t), _GENERIC) or _looks_named(t)]
        name = names[-1] if names else labels[-1]
        if kind is None and len(labels) == 1:
            kind = None
        if members and members[-1][0] == name and kind is not None:
            prev_name, agreed, own = members[-1]
            if kind == "self" and own is None:
                members[-1] = (prev_name, agreed, col)
                continue
            if kind == "agreed" and agreed is None:
                members[-1] = (prev_name, col, own)
                continue
        members.append((name, col if kind != "self" else None, col if kind == "self" else None))
    return members


def _looks_named(text: str) -> bool:
    """'Liên minh HTX tỉnh Nghệ An' names a member even though it holds 'đơn vị'-like words."""
    f = fold(text)
    return f.startswith(("lien minh", "lmhtx", "lm htx", "tinh ", "thanh pho", "tp"))


def _rows_header(sheet: Sheet, r: int, texts: dict, folded: dict, merges: dict) -> _Header | None:
    """A summary: a member column, then one column per criterion group, maybe a total and a rank."""
    who = next((c for c, f in folded.items() if f in _MEMBER_HEAD or f.startswith(("ten don vi", "don vi "))), None)
    if who is None:
        return None
    stt = next((c for c, f in folded.items() if f in ("stt", "tt", "so tt", "so thu tu")), None)
    last = _header_rows(sheet, r, stt, who, merges)
    criteria, ignored = [], []
    total = rank = notes = None
    for col in range(who + 1, min(sheet.cols, MAX_COLS) + 1):
        labels = _labels(sheet, r, last, col, merges)
        if not labels:
            continue
        label = labels[-1] if not _has(fold(labels[-1]), _GENERIC) else " ".join(labels)
        f = fold(label)
        if _is_total(label) or f.startswith("cong"):
            total = total or col
        elif _is_rank(label):
            rank = rank or col
        elif f.startswith("ghi chu"):
            notes = notes or col
        elif _is_class(label) or _is_number_label(label) or _number(label) is not None:
            ignored.append((col, label))
        else:
            criteria.append((col, label))
    if len(criteria) < 2:
        return None
    score = 8 + min(len(criteria), 10) + (2 if total else 0) + (1 if rank else 0)
    return _Header("rows", r, last, score, stt, who, None, notes, [], criteria, total, rank, ignored)


# ---- numbers --------------------------------------------------------------------------------
def _number(value) -> Decimal | None:
    """A number in a header cell, or None (never raises)."""
    try:
        n = parse_number(value)
    except (ValueError, ArithmeticError):
        return None
    return n if n is not None and n.is_finite() and abs(n) < POINTS_LIMIT * 100 else None


class _Cells:
    """Reads points from a sheet, collecting one problem per cell that is not a usable number."""

    def __init__(self, sheet: Sheet, problems: list[Problem]) -> None:
        self.sheet = sheet
        self.problems = problems

    def points(self, row: int, col: int | None, what: str) -> Decimal | None:
        if col is None:
            return None
        value = self.sheet.value(row, col)
        if value is None:
            return None
        if isinstance(value, str) and value.strip() in _DASHES | {""}:
            return None
        where = get_column_letter(col)
        try:
            n = parse_number(value)
        except (ValueError, ArithmeticError):
            self.problems.append(Problem(self.sheet.name, row, where,
                                         wording.reading("cell_not_number", what=what, value=_text(value)[:40])))
            return None
        if n is None:
            return None
        problem = bounds_problem(n, POINTS_LIMIT, POINTS_DECIMALS)
        if problem in ("not_finite", "too_large"):
            self.problems.append(Problem(self.sheet.name, row, where,
                                         wording.reading("cell_too_large", what=what, value=_text(value)[:40])))
            return None
        if n != n.quantize(Decimal("0.01")):
            n = n.quantize(Decimal("0.01"))   # floats such as 83.49999999 from Excel's own sums
        return n

    def rank(self, row: int, col: int | None) -> int | None:
        n = _number(self.sheet.value(row, col)) if col is not None else None
        return int(n) if n is not None and n == int(n) and 0 < n < 100_000 else None


# ---- hints above the table ------------------------------------------------------------------
def _hints(sheet: Sheet, header_row: int) -> tuple[str, str | None, int | None]:
    heading, cluster, year = "", None, None
    for r in range(1, header_row):
        for _c, t in sorted(_row_texts(sheet, r).items()):
            f = fold(t)
            if cluster is None and f.startswith("cum thi dua"):
                cluster = _cluster_name(t)
            if "bang" in f and ("diem" in f or "cham" in f) and not heading:
                heading = t
            m = re.search(r"nam\s+(\d{4})\b", f)
            if m and year is None and ("bang" in f or "diem" in f or "thi dua" in f or "ket qua" in f):
                year = int(m.group(1))
    if year is None and heading:
        m = re.search(r"(19|20)\d{2}", heading)
        year = int(m.group(0)) if m else None
    if year is not None and not 1900 <= year <= 2200:
        year = None
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
        out.append(w.capitalize() if place else w)
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
def parse_table(path: Path | str, seconds: float | None = None) -> ParsedTable:
    """Read the sheet that holds a scoring table; raise WorkbookError with one sentence when none does."""
    book = load_book(path, seconds)
    deadline = Deadline(book.name, seconds)
    order = [s for s in book.sheets if s.visible] + [s for s in book.sheets if not s.visible]
    best: tuple | None = None
    refusal: WorkbookError | None = None
    for position, sheet in enumerate(order):
        deadline.check()
        headers = sorted(_find_headers(sheet), key=lambda h: (-h.score, h.row))
        for header in headers[:3]:
            try:
                parsed = _parse_sheet(sheet, header, book.name, deadline)
            except WorkbookError as exc:
                refusal = refusal or exc
                continue
            rank = (sheet.visible, len(parsed.nodes) >= 2, header.score, len(parsed.nodes), -position)
            if best is None or rank > best[0]:
                best = (rank, parsed)
            break
    if best is None:
        if refusal is not None:
            raise refusal
        raise WorkbookError("no_table", book.name)
    parsed = best[1]
    parsed.warnings = book.warnings + parsed.warnings
    return parsed


def _member_list(sheet: Sheet, h: _Header, problems: list[Problem]) -> list[ParsedMember]:
    members = []
    seen: dict[str, ParsedMember] = {}
    for i, (header, agreed, own) in enumerate(h.members):
        short, full = short_member_name(header)
        m = ParsedMember(i, get_column_letter(agreed) if agreed else None, header, short, full,
                         get_column_letter(own) if own else None)
        key = fold(short)
        if key in seen:
            problems.append(Problem(sheet.name, h.row, m.column or m.self_column,
                                    wording.reading("member_twice", header=header,
                                                    other=seen[key].column or seen[key].self_column)))
        seen[key] = m
        members.append(m)
    return members


def _columns_of(h: _Header, members: list[ParsedMember], sheet: Sheet) -> list[ColumnRole]:
    cols = []
    if h.stt_col:
        cols.append(ColumnRole(get_column_letter(h.stt_col), "stt", _text(sheet.value(h.row, h.stt_col))))
    cols.append(ColumnRole(get_column_letter(h.title_col), "content" if h.layout == "columns" else "names",
                           _text(sheet.value(h.row, h.title_col))))
    if h.max_col:
        cols.append(ColumnRole(get_column_letter(h.max_col), "maximum", _text(sheet.value(h.row, h.max_col))))
    for m in members if h.layout == "columns" else ():
        if m.self_column:
            cols.append(ColumnRole(m.self_column, "self", m.header))
        if m.column:
            cols.append(ColumnRole(m.column, "agreed" if m.self_column else "member", m.header))
    for col, label in h.criteria:
        cols.append(ColumnRole(get_column_letter(col), "criterion", label))
    if h.total_col:
        cols.append(ColumnRole(get_column_letter(h.total_col), "total", _text(sheet.value(h.row, h.total_col))))
    if h.rank_col:
        cols.append(ColumnRole(get_column_letter(h.rank_col), "rank", _text(sheet.value(h.row, h.rank_col))))
    if h.notes_col:
        cols.append(ColumnRole(get_column_letter(h.notes_col), "notes", _text(sheet.value(h.row, h.notes_col))))
    for col, label in h.ignored:
        cols.append(ColumnRole(get_column_letter(col), "ignored", label))
    return sorted(cols, key=lambda c: (len(c.column), c.column))


def _parse_sheet(sheet: Sheet, h: _Header, file_name: str, deadline: Deadline) -> ParsedTable:
    problems: list[Problem] = []
    heading, cluster, year = _hints(sheet, h.row)
    if h.layout == "rows":
        parsed = _parse_summary(sheet, h, file_name, deadline, problems)
    else:
        members = _member_list(sheet, h, problems)
        parsed = ParsedTable(file_name, sheet.name, h.row, heading, cluster, year, members, [], {}, None, None, {},
                             problems, columns=_columns_of(h, members, sheet))
        _parse_rows(sheet, h, parsed, deadline)
    parsed.heading, parsed.cluster_hint, parsed.year_hint = heading, cluster, year
    if not parsed.members:
        raise WorkbookError("no_members", file_name, sheet=sheet.name, row=h.row)
    if not parsed.nodes:
        raise WorkbookError("no_criteria", file_name, sheet=sheet.name, row=h.row)
    _shape(parsed)
    return parsed


def _parse_rows(sheet: Sheet, h: _Header, parsed: ParsedTable, deadline: Deadline) -> None:
    cells = _Cells(sheet, parsed.problems)
    members = parsed.members
    agreed_cols = [(m.index, _col(m.column)) for m in members]
    self_cols = [(m.index, _col(m.self_column)) for m in members if m.self_column]
    stack: list[ParsedNode] = []
    top_level: int | None = None
    section_role: str | None = None
    ended = False
    for r in range(h.last_row + 1, sheet.rows + 1):
        if r % 64 == 0:
            deadline.check()
        code_raw = _text(sheet.value(r, h.stt_col)) if h.stt_col else ""
        title = _text(sheet.value(r, h.title_col))
        label = title or code_raw or _first_text(sheet, r, h.title_col)
        if parsed.total_row is not None and not _is_rank(label) and not _is_class(label):
            if not label:
                continue
            ended = True
            break   # after the total and rank rows: signatures and notes, the table is over
        if not title and not code_raw:
            if not label:
                values = [sheet.value(r, c) for _i, c in agreed_cols + self_cols if sheet.value(r, c) is not None]
                words = [v for v in values if _number(v) is None and _text(v) not in _DASHES]
                if values and len(words) == len(values) and parsed.nodes:
                    ended = True   # a signature line under the member columns
                    break
                if values and not words:
                    parsed.problems.append(Problem(sheet.name, r, None, wording.reading("points_without_criterion")))
                continue
            if _is_signature(label):
                if parsed.nodes:
                    ended = True
                    break
                continue
            if not (_is_total(label) or _is_rank(label) or _is_class(label)):
                continue
        if _is_number_label(title) and (not code_raw or _is_number_label(code_raw)):
            continue   # a numbering row "(1) (2) (3)" under the header
        if _is_total(label):
            parsed.total_row = r
            parsed.printed_max_total = cells.points(r, h.max_col, wording.reading("what_maximum"))
            what = wording.reading("what_total")
            parsed.totals = {i: cells.points(r, c, what) for i, c in agreed_cols}
            parsed.self_totals = {i: cells.points(r, c, what) for i, c in self_cols}
            continue
        if _is_rank(label):
            parsed.rank_row = r
            parsed.ranks = {i: cells.rank(r, c) for i, c in agreed_cols}
            continue
        if _is_class(label):
            continue
        if parsed.nodes and _is_signature(label):
            ended = True
            break
        if not code_raw and _is_subtotal(title):
            if stack:
                group = next((n for n in stack if n.level == top_level), stack[0])
                what = wording.reading("what_subtotal")
                parsed.subtotals.append(PrintedSubtotal(
                    r, group.index, {i: _abs_if(group.role, cells.points(r, c, what)) for i, c in agreed_cols},
                    {i: _abs_if(group.role, cells.points(r, c, what)) for i, c in self_cols}))
            continue
        level, code, clean = _level(code_raw, title)
        role = _role_of(clean)
        heading_row = role is not None and (level is None or level <= ARABIC) and not clean[:1].islower()
        if level is None:
            level = (top_level if top_level is not None else ROMAN) if heading_row else DASH
        if heading_row and (top_level is None or level <= top_level):
            section_role = role
        elif top_level is not None and level <= top_level:
            section_role = None
        if top_level is None or level < top_level:
            top_level = level
        while stack and stack[-1].level >= level:
            stack.pop()
        parent = stack[-1] if stack else None
        node_role = role or (parent.role if parent else (section_role or "normal"))
        what = wording.reading("what_points")
        values = {i: cells.points(r, c, what) for i, c in agreed_cols}
        self_values = {i: cells.points(r, c, what) for i, c in self_cols}
        printed_max = cells.points(r, h.max_col, wording.reading("what_maximum"))
        if node_role == "deduction":   # deductions typed as negative numbers are deductions all the same
            values = {i: _abs_if(node_role, v) for i, v in values.items()}
            self_values = {i: _abs_if(node_role, v) for i, v in self_values.items()}
            printed_max = _abs_if(node_role, printed_max)
        node = ParsedNode(len(parsed.nodes), parent.index if parent else None, code, clean or code, "leaf",
                          node_role, r, printed_max, values, self_values, level=level)
        if parent is not None:
            parent.children.append(node.index)
        parsed.nodes.append(node)
        stack.append(node)
    if not ended and parsed.total_row is None and sheet.truncated and parsed.nodes and \
            parsed.nodes[-1].row >= sheet.rows - HEADER_SEARCH:
        # the table runs on to the last row read: what lies beyond would be cut off unseen
        raise WorkbookError("too_many_rows", parsed.file, sheet=sheet.name, limit=MAX_ROWS)


def _first_text(sheet: Sheet, row: int, upto: int) -> str:
    for c in range(1, upto):
        t = _text(sheet.value(row, c))
        if t:
            return t
    return ""


def _col(letter: str | None) -> int | None:
    if not letter:
        return None
    from openpyxl.utils import column_index_from_string

    return column_index_from_string(letter)


def _abs_if(role: str, value: Decimal | None) -> Decimal | None:
    return abs(value) if value is not None and role == "deduction" else value


# ---- a summary: one row per member ----------------------------------------------------------
_MAX_IN_LABEL = re.compile(r"\(\s*(?:tối đa|toi da|tđ)?\s*([\d.,]+)\s*(?:điểm|diem|đ)?\s*\)|"
                           r"(?:tối đa|toi da)\s*:?\s*([\d.,]+)|([\d.,]+)\s*(?:điểm|đ)\s*$", re.IGNORECASE)


def _parse_summary(sheet: Sheet, h: _Header, file_name: str, deadline: Deadline,
                   problems: list[Problem]) -> ParsedTable:
    cells = _Cells(sheet, problems)
    parsed = ParsedTable(file_name, sheet.name, h.row, "", None, None, [], [], {}, None, None, {}, problems,
                         layout="rows", total_column=get_column_letter(h.total_col) if h.total_col else None,
                         rank_column=get_column_letter(h.rank_col) if h.rank_col else None)
    maxima: dict[int, Decimal | None] = {}
    nodes = []
    section_role = None
    for col, label in h.criteria:
        code, title = "", label
        m = re.match(r"^([IVX]{1,4}|\d{1,2}|[A-H])[.)]\s*(.*)$", label)
        if m:
            code, title = m.group(1), m.group(2)
        found = _MAX_IN_LABEL.search(title)
        if found:
            maxima[col] = _number(next(g for g in found.groups() if g))
            title = (title[:found.start()] + title[found.end():]).strip(" :-–,")
        role = _role_of(title) or section_role or "normal"
        nodes.append(ParsedNode(len(nodes), None, code, title or label, "leaf", role, h.row, None, {}, {},
                                column=get_column_letter(col)))
    first_body = h.last_row + 1
    # a row of maxima just under the header ("Điểm tối đa" / "Điểm chuẩn")
    for r in range(first_body, min(first_body + 2, sheet.rows + 1)):
        label = _text(sheet.value(r, h.title_col)) or _first_text(sheet, r, h.title_col)
        if _has(fold(label), _MAXIMUM):
            for col, _l in h.criteria:
                maxima[col] = cells.points(r, col, wording.reading("what_maximum"))
            parsed.printed_max_total = cells.points(r, h.total_col, wording.reading("what_maximum"))
            first_body = r + 1
    for node, (col, _l) in zip(nodes, h.criteria):
        node.printed_max = _abs_if(node.role, maxima.get(col))
    members: list[ParsedMember] = []
    seen: dict[str, ParsedMember] = {}
    blank_run = 0
    for r in range(first_body, sheet.rows + 1):
        if r % 64 == 0:
            deadline.check()
        name = _text(sheet.value(r, h.title_col))
        label = name or _first_text(sheet, r, h.title_col)
        if not label:
            blank_run += 1
            if members and blank_run >= 2:
                break
            continue
        blank_run = 0
        if _is_total(label) or _is_signature(label) or fold(label).startswith(("cong", "binh quan", "trung binh")):
            if members:
                break
            continue
        if not name or _number(name) is not None:
            continue
        short, full = short_member_name(name)
        m = ParsedMember(len(members), parsed.total_column, name, short, full, row=r)
        key = fold(short)
        if key in seen:
            problems.append(Problem(sheet.name, r, get_column_letter(h.title_col),
                                    wording.reading("member_twice_row", header=name, other=seen[key].row)))
        seen[key] = m
        members.append(m)
        what = wording.reading("what_points")
        for node, (col, _l) in zip(nodes, h.criteria):
            node.values[m.index] = _abs_if(node.role, cells.points(r, col, what))
        if h.total_col:
            parsed.totals[m.index] = cells.points(r, h.total_col, wording.reading("what_total"))
        if h.rank_col:
            parsed.ranks[m.index] = cells.rank(r, h.rank_col)
    else:
        if sheet.truncated and members and members[-1].row >= sheet.rows - HEADER_SEARCH:
            raise WorkbookError("too_many_rows", file_name, sheet=sheet.name, limit=MAX_ROWS)
    parsed.members = members
    parsed.nodes = nodes
    parsed.total_row = None
    parsed.columns = _columns_of(h, members, sheet)
    return parsed


# ---- shaping the tree -----------------------------------------------------------------------
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
                parsed.warnings.append(wording.reading("group_max_differs", label=_label(node), row=node.row,
                                                       printed=wording.p(printed), children=wording.p(children_max)))


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
        for values in ("values", "self_values"):
            if sum(1 for k in kids if getattr(k, values).get(m.index)) > 1:
                return False
    maxima = [k.printed_max for k in kids]
    if node.printed_max is not None and all(x is not None for x in maxima):
        return max(maxima) == node.printed_max and sum(maxima) != node.printed_max
    banded = sum(1 for k in kids if re.search(r"%|\btu\b|\bduoi\b|\btren\b|\bden\b|\bmuc\b", fold(k.title)))
    return banded == len(kids)


def _leaf_limits(parsed: ParsedTable, node: ParsedNode) -> None:
    printed = node.printed_max
    in_choice = node.parent is not None and parsed.nodes[node.parent].kind == "choice"
    observed = []
    for self_score, values in ((False, node.values), (True, node.self_values)):
        for index, v in values.items():
            if v is None:
                continue
            observed.append(v)
            column, row = _where(parsed, node, index, self_score)
            if v < 0:
                parsed.problems.append(Problem(parsed.sheet, row, column,
                                               wording.reading("cell_negative", value=wording.p(v))))
            elif printed is not None and v > printed:
                parsed.problems.append(Problem(parsed.sheet, row, column, wording.reading(
                    "cell_above_max", value=wording.p(v), maximum=wording.p(printed), label=_label(node))))
    if printed is None or printed <= 0:
        top = max(observed, default=ZERO)
        cap = parsed.nodes[node.parent].printed_max if node.parent is not None else None
        node.max_points = max(top, cap or ZERO) or Decimal(1)
        if printed is None:
            parsed.warnings.append(wording.reading("leaf_without_max", label=_label(node), row=node.row,
                                                   maximum=wording.p(node.max_points)))
    else:
        node.max_points = printed
    if in_choice:
        node.step = node.max_points   # an alternative is worth its points or nothing
        return
    # the coarsest usual step that fits every printed value, but never coarser than 0.25 so
    # later corrections in the app are not needlessly refused
    values = observed + [node.max_points]
    node.step = next((s for s in STEPS[2:] if all(v % s == 0 for v in values)), Decimal("0.01"))


def _where(parsed: ParsedTable, node: ParsedNode, member: int, self_score: bool) -> tuple[str | None, int | None]:
    m = parsed.members[member]
    if parsed.layout == "rows":
        return node.column, m.row
    return (m.self_column if self_score else m.column), node.row


def _label(node: ParsedNode) -> str:
    return f"{node.code}. {node.title}" if node.code and node.code not in _BULLETS else node.title
