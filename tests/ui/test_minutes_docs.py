"""Minutes form with live preview, export through the registry, screenshots, English, crash log."""

from __future__ import annotations

from pathlib import Path

import pytest

from thidua import wording
from thidua.documents import registry


def test_minutes_preview_shows_the_pdf_pages_and_follows_typing(make_window, qtbot):
    window = make_window(year=2017)
    tab = window.views["minutes"]
    assert "Nguyễn Văn Hòa" in tab.preview.toPlainText()
    assert len(tab.preview.pages) >= 2 and not tab.preview.pages[0].pixmap().isNull()   # the PDF's own pages
    tab.fields["chair"].setText("Lê Thị Bình")
    assert window.session.season.meeting.chair != "Lê Thị Bình"       # saved after a pause in typing…
    qtbot.waitUntil(lambda: "đồng chí Lê Thị Bình" in tab.preview.toPlainText(), timeout=3000)  # …shown at once
    qtbot.waitUntil(lambda: window.session.season.meeting.chair == "Lê Thị Bình", timeout=3000)
    # Hưng Yên sent someone after all: present 9/9, with the name that will sign the covenant
    row = [m.short_name for m in window.session.season.members].index("Hưng Yên")
    tab.attendance.item(row, 1).setText("Phó Chủ tịch Liên minh HTX tỉnh")
    tab.attendance.item(row, 2).setText("Đặng Văn Tùng")
    qtbot.waitUntil(lambda: "Đơn vị thành viên có mặt: 9/9 đơn vị:" in tab.preview.toPlainText(), timeout=3000)
    assert tab.save()
    member = window.session.season.members[row].id
    meeting = window.session.season.meeting
    assert meeting.attendee(member).startswith("Phó Chủ tịch") and meeting.attendee_name(member) == "Đặng Văn Tùng"
    assert "Ninh Bình, ngày 15 tháng 12 năm 2017" in tab.preview.toPlainText()
    # the covenant's number and date are recorded on the same form
    tab.fields["covenant_number"].setText("05/GƯ-CTĐ")
    tab.covenant_dated.setChecked(True)
    assert tab.save()
    assert window.session.season.meeting.covenant_number == "05/GƯ-CTĐ"
    assert window.session.season.meeting.covenant_date is not None
    # who signed the covenant: the attendees, copied with one button, then one changed
    tab._signers_from_attendance()
    tab.signers.item(0, 2).setText("Lê Văn Khánh")
    assert tab.save()
    signers = {m: (t, n) for m, t, n in window.session.season.meeting.covenant_signers}
    first = window.session.season.members[0].id
    assert signers[first] == ("Chủ tịch Liên minh HTX tỉnh", "Lê Văn Khánh") and len(signers) == 9


def test_export_goes_through_the_registry(make_window, qtbot, tmp_path):
    written = []

    def fake_writer(season, path: Path) -> None:
        path.write_text(f"{season.cluster_name} {season.year}", encoding="utf-8")
        written.append(path)

    registry.register("test-doc", "Văn bản thử", "Test document", "txt", fake_writer)
    try:
        window = make_window(year=2017)
        from thidua.ui.documents import available, export, export_actions
        assert ("test-doc", "Văn bản thử", "txt") in available()
        export_actions(window, window.export_menu)
        assert any(a.text().startswith("Văn bản thử") for a in window.export_menu.actions())
        target = tmp_path / "out.txt"
        export(window, "test-doc", "txt", target)
        qtbot.waitUntil(lambda: target.exists() and "Đã xuất" in window.statusBar().currentMessage(), timeout=5000)
        assert target.read_text(encoding="utf-8") == "Cụm thi đua các tỉnh Đồng bằng sông Hồng 2017"
        assert window.last_export == target and window.act_open_folder.isEnabled()   # "Mở thư mục"
    finally:
        registry.KINDS.pop("test-doc", None)


def test_failing_export_is_worded(make_window, qtbot, tmp_path):
    def broken(season, path):
        from thidua.services.ports import StorageError
        raise StorageError("disk_full", "no space left")

    registry.register("broken-doc", "Hỏng", "Broken", "txt", broken)
    try:
        window = make_window()
        from thidua.ui.documents import export
        export(window, "broken-doc", "txt", tmp_path / "x.txt")
        qtbot.waitUntil(lambda: window.last_error is not None, timeout=5000)
        assert "Ổ đĩa đã đầy" in window.last_error
    finally:
        registry.KINDS.pop("broken-doc", None)


