"""Editors for the rules regulations write: score columns, quorum, rank by rate, capped classification,
floors, and which members a criterion is not assigned to. Widgets return values; they never save."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget)
from PySide6.QtCore import Qt

from .. import wording
from ..domain.ranking import FloorScope, RankBasis
from ..domain.scoring import PANELS, ScoreKind, ScoringMode
from ..domain.season import SeasonSettings
from .dialogs import _Form
from .i18n import tr

COLUMN_NAMES = {ScoreKind.SELF: ("Tự chấm", "Self-score"), ScoreKind.AGREED: ("Cụm chấm", "Agreed"),
                ScoreKind.REVIEW: ("Cụm trưởng thẩm định", "Head's review"),
                ScoreKind.COUNCIL: ("Hội đồng thẩm định", "Council")}
# the modes page 1 offers besides agreed and cross-scoring
MODE_NAMES = ((ScoringMode.REVIEW, ("Điểm cụm trưởng thẩm định", "The head's review")),
              (ScoringMode.COUNCIL, ("Điểm Hội đồng thẩm định", "The council's score")),
              (ScoringMode.HIGHEST, ("Điểm cao nhất trong các cột được chọn", "The highest of chosen columns")))


def column_name(kind: ScoreKind) -> str:
    return tr(*COLUMN_NAMES[kind])


def _row(*widgets) -> QWidget:
    w = QWidget()
    h = QHBoxLayout(w)
    h.setContentsMargins(0, 0, 0, 0)
    for x in widgets:
        h.addWidget(x)
    h.addStretch(1)
    return w


class ColumnRows:
    """The score columns a season keeps and, for 'the highest', which of them compete: rows added to a form."""

    def __init__(self, form: QFormLayout, mode: QComboBox, s: SeasonSettings) -> None:
        self.mode = mode
        for m, names in MODE_NAMES:
            mode.addItem(tr(*names), m.value)
        mode.setCurrentIndex(mode.findData(s.scoring_mode.value))
        self.kept = {k: QCheckBox(column_name(k)) for k in PANELS}
        for k, box in self.kept.items():
            box.setChecked(k in s.panels)
            box.toggled.connect(self._enable)
        self.highest = {k: QCheckBox(column_name(k)) for k in ScoreKind}
        for k, box in self.highest.items():
            box.setChecked(k in s.highest_of)
        mode.currentIndexChanged.connect(self._enable)
        form.addRow(tr("Giữ thêm cột điểm:", "Also keep:"), _row(*self.kept.values()))
        form.addRow(tr("Cao nhất trong:", "Highest of:"), _row(*self.highest.values()))
        self._enable()

    def _enable(self, *_args) -> None:
        highest = self.mode.currentData() == ScoringMode.HIGHEST.value
        for k, box in self.highest.items():
            box.setEnabled(highest and (k not in PANELS or self.kept[k].isChecked()))

    def apply(self, s: SeasonSettings) -> SeasonSettings:
        panels = tuple(k for k in PANELS if self.kept[k].isChecked())
        highest = tuple(k for k in ScoreKind if self.highest[k].isChecked() and (k not in PANELS or k in panels)) \
            if s.scoring_mode is ScoringMode.HIGHEST else ()
        return replace(s, panels=panels, highest_of=highest)


class QuorumRow:
    """'The meeting decides only with at least … of the members present' (Hà Nội: 2/3)."""

    def __init__(self, form: QFormLayout, rule, spin_factory, on_change) -> None:
        self.original = rule.quorum
        self.box = QCheckBox(tr("Cần có mặt từ", "At least"))
        self.share = spin_factory()
        self.share.setRange(1.0, 100.0)
        self.share.setValue(float(rule.quorum * 100) if rule.quorum is not None else 66.67)
        self.box.setChecked(rule.quorum is not None)
        self.share.setEnabled(self.box.isChecked())
        self.box.toggled.connect(self.share.setEnabled)
        self.box.toggled.connect(on_change)
        self.share.valueChanged.connect(on_change)
        form.addRow(tr("Số thành viên dự họp:", "Quorum:"), _row(self.box, self.share))

    def value(self) -> Fraction | None:
        if not self.box.isChecked():
            return None
        shown = round(self.share.value(), 2)
        if self.original is not None and round(float(self.original) * 100, 2) == shown:
            return self.original        # 2/3 stays 2/3, not 66,67 %
        if shown == 66.67:
            return Fraction(2, 3)
        return Fraction(str(shown)) / 100


class RulesPage(QWidget):
    """Page 3 of the season settings: how the ranking and the classification read the points."""

    def __init__(self, s: SeasonSettings, refusal: str | None, spin_factory, parent=None) -> None:
        super().__init__(parent)
        v = QVBoxLayout(self)
        if refusal:
            locked = QLabel("🔒 " + refusal)
            locked.setWordWrap(True)
            locked.setStyleSheet("color: #6b4e00; background: #fff3c4; padding: 4px")
            v.addWidget(locked)
        box = QGroupBox(tr("Xếp hạng, xếp loại theo quy chế của Cụm", "Ranking and classification by the rules"))
        form = QFormLayout(box)
        self.basis = QComboBox()
        self.basis.addItem(tr("Tổng điểm", "Total points"), RankBasis.TOTAL.value)
        self.basis.addItem(tr("Tỷ lệ đạt (điểm ÷ điểm tối đa được giao, %)", "Rate achieved (points ÷ own maximum, %)"),
                           RankBasis.RATE.value)
        self.basis.setCurrentIndex(self.basis.findData(s.rank_basis.value))
        self.has_cap = QCheckBox(tr("Xếp loại tính tối đa", "Classify on at most"))
        self.cap = spin_factory(10000.0)
        self.cap.setSuffix("")
        self.cap.setValue(float(s.class_cap) if s.class_cap is not None else 100.0)
        self.has_cap.setChecked(s.class_cap is not None)
        self.cap.setEnabled(self.has_cap.isChecked())
        self.has_cap.toggled.connect(self.cap.setEnabled)
        self.scope = QComboBox()
        self.scope.addItem(tr("từng tiêu chí chấm điểm", "every scored criterion"), FloorScope.CRITERION.value)
        self.scope.addItem(tr("từng nhóm tiêu chí lớn", "every top-level group"), FloorScope.GROUP.value)
        self.scope.setCurrentIndex(self.scope.findData(s.floor_scope.value))
        form.addRow(tr("Xếp hạng và xếp loại theo:", "Rank and classify by:"), self.basis)
        form.addRow(tr("Điểm thưởng vượt điểm tối đa:", "Bonus above the maximum:"), _row(self.has_cap, self.cap))
        form.addRow(tr("Ngưỡng tối thiểu áp dụng cho:", "Floors look at:"), self.scope)
        v.addWidget(box)
        for text in (
            tr("Tỷ lệ đạt: tiêu chí “không được giao” cho một đơn vị (chọn ở thẻ Đơn vị và tiêu chí) không tính vào điểm tối đa "
               "của đơn vị đó; các mức xếp loại khi đó đọc theo phần trăm.",
               "Rate achieved: a criterion not assigned to a member (set on the Members and criteria tab) leaves that member's "
               "maximum; classification thresholds then read as percentages."),
            tr("Xếp loại tính tối đa: điểm thưởng (ví dụ khen thưởng đã nhận) vẫn tính khi xếp hạng, nhưng khi xếp "
               "loại tổng điểm được tính tối đa bằng số này (ví dụ 97 + 10 = 107 được xếp loại như 100).",
               "Classification cap: bonus points still rank, but classification counts the total up to this number "
               "(97 + 10 = 107 is classified as 100)."),
            tr("Ngưỡng tối thiểu của từng mức xếp loại ghi ở cột “Không tiêu chí nào dưới” trong bảng xếp loại "
               "(trang 1), ví dụ Hoàn thành xuất sắc: từ 90 điểm và không tiêu chí nào dưới 85% điểm tối đa.",
               "Each band's floor is the column “No criterion below” of the classification table (page 1), e.g. "
               "90 points and no criterion below 85 % of its maximum.")):
            label = QLabel(text)
            label.setWordWrap(True)
            label.setStyleSheet("color: #555")
            v.addWidget(label)
        v.addStretch(1)
        box.setEnabled(refusal is None)

    def apply(self, s: SeasonSettings) -> SeasonSettings:
        old = s.class_cap
        cap = None
        if self.has_cap.isChecked():
            shown = Decimal(str(round(self.cap.value(), 2)))
            cap = old if old is not None and old == shown else shown
        return replace(s, rank_basis=RankBasis(self.basis.currentData()), class_cap=cap,
                       floor_scope=FloorScope(self.scope.currentData()))


# ---- the criteria form: members a criterion is not assigned to -----------------------------------
class NotAssignedDialog(_Form):
    """Tick the members this criterion is not assigned to ("không được giao")."""

    def __init__(self, season, node, chosen: tuple[str, ...], parent=None) -> None:
        super().__init__(tr("Không giao tiêu chí", "Not assigned"),
                         tr(f"Đơn vị không được giao tiêu chí “{node.title}”: tiêu chí không tính điểm và không "
                            "tính vào điểm tối đa của đơn vị đó.",
                            f"Members “{node.title}” is not assigned to: it scores nothing and leaves their maximum."),
                         parent)
        self.list = QListWidget()
        for m in season.members:
            item = QListWidgetItem(m.short_name)
            item.setData(Qt.ItemDataRole.UserRole, m.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if m.id in chosen else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.form.addRow(self.list)

    @property
    def value(self) -> tuple[str, ...]:
        return tuple(self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                     if self.list.item(i).checkState() == Qt.CheckState.Checked)


class NotAssignedField(QWidget):
    """The members a criterion is not assigned to, as names, with a button to choose them."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.season = None
        self.node = None
        self.value: tuple[str, ...] = ()
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.button = QPushButton(tr("Chọn…", "Choose…"))
        self.button.clicked.connect(lambda: self.choose())
        h = QHBoxLayout(self)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(self.label, 1)
        h.addWidget(self.button)

    def show_for(self, season, node) -> None:
        self.season, self.node = season, node
        self.set_value(node.not_assigned)

    def set_value(self, ids: tuple[str, ...]) -> None:
        self.value = tuple(ids)
        names = {m.id: m.short_name for m in self.season.members} if self.season else {}
        self.label.setText(", ".join(names.get(i, i) for i in ids) or tr("(giao cho mọi đơn vị)", "(every member)"))

    def choose(self) -> None:
        dialog = NotAssignedDialog(self.season, self.node, self.value, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.set_value(dialog.value)


def floor_text(band) -> str:
    """A band's floor as the classification table shows it: '85' (percent), or blank."""
    return wording.p(band.floor * 100) if band.floor is not None else ""


# ---- the higher council's later decision on a proposal --------------------------------------------
class CouncilDecisionDialog(_Form):
    """What the higher council decided on a proposal: approved or not, its decision's number and date."""

    def __init__(self, nominee_name: str, award_name: str, decision, parent=None) -> None:
        from PySide6.QtCore import QDate
        from PySide6.QtWidgets import QDateEdit, QLineEdit

        super().__init__(tr("Quyết định của cấp trên", "The higher council's decision"),
                         tr(f"{nominee_name} — {award_name}. Ghi được cả khi kỳ thi đua đã ký duyệt: quyết định "
                            "không làm thay đổi nội dung đã ký.",
                            f"{nominee_name} — {award_name}. Can be recorded after sign-off: it does not change "
                            "what was signed."), parent)
        self.approved = QComboBox()
        self.approved.addItem(tr("Được khen thưởng", "Approved"), True)
        self.approved.addItem(tr("Không được khen thưởng", "Not approved"), False)
        self.number = QLineEdit(decision.number if decision else "")
        self.number.setPlaceholderText(tr("ví dụ: 125/QĐ-LMHTX", "e.g. 125/QĐ-LMHTX"))
        self.has_date = QCheckBox(tr("Ngày", "Dated"))
        self.date = QDateEdit()
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.date.setCalendarPopup(True)
        when = decision.date if decision and decision.date else None
        self.date.setDate(QDate(when.year, when.month, when.day) if when else QDate.currentDate())
        self.has_date.setChecked(when is not None)
        self.date.setEnabled(when is not None)
        self.has_date.toggled.connect(self.date.setEnabled)
        self.note = QLineEdit(decision.note if decision else "")
        if decision is not None:
            self.approved.setCurrentIndex(0 if decision.approved else 1)
        self.form.addRow(tr("Kết quả:", "Decision:"), self.approved)
        self.form.addRow(tr("Số quyết định:", "Number:"), self.number)
        self.form.addRow(tr("Ngày quyết định:", "Date:"), _row(self.has_date, self.date))
        self.form.addRow(tr("Ghi chú:", "Note:"), self.note)

    @property
    def value(self):
        import datetime as dt

        from ..domain.season import CouncilDecision

        day = self.date.date() if self.has_date.isChecked() else None
        return CouncilDecision(bool(self.approved.currentData()), self.number.text().strip(),
                               dt.date(day.year(), day.month(), day.day()) if day is not None else None,
                               self.note.text().strip())


def decision_brief(decision) -> str:
    """The decision in a table cell: 'Được khen thưởng (125/QĐ-TTg)'."""
    if decision is None:
        return "—"
    verdict = tr("Được khen thưởng", "Approved") if decision.approved else tr("Không được khen thưởng", "Not approved")
    return f"{verdict} ({decision.number})" if decision.number else verdict


def decision_text(decision) -> str:
    """'Được khen thưởng — Quyết định số 125/QĐ-LMHTX ngày 10/03/2026' (or '—' when none recorded)."""
    if decision is None:
        return "—"
    verdict = tr("Được khen thưởng", "Approved") if decision.approved else tr("Không được khen thưởng", "Not approved")
    number = tr(f" — Quyết định số {decision.number}", f" — decision {decision.number}") if decision.number else ""
    day = tr(f" ngày {decision.date:%d/%m/%Y}", f" of {decision.date:%d/%m/%Y}") if decision.date else ""
    note = f" ({decision.note})" if decision.note else ""
    return verdict + number + day + note


def year_awards_text(year) -> str:
    """A member's proposals of one year, the cluster's vote and the higher council's decision, one a line."""
    lines = []
    for a in year.awards:
        vote = "" if a.passed is None else (tr(" — Cụm biểu quyết đạt", " — passed the vote") if a.passed
                                            else tr(" — Cụm biểu quyết không đạt", " — failed the vote"))
        later = f"; {decision_text(a.decision)}" if a.decision is not None else ""
        lines.append(f"{a.award}{vote}{later}")
    return "\n".join(lines)
