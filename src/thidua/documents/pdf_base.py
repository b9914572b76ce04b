"""The Decree 30/2020/NĐ-CP page for every thidua PDF: font, margins, header block, marks, seal.

Each document module builds a story of flowables with the helpers here and hands it to
`build_pdf`, which lays it out on A4 (portrait or landscape), numbers pages from page 2 at the
top centre, prints the sign-off marks (or "DỰ THẢO") on every page, records the marks as
machine-readable metadata and appends the file seal that `verify` recomputes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Spacer, Table, TableStyle

from ..domain.season import Season
from ..resources import resource
from ..wording import vn_date
from .marks import Marks, current_hash, marks_of

FONT = "ThiduaSerif"
FONT_FILES = {
    FONT: "LiberationSerif-Regular.ttf",
    f"{FONT}-Bold": "LiberationSerif-Bold.ttf",
    f"{FONT}-Italic": "LiberationSerif-Italic.ttf",
    f"{FONT}-BoldItalic": "LiberationSerif-BoldItalic.ttf",
}

# Decree 30 margins: top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20 * mm, 20 * mm, 30 * mm, 15 * mm

# The seal is a PDF comment after %%EOF: readers ignore it, `verify` recomputes it.
SEAL_PREFIX = b"%thidua-seal sha256="
SEAL_RE = re.compile(rb"%thidua-seal sha256=([0-9a-f]{64})\r?\n")
INFO_KEY = "ThiduaMarks"   # the document-info entry holding the marks as JSON

DRAFT = "DỰ THẢO"
LAYOUT_FONT = ("FONT", (0, 0), (-1, -1), FONT, 12)   # layout tables too, so no base-14 font slips in


@lru_cache(maxsize=1)
def register_fonts() -> str:
    """Register the bundled Times-compatible font family once; returns its name."""
    from reportlab.lib.fonts import addMapping

    for name, file in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(resource("fonts", file))))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, f"{FONT}-Bold")
    addMapping(FONT, 0, 1, f"{FONT}-Italic")
    addMapping(FONT, 1, 1, f"{FONT}-BoldItalic")
    return FONT


def bold(name: str = FONT) -> str:
    return f"{name}-Bold"


def italic(name: str = FONT) -> str:
    return f"{name}-Italic"


# ---- styles ---------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def style(name: str, size: float = 13, align: int = TA_JUSTIFY, font: str = FONT, leading: float | None = None,
          space_after: float = 0, first_indent: float = 0, left_indent: float = 0) -> ParagraphStyle:
    register_fonts()
    return ParagraphStyle(name, fontName=font, bulletFontName=FONT, fontSize=size, leading=leading or size * 1.25, alignment=align,
                          spaceAfter=space_after, firstLineIndent=first_indent, leftIndent=left_indent)


def body(size: float = 13) -> ParagraphStyle:
    """Running text: justified, first line indented (Decree 30: 1–1.27 cm), 6 pt between paragraphs."""
    return style("body", size, TA_JUSTIFY, space_after=6, first_indent=10 * mm)


def para(text: str, st: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped; newlines become line breaks)."""
    return Paragraph(escape(text).replace("\n", "<br/>"), st)


def markup(text: str, st: ParagraphStyle) -> Paragraph:
    """A paragraph whose caller already escaped the variable parts (for <b>, <i> runs)."""
    return Paragraph(text, st)


def esc(text: str) -> str:
    return escape(text)


def upper(text: str) -> str:
    return text.upper()


def heading(text: str, size: float = 13) -> Paragraph:
    return Paragraph(f"<b>{escape(text)}</b>", style("heading", size, TA_LEFT, space_after=4))


# ---- the page --------------------------------------------------------------------------------
@dataclass
class DocInfo:
    """What the page decorations and metadata need to know about one document."""

    kind: str
    title: str
    marks: Marks
    current_sha256: str
    landscape: bool = False
    sig_boxes: list = field(default_factory=list)   # (page, x1, y1, x2, y2) of signature spaces, filled while drawing


