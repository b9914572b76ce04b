"""The composition root: settings, language, crash log, database, main window; and screenshot mode."""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import traceback
from pathlib import Path

from .. import wording


def crash_log_path() -> Path:
    from platformdirs import user_log_dir

    return Path(os.environ.get("THIDUA_CRASH_LOG") or Path(user_log_dir("thidua", appauthor=False)) / "crash.log")


CRASHES: list[BaseException] = []


def install_crash_log(window_getter=lambda: None) -> None:
    """An unexpected exception goes to a log file and a sentence on screen; the app keeps running."""

    def hook(exc_type, exc, tb) -> None:
        CRASHES.append(exc)
        path = crash_log_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as fh:
                fh.write(f"\n=== {dt.datetime.now():%Y-%m-%d %H:%M:%S} ===\n")
                fh.write("".join(traceback.format_exception(exc_type, exc, tb)))
        except OSError:
            pass
        window = window_getter()
        from .i18n import tr
        message = tr(f"Đã xảy ra lỗi không mong muốn; dữ liệu đã lưu không bị ảnh hưởng. "
                     f"Chi tiết được ghi vào {path} — hãy gửi tệp này cho bộ phận hỗ trợ.",
                     f"Something unexpected went wrong; saved data is not affected. "
                     f"Details were written to {path}; please send that file to support.")
        if window is not None:
            window.show_error(message)
        else:
            print(message, file=sys.stderr)

    sys.excepthook = hook


def demo_url(screenshots: bool) -> str:
    """Screenshots use a fresh temporary demo so they look the same every time."""
    if screenshots:
        return f"sqlite:///{Path(tempfile.mkdtemp(prefix='thidua-shots-')) / 'demo.sqlite'}"
    if os.environ.get("THIDUA_DB"):
        return os.environ["THIDUA_DB"]
    from ..storage.sqlite_file import default_url

    return default_url().replace("thidua.sqlite", "demo.sqlite")


def open_demo(url: str, actor: str):
    from ..services import clusters
    from ..services.demo import load_demo
    from ..storage.database import Database

    db = Database(url, actor=actor)
    if not clusters.list_clusters(db.uow()):
        load_demo(db.uow())
    return db


def startup_url(settings) -> str | None:
    """What opens at start: THIDUA_DB, else the last database used if its file is still there, else
    the default file if it holds data from before; None means the welcome page."""
    from ..storage.sqlite_file import default_url, resolve_url, sqlite_path

    if os.environ.get("THIDUA_DB"):
        return os.environ["THIDUA_DB"]
    if settings.recent:
        last = settings.recent[0]
        path = sqlite_path(resolve_url(last))
        if path is None or path.is_file():   # a server, or a file still in its place
            return last
    path = sqlite_path(default_url())
    return default_url() if path is not None and path.is_file() and path.stat().st_size > 0 else None


def start(window, db_url: str | None = None, demo: bool = False, ask_name=None) -> None:
    """The first moments: the user's name on the very first start, then the demo, the database
    named on the command line, the last one used, or the welcome page."""
    if ask_name is not None or not window.settings.named:
        from .welcome import ask_name_once

        ask_name_once(window, ask_name)
    if demo:
        from .i18n import explain

        url = demo_url(False)
        if window.open_at_once(url, need_clusters=True):   # the demo file made at an earlier start
            return
        try:
            db = open_demo(url, window.settings.actor)
        except Exception as exc:
            window.show_error(explain(exc))
        else:
            window.use_database(db)
        return
    url = db_url or startup_url(window.settings)
    if url is not None:
        window.open_database(url)


def run_gui(db_url: str | None = None, demo: bool = False, screenshots: str | None = None) -> int:
    """Start the app (or, with `screenshots`, render every main view to PNG files and exit)."""
    if screenshots:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # SQLAlchemy is not imported here: a current data file's first screen is read with the standard
    # library (storage/first_look.py) and the full database opens in a thread behind it. What the
    # window needs that is not Qt comes first: once PySide6 is loaded it reads the source of every
    # module imported after it (its __feature__ check)
    from ..services import clusters, outcome, scoring  # noqa: F401
    from ..storage import first_look  # noqa: F401
    from PySide6.QtWidgets import QApplication

    from .i18n import explain
    from .main_window import MainWindow
    from .settings import AppSettings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("thidua")
    app.setOrganizationName("thidua")
    _set_icon(app)
    settings_path = Path(tempfile.mkdtemp(prefix="thidua-settings-")) / "thidua.ini" if screenshots else None
    settings = AppSettings(settings_path)
    if os.environ.get("THIDUA_LANG") not in ("vi", "en"):
        wording.set_language(settings.language)
    from .qt_vietnamese import apply_language

    apply_language(wording.language())   # before any window: Qt words its buttons when it makes them
    # a data file about to open: no welcome page built only to be thrown away
    url = None if screenshots or demo else db_url or startup_url(settings)
    window = MainWindow(settings, welcome=not (screenshots is None and (demo or url is not None)))
    install_crash_log(lambda: window)
    if screenshots:
        window.quiet = True
        try:
            db = open_demo(db_url if db_url and not demo else demo_url(True), settings.actor)
        except Exception as exc:
            print(explain(exc), file=sys.stderr)
            return 1
        window.use_database(db)
        from .screenshots import render_all

        CRASHES.clear()
        written = render_all(window, Path(screenshots))
        for path in written:
            print(path)
        _shutdown(app, window)
        # a view that failed while rendering must not pass for a good screenshot
        return 1 if CRASHES else 0
    window.show()
    start(window, url, demo)
    code = app.exec()
    _shutdown(app, window)
    return code


def _shutdown(app, window) -> None:
    """Tear the window down while Python still runs; leaving it to interpreter exit can crash Qt."""
    from .qt_vietnamese import apply_language

    sys.excepthook = sys.__excepthook__
    window.close()
    window.deleteLater()
    app.processEvents()
    apply_language("")   # the application object may outlive us (tests): leave Qt as we found it


def _set_icon(app) -> None:
    """The window and taskbar icon; Windows does not reliably take it from the executable."""
    from PySide6.QtGui import QIcon

    from ..resources import resources_dir

    icon = QIcon()
    folder = resources_dir() / "app-icon"
    for size in (16, 24, 32, 48, 64, 128, 256):
        path = folder / f"thidua-{size}.png"
        if path.exists():
            icon.addFile(str(path))
    app.setWindowIcon(icon)
    app.setDesktopFileName("thidua")   # lets Linux desktops match the window to thidua.desktop

