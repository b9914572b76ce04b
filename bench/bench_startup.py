"""Cold start (printed, not asserted): thidua's main window until usable, next to a bare PySide6 window.

Target from issue 12: thidua ≤ 3 × the bare window, both measured here in the same run.
Each start is a fresh `python` process, timed from launch until the window is usable:
- bare: a QMainWindow of 1366 × 768 shown and its first events processed;
- thidua: `thidua --db DEMO gui` (the real entry point, the database opened as the app opens
  it) until the score grid is shown with the demo season's rows. The first screen is read with
  the standard library (storage/first_look.py); the full database (SQLAlchemy, ~1.3 bare windows
  to import) opens in a thread once that screen is painted, so it is not in this figure — an edit
  made before it is up waits for it.
The two kinds alternate so both see the same load on the machine; one unmeasured start of each
first fills the bytecode and disk caches. A user's settings are never touched: the child reads
a settings file of its own.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = int(os.environ.get("THIDUA_BENCH_STARTS", "7"))
TARGET = 3.0

# poll the event loop until the window is usable, then leave at once: teardown is not start-up
_READY = """
def _ready_when(test):
    import os
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    def poll():
        if test():
            QApplication.processEvents()
            os._exit(0)
    timer = QTimer(); timer.setInterval(2); timer.timeout.connect(poll); timer.start()
    return timer
"""

BARE = _READY + """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(1366, 768); w.show()
t = _ready_when(w.isVisible)
app.exec()
"""

APP = _READY + """
import sys
from pathlib import Path
import thidua.user
import thidua.ui.app as app_module
from thidua.cli import main

# a settings file of the run's own (never the user's), naming the user so nothing is asked
settings_file = Path(sys.argv[2])
settings_file.parent.mkdir(parents=True, exist_ok=True)
settings_file.write_text("[user]\\nactor=bench\\n", encoding="utf-8")
thidua.user.settings_path = lambda: settings_file

def usable():
    from PySide6.QtWidgets import QApplication
    from thidua.ui.main_window import MainWindow
    for w in QApplication.topLevelWidgets():
        if isinstance(w, MainWindow) and w.session is not None and w.session.season is not None:
            grid = w.views.get("scores")
            return grid is not None and grid.isVisible() and grid.model.rowCount() > 0
    return False

# the app imports Qt when it chooses to (the order matters); watch from when its window exists
_install = app_module.install_crash_log
def install_and_watch(getter):
    global timer
    _install(getter)
    timer = _ready_when(usable)
app_module.install_crash_log = install_and_watch
code = main(["--db", sys.argv[1], "gui"])
sys.exit(f"the app left (exit {code}) without showing the score grid")   # usable leaves by os._exit(0)
"""


def _children_cpu() -> float:
    try:
        import resource
    except ImportError:   # Windows: wall time only
        return float("nan")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def start(code: str, *args: str) -> tuple[float, float]:
    """Seconds from launching a fresh interpreter until it left, usable: (wall, CPU).

    The CPU seconds say the same less noisily on a busy machine."""
    cpu, t = _children_cpu(), time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60)
    took = time.perf_counter() - t, _children_cpu() - cpu
    if done.returncode != 0:
        raise SystemExit(f"a timed start failed (exit {done.returncode}):\n{done.stderr}")
    return took


def demo_database(folder: Path) -> str:
    from thidua.ui.app import open_demo

    url = f"sqlite:///{folder / 'demo.sqlite'}"
    open_demo(url, "bench").close()
    return url


def compile_sources() -> None:
    """thidua's modules as an installed app has them: compiled. Where PYTHONDONTWRITEBYTECODE is set
    (as on some CI machines) every timed start would otherwise compile them again, while PySide6's
    and SQLAlchemy's were compiled when pip installed them — a cost no user's start pays."""
    import compileall

    import thidua

    compileall.compile_dir(str(Path(thidua.__file__).parent), quiet=1)


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    compile_sources()
    folder = Path(tempfile.mkdtemp(prefix="thidua-bench-start-"))
    url = demo_database(folder)

    def app_start(n: int) -> tuple[float, float]:
        return start(APP, url, str(folder / f"settings-{n}" / "thidua.ini"))

    start(BARE)
    app_start(0)   # warm-up: bytecode and disk caches
    bare, app = [], []
    for n in range(1, RUNS + 1):
        bare.append(start(BARE))
        app.append(app_start(n))
    med = statistics.median
    b, a = med(w for w, _ in bare), med(w for w, _ in app)
    bc, ac = med(c for _, c in bare), med(c for _, c in app)
    print(f"cold start, bare PySide6 window (median of {RUNS}):        {b * 1000:7.0f} ms   (CPU {bc * 1000:.0f} ms)")
    print(f"cold start, thidua main window, demo grid shown:        {a * 1000:7.0f} ms   (CPU {ac * 1000:.0f} ms)")
    verdict = "meets" if a <= TARGET * b else "MISSES"
    print(f"ratio thidua / bare:                                    {a / b:7.1f} ×   "
          f"(target ≤ {TARGET:.0f} ×: {verdict}; CPU ratio {ac / bc:.1f} ×)")


if __name__ == "__main__":
    main()