def doc_info(season: Season, kind: str, title: str, wide: bool = False) -> DocInfo:
    marks = marks_of(season)
    return DocInfo(kind, title, marks, marks.sha256 or current_hash(season), wide)


def marks_json(info: DocInfo) -> str:
    m = info.marks
    return json.dumps({
        "format": 1, "kind": info.kind, "cluster": m.cluster, "year": m.year, "draft": m.draft,
        "revision": m.revision if not m.draft else 0, "signed_by": m.signed_by,
        "signed_at": m.signed_at.isoformat() if m.signed_at else "", "sha256": m.sha256,
        "content_sha256": info.current_sha256,
        "signature_boxes": [list(b) for b in info.sig_boxes],
    }, ensure_ascii=False, sort_keys=True)


def footer_text(marks: Marks) -> str:
    if marks.draft:
        return (f"{DRAFT} — chưa ký duyệt; số liệu có thể còn thay đổi. "
                f"Văn bản chỉ có giá trị khi đã ký duyệt.")
    when = f"{marks.signed_at:%H:%M ngày %d/%m/%Y}" if marks.signed_at else ""
    return (f"Ký duyệt lần {marks.revision} · Người ký duyệt: {marks.signed_by} · {when} · "
            f"SHA-256: {marks.sha256}")


class _Info(pdfdoc.PDFInfo):
    """The document-info dictionary with the marks added, so `verify` reads them without parsing text."""

    extra: str = ""

    def format(self, document):
        formatted = super().format(document)
        if not self.extra:
            return formatted
        d = pdfdoc.PDFDictionary({INFO_KEY: pdfdoc.PDFString(self.extra)})
        extra = d.format(document)
        # merge the two dictionaries: drop the closing ">>" of the first and the opening "<<" of the second
        return formatted.rstrip()[:-2] + extra.strip()[2:]


def _canvas_maker(info: DocInfo, signed_at: dt.datetime | None):
    class ThiduaCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            # invariant output: the same season revision always gives the same bytes, so
            # `verify --db` can rebuild a document and compare it byte for byte
            kwargs["invariant"] = 1
            kwargs["initialFontName"] = FONT   # else reportlab lists a non-embedded Helvetica
            super().__init__(*args, **kwargs)
            old = self._doc.info
            new = _Info()
            new.__dict__.update(old.__dict__)
            self._doc.info = new
            if signed_at is not None:
                import time
                self._doc._timeStamp.t = time.mktime(signed_at.timetuple())
                self._doc._timeStamp.lt = signed_at.timetuple()

        def save(self):
            self._doc.info.extra = marks_json(info)
            super().save()
    return ThiduaCanvas


def _decorate(canvas: Canvas, doc: BaseDocTemplate) -> None:
    info: DocInfo = doc.thidua_info
    width, height = canvas._pagesize
    page = canvas.getPageNumber()
    canvas.saveState()
    if info.marks.draft:
        # watermark under the content (onPage runs before the frame is filled)
        canvas.setFillColor(colors.Color(0.87, 0.87, 0.87))
        canvas.setFont(bold(), 90)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(35)
        canvas.drawCentredString(0, -30, DRAFT)
        canvas.rotate(-35)
        canvas.translate(-width / 2, -height / 2)
        # and a framed label at the top right, where a draft is marked on paper
        canvas.setFillColor(colors.black)
        canvas.setFont(bold(), 12)
        label_w = pdfmetrics.stringWidth(DRAFT, bold(), 12) + 10
        x = width - MARGIN_RIGHT - label_w
        y = height - MARGIN_TOP + 8
        canvas.rect(x, y - 4, label_w, 17, stroke=1, fill=0)
        canvas.drawString(x + 5, y, DRAFT)
    canvas.setFillColor(colors.black)
    if page > 1:
        canvas.setFont(FONT, 13)
        canvas.drawCentredString(MARGIN_LEFT + (width - MARGIN_LEFT - MARGIN_RIGHT) / 2,
                                 height - MARGIN_TOP + 8, str(page))
    canvas.setFont(FONT, 7.5)
    canvas.setStrokeColor(colors.grey)
    canvas.setLineWidth(0.3)
    canvas.line(MARGIN_LEFT, MARGIN_BOTTOM - 5, width - MARGIN_RIGHT, MARGIN_BOTTOM - 5)
    text = footer_text(info.marks)
    canvas.drawString(MARGIN_LEFT, MARGIN_BOTTOM - 14, text)
    canvas.drawString(MARGIN_LEFT, MARGIN_BOTTOM - 23, f"{info.title} — trang {page}")
    canvas.restoreState()


