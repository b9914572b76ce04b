"""The first start: the welcome page shown while no database (or no cluster) is open, and asking the user's name once.

Why a page rather than a blank window: a new secretary starts with nothing, and every way in —
a new data file, an existing one, last year's Excel table, the demo, a file opened before —
must be one click from the first screen. The page only calls the window's own commands (the
same as the File menu), so there is one way to do each thing.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import (QApplication, QCommandLinkButton, QDialog, QDialogButtonBox, QFrame, QHBoxLayout, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QStyle, QStyledItemDelegate, QVBoxLayout,
                               QWidget)

from ..user import os_login
from .i18n import tr
from .settings import recent_name, sqlite_file


_WHERE = Qt.ItemDataRole.UserRole + 1   # the second line of a recent entry: its folder, or the server


class _RecentDelegate(QStyledItemDelegate):
    """A recent entry on two lines: the name in bold, where it is in grey below."""

    def sizeHint(self, option, index) -> QSize:
        height = option.fontMetrics.height()
        return QSize(option.rect.width(), height * 2 + 14)

    def paint(self, painter, option, index) -> None:
        self.initStyleOption(option, index)
        option.text = ""
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        rect = option.rect.adjusted(8, 5, -8, -5)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(option.palette.highlightedText().color() if selected else option.palette.text().color())
        line = option.fontMetrics.height()
        painter.drawText(rect.adjusted(0, 0, 0, -line), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                         QFontMetrics(bold).elidedText(index.data(), Qt.TextElideMode.ElideRight, rect.width()))
        painter.setFont(option.font)
        if not selected:
            painter.setPen(QColor("#666666"))
        painter.drawText(rect.adjusted(0, line + 2, 0, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                         option.fontMetrics.elidedText(index.data(_WHERE) or "", Qt.TextElideMode.ElideMiddle,
                                                       rect.width()))
        painter.restore()


class WelcomePage(QWidget):
    """Ways in: new file, open, import last year's table, the demo, recent files by name; for a
    database without any cluster, the first cluster and season."""

    recent_chosen = Signal(str)

    def __init__(self, window, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.main = window
        session = self.session = window.session
        self.empty_database = session is not None
        writable = session is not None and not session.read_only
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        card = QWidget()
        card.setMaximumWidth(1100)
        outer.addWidget(card, 8)
        outer.addStretch(1)
        column = QVBoxLayout(card)
        column.setContentsMargins(24, 24, 24, 24)
        self.title = QLabel()
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        if self.empty_database:
            name = recent_name(session.db.url)[0]
            self.title.setText(tr(f"Tệp dữ liệu “{name}” chưa có cụm thi đua nào",
                                  f"The data file “{name}” has no cluster yet"))
            self.intro.setText(tr("Hãy tạo cụm và kỳ thi đua đầu tiên, hoặc nhập bảng chấm điểm năm trước từ Excel "
                                  "để có sẵn các đơn vị, tiêu chí và điểm.",
                                  "Create the first cluster and season, or import last year's scoring table from "
                                  "Excel to start with its members, criteria and scores."))
        else:
            self.title.setText(tr("Chào mừng đến với thidua", "Welcome to thidua"))
            self.intro.setText(tr("Phần mềm chấm điểm, xếp hạng và bình xét thi đua của cụm. "
                                  "Hãy bắt đầu bằng một trong các cách dưới đây.",
                                  "Scoring, ranking and awards for an emulation cluster. Start in one of these ways."))
        column.addWidget(self.title)
        column.addWidget(self.intro)
        column.addSpacing(12)
        row = QHBoxLayout()
        column.addLayout(row, 1)
        actions = QVBoxLayout()
        row.addLayout(actions, 3)
        row.addSpacing(24)

        def add(title: str, description: str, slot, enabled: bool = True, why: str = "") -> QCommandLinkButton:
            button = QCommandLinkButton(title, description)
            button.clicked.connect(slot)
            button.setEnabled(enabled)
            if why and not enabled:
                button.setToolTip(why)
            actions.addWidget(button)
            return button

        review = tr("Tệp đang mở ở chế độ xem lại (chỉ đọc).", "The file is open for review (read-only).")
        self.btn_first = None
        self.btn_import = None
        if self.empty_database:
            self.btn_first = add(tr("Tạo cụm và kỳ thi đua đầu tiên…", "Create the first cluster and season…"),
                                 tr("Đặt tên cụm, năm và các đơn vị thành viên; bảng tiêu chí lập sau.",
                                    "Name the cluster, the year and the members; the criteria come next."),
                                 window.new_season, writable, review)
            self._import_button(add, writable, session, review)
        self.btn_new = add(tr("Tạo tệp dữ liệu mới…", "Create a new data file…"),
                           tr("Một tệp trống cho năm thi đua, lưu ở nơi bạn chọn.",
                              "An empty file for the year, saved where you choose."),
                           lambda: window.new_data_file())
        self.btn_open = add(tr("Mở tệp dữ liệu…", "Open a data file…"),
                            tr("Tệp dữ liệu thidua đã có (.thidua, .sqlite).", "An existing thidua data file."),
                            lambda: window.choose_file())
        if not self.empty_database:
            self._import_button(add, writable, session, review)
        self.btn_demo = add(tr("Dùng thử với dữ liệu mẫu", "Try it with sample data"),
                            tr("Một cụm mẫu có 9 đơn vị và hai năm chấm điểm, trong tệp riêng; "
                               "dữ liệu của bạn không bị ảnh hưởng.",
                               "A sample cluster with 9 members and two years, in a file of its own; "
                               "your data is not touched."),
                            window.open_demo_data)
        actions.addStretch(1)

        recent_box = QVBoxLayout()
        row.addLayout(recent_box, 2)
        heading = QLabel(tr("Tệp đã mở gần đây", "Recently opened"))
        heading.setStyleSheet("font-weight: bold")
        recent_box.addWidget(heading)
        self.recent = QListWidget()
        self.recent.setFrameShape(QFrame.Shape.StyledPanel)
        self.recent.setSpacing(2)
        self.recent.setItemDelegate(_RecentDelegate(self.recent))
        current = session.db.url if session is not None else None
        for url in window.settings.recent:
            if url == current:
                continue
            path = sqlite_file(url)
            if path is not None and not path.exists():
                continue   # a file moved or deleted: the menu says so; here it would only be a dead end
            name, where = recent_name(url)
            item = QListWidgetItem(name)
            item.setData(_WHERE, where)
            item.setData(Qt.ItemDataRole.UserRole, url)
            item.setToolTip(str(path) if path is not None else where)
            self.recent.addItem(item)
        self.recent.itemActivated.connect(self._chosen)
        self.recent.itemClicked.connect(self._chosen)
        recent_box.addWidget(self.recent, 1)
        self.no_recent = QLabel(tr("(chưa có tệp nào)", "(none yet)"))
        self.no_recent.setStyleSheet("color: #666")
        self.no_recent.setVisible(self.recent.count() == 0)
        self.recent.setVisible(self.recent.count() > 0)
        recent_box.addWidget(self.no_recent)
        recent_box.addStretch(0 if self.recent.count() else 1)
        self.recent_chosen.connect(window.open_recent)

    def _import_button(self, add, writable, session, review) -> None:
        self.btn_import = add(tr("Nhập bảng chấm điểm năm trước (Excel)…", "Import last year's scoring table (Excel)…"),
                              tr("Đọc bảng .xlsx, .xls hoặc .ods: đơn vị, tiêu chí và điểm, xem trước rồi mới ghi"
                                 + ("." if self.empty_database else " vào một tệp dữ liệu mới."),
                                 "Reads an .xlsx, .xls or .ods table: members, criteria and scores, previewed first"
                                 + ("." if self.empty_database else ", into a new data file.")),
                              self.main.import_first_table, writable or session is None, review)

    def recent_names(self) -> list[str]:
        return [self.recent.item(i).text() for i in range(self.recent.count())]

    def open_recent_named(self, name: str) -> None:
        """Open the recent database shown under `name` (as a click on it does)."""
        for i in range(self.recent.count()):
            item = self.recent.item(i)
            if item.text() == name:
                self._chosen(item)
                return
        raise KeyError(name)

    def _chosen(self, item: QListWidgetItem) -> None:
        # one click opens; the clicks of a double-click (and its "activated") must not open it twice
        if not self.recent.isEnabled():
            return
        self.recent.setEnabled(False)
        QTimer.singleShot(1000, self.recent, lambda: self.recent.setEnabled(True))   # dies with the list
        self.recent_chosen.emit(item.data(Qt.ItemDataRole.UserRole))


# ---- the user's name -------------------------------------------------------------------------
class NameDialog(QDialog):
    """"Tên của bạn": the name recorded as the author of every change this person makes."""

    def __init__(self, suggestion: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Tên của bạn", "Your name"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        intro = QLabel(tr("Mỗi thay đổi trong dữ liệu được ghi lại kèm tên người làm. Hãy ghi họ tên của bạn "
                          "(có thể đổi sau trong Tệp → Cài đặt).",
                          "Every change to the data is recorded with the name of who made it. Give your name "
                          "(you can change it later in File → Settings)."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.name = QLineEdit(suggestion)
        self.name.selectAll()
        label = QLabel(tr("&Tên của bạn:", "Your &name:"))
        label.setBuddy(self.name)
        layout.addWidget(label)
        layout.addWidget(self.name)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Đồng ý", "OK"))
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.name.textChanged.connect(
            lambda text: buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(text.strip())))

    @property
    def value(self) -> str:
        return " ".join(self.name.text().split())


def _ask_with_dialog(window, suggestion: str) -> str | None:
    dialog = NameDialog(suggestion, window)
    return dialog.value if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_name_once(window, ask=None) -> bool:
    """On a person's first start, ask their name (the OS login suggested) and keep it; never again after.

    `ask(suggestion) -> name | None` replaces the dialog (tests); a quiet window (tests, screenshots)
    is never asked unless `ask` is given. Closing the dialog keeps the suggestion, so it is not
    asked again either. Returns whether the name was asked.
    """
    settings = window.settings
    if settings.named:
        return False
    if ask is None:
        if window.quiet:
            return False
        ask = lambda suggestion: _ask_with_dialog(window, suggestion)   # noqa: E731
    suggestion = os_login() or tr("Thư ký cụm", "Cluster secretary")
    name = " ".join((ask(suggestion) or "").split()) or suggestion
    settings.actor = name
    if window.session is not None:
        window.session.db.actor = name
    return True
