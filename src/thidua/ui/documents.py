"""Export through the document registry: every kind and format the writers registered, off the UI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMenu

from .. import wording
from ..documents.registry import file_name, load_writers
from ..files import atomic_output
from ..services import clusters
from .i18n import explain, tr
from .workers import run_task

FORMAT_NAMES = {"xlsx": ("Excel", "Excel"), "pdf": ("PDF", "PDF")}


def available() -> list[tuple[str, str, str]]:
    """(kind name, title, format) for every registered writer."""
    out = []
    for kind in load_writers().values():
        title = kind.title_en if wording.language() == "en" else kind.title_vi
        for fmt in sorted(kind.writers):
            out.append((kind.name, title, fmt))
    return out


def export_actions(window, menu: QMenu) -> None:
    items = available()
    if not items:
        menu.addAction(tr("(chưa có mẫu văn bản nào được cài đặt)", "(no document writers installed)")).setEnabled(False)
        return
    for name, title, fmt in items:
        label = f"{title} ({FORMAT_NAMES.get(fmt, (fmt.upper(),) * 2)[0]})…"
        menu.addAction(label, lambda n=name, f=fmt: export(window, n, f))


def export(window, kind: str, fmt: str, path: str | Path | None = None, on_done=None):
    """Write one document for the current season to `path` (asked for when None), in a worker thread."""
    season = window.session.season
    if season is None:
        return None
    if path is None:
        path, _ = QFileDialog.getSaveFileName(window, tr("Lưu văn bản", "Save document"),
                                              file_name(kind, season, fmt), f"*.{fmt}")
        if not path:
            return None
    path = Path(path)
    writer = load_writers()[kind].writers[fmt]

    db, season_id = window.session.db, season.id

    def work(progress):
        # the worker reads the season through its own unit of work, never the window's objects
        progress.step(0, 1, tr("Đang xuất văn bản…", "Exporting…"))
        with atomic_output(path) as tmp:
            writer(clusters.open_season(db.uow(), season_id), tmp)
        progress.step(1, 1)
        return path

    def done(result):
        window.statusBar().showMessage(tr(f"Đã xuất: {result}", f"Exported: {result}"), 10000)
        if on_done:
            on_done(result)

    return run_task(window, tr("Đang xuất văn bản…", "Exporting…"), work, done,
                    lambda exc: window.show_error(explain(exc)))