def build_pdf(path: Path, story: list, info: DocInfo, season: Season) -> bytes:
    """Lay out `story` on Decree-30 pages, write it sealed to `path` and return the bytes written."""
    register_fonts()
    pagesize = landscape(A4) if info.landscape else A4
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=pagesize, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
                          topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=info.title,
                          author=season.cluster_name, subject=f"{info.title} — {season.cluster_name}",
                          creator="thidua", keywords=f"thidua {info.kind} {season.year}")
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_decorate, pagesize=pagesize)])
    doc.thidua_info = info
    doc.build(story, canvasmaker=_canvas_maker(info, info.marks.signed_at))
    data = seal(buf.getvalue())
    path = Path(path)
    path.write_bytes(data)
    return data


def seal(data: bytes) -> bytes:
    """Append the seal: the SHA-256 of every byte before it."""
    if not data.endswith(b"\n"):
        data += b"\n"
    return data + SEAL_PREFIX + hashlib.sha256(data).hexdigest().encode() + b"\n"


def text_width(doc_landscape: bool) -> float:
    width = (landscape(A4) if doc_landscape else A4)[0]
    return width - MARGIN_LEFT - MARGIN_RIGHT


# ---- Decree-30 blocks -----------------------------------------------------------------------
class _Rule(Flowable):
    """A short centred line under the issuing body or the motto (Decree 30 draws one there)."""

    def __init__(self, width: float, line: float, gap: float = 2) -> None:
        super().__init__()
        self.width, self.line, self.gap = width, line, gap
        self.height = gap + 1

    def draw(self) -> None:
        self.canv.setLineWidth(0.6)
        x = (self.width - self.line) / 2
        self.canv.line(x, self.height - self.gap, x + self.line, self.height - self.gap)


def _dateline(season: Season) -> str:
    mt = season.meeting
    place = mt.place or "……………"
    if mt.date is None:
        return f"{place}, ngày …… tháng …… năm {season.year}"
    return vn_date(mt.date, place)


