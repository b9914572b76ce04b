"""Checking a received thidua paper (PDF or XLSX): what it claims, what can be recomputed, what cannot.

Each check ends as passed, failed or not checkable, and says which in Vietnamese. What a check can
prove differs: the file seal (PDF) and the cell digest (XLSX) show a file changed by accident or by
someone unaware of them, but whoever knows the format can recompute them. What stands up to
deliberate forgery is a digital signature by a trusted signer, or rebuilding the paper from the
signed revision in the database and comparing it: a workbook's cells one by one (sheet, cell,
old → new), a PDF byte for byte. Without the database a workbook is rebuilt from the signed content
embedded in it, which shows an edited cell unless the forger rewrote that content as well.

The verdict is VALID only when nothing failed and the content was confirmed by the database or by
a digital signature from a trusted signer; UNCONFIRMED when nothing failed but neither was available.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..content import words
from ..pdf.page import INFO_KEY, SEAL_RE
from .marks import (PROP_CELLS, PROP_CLUSTER, PROP_KIND, PROP_LAYOUT, PROP_REVISION, PROP_SHA256,
                    PROP_SIGNED_AT, PROP_SIGNED_BY, PROP_YEAR, cells_digest, embedded_content)

PASS, FAIL, UNCHECKED = "pass", "fail", "unchecked"
TAGS = {PASS: "[Đạt]", FAIL: "[KHÔNG ĐẠT]", UNCHECKED: "[Không kiểm tra được]"}
VALID, INVALID, UNCONFIRMED = "valid", "invalid", "unconfirmed"
MAX_CELLS_LISTED = 20
HOW_TO_TRUST = ("Để tin cậy người ký, thêm chứng thư gốc của tổ chức cấp: thidua verify --trust CHUNG-THU-GOC.pem "
                "TỆP, hoặc đặt chứng thư gốc (.pem/.cer) vào thư mục tin cậy ghi ở mục [signing] trusted_roots "
                "của tệp cài đặt {settings}.")


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
    layout: int = 1            # registry.layout of the paper when written (1 before it was recorded)


@dataclass
class Report:
    path: Path
    fmt: str
    claims: Claims | None = None
    checks: list[Check] = field(default_factory=list)
    confirmed: bool = False       # the database or a trusted signature vouched for the content
    untrusted_signer: bool = False
    older_layout: bool = False    # laid out by an older thidua: not comparable cell by cell or byte by byte

    def add(self, result: str, text: str) -> None:
        self.checks.append(Check(result, text))

    @property
    def verdict(self) -> str:
        if not self.checks or any(c.result == FAIL for c in self.checks):
            return INVALID
        return VALID if self.confirmed and not self.untrusted_signer else UNCONFIRMED

    @property
    def ok(self) -> bool:
        return self.verdict == VALID

    def lines(self) -> list[str]:
        out = [f"Tệp: {self.path.name} ({self.fmt.upper()})"]
        c = self.claims
        if c is not None:
            from ..registry import TITLES
            kind = TITLES[c.kind][0] if c.kind in TITLES else c.kind or "không rõ"
            out.append(f"Văn bản: {kind} — {c.cluster or '?'}, năm {c.year or '?'}")
            if c.draft:
                out.append("Trạng thái: DỰ THẢO (chưa ký duyệt)")
            else:
                out.append(f"Ký duyệt lần: {c.revision}")
                out.append(f"Người ký duyệt: {c.signed_by}")
                out.append(f"Thời điểm ký duyệt: {_when(c.signed_at)}")
                out.append(f"Mã SHA-256 của nội dung: {c.sha256}")
        out += [ch.line() for ch in self.checks]
        verdict = self.verdict
        if verdict == VALID:
            out.append("Kết luận: văn bản HỢP LỆ — nội dung, dấu ký duyệt và chữ ký đều khớp.")
        elif verdict == INVALID:
            out.append("Kết luận: văn bản KHÔNG HỢP LỆ — xem các dòng KHÔNG ĐẠT ở trên.")
        elif self.older_layout:
            out.append("Kết luận: CHƯA XÁC MINH ĐƯỢC — không thấy chỗ nào bị sửa, nhưng văn bản được trình bày theo "
                       "mẫu của một phiên bản thidua cũ hơn nên không đối chiếu được từng ô, từng byte. Hãy xuất "
                       "lại văn bản từ cơ sở dữ liệu để có bản đối chiếu được.")
        elif self.untrusted_signer:
            out.append("Kết luận: CHƯA XÁC MINH ĐƯỢC — không xác minh được người ký. "
                       + HOW_TO_TRUST.format(settings=settings_path()))
        else:
            out.append("Kết luận: CHƯA XÁC MINH ĐƯỢC — không thấy chỗ nào bị sửa, nhưng chưa có cơ sở dữ liệu hay "
                       "chữ ký số của người ký tin cậy để đối chiếu (dùng: thidua --db <CSDL> verify <tệp>).")
        return out


def _when(iso: str) -> str:
    try:
        return f"{dt.datetime.fromisoformat(iso):%H:%M ngày %d/%m/%Y}"
    except (TypeError, ValueError):
        return iso or "không rõ"


# ---- trust -------------------------------------------------------------------------------------
def settings_path() -> Path:
    """The user settings file the app writes; the command line reads it with configparser."""
    from ...user import settings_path as path

    return path()


def user_setting(section: str, key: str) -> str:
    """One value of the user settings file, or "" (no file, no value, or a damaged file)."""
    import configparser

    ini = configparser.ConfigParser(interpolation=None)
    try:
        ini.read(settings_path(), encoding="utf-8")
        return ini.get(section, key, fallback="").strip()
    except (configparser.Error, OSError, UnicodeDecodeError):
        return ""


def trusted_folders() -> list[Path]:
    """Folders of trusted root certificates: [signing] trusted_roots in the settings, and $THIDUA_TRUST_ROOTS."""
    folders = [Path(v) for v in (user_setting("signing", "trusted_roots"), os.environ.get("THIDUA_TRUST_ROOTS"))
               if v]
    return folders


def load_certificates(path: Path) -> list:
    from asn1crypto import pem, x509

    data = path.read_bytes()
    if pem.detect(data):
        return [x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True)]
    return [x509.Certificate.load(data)]


def trust_roots(extra: list[Path] = ()) -> list:
    """CA certificates the user trusts: files given with --trust, and every .cer/.crt/.pem/.der file in the
    trusted folders. Offline by design (nothing is fetched)."""
    roots = []
    files = list(extra)
    for folder in trusted_folders():
        if folder.is_dir():
            files += [f for f in sorted(folder.iterdir()) if f.suffix.lower() in (".cer", ".crt", ".pem", ".der")]
    for file in files:
        roots += load_certificates(file)
    return roots


# ---- PDF ---------------------------------------------------------------------------------------
def verify_pdf(path: Path, db=None, trust: list[Path] = ()) -> Report:
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
            report.add(PASS, f"Mã niêm phong khớp: {len(sealed):,} byte thidua ghi ra không bị thay đổi".replace(",", ".")
                             + " (mã này phát hiện sửa đổi thông thường; người cố ý giả mạo có thể tính lại — "
                               "chữ ký số hoặc đối chiếu cơ sở dữ liệu mới chống được việc đó).")
        else:
            report.add(FAIL, "Mã niêm phong KHÔNG khớp: nội dung thidua ghi ra đã bị thay đổi.")
    claims = _pdf_claims(sealed) or _pdf_claims(data)
    report.claims = claims
    if claims is None:
        report.add(FAIL, "Không đọc được thông tin ký duyệt trong tệp (tệp hỏng hoặc không do thidua tạo ra).")
    else:
        _check_footer(report, sealed if seals else data, claims)
        if claims.draft:
            report.add(FAIL, "Văn bản là DỰ THẢO: kỳ thi đua chưa được ký duyệt khi xuất văn bản này.")
    signed = _check_signatures(report, data, trust)
    if seals and not signed and len(data) > seals[-1].end():
        report.add(FAIL, f"Có {len(data) - seals[-1].end()} byte được ghi thêm vào sau mã niêm phong mà không có "
                         "chữ ký số bảo vệ.")
    if db is not None and claims is not None:
        _check_database(report, claims, db, lambda season: _compare_pdf(report, season, sealed if seals else None))
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
                  m.get("content_sha256", ""), _layout_number(m.get("layout")))


def _layout_number(value) -> int:
    try:
        return int(value) if value not in (None, "") else 1
    except (TypeError, ValueError):
        return 0   # not a layout any thidua wrote: never comparable


def _same_layout(report: Report, fmt: str) -> bool:
    """Whether this thidua lays the paper out as it was laid out when written; says so when not."""
    from ..registry import TITLES, layout

    claims = report.claims
    current = layout(claims.kind, fmt)
    if claims.layout == current:
        return True
    title = TITLES[claims.kind][0] if claims.kind in TITLES else claims.kind
    unit = "từng ô" if fmt == "xlsx" else "từng byte"
    report.add(UNCHECKED, f"Văn bản được trình bày theo mẫu số {claims.layout} của thidua; phiên bản này trình bày "
                          f"{title.lower()} theo mẫu số {current}, nên không so sánh {unit} với bản tạo lại được.")
    report.older_layout = True
    return False


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
    missing = [str(i) for i, t in enumerate(texts, 1) if want not in "".join(t.split())]
    if missing:
        report.add(FAIL, f"Chân trang {', '.join(missing[:10])} không ghi đúng thông tin ký duyệt của văn bản.")
    else:
        report.add(PASS, f"Chân trang của cả {len(texts)} trang ghi đúng thông tin ký duyệt.")


def _contents_range(sig) -> tuple[int, int] | None:
    """The bytes of the signature value (/Contents): between the two halves its /ByteRange covers."""
    try:
        a, b, c, _d = (int(x) for x in sig.sig_object["/ByteRange"])
        return a + b, c
    except (KeyError, TypeError, ValueError):
        return None


def _check_signatures(report: Report, data: bytes, trust: list[Path]) -> bool:
    """PAdES signatures: integrity, coverage and signer; returns whether any signature was found."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
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
    try:
        roots = trust_roots(trust)
    except (OSError, ValueError) as exc:
        report.add(FAIL, f"Không đọc được chứng thư gốc tin cậy: {exc}.")
        roots = []
    all_trusted = True
    whole = True
    for sig in sigs:
        span = _contents_range(sig)
        where = f" (byte {span[0]}–{span[1] - 1})" if span else ""
        try:
            status = validate_pdf_signature(sig, ValidationContext(trust_roots=roots, allow_fetching=False))
        except Exception as exc:
            report.add(FAIL, f"Chữ ký số “{sig.field_name}”: dữ liệu chữ ký (/Contents{where}) hỏng hoặc đã bị sửa "
                             f"({type(exc).__name__}); chữ ký không còn giá trị.")
            all_trusted = False
            continue
        cert = status.signing_cert
        who = cert.subject.native.get("common_name") or cert.subject.human_friendly
        when = status.signer_reported_dt
        when_text = words.signed_time(when) if when else "không ghi"
        if status.intact and status.valid:
            report.add(PASS, f"Chữ ký số nguyên vẹn: ký bởi “{who}” lúc {when_text}; nội dung được ký không bị "
                             f"thay đổi.")
        elif status.intact:
            report.add(FAIL, f"Chữ ký số của “{who}” KHÔNG hợp lệ: nội dung được ký không đổi nhưng dữ liệu chữ ký "
                             f"(/Contents{where}) đã bị sửa.")
        else:
            report.add(FAIL, f"Chữ ký số của “{who}” KHÔNG còn nguyên vẹn: nội dung đã bị thay đổi sau khi ký.")
        if status.coverage is SignatureCoverageLevel.ENTIRE_FILE:
            pass
        elif sig is sigs[-1]:
            whole = False
        if status.trusted:
            report.add(PASS, f"Người ký “{who}” được xác minh: chứng thư số do tổ chức trong danh sách tin cậy cấp.")
        else:
            issuer = cert.issuer.native.get("common_name") or cert.issuer.human_friendly
            report.add(UNCHECKED, f"Không xác minh được người ký “{who}”: chứng thư số do “{issuer}” cấp, không "
                                  f"thuộc danh sách tin cậy.")
            all_trusted = False
    if not whole:
        report.add(FAIL, "Có nội dung được thêm vào tệp sau chữ ký số cuối cùng.")
    report.untrusted_signer = not all_trusted
    report.confirmed = report.confirmed or all_trusted
    return True


