"""UI speed figures (printed, not asserted): cold start, opening a 63 × 200 season, edit → update latency.

Targets from issue 3: cold start to the main window ≤ 1.5 s (shown next to a bare PySide6
window on the same machine); opening the large season ≤ 1 s; an edit updates subtotals,
totals and ranks within one frame (≤ 16 ms).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

MEMBERS, GROUPS, LEAVES_PER_GROUP = 63, 20, 9      # 20 groups + 180 leaves = 200 criteria rows

BARE = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
from PySide6.QtCore import QTimer
app = QApplication(sys.argv[:1]); w = QMainWindow(); w.resize(1366, 768); w.show()
QTimer.singleShot(0, app.quit); app.exec()
"""

APP = """
import sys, tempfile
from pathlib import Path
from PySide6.QtWidgets import QApplication
from PySide6.QtCore import QTimer
from thidua.ui.main_window import MainWindow
from thidua.ui.settings import AppSettings
from thidua.storage.database import Database
app = QApplication(sys.argv[:1])
w = MainWindow(AppSettings(Path(tempfile.mkdtemp()) / 's.ini')); w.quiet = True; w.show()
w.use_database(Database(sys.argv[1], actor='bench'))
QTimer.singleShot(0, app.quit); app.exec()
"""


def timed_run(code: str, *args: str, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True)
        best = min(best, time.perf_counter() - t)
    return best


def build_large(url: str) -> str:
    """A 63-member, 200-row season built through the services, every leaf scored."""
    from thidua.domain.criteria import Criterion, Kind, Method, new_id
    from thidua.domain.scoring import ScoreKind
    from thidua.services import clusters, scoring
    from thidua.storage.database import Database

    db = Database(url, actor="bench")
    cluster = clusters.create_cluster(db.uow(), "Cụm thi đua thử nghiệm")
    season = clusters.create_season(db.uow(), cluster.id, 2024,
                                    [(f"Đơn vị {i + 1:02d}", "") for i in range(MEMBERS)])
    leaves = []
    for g in range(GROUPS):
        group = Criterion(new_id(), f"Nhóm tiêu chí {g + 1}", Kind.GROUP, str(g + 1))
        clusters.add_criterion(db.uow(), season.id, group)
        for k in range(LEAVES_PER_GROUP):
            leaf = Criterion(new_id(), f"Tiêu chí {g + 1}.{k + 1}", Kind.LEAF, str(k + 1), group.id,
                             method=Method.MANUAL, max_points=Decimal("5"), step=Decimal("0.25"))
            clusters.add_criterion(db.uow(), season.id, leaf)
            leaves.append(leaf.id)
    season = clusters.open_season(db.uow(), season.id)
    members = [m.id for m in season.members]
    entries = [(m, c, None, Decimal((i * 7 + j * 3) % 21) / 4) for i, m in enumerate(members) for j, c in enumerate(leaves)]
    scoring.record_scores(db.uow(), season.id, entries, ScoreKind.AGREED)
    db.close()
    return season.id


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="thidua-bench-"))
    url = f"sqlite:///{folder / 'large.sqlite'}"
    t = time.perf_counter()
    season_id = build_large(url)
    print(f"built {MEMBERS} members × {GROUPS * (LEAVES_PER_GROUP + 1)} criteria rows in {time.perf_counter() - t:.1f} s")

    bare = timed_run(BARE)
    app = timed_run(APP, url)
    print(f"cold start, bare PySide6 window:          {bare * 1000:7.0f} ms")
    print(f"cold start, thidua main window + season:  {app * 1000:7.0f} ms   (target ≤ 1500 ms)")

    from PySide6.QtWidgets import QApplication

    from thidua.services import clusters
    from thidua.storage.database import Database
    from thidua.ui.main_window import MainWindow
    from thidua.ui.settings import AppSettings

    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    db = Database(url, actor="bench")
    t = time.perf_counter()
    clusters.open_season(db.uow(), season_id)
    load = time.perf_counter() - t
    window = MainWindow(AppSettings(folder / "s.ini"))
    window.quiet = True
    window.show()
    db.cache.clear()
    t = time.perf_counter()
    window.use_database(db, season_id=season_id)
    qapp.processEvents()
    opened = time.perf_counter() - t
    print(f"opening the season from disk (services):  {load * 1000:7.0f} ms")
    print(f"opening it in the window (visible tab):   {opened * 1000:7.0f} ms   (target ≤ 1000 ms)")

    tab = window.views["scores"]
    model, table = tab.model, tab.table
    leaf_rows = [r for r in range(model.rowCount()) if model.leaf_at(r) is not None]
    saves, updates, paints, full = [], [], [], []
    session = window.session
    for n in range(40):
        row = leaf_rows[(n * 13) % len(leaf_rows)]
        col = 3 + (n * 5) % MEMBERS
        index = model.index(row, col)
        table.scrollTo(index)
        qapp.processEvents()          # the cell is on screen before the user types into it
        current = index.data()
        new = "5" if current != "5" else "4,75"
        member_id = model.member_at(col)
        # the service call that saves the cell (one SQLite transaction)
        from thidua.domain.points import parse_number
        from thidua.services import scoring
        t0 = time.perf_counter()
        session.call(scoring.record_score, session.season_id, member_id, model.leaf_at(row).id, parse_number(new),
                     expected=model.value(member_id, model.leaf_at(row).id))
        t1 = time.perf_counter()
        # what the screen does after the save: recompute that member, rerank, update its column, repaint
        session.scores_changed.emit([member_id])
        t2 = time.perf_counter()
        qapp.processEvents()          # Qt repaints only what dataChanged marked dirty
        t3 = time.perf_counter()
        table.viewport().repaint()    # pessimistic: the whole visible grid
        full.append(time.perf_counter() - t3)
        saves.append(t1 - t0)
        updates.append(t2 - t1)
        paints.append(t3 - t2)
    med = statistics.median
    print(f"edit: save through the service (median): {med(saves) * 1000:7.2f} ms")
    print(f"edit: subtotals+total+rank update:        {med(updates) * 1000:7.2f} ms   (p90 "
          f"{sorted(updates)[int(len(updates) * .9)] * 1000:.2f} ms)")
    print(f"edit: repaint of what changed:            {med(paints) * 1000:7.2f} ms")
    print(f"      (whole visible grid, for comparison: {med(full) * 1000:7.2f} ms)")
    print(f"edit: update + repaint (one frame ≤ 16):  {med([u + p for u, p in zip(updates, paints)]) * 1000:7.2f} ms")
    # the whole path through the model as typing takes it (parse, save, undo entry, update)
    t = time.perf_counter()
    for n in range(20):
        index = model.index(leaf_rows[n], 3 + n)
        model.setData(index, "2,5" if index.data() != "2,5" else "3")
    print(f"edit: typed value end to end (median-ish): {(time.perf_counter() - t) / 20 * 1000:6.2f} ms")
    window.close()


if __name__ == "__main__":
    main()
