"""A quick start: the app shows its first screen without SQLAlchemy or the document, signing and
migration libraries, opens the full database behind it, and builds a tab's view only when it is first
shown (issue 12, "Start fast"; timed by bench/)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import thidua

# what the first screen must not pay for: documents (PDF, Excel, Word), signing, PDF pages, migrations,
# and SQLAlchemy itself (the first screen is read with the standard library: storage/first_look.py)
LATE_LIBRARIES = ("reportlab", "openpyxl", "docx", "pyhanko", "pypdfium2", "alembic", "sqlalchemy")

# the real entry point (`thidua --db FILE gui`), watched from when its window exists; on the
# first moment the score grid shows the season it reports what was loaded and built, and leaves
STARTED = """
import json, os, sys
from pathlib import Path
import thidua.user
import thidua.ui.app as app_module
import thidua.ui.main_window as main_window
from thidua.cli import main

settings_file = Path(sys.argv[2])
settings_file.parent.mkdir(parents=True, exist_ok=True)
settings_file.write_text("[user]\\nactor=tester\\n", encoding="utf-8")
thidua.user.settings_path = lambda: settings_file
first_screen = {}

# what was loaded when the first screen had been read and laid out (before any event ran)
_use = main_window.MainWindow.use_database
def use_database(self, db, *args, **kw):
    _use(self, db, *args, **kw)
    first_screen.setdefault("loaded", sorted(m for m in sys.modules if m.split(".")[0] in sys.argv[3].split(",")))
    first_screen.setdefault("read_by", type(db).__name__)
main_window.MainWindow.use_database = use_database

def watch(getter):
    global timer
    from PySide6.QtCore import QTimer
    window = getter()

    def poll():
        grid = window.views.built.get("scores")
        if window.session is None or window.session.season is None or grid is None or not grid.isVisible():
            return
        first_screen.setdefault("built", sorted(window.views.built))
        first_screen.setdefault("tabs", window.tabs.count())
        first_screen.setdefault("title", window.windowTitle())
        first_screen.setdefault("rows", grid.model.rowCount())
        if not getattr(window.session.db, "is_open", True):
            return   # and then the full database opens behind the screen
        first_screen["opened_behind"] = window.session.db.is_open
        first_screen["error"] = window.last_error
        print(json.dumps(first_screen), flush=True)
        os._exit(0)
    timer = QTimer(); timer.setInterval(5); timer.timeout.connect(poll); timer.start()

_install = app_module.install_crash_log
def install_and_watch(getter):
    _install(getter)
    watch(getter)
