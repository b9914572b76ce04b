"""Lays a paper's content (content.model.Document) out as reportlab flowables on Decree-30 pages."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table,
                                TableStyle)

from ..content import words
from ..content.model import (Closing, Document, Header, Heading, Para, Row, Run, Signer, SignerGrid, Table as Grid_,
                             Text, Title, plain)
from .grid import Grid, GridRow
from .page import FONT, bold, build_pdf, italic, register_fonts, style, text_width

LAYOUT = [("FONT", (0, 0), (-1, -1), FONT, 12), ("VALIGN", (0, 0), (-1, -1), "TOP"),
          ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
          ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]
SIGN_SPACE = 66          # pt between a signer's title and name: room for a hand or digital signature
MIN_MEMBER_W, MAX_MEMBER_W, MIN_TITLE_W = 15 * mm, 22 * mm, 70 * mm
INDENT = 6               # pt per level of a criterion title


def markup(text: Text) -> str:
    """Paragraph markup for plain text or runs ("\n" becomes a line break)."""
    if isinstance(text, str):
        return escape(text).replace("\n", "<br/>")
    out = []
    for run in text:
        t = escape(run.text).replace("\n", "<br/>")
        if run.italic:
            t = f"<i>{t}</i>"
        if run.bold:
            t = f"<b>{t}</b>"
        out.append(t)
    return "".join(out)


def _p(text: Text, st) -> Paragraph:
    return Paragraph(markup(text), st)


# ---- the Decree-30 blocks -----------------------------------------------------------------------
class _Rule(Flowable):
    """A short centred line under the issuing body, the motto or the summary (Decree 30 draws one there)."""

    def __init__(self, line: float, gap: float = 2) -> None:
        super().__init__()
        self.line, self.gap = line, gap

    def wrap(self, avail_w, avail_h):
        self.avail = avail_w
        return avail_w, self.gap + 2

    def draw(self) -> None:
        self.canv.setLineWidth(0.6)
        x = (self.avail - self.line) / 2
        self.canv.line(x, 2, x + self.line, 2)


def header_block(h: Header, width: float) -> Table:
    """Top left: parent body, issuing body (bold) and the number; top right: the motto and the dateline."""
    register_fonts()
    issuer_w = max(pdfmetrics.stringWidth(line, bold(), 12) for line in h.issuer.split("\n"))
    country_w = pdfmetrics.stringWidth(h.country, bold(), 12)
    # the left column as wide as the issuing body's longest line, the right one as the national name
    left_w = min(max(width * 0.42, issuer_w + 8), width - country_w - 8)
    right_w = min(width - left_w, 112 * mm)
    c12 = style("hdr12", 12, TA_CENTER, leading=14)
    c12b = style("hdr12b", 12, TA_CENTER, font=bold(), leading=14)
    left = [_p(h.parent_body, c12), _p(h.issuer, c12b), _Rule(min(issuer_w, left_w) / 3)]
    if h.number is not None:
        left += [Spacer(1, 4), _p(h.number, style("hdr13", 13, TA_CENTER, leading=16))]
    right = [_p(h.country, c12b), _p(h.motto, style("hdr13b", 13, TA_CENTER, font=bold(), leading=15)),
             _Rule(pdfmetrics.stringWidth(h.motto, bold(), 13), gap=1), Spacer(1, 5)]
    if h.dateline:
        right.append(_p(h.dateline, style("dateline", 13, TA_CENTER, font=italic(), leading=16)))
    t = Table([[left, "", right]], colWidths=[left_w, width - left_w - right_w, right_w])
    t.setStyle(TableStyle(LAYOUT))
    return t


def title_block(t: Title) -> list:
    """The paper's name in bold capitals, its summary in bold below (Decree 30, items 5a/5b)."""
    out = [Spacer(1, 14), _p(t.name, style("title", 14, TA_CENTER, font=bold(), leading=17))]
    if t.summary:
        out.append(_p(t.summary, style("subtitle", 14, TA_CENTER, font=bold(), leading=17)))
        out.append(_Rule(min(pdfmetrics.stringWidth(t.summary, bold(), 14), 300) / 2, gap=3))
    if t.note:
        out += [Spacer(1, 2), _p(t.note, style("attached", 12, TA_CENTER, font=italic(), leading=15))]
    out.append(Spacer(1, 10))
    return out


