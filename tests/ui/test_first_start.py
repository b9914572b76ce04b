"""The first start of a new secretary: the welcome page, a new data file, the first cluster, last year's
table, recent files by name (never a password), a safe copy of the data, and the name asked once."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

TABLES = Path(__file__).resolve().parents[1] / "fixtures" / "tables"
SHOTS = os.environ.get("THIDUA_SHOTS")


@pytest.fixture
def fresh(qtbot, tmp_path, monkeypatch):
    """A main window as the app starts it for a person with an empty settings file."""
    from thidua.ui.main_window import MainWindow
    from thidua.ui.settings import AppSettings

    monkeypatch.delenv("THIDUA_DB", raising=False)
    # the default database of this test run: none, so nothing from before is opened
    monkeypatch.setattr("thidua.storage.database.default_url", lambda: f"sqlite:///{tmp_path / 'none.sqlite'}")
    windows = []

    def make(settings_file: Path = tmp_path / "thidua.ini", ask=lambda suggestion: "Nguyễn Thị Lan"):
        from thidua.ui.app import start

        window = MainWindow(AppSettings(settings_file))
        window.quiet = True
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        start(window, ask_name=ask)
        windows.append(window)
        return window

    yield make
    for window in windows:
        if window.session is not None:
            window.session.close()
            window.session = None


def _save_as(monkeypatch, path: Path) -> None:
    monkeypatch.setattr("thidua.ui.main_window.QFileDialog.getSaveFileName",
                        lambda *args, **kw: (str(path), ""))


def _answer_new_season(name: str, year: int, members: list[str]) -> None:
    """Fill the new-season dialog once it is up, and accept it."""
    from thidua.ui.dialogs import NewSeasonDialog

    def act():
        dialog = next((w for w in QApplication.topLevelWidgets() if isinstance(w, NewSeasonDialog) and w.isVisible()),
                      None)
        if dialog is None:
            QTimer.singleShot(50, act)
            return
        dialog.cluster.setCurrentText(name)
        dialog.year.setValue(year)
        dialog.members.setPlainText("\n".join(members))
        dialog.accept()

    QTimer.singleShot(50, act)


def test_first_start_shows_the_welcome_page_and_a_new_file_leads_to_the_first_cluster(fresh, qtbot, tmp_path,
                                                                                        monkeypatch):
    window = fresh()
    page = window.welcome
    assert page is not None and page.isVisible() and not window.tabs.isVisible()
    assert page.title.text() == "Chào mừng đến với thidua"
    assert [b.text() for b in (page.btn_new, page.btn_open, page.btn_import, page.btn_demo)] == [
        "Tạo tệp dữ liệu mới…", "Mở tệp dữ liệu…", "Nhập bảng chấm điểm năm trước (Excel)…",
        "Dùng thử với dữ liệu mẫu"]
    assert page.no_recent.isVisible() and page.recent_names() == []
    if SHOTS:
        window.grab().save(str(Path(SHOTS) / "chao-mung.png"))

    # "Tạo tệp dữ liệu mới…": a file in a folder that does not exist yet, named without an extension
    _save_as(monkeypatch, tmp_path / "nam 2025" / "cum-thi-dua")
    page.btn_new.click()
    qtbot.waitUntil(lambda: window.session is not None, timeout=10000)
    created = tmp_path / "nam 2025" / "cum-thi-dua.thidua"
    assert window.last_error is None and created.is_file()
    assert Path(window.session.db.url.split("///", 1)[1]) == created
    # the open file has no cluster: the welcome page says so and offers the first one
    qtbot.waitUntil(lambda: window.welcome is not None and window.welcome.btn_first is not None)
    page = window.welcome
    assert page.title.text() == "Tệp dữ liệu “cum-thi-dua.thidua” chưa có cụm thi đua nào"
    assert page.btn_first.text() == "Tạo cụm và kỳ thi đua đầu tiên…" and page.btn_first.isEnabled()
    if SHOTS:
        window.grab().save(str(Path(SHOTS) / "chao-mung-tep-trong.png"))

    _answer_new_season("Cụm thi đua các tỉnh Tây Nguyên", 2025, ["Kon Tum", "Gia Lai", "Đắk Lắk"])
    page.btn_first.click()
    qtbot.waitUntil(lambda: window.session.season is not None, timeout=5000)
    season = window.session.season
    assert (season.cluster_name, season.year) == ("Cụm thi đua các tỉnh Tây Nguyên", 2025)
    assert [m.short_name for m in season.members] == ["Kon Tum", "Gia Lai", "Đắk Lắk"]
    assert window.welcome is None and window.tabs.isVisible()
    assert window.windowTitle() == "Cụm thi đua các tỉnh Tây Nguyên — 2025 — thidua"

    # the name given at the first start is the author of the changes in the audit log
    from thidua.services.audit import season_log

    rows = season_log(window.session.db.uow(), season.id)
    assert rows and {r.actor for r in rows} == {"Nguyễn Thị Lan"}


def test_last_years_table_from_the_welcome_page_into_a_new_file(fresh, qtbot, tmp_path, monkeypatch):
    from thidua.ui import importing

    window = fresh()
    _save_as(monkeypatch, tmp_path / "du-lieu.thidua")
    monkeypatch.setattr(importing.QFileDialog, "getOpenFileName",
                        lambda *args, **kw: (str(TABLES / "tu-cham-cum-cham.xls"), ""))

    def accept_preview():
        dialog = getattr(window, "last_dialog", None)
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(50, accept_preview)
            return
        dialog.accept()

    window.last_dialog = None
    QTimer.singleShot(50, accept_preview)
    window.welcome.btn_import.click()
    qtbot.waitUntil(lambda: window.session is not None and window.session.season is not None
                    or window.last_error is not None, timeout=20000)
    assert window.last_error is None
    season = window.session.season
    assert season.year == 2021 and "Bắc Trung Bộ" in season.cluster_name and len(season.members) == 6
    assert (tmp_path / "du-lieu.thidua").is_file() and window.welcome is None


def test_the_last_file_opens_at_the_next_start_and_recent_files_are_shown_by_name(fresh, qtbot, tmp_path):
    from thidua.storage.database import create_database

    folder = tmp_path / "Thi đua"
    for name in ("cum-2024.thidua", "cum-2025.thidua"):
        create_database(folder / name).close()
    settings_file = tmp_path / "thidua.ini"
    from thidua.ui.settings import AppSettings

    settings = AppSettings(settings_file)
    settings.add_recent(f"sqlite:///{folder / 'cum-2024.thidua'}")
    settings.add_recent(str(tmp_path / "gone.thidua"))          # a file deleted since
    settings.add_recent(f"sqlite:///{folder / 'cum-2025.thidua'}")

    window = fresh(settings_file)   # the last used file still exists: it opens, no welcome to pass
    qtbot.waitUntil(lambda: window.session is not None, timeout=10000)
    assert window.session.db.url == f"sqlite:///{folder / 'cum-2025.thidua'}"
    page = window.welcome   # no cluster in it yet: the page lists the other files by name
    assert page.recent_names() == ["cum-2024.thidua"]
    assert page.recent.item(0).toolTip() == str(folder / "cum-2024.thidua")
    window._fill_recent()
    assert [a.text() for a in window.recent_menu.actions()] == [
        "cum-2025.thidua", "gone.thidua (không còn ở đó)", "cum-2024.thidua"]

    page.open_recent_named("cum-2024.thidua")
    qtbot.waitUntil(lambda: window.session.db.url.endswith("cum-2024.thidua"), timeout=10000)
    # a recent file that is gone is refused with a sentence, not created empty in its old place
    window.open_recent(str(tmp_path / "gone.thidua"))
    assert window.last_error.startswith("Không tìm thấy tệp dữ liệu") and not (tmp_path / "gone.thidua").exists()


def test_the_welcome_page_at_first_start_when_the_last_file_is_gone(fresh, qtbot, tmp_path):
    from thidua.ui.settings import AppSettings

    settings_file = tmp_path / "thidua.ini"
    AppSettings(settings_file).add_recent(str(tmp_path / "moved.thidua"))
    window = fresh(settings_file)
    assert window.session is None and window.welcome.isVisible()
    assert not (tmp_path / "moved.thidua").exists()


def test_a_new_file_never_overwrites_another_programs_file(fresh, qtbot, tmp_path, monkeypatch):
    window = fresh()
    other = tmp_path / "so-sach.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE hoa_don (id INTEGER PRIMARY KEY, so_tien INTEGER)")
    conn.execute("INSERT INTO hoa_don VALUES (1, 500000)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    _save_as(monkeypatch, other)
    window.act_new_file.trigger()
    qtbot.waitUntil(lambda: window.last_error is not None, timeout=10000)
    assert window.last_error == (f"Tệp {other} đã có và là của chương trình khác; thidua không ghi đè lên nó. "
                                 "Hãy đặt tên khác cho tệp dữ liệu mới.")
    assert other.read_bytes() == before and window.session is None


def test_save_a_copy_that_opens_with_the_same_seasons(make_window, qtbot, tmp_path):
    from thidua.services import clusters
    from thidua.storage.database import Database

    window = make_window(read_only=True)   # a copy is allowed in review mode too
    assert window.act_save_copy.isEnabled()
    target = tmp_path / "ban sao" / "du-lieu-ban-sao.thidua"
    window.save_copy(str(target))
    qtbot.waitUntil(lambda: "Đã lưu bản sao" in window.statusBar().currentMessage()
                    or window.last_error is not None, timeout=10000)
    assert window.last_error is None
    assert window.statusBar().currentMessage() == f"Đã lưu bản sao đầy đủ của dữ liệu vào {target}"
    copy = Database(str(target), actor="tester")
    try:
        ours = sorted((r.cluster_id, r.year) for r in window.session.read(clusters.list_seasons))
        theirs = sorted((r.cluster_id, r.year) for r in clusters.list_seasons(copy.uow()))
        assert theirs == ours and len(ours) == 2
        season = clusters.open_season(copy.uow(), window.session.season_id)
        shown = window.session.season
        assert [season.tally(m.id).total for m in season.members] == [shown.tally(m.id).total for m in shown.members]
    finally:
        copy.close()


def test_the_copy_cannot_be_the_open_file(make_window):
    window = make_window()
    source = Path(window.session.db.url.split("///", 1)[1])
    window.save_copy(str(source))
    assert window.last_error == "Bản sao phải là một tệp khác với tệp đang mở. Hãy đặt tên khác."


def test_no_password_is_ever_stored(tmp_path):
    from thidua.ui.settings import AppSettings, recent_name

    path = tmp_path / "thidua.ini"
    settings = AppSettings(path)
    settings.add_recent("postgresql+psycopg://thuky:Mat-Khau_2025@db.cum.vn:5432/thidua")
    text = path.read_text(encoding="utf-8")
    assert "Mat-Khau_2025" not in text and "thuky@db.cum.vn:5432/thidua" in text
    assert recent_name(settings.recent[0]) == ("db.cum.vn/thidua", "postgresql://thuky@db.cum.vn:5432")

    # a file written by an older thidua that kept the password: dropped when it is read
    old = tmp_path / "old.ini"
    old.write_text("[files]\nrecent=postgresql://thuky:Cu-2024@10.0.0.5/thidua, sqlite:////tmp/a.thidua\n",
                   encoding="utf-8")
    again = AppSettings(old)
    assert again.recent == ["postgresql://thuky@10.0.0.5/thidua", "sqlite:////tmp/a.thidua"]
    assert "Cu-2024" not in old.read_text(encoding="utf-8")


def test_opening_a_server_without_its_password_says_where_to_put_it(fresh, qtbot):
    window = fresh()
    window.open_database("postgresql+psycopg://thuky@127.0.0.1:1/thidua", wait=True)
    assert window.session is None
    assert "PGPASSWORD" in window.last_error and ".pgpass" in window.last_error


def test_the_name_is_asked_once(fresh, tmp_path):
    asked = []

    def ask(suggestion):
        asked.append(suggestion)
        return "  Trần   Văn Bình "

    settings_file = tmp_path / "ten.ini"
    from thidua.user import os_login

    first = fresh(settings_file, ask)
    assert asked == [os_login()] and first.settings.actor == "Trần Văn Bình"
    second = fresh(settings_file, ask)
    assert len(asked) == 1 and second.settings.actor == "Trần Văn Bình"


def test_a_quiet_window_is_never_asked(qtbot, tmp_path):
    from thidua.ui.main_window import MainWindow
    from thidua.ui.settings import AppSettings
    from thidua.ui.welcome import ask_name_once

    window = MainWindow(AppSettings(tmp_path / "thidua.ini"))
    qtbot.addWidget(window)
    window.quiet = True
    assert ask_name_once(window) is False and not window.settings.named


def test_the_name_dialog_suggests_the_login_and_refuses_an_empty_name(qtbot):
    from thidua.ui.welcome import NameDialog

    dialog = NameDialog("lan")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Tên của bạn" and dialog.name.text() == "lan"
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    dialog.name.setText("   ")
    assert not ok.isEnabled()
    dialog.name.setText(" Lê  Thu ")
    assert ok.isEnabled() and dialog.value == "Lê Thu"
