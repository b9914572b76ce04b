"""Fixtures for the app's tests: a main window over a private copy of the demo database."""

from __future__ import annotations

import pytest

from thidua import wording


@pytest.fixture(autouse=True)
def vietnamese():
    wording.set_language("vi")
    yield
    wording.set_language("vi")


@pytest.fixture
def make_window(qtbot, demo_copy, tmp_path):
    """Build a main window on the demo; `read_only` opens it for review; `year` picks the season."""
    from thidua.ui.main_window import MainWindow
    from thidua.ui.settings import AppSettings

    db, first, second = demo_copy

    def make(read_only: bool = False, year: int = 2018):
        settings = AppSettings(tmp_path / "settings.ini")
        settings.actor = "tester"
        window = MainWindow(settings)
        window.quiet = True
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.use_database(db, read_only=read_only, season_id=first if year == 2017 else second)
        window.show()
        qtbot.waitExposed(window)
        return window

    make.ids = (first, second)
    make.db = db
    return make
