"""The year-end meeting's facts for the minutes, a live preview, export through the registry, printing."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from html import escape

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (QComboBox, QDateEdit, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QPlainTextEdit, QPushButton, QScrollArea, QSplitter, QTableWidget,
                               QTableWidgetItem, QTextBrowser, QVBoxLayout, QWidget)

from .. import wording
from ..domain.season import Area, Meeting
from ..services import clusters, scoring
from .i18n import explain, tr
from .widgets import refusal_label

SAVE_DELAY_MS = 700   # typing pauses this long before the facts are saved


def _member_combo(season, optional: bool = True) -> QComboBox:
    box = QComboBox()
    if optional:
        box.addItem("—", "")   # "" not None: an empty QVariant read back trips a PySide6 6.12 bug
    for m in season.members if season else []:
        box.addItem(m.short_name, m.id)
    return box


def minutes_html(season, meeting: Meeting) -> str:
    """The minutes as the preview and the printer show them (the PDF writer makes the filed copy)."""
    names = {m.id: m.display_full for m in season.members}
    e = escape
    place_date = wording.vn_date(meeting.date, meeting.place) if meeting.date else "……, ngày … tháng … năm …"
    parts = [f"""<table width="100%" cellspacing="0"><tr>
<td width="45%" align="center">{e(season.parent_body.upper())}<br><b>{e(season.cluster_name.upper())}</b><br>
Số: {e(meeting.minutes_number or '……/BB-CTĐ')}</td>
<td width="55%" align="center"><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b><u>Độc lập - Tự do - Hạnh phúc</u></b><br>
<i>{e(place_date)}</i></td></tr></table>
<h3 align="center">BIÊN BẢN<br>Hội nghị tổng kết công tác thi đua năm {season.year}</h3>"""]
    when = f"{meeting.start_time or '……'}, {wording.vn_date(meeting.date)}" if meeting.date else "……"
    parts.append(f"<p><b>1. Thời gian, địa điểm:</b> {e(when)}, tại {e(meeting.venue or meeting.place or '……')}.</p>")
    chair = ", ".join(x for x in (meeting.chair or "……", meeting.chair_title) if x)
    secretary = ", ".join(x for x in (meeting.secretary or "……", meeting.secretary_title) if x)
    parts.append(f"<p><b>2. Chủ trì:</b> {e(chair)}<br><b>Thư ký:</b> {e(secretary)}</p>")
    present = [(m, meeting.attendee(m.id)) for m in season.members if (meeting.attendee(m.id) or "").strip()]
    absent = [m for m in season.members if not (meeting.attendee(m.id) or "").strip()]
    items = "".join(f"<li>{e(names[m.id])}: {e(who)}</li>" for m, who in present)
    parts.append(f"<p><b>3. Thành phần:</b> có mặt {len(present)}/{len(season.members)} đơn vị thành viên.</p><ul>{items}</ul>")
    if absent:
        parts.append("<p>Vắng mặt: " + e(", ".join(names[m.id] for m in absent)) + ".</p>")
    if meeting.guests:
        parts.append(f"<p>Khách mời: {e(meeting.guests)}</p>")
    if meeting.agenda:
        parts.append(f"<p><b>4. Nội dung:</b> {e(meeting.agenda)}</p>")
    result = scoring.ranking_of(season)
    rows = "".join(f"<tr><td align='center'>{r.rank}</td><td>{e(r.full_name)}</td><td align='center'>"
                   f"{wording.p(r.total)}</td><td align='center'>{e(r.classification or '')}</td></tr>"
                   for r in result.rows)
    parts.append("<p><b>5. Kết quả chấm điểm, xếp hạng:</b></p><table border='1' cellspacing='0' cellpadding='3' "
                 "width='100%'><tr><th>Hạng</th><th>Đơn vị</th><th>Tổng điểm</th><th>Xếp loại</th></tr>"
                 + rows + "</table>")
    votes = []
    for n in season.nominees.values():
        ballot = season.ballots.get(n.id)
        award = season.award_types[n.award_type_id].name
        if ballot is None:
            votes.append(f"<li>{e(n.name)} — {e(award)}: chưa bỏ phiếu.</li>")
        else:
            verdict = "đạt" if ballot.passed else "không đạt"
            votes.append(f"<li>{e(n.name)} — {e(award)}: {wording.vote_method_name(ballot.method).lower()}, "
                         f"có mặt {ballot.present}, vắng {ballot.absent}; đồng ý {ballot.votes_for}, "
                         f"không đồng ý {ballot.votes_against}, phiếu trắng {ballot.blank} — {verdict}.</li>")
    if votes:
        parts.append("<p><b>6. Bình xét, biểu quyết</b> (" + e(wording.vote_rule_text(season.settings.vote_rule))
                     + " đồng ý):</p><ul>" + "".join(votes) + "</ul>")
    if meeting.conclusions:
        parts.append(f"<p><b>7. Kết luận:</b> {e(meeting.conclusions)}</p>")
    if meeting.next_heads:
        heads = " và ".join(names[h] for h in meeting.next_heads)
        deputy = f"; Cụm phó: {e(names[meeting.next_deputy_id])}" if meeting.next_deputy_id else ""
        parts.append(f"<p><b>8. Năm {season.year + 1}:</b> Cụm trưởng: {e(heads)}{deputy}.</p>")
    parts.append(f"""<br><table width="100%"><tr><td align="center" width="50%"><b>THƯ KÝ</b><br><br><br><br>
