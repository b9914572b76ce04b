"""Regenerate the user guide's screenshots (resources/help/<lang>/images/) from the demo: `make help-images`.

Each language's window renders every view at 1366 × 768 (ui/screenshots.py render_all, the same
as `thidua gui --demo --screenshots DIR`); the part a page talks about is cropped out so it reads
at full size in the help window, and the PNG is reduced to 256 colours to stay small.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

# image name → (screenshot, crop x, y, width, height); a crop wider than MAX_WIDTH is scaled down
CROPS = {
    "cua-so.png": ("01-bang-cham-diem", 0, 0, 1366, 768),
    "bang-cham-diem.png": ("01-bang-cham-diem", 0, 50, 1040, 610),
    "xep-hang.png": ("02-xep-hang", 0, 80, 892, 650),
    "tieu-chi.png": ("03-don-vi-tieu-chi", 318, 85, 1040, 600),
    "giao-uoc.png": ("04-giao-uoc", 0, 85, 1040, 340),
    "khen-thuong.png": ("05-khen-thuong-bo-phieu", 0, 85, 950, 320),
    "bo-phieu.png": ("05-khen-thuong-bo-phieu", 953, 85, 405, 360),
    "bien-ban.png": ("06-bien-ban", 0, 80, 1040, 650),
    "thiet-lap.png": ("07-thiet-lap-xep-hang", 85, 64, 1206, 640),
    "thiet-lap-khen-thuong.png": ("08-thiet-lap-khen-thuong", 85, 64, 1206, 640),
}
MAX_WIDTH = 1040


def _optimise(path: Path) -> None:
    """256 colours: a screenshot of flat widgets loses nothing visible and shrinks several times."""
    try:
        from PIL import Image   # the bundle's build dependency; without it the PNG stays as Qt wrote it
    except ImportError:
        return
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def render_language(language: str, target: Path) -> list[Path]:
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QImage

    from .. import wording
    from .app import demo_url, open_demo
    from .main_window import MainWindow
    from .screenshots import render_all
    from .settings import AppSettings

    wording.set_language(language)
    shots = Path(tempfile.mkdtemp(prefix=f"thidua-help-{language}-"))
    settings = AppSettings(shots / "thidua.ini")
    window = MainWindow(settings)
    window.quiet = True
    window.use_database(open_demo(demo_url(True), settings.actor))
    render_all(window, shots)
    window.close()
    window.deleteLater()
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (shot, x, y, w, h) in CROPS.items():
        image = QImage(str(shots / f"{shot}.png")).copy(QRect(x, y, w, h))
        if image.width() > MAX_WIDTH:
            image = image.scaledToWidth(MAX_WIDTH, Qt.TransformationMode.SmoothTransformation)
        path = target / name
        image.save(str(path), "PNG")
        _optimise(path)
        written.append(path)
    return written


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ..resources import resources_dir

    app = QApplication.instance() or QApplication(sys.argv[:1])
    for language in ("vi", "en"):
        for path in render_language(language, resources_dir() / "help" / language / "images"):
            print(f"{path}  {path.stat().st_size // 1024} KB")
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
