"""Small dialogs: each returns the values a person entered and never saves anything itself."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QButtonGroup, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit,
                               QPushButton, QRadioButton, QSpinBox, QVBoxLayout, QWidget)

from .. import wording
from ..domain.season import REOPEN_TO, State
from .i18n import tr


class _Form(QDialog):
    """A titled form with OK/Cancel; OK stays disabled until `valid()` holds."""

    def __init__(self, title: str, intro: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            layout.addWidget(label)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Đồng ý", "OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Hủy", "Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def valid(self) -> bool:
        return True

    def _check(self, *_args) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.valid())


class CertificateFields:
    """A .p12 certificate file, its password and the folder for the signed PDFs, as rows of a form."""

    def __init__(self, dialog: "_Form", folder: str, required: bool = False) -> None:
        self.dialog = dialog
        self.path = QLineEdit()
        self.path.setPlaceholderText(tr("(không ký số — để trống)", "(no digital signature: leave empty)")
                                     if not required else "")
        self.btn_path = QPushButton(tr("Chọn…", "Browse…"))
        self.btn_path.clicked.connect(self._choose)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.folder = QLineEdit(folder)
        self.btn_folder = QPushButton(tr("Chọn…", "Browse…"))
        self.btn_folder.clicked.connect(self._choose_folder)
        dialog.form.addRow(tr("Chứng thư số (.p12):", "Certificate (.p12):"), self._pair(self.path, self.btn_path))
        dialog.form.addRow(tr("Mật khẩu chứng thư:", "Certificate password:"), self.password)
        dialog.form.addRow(tr("Lưu văn bản ký số vào:", "Save signed PDFs in:"), self._pair(self.folder, self.btn_folder))
        self.path.textChanged.connect(self._enable)
        self._enable()

    @staticmethod
    def _pair(edit: QWidget, button: QWidget) -> QWidget:
        w = QWidget()
        row = QHBoxLayout(w)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        row.addWidget(button)
        return w

    def _enable(self, *_args) -> None:
        used = bool(self.path.text().strip())
        for w in (self.password, self.folder, self.btn_folder):
            w.setEnabled(used)

    def _choose(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self.dialog, tr("Chọn chứng thư số", "Choose a certificate"), "",
                                              tr("Chứng thư số (*.p12 *.pfx);;Mọi tệp (*)",
                                                 "Certificates (*.p12 *.pfx);;All files (*)"))
        if path:
            self.path.setText(path)

    def _choose_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path = QFileDialog.getExistingDirectory(self.dialog, tr("Chọn thư mục", "Choose a folder"), self.folder.text())
        if path:
            self.folder.setText(path)

    @property
    def value(self) -> tuple[str, str, str] | None:
        """(certificate file, password, folder), or None when no certificate was given."""
        path = self.path.text().strip()
        if not path:
            return None
        return path, self.password.text(), self.folder.text().strip()


class SignOffDialog(_Form):
    """Who signs the season off (the time is the moment of signing), and optionally a certificate
    to sign its PDF documents digitally."""

    def __init__(self, season, default_signer: str, parent=None, folder: str = "") -> None:
        super().__init__(tr("Ký duyệt kỳ thi đua", "Sign off the season"),
                         tr(f"Ký duyệt “{season.cluster_name}” năm {season.year}. Sau khi ký duyệt, mọi số liệu "
                            "được khóa; muốn sửa phải mở lại và ghi rõ lý do. Nếu chọn chứng thư số, các văn bản "
                            "PDF được ký số ngay sau khi ký duyệt.",
                            f"Sign off “{season.cluster_name}” {season.year}. Everything is then locked; "
                            "to change anything it must be reopened with a reason. With a certificate, the PDF "
                            "documents are signed digitally right after."), parent)
        self.setMinimumWidth(600)
        self.signer = QLineEdit(default_signer)
        self.when = QLabel(dt.datetime.now().strftime("%H:%M %d/%m/%Y"))
        self.form.addRow(tr("Người ký duyệt:", "Signed by:"), self.signer)
        self.form.addRow(tr("Thời điểm:", "At:"), self.when)
        self.certificate = CertificateFields(self, folder)
        self.signer.textChanged.connect(self._check)
        self._check()

    def valid(self) -> bool:
        return bool(self.signer.text().strip())

    @property
    def value(self) -> str:
        return self.signer.text().strip()


class CertificateDialog(_Form):
    """A certificate to sign (again) the PDF documents of the signed-off revision."""

    def __init__(self, season, parent=None, folder: str = "") -> None:
        super().__init__(tr("Ký số văn bản", "Sign documents digitally"),
                         tr(f"Ký số các văn bản PDF của lần ký duyệt {season.revision} năm {season.year}.",
                            f"Sign the PDF documents of revision {season.revision} ({season.year})."), parent)
        self.setMinimumWidth(600)
        self.certificate = CertificateFields(self, folder, required=True)
        self.certificate.path.textChanged.connect(self._check)
        self._check()

    def valid(self) -> bool:
        return self.certificate.value is not None


class ReopenDialog(_Form):
    """Who reopens a signed-off season, why, and at which step (Chấm điểm unless another is chosen)."""

    def __init__(self, season, default_actor: str, parent=None) -> None:
        signed = season.signed
        intro = tr("Mở lại kỳ thi đua đã ký duyệt. Bản đã ký vẫn được lưu nguyên trong lịch sử.",
                   "Reopen the signed-off season. The signed revision stays intact in the history.")
        if signed is not None:
            intro += "\n" + tr(f"Đã ký duyệt bởi {signed.signed_by} lúc {signed.signed_at:%H:%M %d/%m/%Y}.",
                               f"Signed off by {signed.signed_by} at {signed.signed_at:%H:%M %d/%m/%Y}.")
        super().__init__(tr("Mở lại kỳ thi đua", "Reopen the season"), intro, parent)
        self.setMinimumWidth(560)
        # the step to return to, each saying what it makes editable (the domain's REOPEN_TO, in its order)
        self.steps = QButtonGroup(self)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        self.step_notes: list[QLabel] = []
        for i, state in enumerate(REOPEN_TO):
            radio = QRadioButton(wording.step_name(state) + (tr(" (thường dùng)", " (usual)") if i == 0 else ""))
            radio.setChecked(i == 0)
            self.steps.addButton(radio, i)
            note = QLabel(wording.editable_at(state)[:1].upper() + wording.editable_at(state)[1:] + ".")
            note.setWordWrap(True)
            note.setStyleSheet("color: #555; margin-left: 22px")
            self.step_notes.append(note)
            column.addWidget(radio)
            column.addWidget(note)
        self.actor = QLineEdit(default_actor)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(tr("Lý do mở lại (bắt buộc)", "Reason to reopen (required)"))
        self.reason.setFixedHeight(90)
        self.form.addRow(tr("Mở lại ở bước:", "Reopen at:"), box)
        self.form.addRow(tr("Người mở lại:", "Reopened by:"), self.actor)
        self.form.addRow(tr("Lý do:", "Reason:"), self.reason)
        self.reason.textChanged.connect(self._check)
        self.actor.textChanged.connect(self._check)
        self._check()

    def valid(self) -> bool:
        return bool(self.reason.toPlainText().strip() and self.actor.text().strip())

    @property
    def step(self) -> State:
        return REOPEN_TO[max(self.steps.checkedId(), 0)]

    def choose(self, state: State) -> None:
        self.steps.button(REOPEN_TO.index(state)).setChecked(True)

    @property
    def value(self) -> tuple[str, str, State]:
        return self.actor.text().strip(), self.reason.toPlainText().strip(), self.step


class SettingsDialog(_Form):
    def __init__(self, language: str, actor: str, parent=None) -> None:
        super().__init__(tr("Cài đặt", "Settings"), "", parent)
        self.language = QComboBox()
        self.language.addItem("Tiếng Việt", "vi")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(1 if language == "en" else 0)
        self.actor = QLineEdit(actor)
        self.form.addRow(tr("Ngôn ngữ / Language:", "Language / Ngôn ngữ:"), self.language)
        self.form.addRow(tr("Tên người dùng (ghi vào lịch sử sửa):", "Your name (recorded with changes):"),
                         self.actor)

    @property
    def value(self) -> tuple[str, str]:
        return self.language.currentData(), self.actor.text().strip()


class NewSeasonDialog(_Form):
    """A new cluster name (optional) and the year of a new season."""

    def __init__(self, cluster_names: list[str], year: int, parent=None) -> None:
        super().__init__(tr("Tạo kỳ thi đua mới", "New season"), "", parent)
        self.cluster = QComboBox()
        self.cluster.setEditable(True)
        self.cluster.addItems(cluster_names)
        self.cluster.setCurrentText(cluster_names[0] if cluster_names else "Cụm thi đua ")
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(year)
        self.members = QPlainTextEdit()
        self.members.setPlaceholderText(tr("Mỗi dòng một đơn vị, ví dụ: Ninh Bình", "One member a line"))
        self.members.setFixedHeight(120)
        self.form.addRow(tr("Cụm thi đua:", "Cluster:"), self.cluster)
        self.form.addRow(tr("Năm:", "Year:"), self.year)
        self.form.addRow(tr("Đơn vị thành viên:", "Members:"), self.members)
        self.cluster.currentTextChanged.connect(self._check)
        self._check()

    def valid(self) -> bool:
        return bool(self.cluster.currentText().strip())

    @property
    def value(self) -> tuple[str, int, list[str]]:
        members = [line.strip() for line in self.members.toPlainText().splitlines() if line.strip()]
        return self.cluster.currentText().strip(), self.year.value(), members


def state_text(season) -> str:
    return wording.state_name(season.state)


class NomineeDialog(_Form):
    """A nominee who is not ranked in: a cooperative or person a member puts forward, or a member."""

    def __init__(self, season, parent=None) -> None:
        from ..domain.awards import NomineeKind

        super().__init__(tr("Thêm đối tượng đề nghị khen thưởng", "Add a nominee"),
                         tr("Hợp tác xã hoặc cá nhân do đơn vị thành viên đề nghị, hoặc một đơn vị thành viên.",
                            "A cooperative or person a member puts forward, or a member itself."), parent)
        self.name = QLineEdit()
        self.kind = QComboBox()
        for kind, text in ((NomineeKind.COOPERATIVE, tr("Hợp tác xã", "Cooperative")),
                           (NomineeKind.PERSON, tr("Cá nhân", "Person")),
                           (NomineeKind.MEMBER, tr("Đơn vị thành viên", "Member"))):
            self.kind.addItem(text, kind.value)
        self.award = QComboBox()
        for a in sorted(season.award_types.values(), key=lambda a: a.precedence):
            self.award.addItem(a.name, a.id)
        self.member = QComboBox()
        for m in season.members:
            self.member.addItem(m.short_name, m.id)
        self.reason = QPlainTextEdit()
        self.reason.setFixedHeight(70)
        self.form.addRow(tr("Tên:", "Name:"), self.name)
        self.form.addRow(tr("Loại:", "Kind:"), self.kind)
        self.form.addRow(tr("Hình thức khen thưởng:", "Award:"), self.award)
        self.form.addRow(tr("Đơn vị đề nghị:", "Put forward by:"), self.member)
        self.form.addRow(tr("Thành tích:", "Achievements:"), self.reason)
        self.name.textChanged.connect(self._check)
        self._check()

    def valid(self) -> bool:
        return bool(self.name.text().strip()) and self.award.count() > 0

    @property
    def value(self) -> dict:
        from ..domain.awards import NomineeKind

        return dict(name=self.name.text().strip(), kind=NomineeKind(self.kind.currentData()),
                    award_type_id=self.award.currentData(), member_id=self.member.currentData(),
                    reason=self.reason.toPlainText().strip())


class TieDecisionDialog(_Form):
    """The order the committee voted for members whose tie no tie-breaker settles, and a note.

    `groups` are (label, [(member id, name), …]) — one entry per unresolved tie.
    """

    def __init__(self, groups: list[tuple[str, list[tuple[str, str]]]], parent=None) -> None:
        super().__init__(tr("Ghi kết quả biểu quyết thứ hạng", "Record the committee's order"),
                         tr("Các đơn vị dưới đây bằng điểm và không tiêu chí phụ nào phân định được. Sắp xếp theo "
                            "kết quả biểu quyết của Cụm (kéo thả hoặc dùng nút Lên/Xuống): đơn vị trên cùng xếp "
                            "trên.",
                            "These members are tied and no tie-breaker separates them. Order them as the committee "
                            "voted (drag, or use Up/Down): the top one ranks first."), parent)
        self.groups = groups
        self.group = QComboBox()
        for label, _members in groups:
            self.group.addItem(label)
        self.order = QListWidget()
        self.order.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.order.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.order.setFixedHeight(150)
        self.btn_up = QPushButton(tr("Lên", "Up"))
        self.btn_down = QPushButton(tr("Xuống", "Down"))
        self.btn_up.clicked.connect(lambda: self.move(-1))
        self.btn_down.clicked.connect(lambda: self.move(1))
        moves = QVBoxLayout()
        moves.addWidget(self.btn_up)
        moves.addWidget(self.btn_down)
        moves.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.order, 1)
        row.addLayout(moves)
        self.note = QLineEdit()
        self.note.setPlaceholderText(tr("ví dụ: Biểu quyết giơ tay 6/9", "e.g. show of hands, 6 of 9"))
        if len(groups) > 1:
            self.form.addRow(tr("Nhóm đồng điểm:", "Tie:"), self.group)
        self.form.addRow(tr("Thứ tự:", "Order:"), row)
        self.form.addRow(tr("Ghi chú:", "Note:"), self.note)
        self.group.currentIndexChanged.connect(self._fill)
        self._fill()

    def _fill(self, *_args) -> None:
        self.order.clear()
        for member_id, name in self.groups[self.group.currentIndex()][1]:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, member_id)
            self.order.addItem(item)
        self.order.setCurrentRow(0)

    def move(self, step: int) -> None:
        row = self.order.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.order.count():
            return
        item = self.order.takeItem(row)
        self.order.insertItem(target, item)
        self.order.setCurrentRow(target)

    def set_order(self, member_ids: list[str]) -> None:
        """Put the list in this order (what dragging does; used by tests)."""
        items = {self.order.item(i).data(Qt.ItemDataRole.UserRole): self.order.item(i).text()
                 for i in range(self.order.count())}
        self.order.clear()
        for member_id in member_ids:
            item = QListWidgetItem(items[member_id])
            item.setData(Qt.ItemDataRole.UserRole, member_id)
            self.order.addItem(item)

    @property
    def value(self) -> tuple[list[str], str]:
        ids = [self.order.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.order.count())]
        return ids, self.note.text().strip()