def _check_database(report: Report, claims: Claims, db, compare) -> None:
    """The claimed hash against the signed revision in the database, then `compare(season)` the content."""
    from ...domain.errors import DomainError
    from ...services.clusters import find_season, open_season
    from ...wording import explain
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
    if season.signed is None or season.signed.number != revision.number:
        return
    compare(season)


def _rebuild(kind: str, fmt: str, season) -> bytes | None:
    from ..registry import load_writers

    found = load_writers().get(kind)
    writer = found.writers.get(fmt) if found else None
    if writer is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / f"rebuilt.{fmt}"
        writer(season, target)
        return target.read_bytes()


def _compare_pdf(report: Report, season, sealed: bytes | None) -> None:
    """Rebuild the same document from the signed-off season and compare it byte for byte."""
    if sealed is None or not _same_layout(report, "pdf"):
        return
    rebuilt = _rebuild(report.claims.kind, "pdf", season)
    if rebuilt is None:
        report.add(UNCHECKED, "Không tạo lại được văn bản loại này để so sánh từng byte.")
        return
    rebuilt_sealed = rebuilt[:SEAL_RE.search(rebuilt).start()]
    if rebuilt_sealed == sealed:
        report.add(PASS, "Văn bản trùng khớp từng byte với văn bản tạo lại từ lần ký duyệt trong cơ sở dữ liệu.")
        report.confirmed = True
    else:
        first = next((i for i, (a, b) in enumerate(zip(rebuilt_sealed, sealed)) if a != b),
                     min(len(rebuilt_sealed), len(sealed)))
        report.add(FAIL, f"Văn bản KHÁC với văn bản tạo lại từ lần ký duyệt trong cơ sở dữ liệu (khác từ byte "
                         f"{first}): nội dung đã bị sửa (hoặc được tạo bởi một phiên bản thidua khác).")


