"""Regenerate the app icon's PNG sizes and Windows .ico from resources/app-icon/thidua.svg.

Run after editing the SVG: `.venv/bin/python installer/make_icons.py` (needs PySide6, which the
app already uses, and Pillow, from the `bundle` extra). The outputs are small and committed, so
building the bundle never depends on rendering SVG.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ICON_DIR = Path(__file__).resolve().parents[1] / "resources" / "app-icon"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# Windows picks from these for the taskbar, Explorer views and shortcuts (256 is stored as PNG)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(svg: Path, size: int) -> bytes:
    """The SVG drawn at `size`×`size` pixels with antialiasing, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    svg = ICON_DIR / "thidua.svg"
    images = {}
    for size in PNG_SIZES:
        png = render(svg, size)
        (ICON_DIR / f"thidua-{size}.png").write_bytes(png)
        images[size] = Image.open(io.BytesIO(png)).convert("RGBA")
    # each size drawn from the vector source, not scaled down from the largest bitmap
    largest = images[max(ICO_SIZES)]
    largest.save(ICON_DIR / "thidua.ico", format="ICO", sizes=[(s, s) for s in ICO_SIZES],
                 append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)])
    print(f"wrote {len(PNG_SIZES)} PNG sizes and thidua.ico into {ICON_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
