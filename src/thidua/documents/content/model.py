"""The content of one official paper as a tree of plain values: what it says, not how it is laid out.

A builder in this package turns a season into a `Document` once; the PDF, workbook, Word and print
renderers only lay that tree out. Every text in it is final Vietnamese (numbers and dates already
formatted), so two renderers of the same document can never disagree on a word or a figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Union

from ..signoff.marks import Marks

COUNTRY = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
DRAFT = "DỰ THẢO"


@dataclass(frozen=True)
class Run:
    """A piece of text in a paragraph or cell with its own weight or slant."""

    text: str
    bold: bool = False
    italic: bool = False


# a cell or paragraph: plain text, or runs for mixed bold/italic ("\n" breaks a line in both)
Text = Union[str, tuple[Run, ...]]


def plain(text: Text) -> str:
    return text if isinstance(text, str) else "".join(r.text for r in text)


@dataclass(frozen=True)
class Header:
    """The Decree-30 block: parent and issuing body with the number on the left, motto and dateline right."""

    parent_body: str            # "LIÊN MINH HTX VIỆT NAM"
    issuer: str                 # "CỤM THI ĐUA CÁC TỈNH ĐỒNG BẰNG SÔNG HỒNG"
    number: str | None          # "Số: 01/BB-CTĐ"; None for a paper without a number line
    dateline: str | None        # "Ninh Bình, ngày 15 tháng 12 năm 2017"; None when printed elsewhere
    country: str = COUNTRY
    motto: str = MOTTO


@dataclass(frozen=True)
class Title:
    name: str                   # "BIÊN BẢN" (capitals already)
    summary: str = ""           # "Họp bình xét thi đua năm 2017"
    note: str = ""              # "(Kèm theo Biên bản số 01/BB-CTĐ ngày 15/12/2017 …)", italic


@dataclass(frozen=True)
class Heading:
    text: str                   # "I. THÀNH PHẦN THAM DỰ"


@dataclass(frozen=True)
class Para:
    """A paragraph. Styles: body (justified, first line indented), plain (flush left), item (indented
    list line), note (italic, smaller), address ("Kính gửi: …", centred), centre (bold, centred)."""

    text: Text
    style: str = "body"


@dataclass(frozen=True)
class Column:
    label: str
    width: float                # millimetres at the paper's own size; renderers scale to fit
    align: str = "C"            # "L" or "C"


@dataclass(frozen=True)
class Row:
    cells: tuple[Text, ...]
    bold: bool = False
    keep_with_next: bool = False   # a group heading: never the last row on a page
    indent: int = 0                # depth of a criterion title (the second column)
    # the exact points a cell's text prints (None: a text, or nothing), for a renderer that keeps numbers
    # (the workbook): the one computation of each figure, so the text and the number cannot disagree
    figures: tuple[Decimal | None, ...] = ()


@dataclass(frozen=True)
class Table:
    """A ruled table. With `fixed` > 0 the columns after the first `fixed` are one per member and are
    split across pages when they do not fit, the fixed columns repeated (print titles)."""

    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    fixed: int = 0
    size: float = 11            # preferred font size (pt); never below 10
    continued: str = ""         # "Bảng chấm điểm": the line above each further chunk of members
    sheet: str = ""             # the worksheet a workbook puts it on (its first table names the sheet)

    def chunk(self, start: int, stop: int) -> "Table":
        """The fixed columns and member columns [start, stop) (indices among the member columns)."""
        f = self.fixed
        cols = self.columns[:f] + self.columns[f + start:f + stop]
        rows = tuple(replace(r, cells=r.cells[:f] + r.cells[f + start:f + stop],
                             figures=r.figures[:f] + r.figures[f + start:f + stop] if r.figures else ())
                     for r in self.rows)
        return replace(self, columns=cols, rows=rows)

    @property
    def members(self) -> int:
        return len(self.columns) - self.fixed if self.fixed else 0

    def runs(self, per_page: int) -> list[tuple[int, int]]:
        """Member columns in runs of at most `per_page`, balanced (9 + 9, not 10 + 8): (start, stop) pairs."""
        n = self.members
        count = max(1, -(-n // max(1, per_page)))
        size = -(-n // count) if n else 1
        return [(i, min(n, i + size)) for i in range(0, n, size)] or [(0, 0)]


@dataclass(frozen=True)
class Signer:
    """One signature block: titles in capitals, the space to sign, the name in bold."""

    titles: tuple[str, ...]     # ("TM. CỤM THI ĐUA", "CỤM TRƯỞNG") or ("THƯ KÝ",)
    name: str
    role: str = "head"          # where a digital signature goes: head, chair, secretary, member
    signable: bool = True       # the digital signature's box is recorded for this block


@dataclass(frozen=True)
class Closing:
    """The foot of a paper: the dateline (when not in the header), "Nơi nhận" and the signers.

    One signer stands right of "Nơi nhận"; two stand side by side with "Nơi nhận" below them.
    """

    signers: tuple[Signer, ...]
    recipients: tuple[str, ...] = ()
    dateline: str = ""


@dataclass(frozen=True)
class SignerGrid:
    """Many signature blocks under a heading, `columns` to a row (the covenant's members)."""

    heading: str
    signers: tuple[Signer, ...]
    columns: int = 3


Block = Union[Heading, Para, Table, Closing, SignerGrid]


@dataclass(frozen=True)
class Document:
    kind: str                   # "minutes", "ranking", …
    title: str                  # the paper's name in running text ("Biên bản họp bình xét thi đua")
    header: Header
    heading: Title
    body: tuple[Block, ...]
    marks: Marks
    content_sha256: str         # the season's content as written (equals marks.sha256 once signed)
    landscape: bool = False
    cluster: str = ""
    year: int = 0
    facts: dict = field(default_factory=dict, compare=False)   # named values a Word template may use

    def tables(self) -> list[Table]:
        return [b for b in self.body if isinstance(b, Table)]

    def texts(self) -> list[str]:
        """Every text the paper shows, in reading order (what the cross-format test compares)."""
        h = self.header
        out = [h.parent_body, h.issuer]
        out += [h.number] if h.number else []
        out += [h.country, h.motto] + ([h.dateline] if h.dateline else [])
        out += [t for t in (self.heading.name, self.heading.summary, self.heading.note) if t]
        for block in self.body:
            out += block_texts(block)
        return out


def block_texts(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return [block.text]
    if isinstance(block, Para):
        return [plain(block.text)]
    if isinstance(block, Table):
        return [c.label for c in block.columns] + [plain(c) for r in block.rows for c in r.cells if plain(c)]
    if isinstance(block, Closing):
        out = [block.dateline] if block.dateline else []
        if block.recipients:
            out += ["Nơi nhận:"] + [f"- {r}" for r in block.recipients]
        for s in block.signers:
            out += list(s.titles) + ([s.name] if s.name else [])
        return out
    if isinstance(block, SignerGrid):
        out = [block.heading]
        for s in block.signers:
            out += list(s.titles) + ([s.name] if s.name else [])
        return out
    return []
