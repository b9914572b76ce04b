"""Digitally signing the signed-off season's PDF documents from the app, off the UI thread."""

from __future__ import annotations

from pathlib import Path

from .. import wording
from .i18n import explain, tr
from .workers import run_task


def open_certificate(path: str, password: str):
    """The certificate, or raises CertificateError (wrong password, expired, unreadable)."""
    from ..documents.signoff.signing import load_certificate

    return load_certificate(Path(path), password.encode("utf-8") if password else None)


def default_folder(db, year: int, revision: int) -> Path:
    """Beside the database file, as `thidua sign-off --certificate` does; the home folder for a server."""
    from ..documents.signoff.signing import signed_folder_name

    name = signed_folder_name(year, revision)
    shown = db.display_name
    if db.url.startswith("sqlite") and shown != ":memory:":
        return Path(shown).resolve().parent / name
    return Path.home() / name


def sign_documents(window, season, cert, folder: Path, on_done=None):
    """Write every PDF of `season` signed with `cert` into `folder`, in a worker thread with progress."""
    from ..documents.signoff.signing import sign_season_documents

    def work(progress):
        def step(done, total, kind):
            title = kind.title_en if wording.language() == "en" else kind.title_vi
            progress.step(done, total, tr(f"Đang ký số: {title}…", f"Signing: {title}…"))
        written = sign_season_documents(season, folder, cert, step)
        progress.step(len(written), len(written))
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
