"""Checking a received thidua document (PDF or XLSX): what it claims, what can be recomputed, what cannot.

Each check ends as passed, failed or not checkable, and says which in Vietnamese. What a check can
prove differs: the file seal (PDF) and the cell digest (XLSX) show a file changed by accident or by
someone unaware of them, but whoever knows the format can recompute them; a digital signature or a
comparison with the signed-off revision in the database is what stands up to deliberate forgery.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .marks import (PROP_CELLS, PROP_CLUSTER, PROP_KIND, PROP_REVISION, PROP_SHA256, PROP_SIGNED_AT,
                    PROP_SIGNED_BY, PROP_YEAR, cells_digest)
from .pdf_base import INFO_KEY, SEAL_RE

PASS, FAIL, UNCHECKED = "pass", "fail", "unchecked"
TAGS = {PASS: "[Đạt]", FAIL: "[KHÔNG ĐẠT]", UNCHECKED: "[Không kiểm tra được]"}


@dataclass(frozen=True)
class Check:
    result: str      # PASS, FAIL or UNCHECKED
    text: str

    def line(self) -> str:
        return f"{TAGS[self.result]} {self.text}"


@dataclass
class Claims:
    """What the document says about itself."""

    kind: str = ""
    cluster: str = ""
    year: int | None = None
    revision: int = 0
    signed_by: str = ""
    signed_at: str = ""
    sha256: str = ""
    draft: bool = True
    content_sha256: str = ""   # PDF drafts: the hash of the season as it was when the draft was written


@dataclass
class Report:
    path: Path
    fmt: str
    claims: Claims | None = None
    checks: list[Check] = field(default_factory=list)

    def add(self, result: str, text: str) -> None:
        self.checks.append(Check(result, text))

    @property
    def ok(self) -> bool:
        """Everything that could be checked passed, and something substantive was checked."""
        return bool(self.checks) and not any(c.result == FAIL for c in self.checks) and \
            any(c.result == PASS for c in self.checks)

    def lines(self) -> list[str]:
        out = [f"Tệp: {self.path.name} ({self.fmt.upper()})"]
        c = self.claims
        if c is not None:
            from .registry import load_writers
            kinds = load_writers()
            kind = kinds[c.kind].title_vi if c.kind in kinds else c.kind or "không rõ"
            out.append(f"Văn bản: {kind} — {c.cluster or '?'}, năm {c.year or '?'}")
            if c.draft:
                out.append("Trạng thái: DỰ THẢO (chưa ký duyệt)")
            else:
                out.append(f"Ký duyệt lần: {c.revision}")
                out.append(f"Người ký duyệt: {c.signed_by}")
                out.append(f"Thời điểm ký duyệt: {_when(c.signed_at)}")
                out.append(f"Mã SHA-256 của nội dung: {c.sha256}")
        out += [ch.line() for ch in self.checks]
        out.append("Kết luận: văn bản HỢP LỆ — mọi nội dung kiểm tra được đều khớp." if self.ok else
                   "Kết luận: văn bản KHÔNG HỢP LỆ hoặc chưa xác minh được — xem các dòng KHÔNG ĐẠT ở trên.")
        return out


def _when(iso: str) -> str:
    try:
        return f"{dt.datetime.fromisoformat(iso):%H:%M ngày %d/%m/%Y}"
    except (TypeError, ValueError):
        return iso or "không rõ"


# ---- PDF ---------------------------------------------------------------------------------------
def verify_pdf(path: Path, db=None) -> Report:
    report = Report(path, "pdf")
    data = path.read_bytes()
    if not data.startswith(b"%PDF"):
        report.add(FAIL, "Tệp không phải là PDF.")
        return report
    seals = list(SEAL_RE.finditer(data))
    sealed = data
    if not seals:
        report.add(FAIL, "Không tìm thấy mã niêm phong của thidua: tệp không do thidua tạo ra hoặc đã bị "
                         "ghi lại bằng phần mềm khác.")
    else:
        seal = seals[-1]
        sealed = data[:seal.start()]
        if hashlib.sha256(sealed).hexdigest() == seal.group(1).decode():
            report.add(PASS, "Mã niêm phong khớp: không byte nào của tệp bị thay đổi kể từ khi thidua ghi ra "
                             "(mã này phát hiện sửa đổi thông thường; người cố ý giả mạo có thể tính lại — "
                             "chữ ký số hoặc đối chiếu cơ sở dữ liệu mới chống được việc đó).")
        else:
            report.add(FAIL, "Mã niêm phong KHÔNG khớp: nội dung tệp đã bị thay đổi sau khi thidua ghi ra.")
    claims = _pdf_claims(sealed) or _pdf_claims(data)
    report.claims = claims
    if claims is None:
        report.add(FAIL, "Không đọc được thông tin ký duyệt trong tệp (tệp hỏng hoặc không do thidua tạo ra).")
    else:
        _check_footer(report, sealed if seals else data, claims)
        if claims.draft:
            report.add(FAIL, "Văn bản là DỰ THẢO: kỳ thi đua chưa được ký duyệt khi xuất văn bản này.")
    signed = _check_signatures(report, data)
    if seals and not signed and len(data) > seals[-1].end():
        report.add(FAIL, "Có dữ liệu được ghi thêm vào sau mã niêm phong mà không có chữ ký số bảo vệ.")
    if db is not None and claims is not None:
        _check_database(report, claims, db, sealed if seals else None)
    elif claims is not None and not claims.draft:
        report.add(UNCHECKED, "Chưa đối chiếu với cơ sở dữ liệu (dùng: thidua --db <CSDL> verify <tệp>).")
    return report


def _pdf_claims(data: bytes) -> Claims | None:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        raw = (reader.metadata or {}).get(f"/{INFO_KEY}")
    except Exception:   # a damaged file: any parser error means "cannot read the marks"
        return None
    if not raw:
        return None
    try:
        m = json.loads(str(raw))
    except ValueError:
        return None
    return Claims(m.get("kind", ""), m.get("cluster", ""), m.get("year"), int(m.get("revision") or 0),
                  m.get("signed_by", ""), m.get("signed_at", ""), m.get("sha256", ""), bool(m.get("draft", True)),
                  m.get("content_sha256", ""))


def _check_footer(report: Report, data: bytes, claims: Claims) -> None:
    """The marks a reader sees at the foot of each page must say what the metadata says."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        texts = [page.extract_text() or "" for page in reader.pages]
    except Exception:
        report.add(FAIL, "Không đọc được nội dung các trang (tệp hỏng).")
        return
    want = "DỰ THẢO" if claims.draft else claims.sha256
    missing = [str(i) for i, t in enumerate(texts, 1) if want not in t.replace("\n", "")]
    if missing:
        report.add(FAIL, f"Chân trang {', '.join(missing[:10])} không ghi đúng thông tin ký duyệt của văn bản.")
    else:
        report.add(PASS, f"Chân trang của cả {len(texts)} trang ghi đúng thông tin ký duyệt.")