app_module.install_crash_log = install_and_watch
sys.exit(main(["--db", sys.argv[1], "gui"]))
"""


def _start(url: str, tmp_path: Path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=os.pathsep.join([str(Path(thidua.__file__).parents[1]), os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, "-c", STARTED, url, str(tmp_path / "settings" / "thidua.ini"),
                           ",".join(LATE_LIBRARIES)], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_start_loads_no_document_signing_or_migration_library_and_builds_only_the_visible_tab(demo_copy, tmp_path):
    db, _first, _second = demo_copy
    started = _start(db.url, tmp_path)
    # the first screen is read with the standard library: not even SQLAlchemy is loaded for it
    assert started["read_by"] == "OpeningFile"
    assert started["loaded"] == []
    assert started["built"] == ["scores"]
    assert started["tabs"] == 6
    # usable: the latest demo season in the title and its criteria in the grid
    assert started["title"].startswith("Cụm thi đua") and "2018" in started["title"]
    assert started["rows"] > 10
    # then the full database opens behind the screen, quietly
    assert started["opened_behind"] is True
    assert started["error"] is None


def test_a_file_that_opens_at_once_takes_an_edit_before_the_full_database_is_up(qtbot, demo_copy, tmp_path):
    from thidua.domain.scoring import ScoreKind
    from thidua.services import clusters, scoring
    from thidua.storage.database import Database
    from thidua.ui.main_window import MainWindow
    from thidua.ui.settings import AppSettings

    db, _first, second = demo_copy
    settings = AppSettings(tmp_path / "settings.ini")
    settings.actor = "tester"
    window = MainWindow(settings, welcome=False)
    window.quiet = True
    qtbot.addWidget(window)
    window.open_database(db.url)     # not shown yet: nothing has opened the full database
    opening = window.session.db
    assert type(opening).__name__ == "OpeningFile" and not opening.is_open
    season = window.session.season
    assert season.id == second and window.windowTitle().startswith(season.cluster_name)
    member, leaf = season.members[0].id, next(iter(season.criteria.leaves())).id
    window.act(scoring.record_scores, second, [(member, leaf, season.cell(member, leaf).get(ScoreKind.AGREED),
                                               D("2.5"))], ScoreKind.AGREED)
    assert window.last_error is None
    assert opening.is_open
    assert window.session.season.final(member, leaf) == D("2.5")
    other = Database(db.url, actor="someone else")
    try:
        stored = clusters.open_season(other.uow(), second)
        assert stored.final(member, leaf) == D("2.5")
        # the person's name is on the change, as from any other start
        from thidua.services import outcome
        assert outcome.history(other.uow(), second, "score")[0].actor == "tester"
    finally:
        other.close()


def test_when_the_full_database_cannot_open_behind_the_screen_the_person_is_told(qtbot, demo_copy, tmp_path,
                                                                                   monkeypatch):
    from thidua.services.ports import StorageError
    from thidua.storage import database
    from thidua.ui.main_window import MainWindow
    from thidua.ui.settings import AppSettings

    db, _first, _second = demo_copy

    def busy(self, *args, **kw):
        raise StorageError("locked", "database is locked")
    monkeypatch.setattr(database.Database, "__init__", busy)
    settings = AppSettings(tmp_path / "settings.ini")
    settings.actor = "tester"
    window = MainWindow(settings, welcome=False)
    window.quiet = True
    qtbot.addWidget(window)
    window.show()
    window.open_database(db.url)
    qtbot.waitUntil(lambda: window.last_error is not None, timeout=20_000)
    assert window.last_error == "Cơ sở dữ liệu đang bận (có người khác đang ghi). Hãy thử lại sau giây lát."
    # what was read stays on screen, and can still be read
    assert window.session.season is not None and window.views["scores"].model.rowCount() > 10
    assert not window.session.db.is_open


def test_a_tab_is_built_when_first_shown_and_kept(make_window):
    window = make_window()
    assert sorted(window.views.built) == ["scores"]
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == ["Bảng chấm điểm", "Xếp hạng", "Đơn vị và tiêu chí", "Giao ước thi đua",
                      "Khen thưởng và bỏ phiếu", "Biên bản hội nghị"]
    window.tabs.setCurrentIndex(1)
    ranking = window.views.built["ranking"]
    assert window.tabs.currentWidget() is ranking
    assert window.tabs.currentIndex() == 1
    assert ranking.model.rowCount() == 9            # the 2018 demo ranks its nine members
    assert sorted(window.views.built) == ["ranking", "scores"]
    # shown again: the same view, not a new one; the titles stay in place
    window.tabs.setCurrentIndex(0)
    window.tabs.setCurrentIndex(1)
    assert window.tabs.currentWidget() is ranking
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == titles


def test_asking_for_a_view_builds_it_in_its_own_tab_without_switching(make_window):
    window = make_window()
    minutes = window.view("minutes")
    assert window.views["minutes"] is minutes
    assert window.tabs.indexOf(minutes) == 5
    assert window.tabs.currentIndex() == 0           # the user's tab stays on screen
    assert window.current_paper() == "scoring-table"
    window.tabs.setCurrentWidget(minutes)
    assert window.current_paper() == "minutes"
    assert sorted(window.views.built) == ["minutes", "scores"]
    assert list(window.views) == ["scores", "ranking", "structure", "covenant", "awards", "minutes"]


def test_the_demo_made_at_an_earlier_start_opens_at_once_and_an_empty_one_is_filled(qtbot, demo_copy, tmp_path,
                                                                                    monkeypatch):
    from thidua.services import clusters
    from thidua.storage.database import create_database
    from thidua.ui.app import start
    from thidua.ui.main_window import MainWindow
    from thidua.ui.settings import AppSettings

    db, _first, second = demo_copy
    settings = AppSettings(tmp_path / "settings.ini")
    settings.actor = "tester"

    def window_on(url: str) -> MainWindow:
        monkeypatch.setenv("THIDUA_DB", url)
        window = MainWindow(settings, welcome=False)
        window.quiet = True
        qtbot.addWidget(window)
        start(window, demo=True)
        return window

    shown = window_on(db.url)
    assert type(shown.session.db).__name__ == "OpeningFile"
    assert shown.session.season.id == second
    # a demo file left empty (its data deleted) is not shown empty: the demo is loaded into it again
    empty = create_database(tmp_path / "empty-demo.thidua", "tester")
    empty.close()
    filled = window_on(empty.url)
    assert type(filled.session.db).__name__ == "Database"
    assert [c.name for c in clusters.list_clusters(filled.session.db.uow())] == \
        [c.name for c in clusters.list_clusters(db.uow())]
