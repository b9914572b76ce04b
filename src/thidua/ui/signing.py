"""Digitally signing the signed-off season's PDF documents from the app, off the UI thread."""

from __future__ import annotations

import tempfile
from pathlib import Path

from .. import wording
from .i18n import explain, tr
from .workers import run_task


def certificate_refusal(exc, path: str, locking: bool = True) -> str:
    """A certificate that cannot sign, in a sentence; when signing off, said before anything is locked."""
    reason = getattr(exc, "reason", "")
    detail = getattr(exc, "detail", "")
    texts = {
        "unreadable": (f"Không đọc được tệp chứng thư số {path}: {detail}.",
                       f"Cannot read the certificate file {path}: {detail}."),
        "bad_password_or_file": (f"Không mở được chứng thư số {path}: sai mật khẩu hoặc tệp không phải dạng "
                                 "PKCS#12 (.p12/.pfx). Hãy kiểm tra mật khẩu rồi thử lại.",
                                 f"Cannot open the certificate {path}: wrong password or not a PKCS#12 file "
                                 "(.p12/.pfx). Check the password and try again."),
        "expired": (f"Chứng thư số {path} đã hết hạn ngày {detail}; hãy dùng chứng thư còn hiệu lực.",
                    f"The certificate {path} expired on {detail}; use one that is still valid."),
        "not_yet_valid": (f"Chứng thư số {path} chỉ có hiệu lực từ ngày {detail}.",
                          f"The certificate {path} is valid only from {detail}."),
    }
    if reason not in texts:
        return explain(exc)
    text = tr(*texts[reason])
    return text + tr(" Kỳ thi đua chưa bị khóa.", " The season was not locked.") if locking else text


def open_certificate(path: str, password: str):
    """The certificate, or raises CertificateError (wrong password, expired, unreadable)."""
    from ..documents.signing import load_certificate

    return load_certificate(Path(path), password.encode("utf-8") if password else None)


def default_folder(db, year: int, revision: int) -> Path:
    """Beside the database file, as `thidua sign-off --certificate` does; the home folder for a server."""
    name = f"van-ban-ky-so-{year}-lan-{revision}"
    shown = db.display_name
    if db.url.startswith("sqlite") and shown != ":memory:":
        return Path(shown).resolve().parent / name
    return Path.home() / name


def sign_documents(window, season, cert, folder: Path, on_done=None):
    """Write every PDF of `season` signed with `cert` into `folder`, in a worker thread with progress."""
    from ..documents.registry import file_name, load_writers
    from ..documents.signing import sign_pdf

    kinds = [k for k in load_writers().values() if "pdf" in k.writers]

    def work(progress):
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        with tempfile.TemporaryDirectory() as tmp:
            for i, kind in enumerate(kinds):
                title = kind.title_en if wording.language() == "en" else kind.title_vi
                progress.step(i, len(kinds), tr(f"Đang ký số: {title}…", f"Signing: {title}…"))
                plain = Path(tmp) / file_name(kind.name, season, "pdf")
                kind.writers["pdf"](season, plain)
                target = folder / plain.name
                # the same reason and place the command line writes into each signature
                sign_pdf(plain, target, cert, reason=f"Ký duyệt {kind.title_vi.lower()} năm {season.year}",
                         location=season.meeting.place)
                written.append(target)
        progress.step(len(kinds), len(kinds))
        return written

    def done(written):
        window.last_signed = written
        window.statusBar().showMessage(
            tr(f"Đã ký số {len(written)} văn bản bằng chứng thư của “{cert.subject}” vào {folder}.",
               f"Signed {len(written)} documents with “{cert.subject}”'s certificate into {folder}."), 15000)
        if on_done:
            on_done(written)

    def failed(exc):
        window.show_error(tr(f"Kỳ thi đua đã ký duyệt nhưng chưa ký số được văn bản vào {folder}: {explain(exc)} "
                             "Chọn Kỳ thi đua → Ký số văn bản… để ký lại.",
                             f"The season is signed off but its documents could not be signed into {folder}: "
                             f"{explain(exc)} Use Season → Sign documents… to try again."))

    return run_task(window, tr("Đang ký số văn bản…", "Signing documents…"), work, done, failed)