# ---- XLSX --------------------------------------------------------------------------------------
def verify_xlsx(path: Path, db=None, trust: list[Path] = ()) -> Report:
    import openpyxl

    report = Report(path, "xlsx")
    try:
        workbook = openpyxl.load_workbook(path)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
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
                    revision == 0 or not props.get(PROP_SHA256), "", _layout_number(props.get(PROP_LAYOUT)))
    report.claims = claims
    if cells_digest(workbook) == props[PROP_CELLS]:
        report.add(PASS, "Mã kiểm tra các ô khớp: không ô nào bị sửa kể từ khi thidua ghi sổ tính (mã này phát "
                         "hiện sửa đổi thông thường; người cố ý giả mạo có thể tính lại — so sánh với nội dung "
                         "ký duyệt mới chống được việc đó).")
    else:
        report.add(FAIL, "Mã kiểm tra các ô KHÔNG khớp: có ô đã bị sửa, thêm hoặc xóa sau khi thidua ghi sổ tính.")
    if claims.draft:
        report.add(FAIL, "Sổ tính là DỰ THẢO: kỳ thi đua chưa được ký duyệt khi xuất.")
        return report
    report.add(UNCHECKED, "Tệp Excel không mang chữ ký số; nội dung được đối chiếu với lần ký duyệt.")
    if db is not None:
        _check_database(report, claims, db, lambda season: _compare_cells(report, workbook, season, "cơ sở dữ liệu",
                                                                           confirms=True))
        return report
    content = embedded_content(workbook)
    if not content:
        report.add(UNCHECKED, "Sổ tính không mang nội dung ký duyệt; chưa đối chiếu được số liệu "
                              "(dùng: thidua --db <CSDL> verify <tệp>).")
        return report
    if hashlib.sha256(content.encode("utf-8")).hexdigest() != claims.sha256:
        report.add(FAIL, "Nội dung ký duyệt mang trong sổ tính KHÔNG khớp mã SHA-256 ghi trên văn bản: đã bị sửa.")
        return report
    from .restore import season_from_content
    try:
        when = dt.datetime.fromisoformat(claims.signed_at) if claims.signed_at else dt.datetime(1970, 1, 1)
        season = season_from_content(content, claims.revision, claims.signed_by, when, claims.sha256)
    except (KeyError, ValueError, TypeError) as exc:
        report.add(UNCHECKED, f"Không đọc được nội dung ký duyệt mang trong sổ tính ({type(exc).__name__}).")
        return report
    _compare_cells(report, workbook, season, "nội dung ký duyệt mang trong tệp (khớp mã SHA-256)", confirms=False)
    report.add(UNCHECKED, "Chưa đối chiếu với cơ sở dữ liệu (dùng: thidua --db <CSDL> verify <tệp>).")
    return report