def header_block(season: Season, number: str | None, width: float, dated: bool = True) -> Table:
    """Top left: parent body, issuing body (bold) and the number; top right: the motto and the dateline.

    `number` None leaves out the "Số:" line (an annex carries its parent document's number instead).
    """
    left_w = 88 * mm if width > 600 else width * 0.43   # portrait: leave the motto room for one line
    right_w = min(width - left_w, 112 * mm)
    gap_w = width - left_w - right_w
    centre12 = style("hdr12", 12, TA_CENTER, leading=14)
    centre13b = style("hdr13b", 13, TA_CENTER, font=bold(), leading=15)
    centre12b = style("hdr12b", 12, TA_CENTER, font=bold(), leading=14)
    issuing = upper(season.cluster_name)
    parent = upper(season.parent_body).replace("HỢP TÁC XÃ", "HTX")
    issuing_w = pdfmetrics.stringWidth(issuing, bold(), 12)
    left = [para(parent, centre12), para(issuing, centre12b), _Rule(left_w, min(issuing_w, left_w) / 3)]
    if number is not None:
        left += [Spacer(1, 4), para(f"Số: {number or '……/……'}", style("hdr13", 13, TA_CENTER, leading=16))]
    motto = "Độc lập - Tự do - Hạnh phúc"
    motto_w = pdfmetrics.stringWidth(motto, bold(), 13)
    right = [para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", centre12b), para(motto, centre13b),
             _Rule(right_w, motto_w, gap=1), Spacer(1, 5)]
    if dated:
        right.append(para(_dateline(season), style("dateline", 13, TA_CENTER, font=italic(), leading=16)))
    t = Table([[left, "", right]], colWidths=[left_w, gap_w, right_w])
    t.setStyle(TableStyle([LAYOUT_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return t


def title_block(title: str, subtitle: str = "") -> list:
    """The document's name in bold capitals, its summary in bold below (Decree 30, items 5a/5b)."""
    out = [Spacer(1, 14), para(upper(title), style("title", 14, TA_CENTER, font=bold(), leading=17))]
    if subtitle:
        out.append(para(subtitle, style("subtitle", 14, TA_CENTER, font=bold(), leading=17)))
        out.append(_CentredRule(min(pdfmetrics.stringWidth(subtitle, bold(), 14), 300) / 2))
    out.append(Spacer(1, 10))
    return out


class _CentredRule(Flowable):
    def __init__(self, line: float) -> None:
        super().__init__()
        self.line = line

    def wrap(self, avail_w, avail_h):
        self.avail = avail_w
        return avail_w, 6

    def draw(self) -> None:
        self.canv.setLineWidth(0.6)
        x = (self.avail - self.line) / 2
        self.canv.line(x, 3, x + self.line, 3)


class SignatureSpace(Flowable):
    """The blank where a hand signature (or the digital signature's stamp) goes; records where it landed."""

    def __init__(self, info: DocInfo, width: float, height: float = 62) -> None:
        super().__init__()
        self.info, self.width, self.height = info, width, height

    def wrap(self, avail_w, avail_h):
        return self.width, self.height

    def draw(self) -> None:
        x, y = self.canv.absolutePosition(0, 0)
        self.info.sig_boxes.append((self.canv.getPageNumber(), round(x, 2), round(y, 2),
                                    round(x + self.width, 2), round(y + self.height, 2)))


def signature_column(info: DocInfo, titles: Sequence[str], name: str, width: float,
                     record: bool = True) -> list:
    """'TM. CỤM THI ĐUA / CỤM TRƯỞNG', the signing space and the signer's name in bold."""
    st = style("sig", 13, TA_CENTER, font=bold(), leading=16)
    out: list = [para(upper(t), st) for t in titles if t]
    out.append(SignatureSpace(info, width, 62) if record else Spacer(1, 62))
    out.append(para(name or "", st))
    return out


def recipients_column(lines: Sequence[str]) -> list:
    """'Nơi nhận:' in bold italic 12 pt, then the recipients in 11 pt (Decree 30)."""
    out = [markup("<b><i>Nơi nhận:</i></b>", style("rcp_h", 12, TA_LEFT, leading=14))]
    for line in lines:
        out.append(para(f"- {line}", style("rcp", 11, TA_LEFT, leading=13)))
    return out


def two_columns(left: list, right: list, width: float, left_share: float = 0.5) -> Table:
    t = Table([[left, right]], colWidths=[width * left_share, width * (1 - left_share)])
    t.setStyle(TableStyle([LAYOUT_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    t.keepWithNext = False
    return t


def head_name(season: Season) -> str:
    """Who signs for the cluster: the meeting's chair (the head's leader)."""
    return season.meeting.chair


def member_names(season: Season, ids: Sequence[str]) -> str:
    names = [season.member(i).display_full for i in ids if any(m.id == i for m in season.members)]
    return " và ".join(names) if len(names) <= 2 else ", ".join(names)


GRID = colors.black



def table_style(header_rows: int = 1, size: float = 11) -> list:
    return [
        ("FONT", (0, 0), (-1, -1), FONT, size),
        ("FONT", (0, 0), (-1, header_rows - 1), bold(), size),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, header_rows - 1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]


def percent(value: Decimal | None) -> str:
    from ..wording import p
    return "" if value is None else f"{p(value)}%"
