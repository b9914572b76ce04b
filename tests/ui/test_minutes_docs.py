"""Minutes form with live preview, export through the registry, screenshots, English, crash log."""

from __future__ import annotations

from pathlib import Path

import pytest

from thidua import wording
from thidua.documents import registry


def test_minutes_preview_follows_typing_and_saves(make_window, qtbot):
    window = make_window(year=2017)
    tab = window.views["minutes"]
    assert "Nguyễn Văn Hòa" in tab.preview.toPlainText()
    tab.fields["chair"].setText("Lê Thị Bình")
    assert "Lê Thị Bình" in tab.preview.toPlainText()           # live, before saving
    assert window.session.season.meeting.chair != "Lê Thị Bình"
    qtbot.waitUntil(lambda: window.session.season.meeting.chair == "Lê Thị Bình", timeout=3000)
    # Hưng Yên sent someone after all: present 9/9
    row = [m.short_name for m in window.session.season.members].index("Hưng Yên")
    tab.attendance.item(row, 1).setText("Phó Chủ tịch Liên minh HTX tỉnh")
    assert "có mặt 9/9" in tab.preview.toPlainText()
    assert tab.save()
    assert window.session.season.meeting.attendee(window.session.season.members[row].id).startswith("Phó Chủ tịch")
    assert "Ninh Bình, ngày 15 tháng 12 năm 2017" in tab.preview.toPlainText()


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
    assert len(names) == 8 and names[0] == "01-bang-cham-diem.png" and names[-1] == "08-thiet-lap-khen-thuong.png"
    from PySide6.QtGui import QImage
    for name in (names[0], names[-1]):
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
