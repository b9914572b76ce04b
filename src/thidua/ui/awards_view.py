"""Awards and the vote: proposals from the ranking, other nominees, ballots with pass/fail at once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QFormLayout, QGroupBox, QHBoxLayout,
                               QHeaderView, QLabel, QPushButton, QSpinBox, QSplitter, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from .. import wording
from ..domain.awards import NomineeKind, Origin
from ..domain.season import Action, Area
from ..domain.text import sort_key
from ..domain.votes import Ballot, Base, VoteMethod
from ..services import outcome
from . import undo_deletes
from .dialogs import NomineeDialog
from .grid_keys import FormKeys
from .i18n import explain, tr
from .season_rules import CouncilDecisionDialog, decision_brief, decision_text
from .season_settings import award_conditions, quota_text
from .widgets import MessageLine

IdRole = Qt.ItemDataRole.UserRole

KIND_NAMES = {NomineeKind.MEMBER: ("Đơn vị thành viên", "Member"), NomineeKind.COOPERATIVE: ("Hợp tác xã", "Cooperative"),
              NomineeKind.PERSON: ("Cá nhân", "Person")}


def ballot_result(ballot: Ballot | None) -> str:
    if ballot is None:
        return tr("chưa bỏ phiếu", "not voted")
    verdict = tr("ĐẠT", "PASSED") if ballot.passed else tr("KHÔNG ĐẠT", "NOT PASSED")
    if not ballot.quorum_met:
        return tr(f"{verdict} (có mặt {ballot.present}/{ballot.eligible}, chưa đủ "
                  f"{ballot.rule.quorum_needed(ballot.eligible)} thành viên để biểu quyết)",
                  f"{verdict} ({ballot.present}/{ballot.eligible} present, fewer than the quorum of "
                  f"{ballot.rule.quorum_needed(ballot.eligible)})")
    return tr(f"{verdict} ({ballot.counted_for}/{ballot.base_count} phiếu đồng ý; cần {ballot.needed})",
              f"{verdict} ({ballot.counted_for}/{ballot.base_count} for; {ballot.needed} needed)")


class AwardsTab(QWidget):
    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.awards = QTableWidget(0, 4)
        self.awards.setHorizontalHeaderLabels([tr("Hình thức khen thưởng", "Award"), tr("Thứ bậc", "Order"),
                                               tr("Số lượng tối đa", "Quota"), tr("Điều kiện", "Eligibility")])
        self.awards.verticalHeader().hide()
        self.awards.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.awards.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.awards.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.awards.setMaximumHeight(150)

        self.nominees = QTableWidget(0, 6)
        self.nominees.setHorizontalHeaderLabels([tr("Đối tượng", "Nominee"), tr("Loại", "Kind"),
                                                 tr("Hình thức đề nghị", "Award"), tr("Nguồn", "Origin"),
                                                 tr("Kết quả bỏ phiếu", "Vote"),
                                                 tr("Cấp trên quyết định", "Higher council")])
        self.nominees.verticalHeader().hide()
        self.nominees.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.nominees.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.nominees.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.nominees.setWordWrap(True)
        header = self.nominees.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for col in (1, 3, 4, 5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.nominees.currentCellChanged.connect(lambda *_: self._show_ballot())

        self.btn_propose = QPushButton(tr("Đề xuất theo kết quả xếp hạng", "Propose from the ranking"))
        self.btn_add = QPushButton(tr("Thêm đối tượng khác…", "Add another nominee…"))
        self.btn_remove = QPushButton(tr("Bỏ đối tượng", "Remove nominee"))
        self.btn_types = QPushButton(tr("Sửa hình thức khen thưởng…", "Edit award types…"))
        self.btn_types.clicked.connect(lambda: self.window().edit_season_settings(page=1))
        self.btn_propose.clicked.connect(lambda: self.propose())
        self.btn_add.clicked.connect(lambda: self.add_nominee())
        self.btn_remove.clicked.connect(lambda: self.remove_nominee())

        # ballot entry for the selected nominee
        self.method = QComboBox()
        for m in VoteMethod:
            self.method.addItem(wording.vote_method_name(m), m.value)
        self.spins = {}
        box = QGroupBox(tr("Kết quả bỏ phiếu của đối tượng đang chọn", "Ballot of the selected nominee"))
        form = QFormLayout(box)
        self.ballot_title = QLabel()
        self.ballot_title.setWordWrap(True)
        self.ballot_title.setStyleSheet("font-weight: bold")
        form.addRow(self.ballot_title)
        form.addRow(tr("Hình thức biểu quyết:", "Method:"), self.method)
        for key, text in (("present", tr("Số thành viên có mặt:", "Present:")), ("absent", tr("Vắng mặt:", "Absent:")),
                          ("votes_for", tr("Phiếu đồng ý:", "For:")), ("votes_against", tr("Không đồng ý:", "Against:")),
                          ("blank", tr("Phiếu trắng:", "Blank:")),
                          ("written_for", tr("Vắng, ý kiến văn bản đồng ý:", "Absent, written for:")),
                          ("written_against", tr("Vắng, ý kiến văn bản không đồng ý:", "Absent, written against:"))):
            spin = QSpinBox()
            spin.setRange(0, 999)
            spin.valueChanged.connect(lambda *_: self._preview())
            self.spins[key] = spin
            form.addRow(text, spin)
        # the figures are typed like a column of a grid: Enter (or ↓) goes to the next one
        self.ballot_keys = FormKeys(self, lambda: list(self.spins.values()))
        self.rule = QLabel()
        self.rule.setWordWrap(True)
        self.rule.setStyleSheet("color: #555")
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setStyleSheet("font-size: 12pt; font-weight: bold")
        self.btn_vote = QPushButton(tr("Ghi kết quả bỏ phiếu", "Record the ballot"))
        self.btn_vote.clicked.connect(lambda: self.record_vote())
        form.addRow(self.rule)
        form.addRow(self.verdict)
        form.addRow(self.btn_vote)
        # what the higher council decided later: recorded also once the season is signed off
        self.council = QLabel()
        self.council.setWordWrap(True)
        self.btn_council = QPushButton(tr("Ghi quyết định của cấp trên…", "Record the higher council's decision…"))
        self.btn_council.clicked.connect(lambda: self.record_council_decision())
        form.addRow(tr("Cấp trên quyết định:", "Higher council:"), self.council)
        form.addRow(self.btn_council)

        self.message = MessageLine()   # one fixed line: a refusal never pushes the list down

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        head = QLabel(tr("Hình thức khen thưởng của Cụm", "The cluster's award types"))
        head.setStyleSheet("font-weight: bold")
        lv.addWidget(head)
        lv.addWidget(self.awards)
        buttons = QHBoxLayout()
        for b in (self.btn_propose, self.btn_add, self.btn_remove, self.btn_types):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lv.addLayout(buttons)
        lv.addWidget(self.message)
        lv.addWidget(self.nominees, 1)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(box)
        split.setSizes([940, 400])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        session.season_changed.connect(self.reload)
        session.structure_changed.connect(self.reload)
        self.reload()

    # ---- showing --------------------------------------------------------------------------
    def reload(self) -> None:
        season = self.session.season
        current = self.current_nominee()
        self.awards.setRowCount(0)
        self.nominees.setRowCount(0)
        editable = self.session.editable(Area.OUTCOME)
        for w in (self.btn_propose, self.btn_add, self.btn_remove):
            w.setEnabled(editable)
        # ballots only in Bình xét: the controls say the domain's reason when they are off
        vote_refusal = self.session.refusal(Action.VOTE)
        for w in (self.btn_vote, self.method, *self.spins.values()):
            w.setEnabled(vote_refusal is None)
            w.setToolTip(vote_refusal or "")
        self.btn_council.setEnabled(self.session.editable(Area.AFTERMATH))
        if season is None:
            return
        written = season.settings.vote_rule.base is Base.PRESENT_AND_WRITTEN
        for key in ("written_for", "written_against"):   # only where the rule counts the absent's written opinions
            self.spins[key].setVisible(written)
            label = self.spins[key].parentWidget().layout().labelForField(self.spins[key])
            if label is not None:
                label.setVisible(written)
        awards = sorted(season.award_types.values(), key=lambda a: a.precedence)
        self.awards.setRowCount(len(awards))
        for r, a in enumerate(awards):
            cond = award_conditions(a)
            for c, text in enumerate((a.name, str(a.precedence), quota_text(a, len(season.members), season.award_types),
                                      cond)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.awards.setItem(r, c, item)
        # the papers' order (documents/content/common.py: nominee_lines): highest award first, those from the
        # ranking before those put forward, then Vietnamese alphabetical order (Đắk Lắk before Gia Lai)
        nominees = sorted(season.nominees.values(),
                          key=lambda n: (season.award_types[n.award_type_id].precedence,
                                         n.origin is not Origin.RANKING, sort_key(n.name)))
        self.nominees.setRowCount(len(nominees))
        for r, n in enumerate(nominees):
            origin = tr("theo xếp hạng", "ranking") if n.origin is Origin.RANKING else tr("đơn vị đề nghị", "put forward")
            if n.contested:
                origin += tr(" (đồng hạng, bỏ phiếu quyết định)", " (tied: the vote decides)")
            ballot = season.ballots.get(n.id)
            cells = (n.name, tr(*KIND_NAMES[n.kind]), season.award_types[n.award_type_id].name, origin,
                     ballot_result(ballot), decision_brief(season.council.get(n.id)))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(IdRole, n.id)
                item.setToolTip(decision_text(season.council.get(n.id)) if c == 5 else text)
                if c == 4 and ballot is not None:
                    item.setBackground(QBrush(QColor("#e3f2e5") if ballot.passed else QColor("#ffd0d0")))
                self.nominees.setItem(r, c, item)
            if n.id == current:
                self.nominees.selectRow(r)
        self.nominees.resizeRowsToContents()
        if self.nominees.currentRow() < 0 and nominees:
            self.nominees.selectRow(0)
        self.rule.setText(wording.vote_rule_sentence(season.settings.vote_rule))
        self._show_ballot()

    def current_nominee(self) -> str | None:
        item = self.nominees.item(self.nominees.currentRow(), 0) if self.nominees.currentRow() >= 0 else None
        return item.data(IdRole) if item else None

    def _show_ballot(self) -> None:
        season = self.session.season
        nominee_id = self.current_nominee()
        if season is None or nominee_id is None or nominee_id not in season.nominees:
            self.ballot_title.setText(tr("Chọn một đối tượng trong danh sách.", "Pick a nominee in the list."))
            self.verdict.setText("")
            self.council.setText("—")
            return
        self.council.setText(decision_text(season.council.get(nominee_id)))
        nominee = season.nominees[nominee_id]
        self.ballot_title.setText(f"{nominee.name} — {season.award_types[nominee.award_type_id].name}")
        ballot = season.ballots.get(nominee_id)
        members = len(season.members)
        values = dict(present=members, absent=0, votes_for=0, votes_against=0, blank=0, written_for=0,
                      written_against=0) if ballot is None else dict(
            present=ballot.present, absent=ballot.absent, votes_for=ballot.votes_for,
            votes_against=ballot.votes_against, blank=ballot.blank, written_for=ballot.written_for,
            written_against=ballot.written_against)
        for key, spin in self.spins.items():
            spin.blockSignals(True)
            spin.setValue(values[key])
            spin.blockSignals(False)
        if ballot is not None:
            self.method.setCurrentIndex(self.method.findData(ballot.method.value))
        self._preview()

    def draft_ballot(self) -> Ballot | None:
        season = self.session.season
        nominee_id = self.current_nominee()
        if season is None or nominee_id is None:
            return None
        v = {k: s.value() for k, s in self.spins.items()}
        written = season.settings.vote_rule.base is Base.PRESENT_AND_WRITTEN
        return Ballot(nominee_id, VoteMethod(self.method.currentData()), len(season.members), v["present"], v["absent"],
                      v["votes_for"], v["votes_against"], v["blank"], season.settings.vote_rule,
                      v["written_for"] if written else 0, v["written_against"] if written else 0)

    def _preview(self) -> None:
        """Pass or fail as the figures are typed, using the season's own vote rule."""
        ballot = self.draft_ballot()
        if ballot is None:
            return
        try:
            ballot.validate()
        except Exception as exc:   # impossible figures: say which, before anything is saved
            self.verdict.setText(explain(exc))
            self.verdict.setStyleSheet("font-weight: bold; color: #b71c1c")
            return
        self.verdict.setText(ballot_result(ballot))
        self.verdict.setStyleSheet("font-size: 12pt; font-weight: bold; color: %s"
                                   % ("#1b5e20" if ballot.passed else "#b71c1c"))

    # ---- changing -------------------------------------------------------------------------
    def _call(self, fn, *args, **kw):
        try:
            result = self.session.call(fn, *args, **kw)
        except Exception as exc:   # refusals are shown as sentences
            self.message.setText("⚠ " + explain(exc))
            self.message.show()
            self.session.structure_changed.emit()
            return None
        self.message.hide()
        self.session.structure_changed.emit()
        return result if result is not None else True

    def propose(self):
        season = self.session.season
        return self._call(outcome.propose_awards, season.id, expected=season.value_of("proposals", (), "nominees"))

    def add_nominee(self, values: dict | None = None):
        if values is None:
            dialog = NomineeDialog(self.session.season, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            values = dialog.value
        return self._call(outcome.add_nominee, self.session.season_id, values["name"], values["kind"],
                          values["award_type_id"], values.get("member_id"), values.get("reason", ""))

    def remove_nominee(self):
        nominee_id = self.current_nominee()
        if not nominee_id:
            return None
        return undo_deletes.delete_nominee(self, nominee_id)   # asks first; Ctrl+Z puts it back

    def select_nominee(self, name: str) -> None:
        for r in range(self.nominees.rowCount()):
            if self.nominees.item(r, 0).text() == name:
                self.nominees.selectRow(r)
                self.nominees.setCurrentCell(r, 0)
                return

    def record_vote(self):
        ballot = self.draft_ballot()
        if ballot is None:
            return None
        typed = {k: s.value() for k, s in self.spins.items()}
        method = self.method.currentIndex()
        result = self._call(outcome.record_vote, self.session.season_id, ballot.nominee_id, ballot.method,
                            ballot.present, ballot.absent, ballot.votes_for, ballot.votes_against, ballot.blank,
                            expected=self.session.season.ballots.get(ballot.nominee_id),
                            written_for=ballot.written_for, written_against=ballot.written_against)
        if result is None and self.current_nominee() == ballot.nominee_id:
            # refused: the list was re-read, but the figures typed stay to be corrected, not typed again
            for key, spin in self.spins.items():
                spin.blockSignals(True)
                spin.setValue(typed[key])
                spin.blockSignals(False)
            self.method.setCurrentIndex(method)
            self._preview()
        return result

    def record_council_decision(self, decision=None, remove: bool = False):
        """The higher council's decision on the selected proposal (asked for when `decision` is None)."""
        nominee_id = self.current_nominee()
        season = self.session.season
        if nominee_id is None or season is None:
            return None
        shown = season.council.get(nominee_id)
        if decision is None and not remove:
            nominee = season.nominees[nominee_id]
            dialog = CouncilDecisionDialog(nominee.name, season.award_types[nominee.award_type_id].name, shown, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            decision = dialog.value
        return self._call(outcome.record_council_decision, season.id, nominee_id, None if remove else decision,
                          expected=shown)