def test_english_can_be_chosen(make_window):
    window = make_window()
    window.apply_settings("en", "tester")
    try:
        assert window.tabs.tabText(0) == "Scoring table"
        assert window.views["scores"].model.headerData(1, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal) == "Criterion"
        assert "Step: Scoring" in window.state_label.text()
        assert window.settings.language == "en"
    finally:
        wording.set_language("vi")


def test_screenshots_of_every_view(tmp_path, qapp, monkeypatch):
    from thidua.ui.app import run_gui

    monkeypatch.setenv("THIDUA_CRASH_LOG", str(tmp_path / "crash.log"))
    out = tmp_path / "shots"
    assert run_gui(demo=True, screenshots=str(out)) == 0
    names = sorted(p.name for p in out.glob("*.png"))
    assert names == ["00-chao-mung.png", "01-bang-cham-diem.png", "02-xep-hang.png", "03-don-vi-tieu-chi.png",
                     "04-giao-uoc.png", "05-khen-thuong-bo-phieu.png", "06-bien-ban.png", "07-thiet-lap-xep-hang.png",
                     "08-thiet-lap-khen-thuong.png", "20-huong-dan.png", "21-gioi-thieu.png", "22-buoc-va-ly-do.png"]
    from PySide6.QtGui import QImage
    for name in names:
        image = QImage(str(out / name))
        assert (image.width(), image.height()) == (1366, 768)


def test_crash_log_written_and_worded(tmp_path, monkeypatch, make_window):
    import sys

    from thidua.ui import app

    monkeypatch.setenv("THIDUA_CRASH_LOG", str(tmp_path / "crash.log"))
    window = make_window()
    old = sys.excepthook
    try:
        app.install_crash_log(lambda: window)
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = old
    assert "RuntimeError: boom" in (tmp_path / "crash.log").read_text(encoding="utf-8")
    assert "crash.log" in window.last_error and "không mong muốn" in window.last_error


def test_import_an_excel_scoring_table(make_window, qtbot):
    sample = Path(__file__).resolve().parents[1] / "fixtures" / "tables" / "bang-cham-diem-tay-nam-bo-2023.xlsx"
    from thidua.ui.importing import import_file

    window = make_window()
    import_file(window, str(sample), confirm=False)
    qtbot.waitUntil(lambda: bool(window.session.season.year == 2023 or window.last_error), timeout=10000)
    assert window.last_error is None
    season = window.session.season
    assert "Tây Nam" in season.cluster_name or "Tây Nam" in window.cluster_box.currentText()
    assert window.views["scores"].model.rowCount() > 10


@pytest.mark.parametrize("kind", ["scoring-table", "ranking", "minutes", "submission", "covenant"])
def test_print_preview_prints_exactly_the_pdf_pages(make_window, tmp_path, kind):
    """What the printer receives is the exported PDF's pages, for every paper (printed here to a PDF file)."""
    import pypdfium2 as pdfium
    from PySide6.QtPrintSupport import QPrinter

    from thidua.documents.registry import load_writers
    from thidua.ui.documents import page_images, paint_pdf

    window = make_window(year=2017)
    dialog = window.print_preview(kind, exec_dialog=False)
    assert dialog is not None and window.last_print[0] == kind
    exported = tmp_path / f"{kind}.pdf"
    load_writers()[kind].writers["pdf"](window.session.season, exported)
    data = window.last_print[1]
    assert data == exported.read_bytes()                      # the preview's PDF is the export's PDF
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setResolution(150)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    pages = paint_pdf(printer, data, dpi=100)
    original = pdfium.PdfDocument(data)
    assert pages == len(original) and len(pdfium.PdfDocument(printed.read_bytes())) == pages
    # page by page the printed sheet looks like the PDF page: the ink in the same places (the darkness of
    # 8 × 8 pixel blocks correlates; the raster's anti-aliasing differs a little from the vector's)
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    want, got = page_images(data, 50), page_images(printed.read_bytes(), 50)

    def correlation(a, b):
        size = a.size() / 8     # each pixel of the small image: the mean of an 8 × 8 block
        small = [img.scaled(size, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
                 .convertToFormat(QImage.Format.Format_Grayscale8) for img in (a, b)]
        xs, ys = ([255 - img.pixelColor(x, y).lightness() for x in range(img.width()) for y in range(img.height())]
                  for img in small)
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
        return cov / (sum((x - mx) ** 2 for x in xs) * sum((y - my) ** 2 for y in ys)) ** 0.5

    for a, b in zip(want, got):
        assert abs(a.width() - b.width()) <= 1 and abs(a.height() - b.height()) <= 1
        assert correlation(a, b) > 0.9, kind
    # while a different page does not look alike: the first page against the last
    if len(want) > 1:
        assert correlation(want[0], got[-1]) < 0.6
