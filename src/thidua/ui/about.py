"""Help → "Giới thiệu thidua": the version, the licences, the data file in use, Python and Qt versions."""

from __future__ import annotations

import html
import platform
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout

import thidua

from ..resources import resources_dir
from .i18n import tr


def app_version() -> str:
    """The installed distribution's version; the package's own in a bundle that carries no metadata."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("thidua")
    except PackageNotFoundError:
        return thidua.__version__


def licence_text() -> str:
    """The project's LICENSE: beside resources/ in a checkout, inside resources/ in the bundle."""
    folder = resources_dir()
    for path in (folder / "LICENSE", folder.parent / "LICENSE"):
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return "MIT License — https://opensource.org/license/mit"


def data_file(session) -> tuple[str, str]:
    """(name, where) of the database in use, or a sentence saying none is open."""
    if session is None:
        return tr("chưa mở tệp dữ liệu", "no data file open"), ""
    from ..storage.sqlite_file import sqlite_path

    path = sqlite_path(session.db.url)
    if path is None:
        return session.db.display_name, tr("cơ sở dữ liệu dùng chung", "shared database")
    path = Path(path).resolve()
    return path.name, str(path.parent)


class AboutDialog(QDialog):
    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Giới thiệu thidua", "About thidua"))
        self.version = app_version()
        name, where = data_file(session)
        self.data_name, self.data_where = name, where
        mode = tr(" (chỉ đọc)", " (read-only)") if session is not None and session.read_only else ""
        rows = [
            (tr("Phiên bản", "Version"), self.version),
            (tr("Giấy phép", "Licence"),
             tr("MIT — được dùng, sao chép, sửa đổi và phân phối tự do.",
                "MIT — free to use, copy, modify and distribute.")),
            (tr("Phông chữ văn bản", "Document font"),
             tr("Liberation Serif — SIL Open Font License 1.1", "Liberation Serif — SIL Open Font License 1.1")),
            (tr("Tệp dữ liệu đang dùng", "Data file in use"), name + mode),
            (tr("Thư mục", "Folder"), where or "—"),
            ("Python / Qt", f"Python {platform.python_version()} · Qt {qVersion()} · PySide6 {pyside_version}"),
        ]
        table = "".join(f"<tr><td style='color:#555; padding-right:12px'>{html.escape(k)}</td>"
                        f"<td><b>{html.escape(v)}</b></td></tr>" for k, v in rows)
        self.text = QLabel(
            "<h2 style='margin-bottom:2px'>thidua</h2>"
            + "<p>" + html.escape(tr("Chấm điểm, xếp hạng và bình xét thi đua cho các cụm thi đua "
                                     "của Liên minh Hợp tác xã các tỉnh.",
                                     "Scoring, ranking and award proposals for the emulation clusters "
                                     "of the provincial Cooperative Alliances.")) + "</p>"
            + f"<table cellspacing='3'>{table}</table>")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.licence = QPlainTextEdit(licence_text())
        self.licence.setReadOnly(True)
        self.licence.setMinimumHeight(160)
        self.licence.hide()
        self.btn_licence = QPushButton(tr("Xem toàn văn giấy phép", "Show the licence"))
        self.btn_licence.setCheckable(True)
        self.btn_licence.toggled.connect(self._show_licence)
        buttons = QDialogButtonBox()
        buttons.addButton(self.btn_licence, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(tr("Đóng", "Close"), QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.licence, 1)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def _show_licence(self, shown: bool) -> None:
        self.licence.setVisible(shown)
        self.adjustSize()
