"""A quick start: the app starts without the document, signing and migration libraries, and
builds a tab's view only when it is first shown (issue 12, "Start fast"; timed by bench/)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import thidua

# what the start must not pay for: documents (PDF, Excel, Word), signing, PDF pages, migrations
LATE_LIBRARIES = ("reportlab", "openpyxl", "docx", "pyhanko", "pypdfium2", "alembic")

# the real entry point (`thidua --db FILE gui`), watched from when its window exists; on the
# first moment the score grid shows the season it reports what was loaded and built, and leaves
STARTED = """
import json, os, sys
from pathlib import Path
import thidua.user
import thidua.ui.app as app_module
from thidua.cli import main

settings_file = Path(sys.argv[2])
settings_file.parent.mkdir(parents=True, exist_ok=True)
settings_file.write_text("[user]\\nactor=tester\\n", encoding="utf-8")
thidua.user.settings_path = lambda: settings_file

def watch(getter):
    global timer
    from PySide6.QtCore import QTimer
    window = getter()

    def poll():
        grid = window.views.built.get("scores")
        if window.session is None or window.session.season is None or grid is None or not grid.isVisible():
            return
        print(json.dumps({"loaded": sorted(m for m in sys.modules if m.split(".")[0] in sys.argv[3].split(",")),
                          "built": sorted(window.views.built), "tabs": window.tabs.count(),
                          "title": window.windowTitle(), "rows": grid.model.rowCount()}), flush=True)
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
    assert started["loaded"] == []
    assert started["built"] == ["scores"]
    assert started["tabs"] == 6
    # usable: the latest demo season in the title and its criteria in the grid
    assert started["title"].startswith("Cụm thi đua") and "2018" in started["title"]
    assert started["rows"] > 10


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
