"""The year-end meeting's facts for the minutes and the covenant, the minutes' PDF pages as a live preview, export."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QPlainTextEdit, QPushButton, QScrollArea, QSplitter, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from ..domain.season import Area, Meeting
from ..services import clusters
from .i18n import explain, tr
from .widgets import MessageLine

SAVE_DELAY_MS = 700   # typing pauses this long before the facts are saved
PREVIEW_DELAY_MS = 300   # and this long before the preview's pages are drawn again
PREVIEW_DPI = 60


def _member_combo(season, optional: bool = True) -> QComboBox:
    box = QComboBox()
    if optional:
        box.addItem("—", "")   # "" not None: an empty QVariant read back trips a PySide6 6.12 bug
    for m in season.members if season else []:
        box.addItem(m.short_name, m.id)
    return box


class PagePreview(QScrollArea):
    """A paper's PDF pages, one under another: what the printer and `thidua export` give, not a look-alike."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.pages: list[QLabel] = []
        self.texts: list[str] = []
        self._clear()

    def _clear(self) -> None:
        self.inner = QWidget()
        self.column = QVBoxLayout(self.inner)
        self.column.setSpacing(12)
        self.setWidget(self.inner)
        self.pages = []

    def show_pdf(self, data: bytes, texts: list[str]) -> None:
        from .documents import page_images

        bar = self.verticalScrollBar().value()
        self._clear()
        self.texts = texts
        for image in page_images(data, PREVIEW_DPI):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setStyleSheet("border: 1px solid #999; background: white")
            self.column.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.pages.append(label)
        self.column.addStretch(1)
        self.verticalScrollBar().setValue(bar)

    def toPlainText(self) -> str:   # noqa: N802 - reads like the text views it replaced
        """The paper's text, as its content says it (each line of the header, sections, tables, signers)."""
        return "\n".join(self.texts)


