"""Papers from the app: export through the registry off the UI thread, "Mở thư mục", and printing the PDF itself.

The print preview and the printer get exactly the PDF's pages: the paper's content is rendered to
PDF as `thidua export` would, and its pages are rasterised with pypdfium2 (Qt's own PDF module is
not part of PySide6-Essentials) and painted one per sheet of paper.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from .. import wording
from ..documents.registry import file_name, load_writers
from ..files import atomic_output
from ..services import clusters
from .i18n import explain, tr
from .workers import run_task

FORMAT_NAMES = {"xlsx": "Excel", "pdf": "PDF", "docx": "Word"}
PRINT_DPI = 300        # rasterised for the printer at this resolution (A4: 2480 × 3508 pixels)
# which paper Ctrl+P prints from each tab
TAB_KINDS = {"scores": "scoring-table", "ranking": "ranking", "covenant": "covenant", "awards": "submission",
             "minutes": "minutes"}


def kind_title(kind) -> str:
    return kind.title_en if wording.language() == "en" else kind.title_vi


def available() -> list[tuple[str, str, str]]:
    """(kind name, title, format) for every registered writer."""
    out = []
    for kind in load_writers().values():
        for fmt in sorted(kind.writers):
            out.append((kind.name, kind_title(kind), fmt))
    return out


def export_actions(window, menu: QMenu) -> None:
    items = available()
    if not items:
        menu.addAction(tr("(chưa có mẫu văn bản nào được cài đặt)", "(no document writers installed)")).setEnabled(False)
        return
    for name, title, fmt in items:
        label = f"{title} ({FORMAT_NAMES.get(fmt, fmt.upper())})…"
        menu.addAction(label, lambda n=name, f=fmt: export(window, n, f))


def open_folder(path: Path) -> bool:
    """Show the folder holding `path` in the system's file manager."""
    folder = path if path.is_dir() else path.parent
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder.resolve())))


def offer_folder(window, path: Path) -> None:
    """After an export: say where the paper went, with "Mở thư mục" to show it."""
    window.last_export = path
    if getattr(window, "act_open_folder", None) is not None:
        window.act_open_folder.setEnabled(True)
    if window.quiet:
        return
    box = QMessageBox(QMessageBox.Icon.Information, "thidua", tr(f"Đã xuất văn bản: {path}", f"Exported: {path}"),
                      parent=window)
    opener = box.addButton(tr("Mở thư mục", "Open folder"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(tr("Đóng", "Close"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is opener:
        open_folder(path)


def export(window, kind: str, fmt: str, path: str | Path | None = None, on_done=None):
    """Write one document for the current season to `path` (asked for when None), in a worker thread."""
    from ..files import check_output_path

    season = window.session.season
    if season is None:
        return None
    if path is None:
        path, _ = QFileDialog.getSaveFileName(window, tr("Lưu văn bản", "Save document"),
                                              file_name(kind, season, fmt), f"*.{fmt}")
        if not path:
            return None
    path = Path(path)
    try:
        check_output_path(path)
    except OSError as exc:
        window.show_error(wording.os_refusal(exc, path))
        return None
    writer = load_writers()[kind].writers[fmt]

    db, season_id = window.session.db, season.id

    template = None
    if fmt == "docx":   # a cluster's own Word template, when the settings name one
        from ..documents.docx.template import configured
        template = configured(kind)

    def work(progress):
        # the worker reads the season through its own unit of work, never the window's objects
        progress.step(0, 1, tr("Đang xuất văn bản…", "Exporting…"))
        season_now = clusters.open_season(db.uow(), season_id)
        with atomic_output(path) as tmp:
            if template is None:
                writer(season_now, tmp)
            else:
                writer(season_now, tmp, template)
        progress.step(1, 1)
        return path

    def done(result):
        window.statusBar().showMessage(tr(f"Đã xuất: {result}", f"Exported: {result}"), 10000)
        offer_folder(window, result)
        if on_done:
            on_done(result)

    def failed(exc):
        reason = getattr(exc, "reason", None)   # a cluster's Word template that cannot be filled
        window.show_error(tr(f"Không xuất được {path.name}: {reason}.", f"Could not export {path.name}: {reason}.")
                          if isinstance(reason, str) and fmt == "docx" else explain(exc))

    return run_task(window, tr("Đang xuất văn bản…", "Exporting…"), work, done, failed)


# ---- the PDF's own pages, on screen and on paper ---------------------------------------------------
def pdf_bytes(season, kind: str) -> bytes:
    """The paper exactly as `thidua export KIND --format pdf` writes it."""
    from ..documents.content import build
    from ..documents.pdf.render import render

    return render(build(kind, season))


def page_images(data: bytes, dpi: float) -> list[QImage]:
    """Every page of a PDF as an image at `dpi` (pypdfium2 rasterises; the pixels are copied into Qt)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pdf = pdfium.PdfDocument(data)
    images = []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            # RGBA bytes in memory order, as Qt's RGBA8888 reads them
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True, force_bitmap_format=pdfium_c.FPDFBitmap_BGRA)
            try:
                image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                               QImage.Format.Format_RGBA8888)
                images.append(image.copy())   # detach from pdfium's buffer before it is freed
            finally:
                bitmap.close()
                page.close()
    finally:
        pdf.close()
    return images


def page_sizes_mm(data: bytes) -> list[tuple[float, float]]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return [(w * 25.4 / 72, h * 25.4 / 72) for w, h in (pdf.get_page_size(i) for i in range(len(pdf)))]
    finally:
        pdf.close()


def paint_pdf(printer, data: bytes, dpi: float = PRINT_DPI) -> int:
    """Paint the PDF's pages onto `printer`, one per sheet at full page (the PDF carries its own margins)."""
    sizes = page_sizes_mm(data)
    if not sizes:
        return 0
    dpi = min(dpi, printer.resolution() or dpi)
    painter = QPainter()
    layout_for = lambda w, h: QPageLayout(  # noqa: E731
        QPageSize(QSizeF(min(w, h), max(w, h)), QPageSize.Unit.Millimeter),
        QPageLayout.Orientation.Landscape if w > h else QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
    printer.setFullPage(True)
    printer.setPageLayout(layout_for(*sizes[0]))
    if not painter.begin(printer):
        return 0
    try:
        for i, image in enumerate(page_images(data, dpi)):
            if i:
                printer.setPageLayout(layout_for(*sizes[i]))
                printer.newPage()
            target = printer.pageLayout().fullRectPixels(printer.resolution())
            painter.drawImage(target, image)
        return len(sizes)
    finally:
        painter.end()


def print_preview(window, kind: str, exec_dialog: bool = True):
    """The print preview of one paper of the current season: exactly its PDF's pages, ready to print."""
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    season = window.session.season if window.session else None
    if season is None:
        return None
    try:
        data = pdf_bytes(season, kind)
    except Exception as exc:   # any failure to build the paper is worded, never a crash
        window.show_error(explain(exc))
        return None
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(file_name(kind, season, "pdf"))
    dialog = QPrintPreviewDialog(printer, window)
    title = kind_title(load_writers()[kind])
    dialog.setWindowTitle(tr(f"Xem trước khi in: {title}", f"Print preview: {title}"))
    dialog.paintRequested.connect(lambda p: paint_pdf(p, data))
    window.last_print = (kind, data)
    if exec_dialog:
        dialog.exec()
    return dialog


def print_actions(window, menu: QMenu) -> None:
    """File → Print: one entry per paper that has a PDF."""
    for kind in load_writers().values():
        if "pdf" in kind.writers:
            menu.addAction(f"{kind_title(kind)}…", lambda k=kind.name: print_preview(window, k))
