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


def sign_minutes_as_secretary(window, season, certificate: tuple[str, str, str] | None = None, on_done=None):
    """The secretary's digital signature beside the chair's on the signed minutes, centred in the THƯ KÝ block.

    `certificate` is (file, password, folder); asked for when None. The minutes must already be in the
    folder (signed by the chair at sign-off); its other signatures stay valid (an incremental update).
    """
    from PySide6.QtWidgets import QDialog

    from ..documents.registry import file_name
    from ..documents.signoff.signing import CertificateError, RoleTaken, countersign
    from .dialogs import CertificateDialog

    if season is None or season.signed is None:
        window.show_error(tr("Chỉ ký số biên bản sau khi kỳ thi đua đã ký duyệt.",
                             "The minutes are signed digitally only after sign-off."))
        return None
    if certificate is None:
        dialog = CertificateDialog(season, window, str(default_folder(window.session.db, season.year, season.revision)))
        dialog.setWindowTitle(tr("Thư ký ký số biên bản", "The secretary signs the minutes"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        certificate = dialog.certificate.value
    try:
        cert = open_certificate(certificate[0], certificate[1])
    except CertificateError as exc:
        window.show_error(wording.certificate_refusal(exc, certificate[0], locking=False))
        return None
    folder = Path(certificate[2]) if certificate[2] else default_folder(window.session.db, season.year,
                                                                          season.revision)
    minutes = folder / file_name("minutes", season, "pdf")
    if not minutes.is_file():
        window.show_error(tr(f"Chưa có biên bản đã ký số trong {folder}: hãy ký số các văn bản của lần ký duyệt "
                             "này trước (Kỳ thi đua → Ký số văn bản…).",
                             f"No signed minutes in {folder}: sign this revision's documents first "
                             "(Season → Sign documents digitally…)."))
        return None

    def work(progress):
        progress.step(0, 1, tr("Đang ký số biên bản…", "Signing the minutes…"))
        countersign(minutes, cert, location=season.meeting.place)
        progress.step(1, 1)
        return minutes

    def done(path):
        window.statusBar().showMessage(tr(f"Thư ký “{cert.subject}” đã ký số biên bản {path}.",
                                          f"The secretary “{cert.subject}” signed the minutes {path}."), 15000)
        if on_done:
            on_done(path)

    def failed(exc):
        if isinstance(exc, RoleTaken):
            window.show_error(tr("Biên bản đã có chữ ký số của thư ký; không ký đè lên chữ ký đã có.",
                                 "The minutes already carry the secretary's signature."))
        else:
            window.show_error(explain(exc))

    return run_task(window, tr("Đang ký số biên bản…", "Signing the minutes…"), work, done, failed)
