"""Digital signatures on thidua PDFs: a PKCS#12 certificate signs a document (PAdES) in its signature space.

Each visible signature sits centred in its own signature block (the chair's and the secretary's on
the minutes) and shows who signed and when, in Vietnamese; pyHanko's own text stamps cannot
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

from ...files import atomic_output

from ..content import words
from ..pdf.page import FONT, INFO_KEY, SEAL_RE, bold, register_fonts

FIELD_NAME = "ChuKySo"
# who signs where: the cluster head's block on most papers, the chair's and the secretary's on the minutes
ROLE_FIELDS = {"head": "ChuKySo", "chair": "ChuKySo", "secretary": "ChuKySoThuKy"}
STAMP_W, STAMP_H = 190, 50


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


def signature_boxes(pdf: bytes) -> list[tuple[int, tuple[float, float, float, float], str]]:
    """The document's signing spaces (page index, box, role), from the marks thidua wrote into it."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    raw = (reader.metadata or {}).get(f"/{INFO_KEY}")
    if not raw:
        return []
    out = []
    for box in json.loads(str(raw)).get("signature_boxes") or []:
        page, x1, y1, x2, y2 = box[:5]
        out.append((page - 1, (x1, y1, x2, y2), box[5] if len(box) > 5 else "head"))
    return out


def signature_box(pdf: bytes, role: str = "head") -> tuple[int, tuple[float, float, float, float]] | None:
    """Where `role` signs: its own block, else the head's or chair's (the last block on the paper)."""
    boxes = signature_boxes(pdf)
    mine = [b for b in boxes if b[2] == role]
    if not mine and role in ("head", "chair"):
        mine = [b for b in boxes if b[2] in ("head", "chair")]
    if not mine:
        return None
    page, box, _role = mine[-1]
    return page, box


def stamp_lines(subject: str, when: dt.datetime) -> list[str]:
    """What the visible signature says: who signed and when, in ISO 8601 with +07:00 (Decree 30, Appendix I)."""
    return ["Đã ký số bởi:", subject[:44], words.signed_time(when)]


def _stamp_pdf(subject: str, when: dt.datetime, size: tuple[float, float]) -> bytes:
    register_fonts()
    buf = io.BytesIO()
    w, h = size
    c = Canvas(buf, pagesize=size, invariant=1, initialFontName=FONT)
    c.setStrokeColorRGB(0.1, 0.25, 0.6)
    c.setFillColorRGB(0.1, 0.25, 0.6)
    c.setLineWidth(0.8)
    c.roundRect(1, 1, w - 2, h - 2, 4, stroke=1, fill=0)
    for (font, size_pt, y), line in zip(((bold(), 9, 13), (bold(), 10, 26), (FONT, 10, 40)),
                                        stamp_lines(subject, when)):
        c.setFont(font, size_pt)
        c.drawCentredString(w / 2, h - y, line)
    c.save()
    return buf.getvalue()


class RoleTaken(CertificateError):
    """The paper already carries a signature in this block."""


def sign_pdf(source: Path, target: Path, cert: Certificate, reason: str = "Ký duyệt văn bản",
             location: str = "", role: str = "head") -> None:
    """Write `target`: `source` with a PAdES signature centred in `role`'s signature block.

    A paper already signed (the chair's minutes) gets the next signature as an incremental update,
    so the first signature stays valid.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.stamp.static import StaticStampStyle

    data = Path(source).read_bytes()
    if not SEAL_RE.search(data):
        raise CertificateError("not_thidua", str(source))
    placed = signature_box(data, role)
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    field_name = ROLE_FIELDS.get(role, FIELD_NAME)
    existing = {name for name, _value, _ref in fields.enumerate_sig_fields(writer)}
    if field_name in existing:
        raise RoleTaken("already_signed", field_name)
    pages = int(writer.root["/Pages"]["/Count"])
    if placed is None:
        page, box = pages - 1, (300.0, 60.0, 300.0 + STAMP_W, 60.0 + STAMP_H)
    else:
        page, (x1, y1, x2, y2) = placed
        # centred in the blank between the block's title and the signer's name
        cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
        box = (cx - STAMP_W / 2, cy - STAMP_H / 2, cx + STAMP_W / 2, cy + STAMP_H / 2)
    when = dt.datetime.now().astimezone().replace(microsecond=0)
    with tempfile.TemporaryDirectory() as tmp:
        stamp = Path(tmp) / "stamp.pdf"
        stamp.write_bytes(_stamp_pdf(cert.subject, when, (box[2] - box[0], box[3] - box[1])))
        style = StaticStampStyle.from_pdf_file(str(stamp), border_width=0)
        meta = signers.PdfSignatureMetadata(
            field_name=field_name, reason=reason, location=location or None, name=cert.subject,
            subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256")
        spec = fields.SigFieldSpec(field_name, on_page=page, box=tuple(round(v, 2) for v in box))
        pdf_signer = signers.PdfSigner(meta, cert.signer, stamp_style=style, new_field_spec=spec)
        out = io.BytesIO()
        pdf_signer.sign_pdf(writer, output=out)
    with atomic_output(target) as tmp_target:
        tmp_target.write_bytes(out.getvalue())


def signed_folder_name(year: int, revision: int) -> str:
    return f"van-ban-ky-so-{year}-lan-{revision}"


def sign_season_documents(season, folder: Path, cert: Certificate, progress=None) -> list[Path]:
    """Every PDF kind of the season, each written and signed with `cert` into `folder`.

    `progress(done, total, kind)` is called before each document (kind: registry.DocumentKind),
    so the app can show which document is being signed; the command line passes nothing.
    """
    from ..registry import file_name, load_writers

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
            role = "chair" if kind.name == "minutes" else "head"
            sign_pdf(plain, target, cert, reason=f"Ký duyệt {kind.title_vi.lower()} năm {season.year}",
                     location=season.meeting.place, role=role)
            written.append(target)
    return written



def countersign(path: Path, cert: Certificate, role: str = "secretary", reason: str = "",
                location: str = "") -> None:
    """Add `role`'s signature to a paper already signed (the secretary beside the chair on the minutes)."""
    sign_pdf(path, path, cert, reason or "Ký biên bản với tư cách thư ký", location, role)