PARA_STYLES = {
    "body": lambda: style("body", 13, space_after=6, first_indent=10 * mm),
    "plain": lambda: style("plain", 13, TA_LEFT, leading=16, space_after=3),
    "item": lambda: style("item", 13, TA_LEFT, leading=16, space_after=2, left_indent=10 * mm),
    "note": lambda: style("note", 11, TA_LEFT, font=italic(), leading=14, space_after=2),
    "address": lambda: style("address", 14, TA_CENTER, leading=18, space_after=10),
    "centre": lambda: style("centre", 13, TA_CENTER, font=bold(), leading=16, space_after=8),
}


class SignatureSpace(Flowable):
    """The blank where a hand signature (or the digital signature's stamp) goes; records where it landed."""

    def __init__(self, boxes: list | None, role: str, width: float, height: float = SIGN_SPACE) -> None:
        super().__init__()
        self.boxes, self.role, self.width, self.height = boxes, role, width, height

    def wrap(self, avail_w, avail_h):
        self.width = avail_w   # the whole column, so a stamp centred in the box is centred in the block
        return self.width, self.height

    def draw(self) -> None:
        if self.boxes is None:
            return
        x, y = self.canv.absolutePosition(0, 0)
        self.boxes.append((self.canv.getPageNumber(), round(x, 2), round(y, 2), round(x + self.width, 2),
                           round(y + self.height, 2), self.role))


def signer_column(s: Signer, boxes: list, size: float = 13) -> list:
    st = style(f"sig{size}", size, TA_CENTER, font=bold(), leading=size * 1.23)
    out: list = [_p(t, st) for t in s.titles]
    out.append(SignatureSpace(boxes if s.signable else None, s.role, 0))
    out.append(_p(s.name, st))
    return out


def recipients_column(lines) -> list:
    """'Nơi nhận:' in bold italic 12 pt, then the recipients in 11 pt (Decree 30)."""
    out = [Paragraph("<b><i>Nơi nhận:</i></b>", style("rcp_h", 12, TA_LEFT, leading=14))]
    out += [_p(f"- {line}", style("rcp", 11, TA_LEFT, leading=13)) for line in lines]
    return out


def _columns(cells: list, widths: list[float]) -> Table:
    t = Table([cells], colWidths=widths)
    t.setStyle(TableStyle(LAYOUT))
    return t


def closing_block(c: Closing, width: float, boxes: list) -> list:
    out: list = []
    if c.dateline:
        out.append(_p(c.dateline, style("cl_date", 13, TA_CENTER, font=italic(), leading=16, space_after=6)))
    if len(c.signers) == 1:
        right = signer_column(c.signers[0], boxes)
        if c.dateline:
            right = [out.pop()] + right
        out.append(_columns([recipients_column(c.recipients) if c.recipients else "", right],
                            [width * 0.5, width * 0.5]))
        return out
    n = len(c.signers)
    out.append(_columns([signer_column(s, boxes) for s in c.signers], [width / n] * n))
    if c.recipients:
        out += [Spacer(1, 10)] + recipients_column(c.recipients)
    return out


def signer_grid(g: SignerGrid, width: float) -> list:
    out: list = [Spacer(1, 12), _p(g.heading, PARA_STYLES["centre"]())]
    cells = [signer_column(s, [], 11) for s in g.signers]
    cols = g.columns
    rows = [cells[i:i + cols] + [""] * (cols - len(cells[i:i + cols])) for i in range(0, len(cells), cols)]
    if rows:
        t = Table(rows, colWidths=[width / cols] * cols)
        t.setStyle(TableStyle(LAYOUT + [("BOTTOMPADDING", (0, 0), (-1, -1), 10)]))
        out.append(t)
    return out


# ---- tables ------------------------------------------------------------------------------------
def small_table(t: Grid_, width: float) -> Table:
    """A ruled table of paragraphs, header repeated on each page it runs over."""
    size = max(10, t.size)
    head = style(f"th{size}", size, TA_CENTER, font=bold(), leading=size * 1.2)
    cell = {a: style(f"td{size}{a}", size, TA_LEFT if a == "L" else TA_CENTER, leading=size * 1.2)
            for a in ("L", "C")}
    total = sum(c.width for c in t.columns)
    widths = [width * c.width / total for c in t.columns]
    rows = [[_p(c.label, head) for c in t.columns]]
    for r in t.rows:
        rows.append([_p(_bold(v) if r.bold else v, cell[c.align]) for v, c in zip(r.cells, t.columns)])
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "#000000"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("BACKGROUND", (0, 0), (-1, 0), "#eeeeee"),
                               ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                               ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                               ("FONT", (0, 0), (-1, -1), FONT, size)]))
    return table


