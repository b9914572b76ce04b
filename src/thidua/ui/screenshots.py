"""Rendering every main view of the demo to PNG files (for `thidua gui --demo --screenshots DIR`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QApplication

from ..domain.criteria import Method
from ..services import clusters


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def render_all(window, out: Path, size=(1366, 768)) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    window.resize(*size)
    window.show()
    session = window.session
    refs = sorted(session.read(clusters.list_seasons), key=lambda r: r.year)
    latest = refs[-1].id if refs else None
    complete = refs[0].id if refs else None
    shots = [("01-bang-cham-diem", latest, "scores"), ("02-xep-hang", complete, "ranking"),
             ("03-don-vi-tieu-chi", latest, "structure"), ("04-giao-uoc", latest, "covenant"),
             ("05-khen-thuong-bo-phieu", complete, "awards"), ("06-bien-ban", complete, "minutes")]
    written = []
    for name, season_id, view in shots:
        if season_id is not None and session.season_id != season_id:
            window.select_season(season_id)
        if view == "covenant":
            # show a criterion whose targets were signed, not an empty one
            season = session.season
            signed = next((c for (_m, c), f in season.figures.items() if f.target is not None), None)
            if signed:
                window.views[view].select(signed)
        if view == "structure":
            # show the band editor: a criterion scored by bands on a measured value, if the table has one
            banded = next((c for c in session.season.criteria.leaves() if c.method is Method.BANDS), None)
            if banded:
                window.views[view]._select(banded.id)
        window.tabs.setCurrentWidget(window.views[view])
        _settle()
        path = out / f"{name}.png"
        window.grab().save(str(path))
        written.append(path)
    written += _settings_shots(window, out, latest)
    written += _help_shots(window, out)
    written += _step_shot(window, out, latest)
    written += _welcome_shot(window, out)
    return written


def _step_shot(window, out: Path, season_id: str | None) -> list[Path]:
    """The step bar in Chấm điểm with its disabled "Ký duyệt…": the domain's reason on the status line,
    as a user sees it when the pointer rests on the button."""
    if season_id is None:
        return []
    if window.session.season_id != season_id:
        window.select_season(season_id)
    window.tabs.setCurrentWidget(window.views["scores"])
    _settle()
    bar = window.step_bar
    disabled = next((b for b in (bar.sign, bar.next, bar.back) if b.isVisible() and not b.isEnabled() and b.reason),
                    None)
    if disabled is not None:
        disabled.explained.emit(disabled.reason)
    _settle()
    path = out / "22-buoc-va-ly-do.png"
    window.grab().save(str(path))
    return [path]


def _welcome_shot(window, out: Path) -> list[Path]:
    """The welcome page a new secretary meets at the first start (a window with no data file open)."""
    from .main_window import MainWindow

    first = MainWindow(window.settings)
    first.quiet = True
    first.resize(window.size())
    first.show()
    _settle()
    path = out / "00-chao-mung.png"
    first.grab().save(str(path))
    first.close()
    first.deleteLater()
    _settle()
    return [path]


def _help_shots(window, out: Path) -> list[Path]:
    """The user guide (F1 on the scoring table) and the About box, as a user opens them."""
    window.tabs.setCurrentWidget(window.views["scores"])
    helper = window.show_help()
    helper.resize(1366, 768)
    _settle()
    written = [out / "20-huong-dan.png"]
    helper.grab().save(str(written[0]))
    helper.close()
    about = window.show_about(exec_dialog=False)
    about.show()
    _settle()
    written.append(out / "21-gioi-thieu.png")
    _over_window(window, about).save(str(written[1]))
    about.reject()
    about.deleteLater()
    return written


def _over_window(window, dialog):
    """The dialog over the dimmed window, centred, as on a 1366 × 768 screen (offscreen has no compositor)."""
    shot = window.grab()
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QColor(0, 0, 0, 60))
    face = dialog.grab()
    painter.drawPixmap((shot.width() - face.width()) // 2, (shot.height() - face.height()) // 2, face)
    painter.end()
    return shot


def _settings_shots(window, out: Path, season_id: str | None) -> list[Path]:
    """The season settings editor, both pages, as a user opens it from the Season menu."""
    from .season_settings import SeasonSettingsDialog

    session = window.session
    if season_id is None:
        return []
    if session.season_id != season_id:
        window.select_season(season_id)
    written = []
    for page, name in ((0, "07-thiet-lap-xep-hang"), (1, "08-thiet-lap-khen-thuong")):
        dialog = SeasonSettingsDialog(session, window, page)
        dialog.show()
        _settle()
        path = out / f"{name}.png"
        _over_window(window, dialog).save(str(path))
        written.append(path)
        dialog.reject()
        dialog.deleteLater()
    return written
