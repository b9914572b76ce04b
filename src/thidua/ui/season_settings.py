"""The season settings editor: scoring mode, tie-breakers, classification, vote rule and award types."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox,
                               QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem,
                               QTabWidget, QVBoxLayout, QWidget)

from .. import wording
from ..domain.awards import AwardType
from ..domain.criteria import Kind, new_id
from ..domain.errors import DomainError, SeasonLocked
from ..domain.points import parse_number
from ..domain.ranking import ClassBand, TieBreaker, TieBreakerKind, check_bands
from ..domain.scoring import ScoringMode
from ..domain.season import Area, SeasonSettings, check_columns
from ..domain.votes import Base, Comparison, VoteRule
from . import undo_deletes
from .dialogs import _Form
from .i18n import ReviewOnly, explain, not_a_number, tr
from .season_rules import ColumnRows, QuorumRow, RulesPage, floor_text
from .widgets import MessageLine

DataRole = Qt.ItemDataRole.UserRole

TIE_KINDS = ((TieBreakerKind.GROUP_SCORE, ("Điểm nhóm tiêu chí cao hơn", "Higher score in a group")),
             (TieBreakerKind.MORE_BONUS, ("Nhiều điểm thưởng hơn", "More bonus points")),
             (TieBreakerKind.FEWER_DEDUCTIONS, ("Ít điểm trừ hơn", "Fewer deductions")))


def award_conditions(award: AwardType) -> str:
    """Eligibility of an award type in words (as the awards list and the editor show it)."""
    cond = []
    if award.max_rank == 1:
        cond.append(tr("xếp thứ nhất", "ranked first"))
    elif award.max_rank is not None:
        cond.append(tr(f"xếp hạng từ 1 đến {award.max_rank}", f"ranked 1 to {award.max_rank}"))
    if award.min_classification:
        cond.append(tr(f"xếp loại {award.min_classification} trở lên",
                       f"classified {award.min_classification} or better"))
    if not award.from_ranking:
        cond.append(tr("do đơn vị đề nghị", "put forward by members"))
    if award.exclusive:
        cond.append(tr("không nhận thêm hình thức thấp hơn", "no lower award as well"))
    return "; ".join(cond)


def quota_text(award: AwardType, members: int, awards: dict | None = None) -> str:
    bits = []
    if award.quota_count is not None:
        bits.append(str(award.quota_count))
    if award.quota_share is not None:
        bits.append(f"{wording.p(award.quota_share * 100)}%")
    if not bits:
        return "—"
    limit = award.quota(members)
    within = (awards or {}).get(award.within)
    inside = tr(f"; tính trong số lượng của “{within.name}”", f"; counted within “{within.name}”") if within else ""
    return tr(" và ", " and ").join(bits) + tr(f" → tối đa {limit}", f" → at most {limit}") + inside


def _percent_spin(maximum: float = 100.0) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setLocale(QLocale(QLocale.Language.Vietnamese) if wording.language() == "vi" else QLocale.c())
    spin.setDecimals(2)
    spin.setRange(0.0, maximum)
    spin.setSuffix(" %")
    return spin


def _kept(original: Fraction | Decimal | None, shown: float, scale: int = 100) -> bool:
    """Whether a percent box still shows the stored share (so 2/3 is not rewritten as 66,67 %)."""
    return original is not None and round(float(original) * scale, 2) == round(shown, 2)


def refusal_text(session, area: Area) -> str | None:
    """Why this part cannot be edited now, or None when it can."""
    if session.read_only:
        return explain(ReviewOnly())
    season = session.season
    if season is not None and not season.can(area):
        return explain(SeasonLocked(state=season.state.value, action=area.value))
    return None


@dataclass
class SettingsEdit:
    """What the editor's OK hands back: new settings (None if unchanged) and award type changes."""

    settings: SeasonSettings | None = None
    put: list[AwardType] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    # what the editor showed when it opened: saving merges with what others saved since
    base_settings: SeasonSettings | None = None
    base_awards: dict[str, AwardType] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return self.settings is None and not self.put and not self.removed