class MinutesTab(QWidget):
    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self._loading = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_DELAY_MS)
        self.timer.timeout.connect(self.save)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.preview = PagePreview()
        self.preview_timer = QTimer(self)
        self.preview_timer.setSingleShot(True)
        self.preview_timer.setInterval(PREVIEW_DELAY_MS)
        self.preview_timer.timeout.connect(self.update_preview)
        self.message = MessageLine()

        buttons = QHBoxLayout()
        self.btn_print = QPushButton(tr("In / xem trước khi in…", "Print / preview…"))
        self.btn_print.clicked.connect(self.print_preview)
        self.btn_pdf = QPushButton(tr("Xuất biên bản (PDF)…", "Export minutes (PDF)…"))
        self.btn_pdf.clicked.connect(lambda: self._export("minutes", "pdf"))
        self.btn_word = QPushButton(tr("Xuất biên bản (Word)…", "Export minutes (Word)…"))
        self.btn_word.clicked.connect(lambda: self._export("minutes", "docx"))
        self.btn_sub = QPushButton(tr("Xuất tờ trình (PDF)…", "Export submission (PDF)…"))
        self.btn_sub.clicked.connect(lambda: self._export("submission", "pdf"))
        self.btn_secretary = QPushButton(tr("Thư ký ký số…", "Secretary signs…"))
        self.btn_secretary.setToolTip(tr("Thư ký ký số vào biên bản đã ký duyệt, bên cạnh chữ ký của chủ trì",
                                         "The secretary signs the signed-off minutes beside the chair"))
        self.btn_secretary.clicked.connect(self.sign_as_secretary)
        for b in (self.btn_print, self.btn_pdf, self.btn_word, self.btn_sub, self.btn_secretary):
            buttons.addWidget(b)
        buttons.addStretch(1)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addLayout(buttons)
        rv.addWidget(self.preview, 1)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.message)
        lv.addWidget(self.scroll, 1)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([620, 720])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        session.season_changed.connect(self.reload)
        session.structure_changed.connect(self._external_change)
        session.scores_changed.connect(lambda _ids: self._scores_changed())
        self._stale = False
        self.reload()

    def _scores_changed(self) -> None:
        # the preview quotes the ranking; rebuilding it on every keystroke in the grid would slow typing
        if self.isVisible():
            self.update_preview()
        else:
            self._stale = True

    def showEvent(self, event) -> None:
        if self._stale:
            self._stale = False
            self.update_preview()
        super().showEvent(event)

    # ---- the form -------------------------------------------------------------------------
    def _clear_form(self) -> None:
        # a fresh form widget: the scroll area deletes the old one at once, so no stale rows linger
        self.form_widget = QWidget()
        self.form = QVBoxLayout(self.form_widget)
        self.scroll.setWidget(self.form_widget)

    def reload(self) -> None:
        """Rebuild the form for the season (member lists differ between seasons)."""
        self._loading = True
        self._clear_form()
        season = self.session.season
        if season is None:
            self._loading = False
            return
        m = season.meeting
        self._base = m     # what the form shows: a save writes only the fields typed since
        facts = QGroupBox(tr("Hội nghị tổng kết", "Year-end meeting"))
        f = QFormLayout(facts)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        d = m.date or dt.date(season.year, 12, 15)
        self.date.setDate(QDate(d.year, d.month, d.day))
        self.fields = {}
        for key, label in (("start_time", tr("Giờ bắt đầu:", "Start:")), ("place", tr("Địa danh:", "Place:")),
                           ("venue", tr("Địa điểm:", "Venue:")), ("chair", tr("Chủ trì:", "Chair:")),
                           ("chair_title", tr("Chức vụ chủ trì:", "Chair's title:")),
                           ("secretary", tr("Thư ký:", "Secretary:")),
                           ("secretary_title", tr("Chức vụ thư ký:", "Secretary's title:")),
                           ("minutes_number", tr("Số biên bản:", "Minutes number:")),
                           ("submission_number", tr("Số tờ trình:", "Submission number:")),
                           ("covenant_number", tr("Số bản giao ước:", "Covenant number:"))):
            edit = QLineEdit(getattr(m, key))
            edit.textChanged.connect(self._changed)
            self.fields[key] = edit
            f.addRow(label, edit)
        f.insertRow(0, tr("Ngày họp:", "Date:"), self.date)
        self.date.dateChanged.connect(self._changed)
        # the covenant's date: recorded or left blank to fill in by hand on the paper
        self.covenant_dated = QCheckBox(tr("đã ký ngày", "signed on"))
        self.covenant_dated.setChecked(m.covenant_date is not None)
        self.covenant_date = QDateEdit()
        self.covenant_date.setCalendarPopup(True)
        self.covenant_date.setDisplayFormat("dd/MM/yyyy")
        cd = m.covenant_date or dt.date(season.year, 1, 15)
        self.covenant_date.setDate(QDate(cd.year, cd.month, cd.day))
        row = QHBoxLayout()
        row.addWidget(self.covenant_dated)
        row.addWidget(self.covenant_date, 1)
        f.addRow(tr("Ngày ký giao ước:", "Covenant date:"), row)
        self.covenant_dated.toggled.connect(self._changed)
        self.covenant_date.dateChanged.connect(self._changed)
        self.form.addWidget(facts)

        att = QGroupBox(tr("Đại biểu dự họp của từng đơn vị (để trống nếu vắng)", "Who attended for each member (blank = absent)"))
        av = QVBoxLayout(att)
        self.attendance = self._member_table(
            season, (tr("Chức vụ người dự", "Attendee's title"), tr("Họ tên", "Name")),
            {member.id: (m.attendee(member.id) or "", m.attendee_name(member.id)) for member in season.members})
        av.addWidget(self.attendance)
        self.form.addWidget(att)

        cov = QGroupBox(tr(f"Người ký bản giao ước thi đua năm {season.year} cho từng đơn vị "
                           "(để trống: những người dự họp ở trên)",
                           f"Who signed the {season.year} covenant for each member (blank: the attendees above)"))
        cv = QVBoxLayout(cov)
        self.signers = self._member_table(season, (tr("Chức vụ", "Title"), tr("Họ tên", "Name")),
                                          {mid: (title, name) for mid, title, name in m.covenant_signers})
        copy = QPushButton(tr("Như danh sách dự họp", "Same as the attendees"))
        copy.clicked.connect(self._signers_from_attendance)
        cv.addWidget(self.signers)
        cv.addWidget(copy, 0, Qt.AlignmentFlag.AlignRight)
        self.form.addWidget(cov)

        texts = QGroupBox(tr("Nội dung và kết luận", "Agenda and conclusions"))
        tf = QFormLayout(texts)
        self.texts = {}
        for key, label in (("agenda", tr("Nội dung:", "Agenda:")), ("guests", tr("Khách mời:", "Guests:")),
                           ("conclusions", tr("Kết luận:", "Conclusions:"))):
            edit = QPlainTextEdit(getattr(m, key))
            edit.setFixedHeight(70)
            edit.textChanged.connect(self._changed)
            self.texts[key] = edit
            tf.addRow(label, edit)
        self.form.addWidget(texts)

        heads = QGroupBox(tr(f"Cụm trưởng, cụm phó năm {season.year + 1}", f"Heads for {season.year + 1}"))
        hf = QFormLayout(heads)
        self.next_head1 = _member_combo(season)
        self.next_head2 = _member_combo(season)
        self.next_deputy = _member_combo(season)
        for box, value in ((self.next_head1, m.next_heads[0] if m.next_heads else None),
                           (self.next_head2, m.next_heads[1] if len(m.next_heads) > 1 else None),
                           (self.next_deputy, m.next_deputy_id)):
            box.setCurrentIndex(max(0, box.findData(value or "")))
            box.currentIndexChanged.connect(self._changed)
        hf.addRow(tr("Cụm trưởng:", "Head:"), self.next_head1)
        hf.addRow(tr("Cùng làm cụm trưởng (nếu có):", "Co-head (if any):"), self.next_head2)
        hf.addRow(tr("Cụm phó:", "Deputy:"), self.next_deputy)
        self.form.addWidget(heads)
        self.form.addStretch(1)

        editable = self.session.editable(Area.MEETING)
        self.form_widget.setEnabled(editable)
        self.btn_secretary.setEnabled(season.signed is not None)
        self._loading = False
        self.update_preview()

    def _member_table(self, season, labels: tuple[str, str], values: dict) -> QTableWidget:
        """One row per member: its name (fixed), then two texts (title, name) typed in."""
        table = QTableWidget(len(season.members), 3)
        table.setHorizontalHeaderLabels([tr("Đơn vị", "Member"), *labels])
        table.verticalHeader().hide()
        for col in (1, 2):
            table.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        for r, member in enumerate(season.members):
            name = QTableWidgetItem(member.short_name)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled)
            table.setItem(r, 0, name)
            for c, text in enumerate(values.get(member.id, ("", "")), 1):
                table.setItem(r, c, QTableWidgetItem(text))
        table.setMinimumHeight(min(330, 30 * (len(season.members) + 1)))
        table.itemChanged.connect(self._changed)
        return table

    def _external_change(self) -> None:
        if not self.timer.isActive():   # do not throw away what is being typed
            self.reload()

    def draft(self) -> Meeting:
        """The meeting as the form shows it now."""
        season = self.session.season
        def cell(r: int, c: int) -> str:
            item = self.attendance.item(r, c)
            return item.text().strip() if item else ""

        attendance = tuple((m.id, cell(r, 1)) for r, m in enumerate(season.members) if cell(r, 1))
        names = tuple((m.id, cell(r, 2)) for r, m in enumerate(season.members) if cell(r, 2))

        def signer(r: int, c: int) -> str:
            item = self.signers.item(r, c)
            return item.text().strip() if item else ""

        signers = tuple((m.id, signer(r, 1), signer(r, 2)) for r, m in enumerate(season.members)
                        if signer(r, 1) or signer(r, 2))
        heads = tuple(h for h in (self.next_head1.currentData(), self.next_head2.currentData()) if h)
        deputy = self.next_deputy.currentData() or None
        qd = self.date.date()
        values = {k: e.text().strip() for k, e in self.fields.items()}
        values.update({k: e.toPlainText().strip() for k, e in self.texts.items()})
        covenant = None
        if self.covenant_dated.isChecked():
            cd = self.covenant_date.date()
            covenant = dt.date(cd.year(), cd.month(), cd.day())
        return replace(season.meeting, date=dt.date(qd.year(), qd.month(), qd.day()), attendance=attendance,
                       attendee_names=names, covenant_date=covenant, covenant_signers=signers,
                       next_heads=heads, next_deputy_id=deputy, **values)

    def _signers_from_attendance(self) -> None:
        for r in range(self.signers.rowCount()):
            for c in (1, 2):
                source = self.attendance.item(r, c)
                self.signers.item(r, c).setText(source.text() if source else "")

    def _changed(self, *_args) -> None:
        if self._loading:
            return
        self.preview_timer.start()
        self.timer.start()

    def preview_season(self):
        """The season as the form shows it now (typed but not yet saved), for the preview."""
        import copy

        season = self.session.season
        try:
            meeting = self.draft()
        except (AttributeError, RuntimeError):   # form not built yet
            return season
        preview = copy.copy(season)
        preview.meeting = meeting
        return preview

    def update_preview(self) -> None:
        """The minutes' own PDF pages, built from what the form shows now."""
        from ..documents.content import build
        from ..documents.pdf.render import render

        self.preview_timer.stop()
        season = self.session.season
        if season is None or self._loading:
            return
        doc = build("minutes", self.preview_season())
        self.preview.show_pdf(render(doc), doc.texts())

    def save(self) -> bool:
        """Save the facts as typed (called after a pause in typing)."""
        self.timer.stop()
        season = self.session.season
        if season is None:
            return False
        meeting = self.draft()
        if meeting == self._base:
            return True
        try:
            self.session.call(clusters.set_meeting, season.id, meeting, expected=self._base)
        except Exception as exc:   # refused: the form keeps what was typed
            self.message.setText("⚠ " + explain(exc))
            self.message.show()
            return False
        # the form now shows what was saved; fields others changed meanwhile are written only if typed again
        self._base = meeting
        self.message.hide()
        return True

    # ---- output ---------------------------------------------------------------------------
    def print_preview(self) -> None:
        self.save()
        self.window().print_preview("minutes")

    def sign_as_secretary(self, certificate=None):
        from .signing import sign_minutes_as_secretary

        return sign_minutes_as_secretary(self.window(), self.session.season, certificate)

    def _export(self, kind: str, fmt: str) -> None:
        from .documents import export

        self.save()
        window = self.window()
        from ..documents.registry import load_writers
        if fmt not in load_writers().get(kind, type("K", (), {"writers": {}})()).writers:
            window.show_error(tr("Chưa cài đặt mẫu văn bản này.", "This document writer is not installed."))
            return
        export(window, kind, fmt)