def _check_signatures(report: Report, data: bytes) -> bool:
    """PAdES signatures: integrity, coverage and signer; returns whether any signature was found."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)        # trust failures are worded below
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    try:
        sigs = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    except Exception as exc:
        report.add(FAIL, f"Không đọc được cấu trúc PDF để kiểm tra chữ ký số ({type(exc).__name__}).")
        return True
    if not sigs:
        report.add(UNCHECKED, "Văn bản không có chữ ký số (chứng thư số) nên không kiểm tra chữ ký số.")
        return False
    roots = trust_roots()
    for sig in sigs:
        try:
            status = validate_pdf_signature(sig, ValidationContext(trust_roots=roots, allow_fetching=False))
        except Exception as exc:
            report.add(FAIL, f"Chữ ký số “{sig.field_name}” không kiểm tra được ({type(exc).__name__}): "
                             f"chữ ký hoặc tệp đã bị sửa.")
            continue
        cert = status.signing_cert
        who = cert.subject.native.get("common_name") or cert.subject.human_friendly
        when = status.signer_reported_dt
        when_text = f"{when.astimezone():%H:%M:%S ngày %d/%m/%Y}" if when else "không ghi"
        if status.intact and status.valid:
            report.add(PASS, f"Chữ ký số nguyên vẹn: ký bởi “{who}” lúc {when_text}; nội dung được ký không bị "
                             f"thay đổi.")
        else:
            report.add(FAIL, f"Chữ ký số của “{who}” KHÔNG còn nguyên vẹn: nội dung đã bị thay đổi sau khi ký.")
        if status.coverage is not SignatureCoverageLevel.ENTIRE_FILE:
            report.add(FAIL, "Có nội dung được thêm vào tệp sau khi ký số.")
        if status.trusted:
            report.add(PASS, "Chứng thư số được cấp bởi tổ chức trong danh sách tin cậy (THIDUA_TRUST_ROOTS).")
        elif roots:
            report.add(FAIL, "Chứng thư số KHÔNG được cấp bởi tổ chức nào trong danh sách tin cậy (THIDUA_TRUST_ROOTS).")
        else:
            issuer = cert.issuer.native.get("common_name") or cert.issuer.human_friendly
            report.add(UNCHECKED, f"Chưa xác minh được chứng thư số do “{issuer}” cấp có thuộc tổ chức tin cậy "
                                  f"hay không (chưa có danh sách tin cậy: đặt biến môi trường THIDUA_TRUST_ROOTS là thư mục "
                                  f"chứa chứng thư gốc .cer/.pem của tổ chức cấp).")
    return True


def trust_roots() -> list:
    """CA certificates the user trusts: every .cer/.crt/.pem/.der file in $THIDUA_TRUST_ROOTS.

    Offline by design (no fetching); without the variable, trust is reported as not checked.
    """
    import os

    from asn1crypto import pem, x509

    folder = os.environ.get("THIDUA_TRUST_ROOTS")
    if not folder:
        return []
    roots = []
    for file in sorted(Path(folder).glob("*")):
        if file.suffix.lower() not in (".cer", ".crt", ".pem", ".der"):
            continue
        data = file.read_bytes()
        if pem.detect(data):
            roots += [x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True)]
        else:
            roots.append(x509.Certificate.load(data))
    return roots


def _check_database(report: Report, claims: Claims, db, sealed: bytes | None) -> None:
    from ..domain.errors import DomainError
    from ..services.clusters import find_season, open_season
    from ..wording import explain
    from .marks import current_hash

    try:
        info = find_season(db.uow(), claims.cluster, int(claims.year or 0))
        season = open_season(db.uow(), info.season_id)
    except DomainError as exc:
        report.add(FAIL, f"Không tìm thấy kỳ thi đua của văn bản trong cơ sở dữ liệu: {explain(exc)}")
        return
    if claims.draft:
        note = ""
        if claims.content_sha256:
            note = ("; số liệu của dự thảo trùng với số liệu hiện tại trong cơ sở dữ liệu"
                    if current_hash(season) == claims.content_sha256 else
                    "; số liệu hiện tại trong cơ sở dữ liệu đã khác với lúc xuất dự thảo")
        report.add(UNCHECKED, f"Dự thảo không có lần ký duyệt để đối chiếu{note}.")
        return
    revision = next((r for r in season.revisions if r.number == claims.revision), None)
    if revision is None:
        report.add(FAIL, f"Cơ sở dữ liệu không có lần ký duyệt thứ {claims.revision} của kỳ thi đua này.")
        return
    if revision.sha256 != claims.sha256:
        report.add(FAIL, f"Mã SHA-256 trong văn bản KHÔNG khớp với lần ký duyệt thứ {revision.number} trong cơ sở "
                         f"dữ liệu ({revision.sha256}).")
        return
    report.add(PASS, f"Mã SHA-256 khớp với lần ký duyệt thứ {revision.number} trong cơ sở dữ liệu "
                     f"(người ký {revision.signed_by}, {revision.signed_at:%H:%M ngày %d/%m/%Y}).")
    if revision.reopened_at is not None:
        report.add(FAIL, f"Lần ký duyệt này đã được {revision.reopened_by} mở lại lúc "
                         f"{revision.reopened_at:%H:%M ngày %d/%m/%Y} (lý do: {revision.reopen_reason}); "
                         f"văn bản không còn là bản ký duyệt hiện hành.")
        return
    if sealed is None or season.signed is None or season.signed.number != revision.number:
        return
    _compare_rebuilt(report, claims, season, sealed)


def _compare_rebuilt(report: Report, claims: Claims, season, sealed: bytes) -> None:
    """Rebuild the same document from the signed-off season and compare it byte for byte."""
    from .registry import load_writers

    kind = load_writers().get(claims.kind)
    writer = kind.writers.get("pdf") if kind else None
    if writer is None:
        report.add(UNCHECKED, "Không tạo lại được văn bản loại này để so sánh từng byte.")
        return
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "rebuilt.pdf"
        writer(season, target)
        rebuilt = target.read_bytes()
    rebuilt_sealed = rebuilt[:SEAL_RE.search(rebuilt).start()]
    if rebuilt_sealed == sealed:
        report.add(PASS, "Văn bản trùng khớp từng byte với văn bản tạo lại từ lần ký duyệt trong cơ sở dữ liệu.")
    else:
        report.add(FAIL, "Văn bản KHÁC với văn bản tạo lại từ lần ký duyệt trong cơ sở dữ liệu: nội dung đã bị "
                         "sửa (hoặc được tạo bởi một phiên bản thidua khác).")


# ---- XLSX --------------------------------------------------------------------------------------
def verify_xlsx(path: Path, db=None) -> Report:
    import openpyxl

    report = Report(path, "xlsx")
    try:
        workbook = openpyxl.load_workbook(path)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        report.add(FAIL, f"Không mở được sổ tính Excel (tệp hỏng hoặc không phải .xlsx): {type(exc).__name__}.")
        return report
    props = {p.name: p.value for p in workbook.custom_doc_props.props}
    if PROP_CELLS not in props:
        report.add(FAIL, "Sổ tính không có thông tin ký duyệt của thidua (không do thidua tạo ra hoặc đã bị "
                         "lưu lại làm mất thông tin).")
        return report
    revision = int(props.get(PROP_REVISION) or 0)
    signed_at = props.get(PROP_SIGNED_AT) or ""
    if isinstance(signed_at, dt.datetime):
        signed_at = signed_at.isoformat()
    claims = Claims(str(props.get(PROP_KIND) or ""), str(props.get(PROP_CLUSTER) or ""),
                    int(props[PROP_YEAR]) if props.get(PROP_YEAR) else None, revision,
                    str(props.get(PROP_SIGNED_BY) or ""), str(signed_at), str(props.get(PROP_SHA256) or ""),
                    revision == 0 or not props.get(PROP_SHA256))
    report.claims = claims
    if cells_digest(workbook) == props[PROP_CELLS]:
        report.add(PASS, "Mã kiểm tra các ô khớp: không ô nào bị sửa kể từ khi thidua ghi sổ tính (mã này phát "
                         "hiện sửa đổi thông thường; người cố ý giả mạo có thể tính lại — đối chiếu cơ sở dữ "
                         "liệu mới chống được việc đó).")
    else:
        report.add(FAIL, "Mã kiểm tra các ô KHÔNG khớp: có ô đã bị sửa, thêm hoặc xóa sau khi thidua ghi sổ tính.")
    if claims.draft:
        report.add(FAIL, "Sổ tính là DỰ THẢO: kỳ thi đua chưa được ký duyệt khi xuất.")
    report.add(UNCHECKED, "Tệp Excel không mang chữ ký số; không kiểm tra chữ ký số.")
    if db is not None:
        _check_database(report, claims, db, None)
    elif not claims.draft:
        report.add(UNCHECKED, "Chưa đối chiếu với cơ sở dữ liệu (dùng: thidua --db <CSDL> verify <tệp>).")
    return report


def verify_file(path: Path, db=None) -> Report:
    """Verify a PDF or XLSX by its content (not its name)."""
    path = Path(path)
    head = path.read_bytes()[:4]
    if head.startswith(b"%PDF"):
        return verify_pdf(path, db)
    if head.startswith(b"PK"):
        return verify_xlsx(path, db)
    report = Report(path, path.suffix.lstrip(".") or "?")
    report.add(FAIL, "Tệp không phải PDF hay Excel (.xlsx) nên không kiểm tra được.")
    return report