<b>{e(meeting.secretary)}</b></td><td align="center"><b>CHỦ TRÌ</b><br><br><br><br><b>{e(meeting.chair)}</b></td></tr></table>""")
    return "\n".join(parts)


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
        self.preview = QTextBrowser()
        self.message = refusal_label()

        buttons = QHBoxLayout()
        self.btn_print = QPushButton(tr("In / xem trước khi in…", "Print / preview…"))
        self.btn_print.clicked.connect(self.print_preview)
        self.btn_pdf = QPushButton(tr("Xuất biên bản (PDF)…", "Export minutes (PDF)…"))
        self.btn_pdf.clicked.connect(lambda: self._export("minutes", "pdf"))
        self.btn_sub = QPushButton(tr("Xuất tờ trình (PDF)…", "Export submission (PDF)…"))
        self.btn_sub.clicked.connect(lambda: self._export("submission", "pdf"))
        for b in (self.btn_print, self.btn_pdf, self.btn_sub):
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
                           ("submission_number", tr("Số tờ trình:", "Submission number:"))):
            edit = QLineEdit(getattr(m, key))
            edit.textChanged.connect(self._changed)
            self.fields[key] = edit
            f.addRow(label, edit)
        f.insertRow(0, tr("Ngày họp:", "Date:"), self.date)
        self.date.dateChanged.connect(self._changed)
        self.form.addWidget(facts)

        att = QGroupBox(tr("Đại biểu dự họp của từng đơn vị (để trống nếu vắng)", "Who attended for each member (blank = absent)"))
        av = QVBoxLayout(att)
        self.attendance = QTableWidget(len(season.members), 2)
        self.attendance.setHorizontalHeaderLabels([tr("Đơn vị", "Member"), tr("Người dự họp", "Attended by")])
        self.attendance.verticalHeader().hide()
        self.attendance.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for r, member in enumerate(season.members):
            name = QTableWidgetItem(member.short_name)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.attendance.setItem(r, 0, name)
            self.attendance.setItem(r, 1, QTableWidgetItem(m.attendee(member.id) or ""))
        self.attendance.setMinimumHeight(min(330, 30 * (len(season.members) + 1)))
        self.attendance.itemChanged.connect(self._changed)
        av.addWidget(self.attendance)
        self.form.addWidget(att)

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
        self._loading = False
        self.update_preview()

    def _external_change(self) -> None:
        if not self.timer.isActive():   # do not throw away what is being typed
            self.reload()

    def draft(self) -> Meeting:
        """The meeting as the form shows it now."""
        season = self.session.season
        attendance = tuple((member.id, (self.attendance.item(r, 1).text() if self.attendance.item(r, 1) else "").strip())
                           for r, member in enumerate(season.members))
        attendance = tuple((mid, who) for mid, who in attendance if who)
        heads = tuple(h for h in (self.next_head1.currentData(), self.next_head2.currentData()) if h)
        deputy = self.next_deputy.currentData() or None
        qd = self.date.date()
        values = {k: e.text().strip() for k, e in self.fields.items()}
        values.update({k: e.toPlainText().strip() for k, e in self.texts.items()})
        return replace(season.meeting, date=dt.date(qd.year(), qd.month(), qd.day()), attendance=attendance,
                       next_heads=heads, next_deputy_id=deputy, **values)

    def _changed(self, *_args) -> None:
        if self._loading:
            return
        self.update_preview()
        self.timer.start()

    def update_preview(self) -> None:
        season = self.session.season
        if season is None or self._loading:
            return
        try:
            meeting = self.draft()
        except (AttributeError, RuntimeError):   # form not built yet
            meeting = season.meeting
        bar = self.preview.verticalScrollBar().value()
        self.preview.setHtml(minutes_html(season, meeting))
        self.preview.verticalScrollBar().setValue(bar)

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
    def document(self) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(self.preview.font())
        doc.setHtml(self.preview.toHtml())
        return doc

    def print_preview(self) -> None:
        from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageMargins(__import__("PySide6.QtCore").QtCore.QMarginsF(30, 20, 15, 20),
                               __import__("PySide6.QtGui").QtGui.QPageLayout.Unit.Millimeter)
        dialog = QPrintPreviewDialog(printer, self)
        dialog.setWindowTitle(tr("Xem trước khi in biên bản", "Print preview of the minutes"))
        doc = self.document()
        dialog.paintRequested.connect(doc.print_)
        dialog.exec()

    def _export(self, kind: str, fmt: str) -> None:
        from .documents import export

        self.save()
        window = self.window()
        from ..documents.registry import load_writers
        if fmt not in load_writers().get(kind, type("K", (), {"writers": {}})()).writers:
            window.show_error(tr("Chưa cài đặt mẫu văn bản này.", "This document writer is not installed."))
            return
        export(window, kind, fmt)
