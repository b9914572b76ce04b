"""Digital signatures on thidua PDFs: a PKCS#12 certificate signs a document (PAdES) in its signature space.

The visible signature shows who signed and when, in Vietnamese; pyHanko's own text stamps cannot
draw Vietnamese letters without fontTools, so the stamp is a small PDF page drawn by reportlab with
the bundled font and imported as the signature's appearance.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from .pdf_base import FONT, INFO_KEY, SEAL_RE, bold, register_fonts

FIELD_NAME = "ChuKySo"


class CertificateError(Exception):
    """The certificate could not be used; `reason` says why in words the CLI can turn into a sentence."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason, detail)
        self.reason, self.detail = reason, detail


@dataclass(frozen=True)
class Certificate:
    signer: object        # pyhanko SimpleSigner
    subject: str          # the certificate holder's common name
    issuer: str
    not_after: dt.datetime


def load_certificate(path: Path, password: bytes | None) -> Certificate:
    """Open a PKCS#12 file; refuse one that cannot sign now, before anything is locked or written."""
    from pyhanko.sign import signers

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CertificateError("unreadable", str(exc)) from exc
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=password)
    except (ValueError, TypeError) as exc:
        raise CertificateError("bad_password_or_file", str(exc)) from exc
    cert = signer.signing_cert
    subject = cert.subject.native.get("common_name") or cert.subject.human_friendly
    issuer = cert.issuer.native.get("common_name") or cert.issuer.human_friendly
    not_after = cert["tbs_certificate"]["validity"]["not_after"].native
    not_before = cert["tbs_certificate"]["validity"]["not_before"].native
    now = dt.datetime.now(dt.timezone.utc)
    if now > not_after:
        raise CertificateError("expired", f"{not_after:%d/%m/%Y}")
    if now < not_before:
        raise CertificateError("not_yet_valid", f"{not_before:%d/%m/%Y}")
    return Certificate(signer, str(subject), str(issuer), not_after)


def signature_box(pdf: bytes) -> tuple[int, tuple[float, float, float, float]] | None:
    """Where the document's signing space is (page index, box), from the marks thidua wrote into it."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    raw = (reader.metadata or {}).get(f"/{INFO_KEY}")
    if not raw:
        return None
    boxes = json.loads(str(raw)).get("signature_boxes") or []
    if not boxes:
        return None
    page, x1, y1, x2, y2 = boxes[-1]
    return page - 1, (x1, y1, x2, y2)


def _stamp_pdf(subject: str, when: dt.datetime, size: tuple[float, float]) -> bytes:
    register_fonts()
    buf = io.BytesIO()
    w, h = size
    c = Canvas(buf, pagesize=size, invariant=1, initialFontName=FONT)
    c.setStrokeColorRGB(0.1, 0.25, 0.6)
    c.setFillColorRGB(0.1, 0.25, 0.6)
    c.setLineWidth(0.8)
    c.roundRect(1, 1, w - 2, h - 2, 4, stroke=1, fill=0)
    c.setFont(bold(), 8.5)
    c.drawCentredString(w / 2, h - 13, "Đã ký số bởi:")
    c.setFont(bold(), 9.5)
    c.drawCentredString(w / 2, h - 26, subject[:48])
    c.setFont(FONT, 8)
    c.drawCentredString(w / 2, h - 38, f"Thời gian ký: {when:%H:%M:%S ngày %d/%m/%Y}")
    c.save()
    return buf.getvalue()


def sign_pdf(source: Path, target: Path, cert: Certificate, reason: str = "Ký duyệt văn bản",
             location: str = "") -> None:
    """Write `target`: `source` with a PAdES signature in its signing space (or a corner of the last page)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.stamp.static import StaticStampStyle

    data = Path(source).read_bytes()
    if not SEAL_RE.search(data):
        raise CertificateError("not_thidua", str(source))
    placed = signature_box(data)
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    pages = int(writer.root["/Pages"]["/Count"])
    if placed is None:
        page, box = pages - 1, (300.0, 60.0, 520.0, 120.0)
    else:
        page, (x1, y1, x2, y2) = placed
        # centre a 200 × 46 pt stamp in the blank between the title and the signer's name
        cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
        box = (cx - 100, cy - 23, cx + 100, cy + 23)
    when = dt.datetime.now().replace(microsecond=0)
    with tempfile.TemporaryDirectory() as tmp:
        stamp = Path(tmp) / "stamp.pdf"
        stamp.write_bytes(_stamp_pdf(cert.subject, when, (box[2] - box[0], box[3] - box[1])))
        style = StaticStampStyle.from_pdf_file(str(stamp), border_width=0)
        meta = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME, reason=reason, location=location or None, name=cert.subject,
            subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256")
        spec = fields.SigFieldSpec(FIELD_NAME, on_page=page, box=tuple(int(round(v)) for v in box))
        pdf_signer = signers.PdfSigner(meta, cert.signer, stamp_style=style, new_field_spec=spec)
        out = io.BytesIO()
        pdf_signer.sign_pdf(writer, output=out)
    Path(target).write_bytes(out.getvalue())


def signed_folder_name(year: int, revision: int) -> str:
    return f"van-ban-ky-so-{year}-lan-{revision}"


def sign_season_documents(season, folder: Path, cert: Certificate, progress=None) -> list[Path]:
    """Every PDF kind of the season, each written and signed with `cert` into `folder`.

    `progress(done, total, kind)` is called before each document (kind: registry.DocumentKind),
    so the app can show which document is being signed; the command line passes nothing.
    """
    from .registry import file_name, load_writers

    kinds = [k for k in load_writers().values() if "pdf" in k.writers]
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, kind in enumerate(kinds):
            if progress is not None:
                progress(i, len(kinds), kind)
            plain = Path(tmp) / file_name(kind.name, season, "pdf")
            kind.writers["pdf"](season, plain)
            target = folder / plain.name
            sign_pdf(plain, target, cert, reason=f"Ký duyệt {kind.title_vi.lower()} năm {season.year}",
                     location=season.meeting.place)
            written.append(target)
    return written

