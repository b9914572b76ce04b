"""File → export or import a season file: read and written off the UI thread, a replace confirmed first."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from .. import wording
from ..domain.season import State
from ..domain.text import fold
from ..services import clusters
from .i18n import explain, tr
from .workers import run_task


def default_name(season) -> str:
    """'ky-thi-dua-dong-bang-song-hong-2017.json': what the file is, in ASCII so e-mail never mangles it."""
    words = fold(season.cluster_name).replace("cum thi dua", "").replace("cac tinh", "").split()
    return "-".join(["ky-thi-dua", *words, str(season.year)]) + ".json"


def export_season_file(window, path: str | Path | None = None, on_done=None):
    """Write the current season's file (asked where when `path` is None)."""
    from ..files import write_text
    from ..services.season_file import export_text

    season = window.session.season if window.session else None
    if season is None:
        return None
    if path is None:
        path, _ = QFileDialog.getSaveFileName(window, tr("Xuất tệp kỳ thi đua", "Export a season file"),
                                              default_name(season),
                                              tr("Tệp kỳ thi đua (*.json)", "Season file (*.json)"))
        if not path:
            return None
    path = Path(path)

    def work(progress):
        progress.step(0, 1, tr("Đang xuất tệp kỳ thi đua…", "Exporting the season…"))
        write_text(path, export_text(season))
        return path

    def done(result):
        window.statusBar().showMessage(tr(f"Đã xuất tệp kỳ thi đua: {result}", f"Season file written: {result}"),
                                       10000)
        if on_done:
            on_done(result)

    return run_task(window, tr("Đang xuất tệp kỳ thi đua…", "Exporting the season…"), work, done,
                    lambda exc: window.show_error(explain(exc)))


def _existing(window, name: str, year: int):
    """The season of this cluster (by name) and year already in the database, as stored now."""
    cluster = next((c for c in window.session.read(clusters.list_clusters) if fold(c.name) == fold(name)), None)
    if cluster is None:
        return None
    ref = next((r for r in window.session.read(clusters.list_seasons, cluster.id) if r.year == year), None)
    return window.session.read(clusters.open_season, ref.id) if ref else None


def confirm_text(parsed, existing) -> str:
    what = tr(f"{parsed.cluster} năm {parsed.year}: {len(parsed.members)} đơn vị, {len(parsed.criteria)} dòng tiêu "
              f"chí, {len(parsed.scores)} ô điểm ({wording.state_name(parsed.state).lower()}).",
              f"{parsed.cluster} {parsed.year}: {len(parsed.members)} members, {len(parsed.criteria)} criteria rows, "
              f"{len(parsed.scores)} scored cells ({wording.state_name(parsed.state).lower()}).")
    if existing is None:
        return what + "\n\n" + tr("Nhập vào cơ sở dữ liệu?", "Import into the database?")
    return what + "\n\n" + tr(
        f"Cơ sở dữ liệu đã có kỳ thi đua này ({wording.state_name(existing.state).lower()}). Thay toàn bộ số liệu "
        "của kỳ đó bằng nội dung tệp? Lịch sử sửa của kỳ cũ vẫn được giữ.",
        f"The database already holds this season ({wording.state_name(existing.state).lower()}). Replace all of "
        "its data with the file's? The old season's change history is kept.")


def import_season_file(window, path: str | Path | None = None, confirm: bool = True):
    """Read and check a season file in a worker thread; on the UI thread confirm (a replace names what it
    replaces, and that version is what the replace expects), import in one transaction, show the season."""
    from ..services.season_file import import_season, read_file

    if window.session is None:
        return None
    if path is None:
        path, _ = QFileDialog.getOpenFileName(window, tr("Nhập tệp kỳ thi đua", "Import a season file"), "",
                                              tr("Tệp kỳ thi đua (*.json);;Mọi tệp (*)", "Season file (*.json);;All (*)"))
        if not path:
            return None
    path = Path(path)

    def work(progress):
        progress.step(0, 1, tr("Đang đọc tệp kỳ thi đua…", "Reading the season file…"))
        return read_file(path)

    def done(parsed):
        existing = _existing(window, parsed.cluster, parsed.year)
        if existing is not None and existing.state is State.SIGNED_OFF:
            window.show_error(tr(f"Kỳ thi đua {existing.cluster_name} năm {existing.year} đã ký duyệt nên không thể "
                                 "thay bằng tệp; chưa nhập gì.",
                                 f"{existing.cluster_name} {existing.year} is signed off and cannot be replaced; "
                                 "nothing was imported."))
            return
        if confirm:
            title = tr("Nhập tệp kỳ thi đua", "Import a season file")
            answer = QMessageBox.question(window, title, confirm_text(parsed, existing))
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            imported = window.session.call(import_season, parsed, file=str(path), replace_existing=existing is not None,
                                           expected_version=existing.version if existing is not None else None)
        except Exception as exc:   # nothing was written; every problem is said
            window.show_error("\n".join(wording.explain_lines(exc)))
            return
        window.select_season(imported.season_id)
        window.statusBar().showMessage(wording.season_imported(imported), 10000)

    return run_task(window, tr("Đang đọc tệp kỳ thi đua…", "Reading the season file…"), work, done,
                    lambda exc: window.show_error("\n".join(wording.explain_lines(exc))))