def _shown(value) -> str:
    if value is None:
        return "(trống)"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return words.points(Decimal(str(value)))
    return str(value)


def _compare_cells(report: Report, workbook, season, source: str, confirms: bool) -> None:
    """Rebuild the workbook from `season` and name every cell whose value differs: sheet, cell, old → new."""
    import openpyxl

    if not _same_layout(report, "xlsx"):
        return
    rebuilt = _rebuild(report.claims.kind, "xlsx", season)
    if rebuilt is None:
        report.add(UNCHECKED, "Không tạo lại được sổ tính loại này để so sánh từng ô.")
        return
    expected = openpyxl.load_workbook(io.BytesIO(rebuilt))
    changes = []
    for ws in expected.worksheets:
        if ws.title not in workbook.sheetnames:
            changes.append(f"thiếu trang tính “{ws.title}”")
            continue
        got = workbook[ws.title]
        rows = max(ws.max_row, got.max_row)
        cols = max(ws.max_column, got.max_column)
        for r in range(1, rows + 1):
            for c in range(1, cols + 1):
                old, new = ws.cell(r, c).value, got.cell(r, c).value
                if old != new:
                    coord = ws.cell(r, c).coordinate
                    changes.append(f"trang tính “{ws.title}”, ô {coord}: {_shown(old)} → {_shown(new)}")
    extra = [name for name in workbook.sheetnames if name not in expected.sheetnames]
    changes += [f"thêm trang tính “{name}”" for name in extra]
    if changes:
        listed = "; ".join(changes[:MAX_CELLS_LISTED])
        more = f"; và {len(changes) - MAX_CELLS_LISTED} ô khác" if len(changes) > MAX_CELLS_LISTED else ""
        report.add(FAIL, f"Số liệu KHÁC với {source}: {listed}{more}.")
    else:
        report.add(PASS, f"Mọi ô của sổ tính khớp với sổ tính tạo lại từ {source}.")
        report.confirmed = report.confirmed or confirms


def verify_file(path: Path, db=None, trust: list[Path] = ()) -> Report:
    """Verify a PDF or XLSX by its content (not its name)."""
    path = Path(path)
    head = path.read_bytes()[:4]
    if head.startswith(b"%PDF"):
        return verify_pdf(path, db, trust)
    if head.startswith(b"PK"):
        return verify_xlsx(path, db, trust)
    report = Report(path, path.suffix.lstrip(".") or "?")
    report.add(FAIL, "Tệp không phải PDF hay Excel (.xlsx) nên không kiểm tra được.")
    return report
