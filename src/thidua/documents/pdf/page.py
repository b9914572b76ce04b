"""The Decree 30/2020/NĐ-CP page for every thidua PDF: font, margins, page numbers, marks, seal.

`build_pdf` lays a story of flowables out on A4 (portrait or landscape), numbers pages from
page 2 at the top centre, prints "DỰ THẢO" at the top of every page of a draft and the sign-off
marks at the foot of every page, records the marks as machine-readable metadata and appends
the file seal that `verify` recomputes.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import time
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from ...resources import resource
from ..content import words
from ..content.model import DRAFT, Document

FONT = "ThiduaSerif"
FONT_FILES = {
    FONT: "LiberationSerif-Regular.ttf",
    f"{FONT}-Bold": "LiberationSerif-Bold.ttf",
    f"{FONT}-Italic": "LiberationSerif-Italic.ttf",
    f"{FONT}-BoldItalic": "LiberationSerif-BoldItalic.ttf",
}

# Decree 30 margins: top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20 * mm, 22 * mm, 30 * mm, 15 * mm
FOOTER_SIZE = 8
FOOTER_LOWEST = 9 * mm     # the last footer line stays this far above the paper's edge (printers clip ~5 mm)

# The seal is a PDF comment after %%EOF: readers ignore it, `verify` recomputes it.
SEAL_PREFIX = b"%thidua-seal sha256="
SEAL_RE = re.compile(rb"%thidua-seal sha256=([0-9a-f]{64})\r?\n")
INFO_KEY = "ThiduaMarks"   # the document-info entry holding the marks as JSON


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


@lru_cache(maxsize=None)
def style(name: str, size: float = 13, align: int = TA_JUSTIFY, font: str = FONT, leading: float | None = None,
          space_after: float = 0, first_indent: float = 0, left_indent: float = 0,
          space_before: float = 0) -> ParagraphStyle:
    register_fonts()
    return ParagraphStyle(name, fontName=font, bulletFontName=FONT, fontSize=size, leading=leading or size * 1.25,
                          alignment=align, spaceAfter=space_after, spaceBefore=space_before,
                          firstLineIndent=first_indent, leftIndent=left_indent)


def page_size(doc: Document) -> tuple[float, float]:
    return landscape(A4) if doc.landscape else A4


def text_width(doc: Document) -> float:
    return page_size(doc)[0] - MARGIN_LEFT - MARGIN_RIGHT


# ---- marks -------------------------------------------------------------------------------------
def marks_json(doc: Document, boxes: list) -> str:
    from ..registry import layout

    m = doc.marks
    marks = {
        "format": 1, "kind": doc.kind, "cluster": m.cluster, "year": m.year, "draft": m.draft,
        "revision": m.revision if not m.draft else 0, "signed_by": m.signed_by,
        "signed_at": m.signed_at.isoformat() if m.signed_at else "", "sha256": m.sha256,
        "content_sha256": doc.content_sha256,
        "signature_boxes": [list(b) for b in boxes],
    }
    number = layout(doc.kind, "pdf")
    if number != 1:   # absent means 1: papers of the first layout keep every byte they were signed with
        marks["layout"] = number
    return json.dumps(marks, ensure_ascii=False, sort_keys=True)


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


def _canvas_maker(doc: Document, boxes: list):
    signed_at = doc.marks.signed_at

    class ThiduaCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            # invariant output: the same season revision always gives the same bytes, so
            # `verify --db` can rebuild a document and compare it byte for byte
            kwargs["invariant"] = 1
            kwargs["initialFontName"] = FONT   # else reportlab lists a non-embedded Helvetica
            super().__init__(*args, **kwargs)
            new = _Info()
            new.__dict__.update(self._doc.info.__dict__)
            self._doc.info = new
            if signed_at is not None:
                self._doc._timeStamp.t = time.mktime(signed_at.timetuple())
                self._doc._timeStamp.lt = signed_at.timetuple()

        def save(self):
            self._doc.info.extra = marks_json(doc, boxes)
            super().save()
    return ThiduaCanvas


def footer_lines(doc: Document, width: float) -> list[str]:
    """The marks at the foot of a page, wrapped to the text width (a signed footer with its hash takes two)."""
    register_fonts()
    return simpleSplit(words.footer(doc.marks), FONT, FOOTER_SIZE, width)


def _decorate(canvas: Canvas, template: BaseDocTemplate) -> None:
    doc: Document = template.thidua_doc
    width, height = canvas._pagesize
    page = canvas.getPageNumber()
    canvas.saveState()
    if doc.marks.draft:
        # watermark under the content (onPage runs before the frame is filled)
        canvas.setFillColor(colors.Color(0.87, 0.87, 0.87))
        canvas.setFont(bold(), 90)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(35)
        canvas.drawCentredString(0, -30, DRAFT)
        canvas.rotate(-35)
        canvas.translate(-width / 2, -height / 2)
        # and a framed label in the page header, where a draft is marked on paper
        canvas.setFillColor(colors.black)
        canvas.setFont(bold(), 12)
        label_w = pdfmetrics.stringWidth(DRAFT, bold(), 12) + 10
        x = width - MARGIN_RIGHT - label_w
        y = height - MARGIN_TOP + 12
        canvas.rect(x, y - 4, label_w, 17, stroke=1, fill=0)
        canvas.drawString(x + 5, y, DRAFT)
    canvas.setFillColor(colors.black)
    if page > 1:
        canvas.setFont(FONT, 13)
        canvas.drawCentredString(MARGIN_LEFT + (width - MARGIN_LEFT - MARGIN_RIGHT) / 2,
                                 height - MARGIN_TOP + 12, str(page))
    text_w = width - MARGIN_LEFT - MARGIN_RIGHT
    lines = template.thidua_footer
    step = FOOTER_SIZE * 1.2
    top = FOOTER_LOWEST + step * (len(lines) - 1)
    canvas.setStrokeColor(colors.grey)
    canvas.setLineWidth(0.3)
    canvas.line(MARGIN_LEFT, top + FOOTER_SIZE + 3, MARGIN_LEFT + text_w, top + FOOTER_SIZE + 3)
    canvas.setFont(FONT, FOOTER_SIZE)
    for i, line in enumerate(lines):
        canvas.drawString(MARGIN_LEFT, top - i * step, line)
    canvas.restoreState()


def build_pdf(story: list, doc: Document, boxes: list) -> bytes:
    """Lay `story` out on Decree-30 pages and return the sealed PDF; `boxes` fills with the signature spaces."""
    register_fonts()
    pagesize = page_size(doc)
    buf = io.BytesIO()
    template = BaseDocTemplate(buf, pagesize=pagesize, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
                               topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=doc.title,
                               author=doc.cluster, subject=f"{doc.title} — {doc.cluster}",
                               creator="thidua", keywords=f"thidua {doc.kind} {doc.year}")
    frame = Frame(template.leftMargin, template.bottomMargin, template.width, template.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    template.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_decorate, pagesize=pagesize)])
    template.thidua_doc = doc
    template.thidua_footer = footer_lines(doc, template.width)
    template.build(story, canvasmaker=_canvas_maker(doc, boxes))
    return seal(buf.getvalue())


def seal(data: bytes) -> bytes:
    """Append the seal: the SHA-256 of every byte before it."""
    if not data.endswith(b"\n"):
        data += b"\n"
    return data + SEAL_PREFIX + hashlib.sha256(data).hexdigest().encode() + b"\n"