class AwardTypeDialog(_Form):
    """One award type: name, precedence, quota, eligibility, exclusivity, where nominees come from."""

    def __init__(self, award: AwardType | None, class_names: list[str], parent=None,
                 others: tuple[AwardType, ...] = ()) -> None:
        super().__init__(tr("Hình thức khen thưởng", "Award type"),
                         tr("Số lượng: ghi số lượng, tỷ lệ trên tổng số đơn vị, hoặc cả hai (lấy số nhỏ hơn; "
                            "tỷ lệ không làm tròn lên).",
                            "Quota: a count, a share of the members, or both (the smaller wins; a share never "
                            "rounds up)."), parent)
        self.award = award
        a = award or AwardType("", "", 1)
        self.name = QLineEdit(a.name)
        self.precedence = QSpinBox()
        self.precedence.setRange(1, 99)
        self.precedence.setValue(a.precedence)
        self.has_count, self.count = QCheckBox(tr("Tối đa", "At most")), QSpinBox()
        self.count.setRange(0, 999)
        self.count.setSuffix(tr(" đơn vị", " nominee(s)"))
        self.has_share, self.share = QCheckBox(tr("Tối đa", "At most")), _percent_spin()
        self.share.setSuffix(tr(" % số đơn vị", " % of members"))
        self.has_rank, self.rank = QCheckBox(tr("Xếp hạng từ 1 đến", "Ranked 1 to")), QSpinBox()
        self.rank.setRange(1, 999)
        self.min_class = QComboBox()
        self.min_class.addItem(tr("(không yêu cầu)", "(any)"), None)
        for name in class_names:
            self.min_class.addItem(tr(f"{name} trở lên", f"{name} or better"), name)
        self.exclusive = QCheckBox(tr("Đơn vị nhận hình thức này không được đề nghị thêm hình thức thấp hơn",
                                      "A holder gets no lower award as well"))
        self.within = QComboBox()   # "counted inside another award's quota" (a Government flag within the flags)
        self.within.addItem(tr("(riêng)", "(its own)"), None)
        for other in others:
            if award is None or other.id != award.id:
                self.within.addItem(other.name, other.id)
        self.within.setCurrentIndex(max(0, self.within.findData(a.within)) if a.within else 0)
        self.source = QComboBox()
        self.source.addItem(tr("Đề xuất theo kết quả xếp hạng", "Proposed from the ranking"), True)
        self.source.addItem(tr("Chỉ do đơn vị đề nghị (không tự đề xuất)", "Put forward by hand only"), False)

        self.has_count.setChecked(a.quota_count is not None)
        self.count.setValue(a.quota_count if a.quota_count is not None else 1)
        self.has_share.setChecked(a.quota_share is not None)
        self.share.setValue(float(a.quota_share * 100) if a.quota_share is not None else 20.0)
        self.has_rank.setChecked(a.max_rank is not None)
        self.rank.setValue(a.max_rank or 1)
        found = self.min_class.findData(a.min_classification) if a.min_classification else 0
        if a.min_classification and found < 0:   # a band renamed since: keep the stored name visible
            self.min_class.addItem(a.min_classification, a.min_classification)
            found = self.min_class.count() - 1
        self.min_class.setCurrentIndex(found)
        self.exclusive.setChecked(a.exclusive)
        self.source.setCurrentIndex(0 if a.from_ranking else 1)

        self.form.addRow(tr("Tên hình thức:", "Name:"), self.name)
        self.form.addRow(tr("Thứ bậc (1 là cao nhất):", "Precedence (1 is highest):"), self.precedence)
        self.form.addRow(tr("Số lượng:", "Quota (count):"), self._pair(self.has_count, self.count))
        self.form.addRow(tr("Tỷ lệ:", "Quota (share):"), self._pair(self.has_share, self.share))
        self.form.addRow(tr("Tính trong số lượng của:", "Counted within:"), self.within)
        self.form.addRow(tr("Thứ hạng:", "Rank:"), self._pair(self.has_rank, self.rank))
        self.form.addRow(tr("Xếp loại tối thiểu:", "Minimum classification:"), self.min_class)
        self.form.addRow(tr("Cách đề xuất:", "Nominees:"), self.source)
        self.form.addRow(self.exclusive)
        for box, spin in ((self.has_count, self.count), (self.has_share, self.share), (self.has_rank, self.rank)):
            box.toggled.connect(spin.setEnabled)
            spin.setEnabled(box.isChecked())
        self.name.textChanged.connect(self._check)
        self._check()

    @staticmethod
    def _pair(box: QCheckBox, spin: QWidget) -> QWidget:
        w = QWidget()
        row = QHBoxLayout(w)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(box)
        row.addWidget(spin, 1)
        return w

    def valid(self) -> bool:
        return bool(self.name.text().strip())

    @property
    def value(self) -> AwardType:
        old = self.award
        share = None
        if self.has_share.isChecked():
            kept = old is not None and _kept(old.quota_share, self.share.value())
            share = old.quota_share if kept else Decimal(str(round(self.share.value(), 2))) / 100
        return AwardType(old.id if old else new_id(), self.name.text().strip(), self.precedence.value(),
                         self.count.value() if self.has_count.isChecked() else None, share,
                         self.rank.value() if self.has_rank.isChecked() else None,
                         self.min_class.currentData(), self.exclusive.isChecked(), bool(self.source.currentData()),
                         self.within.currentData())


