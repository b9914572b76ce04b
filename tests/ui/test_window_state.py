"""Window size, splitters and the last tab come back at the next start, kept apart from user settings."""

from __future__ import annotations

from PySide6.QtWidgets import QSplitter


def _open(qtbot, db, season_id, path):
    from thidua.ui.main_window import MainWindow
    from thidua.ui.settings import AppSettings

    window = MainWindow(AppSettings(path))
    window.quiet = True
    qtbot.addWidget(window)
    window.use_database(db, season_id=season_id)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_geometry_splitter_and_tab_restored(qtbot, demo_copy, tmp_path):
    db, _first, second = demo_copy
    path = tmp_path / "thidua.ini"
    window = _open(qtbot, db, second, path)
    # restoring keeps a window on its screen: pick a size the (offscreen) screen can hold
    screen = window.screen().availableGeometry()
    window.resize(screen.width() - 60, screen.height() - 60)
    qtbot.waitUntil(lambda: window.width() > 0)
    size = (window.width(), window.height())
    window.tabs.setCurrentWidget(window.views["ranking"])
    split = window.views["scores"].findChildren(QSplitter)[0]
    split.setSizes([700, 400])
    sizes = split.sizes()
    window.save_window_state()
    window.session = None        # the database stays open for the second window
    window.close()

    again = _open(qtbot, db, second, path)
    assert (again.width(), again.height()) == size
    assert again.tabs.currentWidget() is again.views["ranking"]
    again.tabs.setCurrentWidget(again.views["scores"])
    qtbot.waitUntil(lambda: again.views["scores"].findChildren(QSplitter)[0].sizes() == sizes, timeout=2000)
    # kept apart: the user settings file holds no window state, and vice versa
    user = path.read_text(encoding="utf-8")
    state = (tmp_path / "window-state.ini").read_text(encoding="utf-8")
    assert "[main]" not in user and "[views]" not in user and "[window]" not in user
    assert "actor" not in state and "recent" not in state and "tab=" in state
