"""Rendering every main view of the demo to PNG files (for `thidua gui --demo --screenshots DIR`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

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
        window.tabs.setCurrentWidget(window.views[view])
        _settle()
        path = out / f"{name}.png"
        window.grab().save(str(path))
        written.append(path)
    return written