def _bold(v: Text) -> Text:
    return (Run(v, bold=True),) if isinstance(v, str) else tuple(Run(r.text, True, r.italic) for r in v)


def member_chunks(t: Grid_, width: float) -> list[tuple[int, int]]:
    """Runs of member columns that fit beside the fixed ones (the title column at least MIN_TITLE_W)."""
    others = sum(c.width for i, c in enumerate(t.columns[:t.fixed]) if i != 1) * mm
    return t.runs(int((width - others - MIN_TITLE_W) // MIN_MEMBER_W))


def wide_table(t: Grid_, width: float, cache: dict) -> list:
    """The member-column table in chunks, each with the fixed columns repeated and a 'continued' line."""
    out: list = []
    size = max(10, t.size)
    for index, (start, stop) in enumerate(member_chunks(t, width)):
        part = t.chunk(start, stop)
        if index:
            out.append(PageBreak())
            out.append(_p(words.continued(t.continued, start + 1, stop, t.members),
                          style("cont", 12, TA_LEFT, font=bold(), leading=15, space_after=6)))
        others = sum(c.width for i, c in enumerate(part.columns[:t.fixed]) if i != 1) * mm
        member_w = min(MAX_MEMBER_W, (width - others - MIN_TITLE_W) / max(1, stop - start))
        title_w = width - others - member_w * (stop - start)
        widths = [c.width * mm for c in part.columns[:t.fixed]] + [member_w] * (stop - start)
        widths[1] = title_w
        rows = [GridRow(tuple(_wrapped(r, i, widths[i], size, cache) for i in range(len(r.cells))), r.bold,
                        r.keep_with_next) for r in part.rows]
        out.append(Grid([c.label for c in part.columns], rows, widths, [c.align for c in part.columns], FONT,
                        bold(), size))
    return out


def _wrapped(row: Row, i: int, width: float, size: float, cache: dict) -> str:
    """A cell's text wrapped to its column once (plain lines draw fast: a 63-member table has 17,000 cells)."""
    text = plain(row.cells[i])
    indent = row.indent if i == 1 else 0
    key = (text, row.bold, indent, width)
    out = cache.get(key)
    if out is None:
        lines = simpleSplit(text, bold() if row.bold else FONT, size, width - 6 - INDENT * indent) or [""]
        out = "\n".join(" " * (2 * indent) + line if indent else line for line in lines)
        cache[key] = out
    return out


# ---- the document ----------------------------------------------------------------------------------
def story(doc: Document, boxes: list) -> list:
    width = text_width(doc)
    out: list = [header_block(doc.header, width)] + title_block(doc.heading)
    cache: dict = {}
    for i, block in enumerate(doc.body):
        following = doc.body[i + 1] if i + 1 < len(doc.body) else None
        if isinstance(block, Heading):
            head = Paragraph(f"<b>{escape(block.text)}</b>",
                             style("heading", 13, TA_LEFT, leading=16, space_before=10, space_after=4))
            head.keepWithNext = True
            out.append(head)
        elif isinstance(block, Para):
            par = _p(block.text, PARA_STYLES[block.style]())
            # the line introducing a table never stays behind at the foot of a page
            par.keepWithNext = isinstance(following, Grid_) and not following.fixed
            out.append(par)
        elif isinstance(block, Grid_):
            out += wide_table(block, width, cache) if block.fixed else [small_table(block, width), Spacer(1, 6)]
        elif isinstance(block, Closing):
            # the signatures never stand alone on a page: the paragraph before them goes along
            last = []
            while out and isinstance(out[-1], Spacer):
                last.insert(0, out.pop())
            if len(out) > 1 and not isinstance(out[-1], PageBreak):
                last.insert(0, out.pop())
                # and what was kept with that (a heading above a table) goes along too
                while len(out) > 1 and getattr(out[-1], "keepWithNext", False):
                    last.insert(0, out.pop())
            out.append(KeepTogether(last + [Spacer(1, 10)] + closing_block(block, width, boxes)))
        elif isinstance(block, SignerGrid):
            out.append(CondPageBreak(150))
            out += signer_grid(block, width)
    return out


def render(doc: Document) -> bytes:
    boxes: list = []
    return build_pdf(story(doc, boxes), doc, boxes)