class SeasonSettingsDialog(QDialog):
    """Edits a copy of the season's settings and award types; OK returns a SettingsEdit, nothing is saved here."""

    def __init__(self, session, parent=None, page: int = 0) -> None:
        super().__init__(parent)
        self.session = session
        season = session.season
        self.season = season
        self.setWindowTitle(tr(f"Thiết lập kỳ thi đua {season.year}", f"Season settings {season.year}"))
        self.resize(980, 640)
        self.settings_refusal = refusal_text(session, Area.STRUCTURE)
        self.awards_refusal = refusal_text(session, Area.OUTCOME)
        self.awards: dict[str, AwardType] = dict(season.award_types)
        self.removed: list[str] = []
        self.changed_awards: set[str] = set()

        self.pages = QTabWidget()
        self.pages.addTab(self._ranking_page(season.settings), tr("Cách chấm và xếp hạng", "Scoring and ranking"))
        self.pages.addTab(self._awards_page(), tr("Hình thức khen thưởng", "Award types"))
        self.rules = RulesPage(season.settings, self.settings_refusal, _percent_spin)
        self.pages.addTab(self.rules, tr("Tỷ lệ đạt, xếp loại", "Rate and classification"))
        self.pages.setCurrentIndex(page)
        self.message = MessageLine()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Lưu", "Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Hủy", "Cancel"))
        if self.settings_refusal and self.awards_refusal:
            # nothing can change: only a Close button
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).hide()
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Đóng", "Close"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    # ---- page 1: scoring, tie-breakers, classification, vote rule ------------------------
    def _ranking_page(self, s: SeasonSettings) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        if self.settings_refusal:
            locked = QLabel("🔒 " + self.settings_refusal)
            locked.setWordWrap(True)
            locked.setStyleSheet("color: #6b4e00; background: #fff3c4; padding: 4px")
            grid.addWidget(locked, 0, 0, 1, 2)

        scoring = QGroupBox(tr("Cách chấm điểm", "Scoring"))
        form = QFormLayout(scoring)
        self.mode = QComboBox()
        self.mode.addItem(tr("Cụm chấm thống nhất (thẩm định)", "Agreed score (the cluster agrees)"),
                          ScoringMode.AGREED.value)
        self.mode.addItem(tr("Chấm chéo (đơn vị không tự chấm mình)", "Cross-scoring (never oneself)"),
                          ScoringMode.CROSS.value)
        self.mode.setCurrentIndex(self.mode.findData(s.scoring_mode.value))
        self.drop = QCheckBox(tr("Bỏ một điểm cao nhất và một điểm thấp nhất", "Drop the highest and lowest score"))
        self.drop.setChecked(s.drop_extremes)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        form.addRow(tr("Điểm cuối cùng:", "Final score:"), self.mode)
        form.addRow(self.drop)
        self.columns = ColumnRows(form, self.mode, s)
        self._mode_changed()

        ties = QGroupBox(tr("Tiêu chí phụ khi bằng điểm (theo thứ tự)", "Tie-breakers (in order)"))
        tv = QVBoxLayout(ties)
        self.tie_list = QListWidget()
        self.tie_list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.tie_list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tie_list.setSpacing(3)
        self.tie_list.setWordWrap(True)
        for tb in s.tie_breakers:
            self._add_tie_item(tb)
        self.tie_kind = QComboBox()
        for kind, names in TIE_KINDS:
            self.tie_kind.addItem(tr(*names), kind.value)
        self.tie_group = QComboBox()
        for node, _depth in self.season.criteria.walk():
            if node.kind is not Kind.LEAF:
                path = self.season.criteria.path_code(node.id)
                self.tie_group.addItem(f"{path}. {node.title}" if path else node.title, node.id)
        self.tie_group.currentIndexChanged.connect(
            lambda *_: self.tie_group.setToolTip(self.tie_group.currentText()))
        self.tie_group.setToolTip(self.tie_group.currentText())
        self.tie_group.setMinimumContentsLength(18)
        self.tie_group.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.tie_kind.currentIndexChanged.connect(
            lambda *_: self.tie_group.setEnabled(self.tie_kind.currentData() == TieBreakerKind.GROUP_SCORE.value))
        self.btn_tie_add = QPushButton(tr("Thêm", "Add"))
        self.btn_tie_up = QPushButton(tr("Lên", "Up"))
        self.btn_tie_down = QPushButton(tr("Xuống", "Down"))
        self.btn_tie_remove = QPushButton(tr("Bỏ", "Remove"))
        self.btn_tie_add.clicked.connect(lambda: self.add_tie_breaker())
        self.btn_tie_up.clicked.connect(lambda: self._move_tie(-1))
        self.btn_tie_down.clicked.connect(lambda: self._move_tie(1))
        self.btn_tie_remove.clicked.connect(lambda: self.tie_list.takeItem(self.tie_list.currentRow()))
        add_row = QFormLayout()
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.tie_kind, 1)
        kind_row.addWidget(self.btn_tie_add)
        add_row.addRow(tr("Thêm tiêu chí phụ:", "Add:"), kind_row)
        add_row.addRow(tr("Nhóm:", "Group:"), self.tie_group)
        moves = QHBoxLayout()
        for b in (self.btn_tie_up, self.btn_tie_down, self.btn_tie_remove):
            moves.addWidget(b)
        moves.addStretch(1)
        tv.addWidget(self.tie_list, 1)
        tv.addLayout(moves)
        tv.addLayout(add_row)

        bands = QGroupBox(tr("Xếp loại theo tổng điểm", "Classification by total"))
        bv = QVBoxLayout(bands)
        self.bands = QTableWidget(0, 3)
        self.bands.setHorizontalHeaderLabels([tr("Xếp loại", "Classification"), tr("Từ (điểm) trở lên", "From (points)"),
                                              tr("Không tiêu chí nào dưới (%)", "No criterion below (%)")])
        self.bands.verticalHeader().hide()
        self.bands.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.bands.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.bands.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        for band in sorted(s.classes, key=lambda b: b.min_total, reverse=True):
            self.add_band(band.name, band.min_total, floor_text(band))
        self.btn_band_add = QPushButton(tr("Thêm mức", "Add"))
        self.btn_band_remove = QPushButton(tr("Bỏ mức", "Remove"))
        self.btn_band_add.clicked.connect(lambda: self.add_band())
        self.btn_band_remove.clicked.connect(lambda: self.bands.removeRow(self.bands.currentRow()))
        brow = QHBoxLayout()
        brow.addWidget(self.btn_band_add)
        brow.addWidget(self.btn_band_remove)
        brow.addStretch(1)
        bv.addWidget(self.bands, 1)
        bv.addLayout(brow)

        vote = QGroupBox(tr("Điều kiện đạt khi bỏ phiếu (mặc định)", "Default vote rule"))
        vf = QFormLayout(vote)
        self.comparison = QComboBox()
        self.comparison.addItem(tr("trên … (nhiều hơn hẳn)", "more than …"), Comparison.MORE_THAN.value)
        self.comparison.addItem(tr("từ … trở lên", "at least …"), Comparison.AT_LEAST.value)
        self.comparison.setCurrentIndex(self.comparison.findData(s.vote_rule.comparison.value))
        self.share = _percent_spin()
        self.share.setRange(0.01, 100.0)
        self.share.setValue(float(s.vote_rule.share * 100))
        self.base = QComboBox()
        self.base.addItem(tr("số thành viên có mặt", "members present"), Base.PRESENT.value)
        self.base.addItem(tr("tổng số thành viên", "all members"), Base.ALL.value)
        self.base.addItem(tr("có mặt và ý kiến bằng văn bản của thành viên vắng mặt", "present plus written opinions"),
                          Base.PRESENT_AND_WRITTEN.value)
        self.base.setCurrentIndex(self.base.findData(s.vote_rule.base.value))
        self.rule_text = QLabel()
        self.rule_text.setWordWrap(True)
        self.rule_text.setStyleSheet("color: #1b5e20; font-weight: bold")
        for w in (self.comparison, self.base):
            w.currentIndexChanged.connect(self._show_rule)
        self.share.valueChanged.connect(self._show_rule)
        vf.addRow(tr("Phiếu đồng ý:", "Votes for:"), self.comparison)
        vf.addRow(tr("Tỷ lệ:", "Share:"), self.share)
        vf.addRow(tr("Tính trên:", "Of:"), self.base)
        self.quorum = QuorumRow(vf, s.vote_rule, _percent_spin, self._show_rule)
        vf.addRow(self.rule_text)
        self._show_rule()

        grid.addWidget(scoring, 1, 0)
        grid.addWidget(vote, 1, 1)
        grid.addWidget(ties, 2, 0)
        grid.addWidget(bands, 2, 1)
        grid.setRowStretch(2, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        if self.settings_refusal:
            for box in (scoring, ties, bands, vote):
                box.setEnabled(False)
        return page

    def _mode_changed(self, *_args) -> None:
        self.drop.setEnabled(self.mode.currentData() == ScoringMode.CROSS.value)

    def _group_label(self, criterion_id: str | None) -> str:
        if criterion_id and criterion_id in self.season.criteria:
            node = self.season.criteria.get(criterion_id)
            path = self.season.criteria.path_code(node.id)
            return f"{path}. {node.title}" if path else node.title
        return "?"

    def _add_tie_item(self, tb: TieBreaker) -> None:
        text = wording.tie_breaker_name(tb, self._group_label(tb.criterion_id))
        item = QListWidgetItem(text[:1].upper() + text[1:])
        item.setData(DataRole, tb)
        item.setToolTip(item.text())
        self.tie_list.addItem(item)

    def add_tie_breaker(self, kind: TieBreakerKind | None = None, criterion_id: str | None = None) -> None:
        kind = kind or TieBreakerKind(self.tie_kind.currentData())
        if kind is TieBreakerKind.GROUP_SCORE:
            criterion_id = criterion_id or self.tie_group.currentData()
        else:
            criterion_id = None
        tb = TieBreaker(kind, criterion_id)
        if tb in self.tie_breakers():
            return   # the same tie-breaker twice never separates anything more
        self._add_tie_item(tb)

    def _move_tie(self, step: int) -> None:
        row = self.tie_list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.tie_list.count():
            return
        self.tie_list.insertItem(target, self.tie_list.takeItem(row))
        self.tie_list.setCurrentRow(target)

    def tie_breakers(self) -> list[TieBreaker]:
        return [self.tie_list.item(i).data(DataRole) for i in range(self.tie_list.count())]

    def add_band(self, name: str = "", minimum: Decimal | None = None, floor: str = "") -> None:
        r = self.bands.rowCount()
        self.bands.insertRow(r)
        self.bands.setItem(r, 0, QTableWidgetItem(name))
        for col, text in ((1, wording.p(minimum) if minimum is not None else ""), (2, floor)):
            item = QTableWidgetItem(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.bands.setItem(r, col, item)
        if not name:
            self.bands.setCurrentCell(r, 0)

    def _bands(self) -> tuple[ClassBand, ...]:
        out = []
        for r in range(self.bands.rowCount()):
            name = (self.bands.item(r, 0).text() if self.bands.item(r, 0) else "").strip()
            text = self.bands.item(r, 1).text() if self.bands.item(r, 1) else ""
            if not name and not text.strip():
                continue   # an empty row added by mistake
            try:
                minimum = parse_number(text)
            except ValueError:
                raise not_a_number(text) from None
            if minimum is None:
                raise not_a_number(text)
            floor_cell = self.bands.item(r, 2).text() if self.bands.item(r, 2) else ""
            try:
                floor = parse_number(floor_cell)
            except ValueError:
                raise not_a_number(floor_cell) from None
            out.append(ClassBand(name, minimum, floor / 100 if floor is not None else None))
        return tuple(sorted(out, key=lambda b: b.min_total, reverse=True))

    def _rule(self) -> VoteRule:
        old = self.season.settings.vote_rule.share
        share = old if _kept(old, self.share.value()) else Fraction(str(round(self.share.value(), 2))) / 100
        return VoteRule(Comparison(self.comparison.currentData()), share, Base(self.base.currentData()),
                        self.quorum.value())

    def _show_rule(self, *_args) -> None:
        try:
            self.rule_text.setText(wording.vote_rule_sentence(self._rule()))
        except (ValueError, ZeroDivisionError):
            self.rule_text.setText("")

    def settings(self) -> SeasonSettings:
        """The settings as shown; raises the domain's refusal (or a not-a-number) when they cannot hold."""
        s = SeasonSettings(ScoringMode(self.mode.currentData()), self.drop.isChecked(), tuple(self.tie_breakers()),
                           self._bands(), self._rule())
        s = self.rules.apply(self.columns.apply(s))
        check_bands(s.classes)
        s.vote_rule.validate()
        check_columns(s)
        return s

    # ---- page 2: award types -----------------------------------------------------------
    def _awards_page(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        if self.awards_refusal:
            locked = QLabel("🔒 " + self.awards_refusal)
            locked.setWordWrap(True)
            locked.setStyleSheet("color: #6b4e00; background: #fff3c4; padding: 4px")
            v.addWidget(locked)
        self.award_table = QTableWidget(0, 4)
        self.award_table.setHorizontalHeaderLabels([tr("Hình thức khen thưởng", "Award"), tr("Thứ bậc", "Order"),
                                                    tr("Số lượng tối đa", "Quota"), tr("Điều kiện", "Eligibility")])
        self.award_table.verticalHeader().hide()
        self.award_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.award_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.award_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.award_table.setWordWrap(True)
        header = self.award_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.award_table.doubleClicked.connect(lambda *_: self.edit_award())
        self.btn_award_add = QPushButton(tr("Thêm hình thức…", "Add…"))
        self.btn_award_edit = QPushButton(tr("Sửa…", "Edit…"))
        self.btn_award_remove = QPushButton(tr("Xóa", "Remove"))
        self.btn_award_add.clicked.connect(lambda: self.add_award())
        self.btn_award_edit.clicked.connect(lambda: self.edit_award())
        self.btn_award_remove.clicked.connect(lambda: self.remove_award())
        row = QHBoxLayout()
        for b in (self.btn_award_add, self.btn_award_edit, self.btn_award_remove):
            b.setEnabled(not self.awards_refusal)
            row.addWidget(b)
        row.addStretch(1)
        note = QLabel(tr("Xóa một hình thức cũng bỏ các đối tượng đã đề nghị cho hình thức đó.",
                         "Removing an award type also removes its nominees."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555")
        v.addWidget(self.award_table, 1)
        v.addLayout(row)
        v.addWidget(note)
        self._fill_awards()
        return page

    def _fill_awards(self, select: str | None = None) -> None:
        awards = sorted(self.awards.values(), key=lambda a: (a.precedence, a.name))
        members = len(self.season.members)
        self.award_table.setRowCount(len(awards))
        for r, a in enumerate(awards):
            for c, text in enumerate((a.name, str(a.precedence), quota_text(a, members, self.awards),
                                      award_conditions(a))):
                item = QTableWidgetItem(text)
                item.setData(DataRole, a.id)
                item.setToolTip(text)
                if c in (1, 2):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.award_table.setItem(r, c, item)
            if a.id == select:
                self.award_table.selectRow(r)
        self.award_table.resizeRowsToContents()

    def _class_names(self) -> list[str]:
        try:
            return [b.name for b in self._bands() if b.name]
        except ValueError:
            return [b.name for b in self.season.settings.classes]

    def current_award(self) -> str | None:
        row = self.award_table.currentRow()
        item = self.award_table.item(row, 0) if row >= 0 else None
        return item.data(DataRole) if item else None

    def put_award(self, award: AwardType) -> None:
        """Keep an added or edited award type (saved only when the dialog's Save is pressed)."""
        try:
            award.validate()
        except DomainError as exc:
            self.show_message(explain(exc))
            return
        self.awards[award.id] = award
        self.changed_awards.add(award.id)
        self.message.hide()
        self._fill_awards(award.id)

    def add_award(self) -> None:
        dialog = AwardTypeDialog(None, self._class_names(), self, tuple(self.awards.values()))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.put_award(dialog.value)

    def edit_award(self) -> None:
        award_id = self.current_award()
        if award_id is None or self.awards_refusal:
            return
        dialog = AwardTypeDialog(self.awards[award_id], self._class_names(), self, tuple(self.awards.values()))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.put_award(dialog.value)

    def remove_award(self, award_id: str | None = None) -> None:
        award_id = award_id or self.current_award()
        if award_id is None:
            return
        if award_id in self.season.award_types and \
                not undo_deletes.ask(self, undo_deletes.award_question(self.season, award_id)):
            return
        self.awards.pop(award_id, None)
        self.changed_awards.discard(award_id)
        if award_id in self.season.award_types:
            self.removed.append(award_id)
        self._fill_awards()

    # ---- result ------------------------------------------------------------------------
    def show_message(self, text: str) -> None:
        self.message.setText("⚠ " + text)
        self.message.show()

    def edit(self) -> SettingsEdit:
        """What changed, as values; raises when the settings shown cannot hold."""
        out = SettingsEdit(base_settings=self.season.settings, base_awards=dict(self.season.award_types))
        if not self.settings_refusal:
            settings = self.settings()
            if settings != self.season.settings:
                out.settings = settings
        if not self.awards_refusal:
            out.removed = list(self.removed)
            out.put = [self.awards[i] for i in sorted(self.changed_awards, key=lambda i: self.awards[i].precedence)
                       if self.awards[i] != self.season.award_types.get(i)]
        return out

    def accept(self) -> None:
        try:
            self.value = self.edit()
        except (DomainError, ValueError) as exc:   # say why here, keeping what was typed
            self.pages.setCurrentIndex(0)
            self.show_message(explain(exc))
            return
        super().accept()

