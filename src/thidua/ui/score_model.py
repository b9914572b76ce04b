"""The scoring table as a Qt model: criteria rows × member columns, like the paper form.

The model holds only ids, the season aggregate the session re-reads, and the messages of
refused edits. Totals, subtotals and ranks are read from the season (`tally`, `results`);
nothing is added up here. Edits go through the session to the services, one at a time, and
are pushed onto the undo stack once they have been saved.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QUndoCommand

from .. import wording
from ..domain.criteria import Kind, Role
from ..domain.errors import DomainError
from ..domain.points import parse_number
from ..domain.scoring import ScoreKind, ScoringMode, column_results, tally
from ..domain.season import UNSET, Action, Area
from ..services import scoring
from ..services.ports import StorageError
from .i18n import ReviewOnly, explain, not_a_number, tr

FIXED_COLUMNS = 3            # STT | Nội dung | Điểm tối đa
ErrorRole = Qt.ItemDataRole.UserRole + 1   # the sentence of a refused edit, or None
NoteRole = Qt.ItemDataRole.UserRole + 2    # the cell's note
KindRole = Qt.ItemDataRole.UserRole + 3    # "leaf", "group", "total", "rank", "class"

EMPTY = QColor("#fff4d6")       # nothing entered yet
SELF_ONLY = QColor("#dcebff")   # the member's self-score only, not yet agreed
AGREED = QColor("#ffffff")
GROUP = QColor("#eef1f4")
TOTAL = QColor("#dfe6ee")
REFUSED = QColor("#ffd0d0")
LOCKED_TEXT = QColor("#555555")


def cell_data(index, role=Qt.ItemDataRole.DisplayRole):
    """A cell's data read straight from our Python model.

    Why not `index.data(role)`: in PySide6 6.12 on Python 3.11 a C++ call that returns an empty
    QVariant hands back None without taking a reference, so thousands of such reads (every paint)
    eventually free None itself and crash the interpreter.
    """
    return index.model().data(index, role) if index.isValid() else None


PAINT_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.FontRole, Qt.ItemDataRole.BackgroundRole,
               Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.DecorationRole,
               Qt.ItemDataRole.CheckStateRole, NoteRole, ErrorRole)


SUMMARY_ROLES = (Qt.ItemDataRole.FontRole, Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.TextAlignmentRole)


def _summary_style(role, colour):
    """How computed cells (group subtotals, total, rank, class) look: bold, centred, tinted."""
    if role == Qt.ItemDataRole.FontRole:
        font = QFont()
        font.setBold(True)
        return font
    if role == Qt.ItemDataRole.BackgroundRole:
        return QBrush(colour)
    return int(Qt.AlignmentFlag.AlignCenter)


class Mode(str, enum.Enum):
    AGREED = "agreed"     # cụm chấm
    SELF = "self"         # tự chấm
    CROSS = "cross"       # chấm chéo, as one scorer
    REVIEW = "review"     # cụm trưởng thẩm định, when the season keeps that column
    COUNCIL = "council"   # Hội đồng, when the season keeps that column
    COMPARE = "compare"   # every kept column side by side, read-only


SHORT = {ScoreKind.SELF: ("TC", "Self"), ScoreKind.AGREED: ("CC", "Agr."), ScoreKind.REVIEW: ("TĐ", "Rev."),
         ScoreKind.COUNCIL: ("HĐ", "Cou."), "final": ("Tính", "Counts")}
FINAL = "final"   # COMPARE mode: the points that count, by the season's rule, beside the columns


@dataclass(frozen=True)
class Row:
    kind: str                 # "node", "total", "rank", "class"
    node_id: str | None = None
    depth: int = 0


@dataclass(frozen=True)
class Edit:
    """One cell's change: what it was and what it becomes."""

    member_id: str
    criterion_id: str
    old: Decimal | None
    new: Decimal | None


class ScoreGridModel(QAbstractTableModel):
    refused = Signal(str)     # a sentence for the message line
    saved = Signal(str)       # a short confirmation for the status bar

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.mode = Mode.AGREED
        self.scorer_id: str | None = None
        self.rows: list[Row] = []
        self.member_ids: list[str] = []
        self.cols: list[tuple[str, ScoreKind | str | None]] = []   # member, and in COMPARE mode the column
        self._column_tallies: dict = {}
        self._self_results = None   # the self-score view's own subtotals and ranks (domain's column_results)
        self.errors: dict[tuple[str, str], str] = {}
        self._ranks: dict = {}
        self._row_of: dict[str, int] = {}
        self._cache: dict[tuple[int, int], dict] = {}
        session.season_changed.connect(self.reload)
        session.structure_changed.connect(self.reload)
        session.scores_changed.connect(self.members_changed)
        self.reload()

    # ---- structure ---------------------------------------------------------------------
    @property
    def season(self):
        return self.session.season

    def reload(self) -> None:
        self.beginResetModel()
        self._cache.clear()
        season = self.season
        self.errors.clear()
        if season is None:
            self.rows, self.member_ids = [], []
        else:
            self.rows = [Row("node", n.id, d) for n, d in season.criteria.walk()]
            self.rows += [Row("total"), Row("rank")]
            if season.settings.classes:
                self.rows.append(Row("class"))
            self.member_ids = [m.id for m in season.members]
            if season.settings.scoring_mode is not ScoringMode.CROSS and self.mode is Mode.CROSS:
                self.mode = Mode.AGREED
            if self.mode in (Mode.REVIEW, Mode.COUNCIL) and ScoreKind(self.mode.value) not in season.settings.panels:
                self.mode = Mode.AGREED
            if self.scorer_id not in self.member_ids:
                self.scorer_id = self.member_ids[0] if self.member_ids else None
        self._row_of = {r.node_id: i for i, r in enumerate(self.rows) if r.node_id}
        kinds = (*season.settings.columns, FINAL) if season is not None and self.mode is Mode.COMPARE else (None,)
        self.cols = [(m, k) for m in self.member_ids for k in kinds]
        self._column_tallies = {}
        self._refresh_ranks()
        self.endResetModel()

    def _refresh_ranks(self) -> None:
        season = self.season
        self._self_results = None
        self._ranks = season.results().ranking.by_member() if season is not None and season.members else {}

    def _shown_tally(self, member_id: str):
        """The subtotals the rows show: the self-scores' own in the self-score view, else the season's."""
        if self.mode is Mode.SELF:
            return self._self_view().tallies[member_id]
        return self.season.tally(member_id)

    def _self_view(self):
        if self._self_results is None:
            self._self_results = column_results(self.season, ScoreKind.SELF)
        return self._self_results

    def _shown_ranks(self) -> dict:
        if self.mode is Mode.SELF:
            return self._self_view().ranking.by_member()
        return self._ranks

    def set_mode(self, mode: Mode, scorer_id: str | None = None) -> None:
        if (mode is Mode.COMPARE) != (self.mode is Mode.COMPARE):   # the columns themselves change
            self.mode = mode
            self.scorer_id = scorer_id if scorer_id is not None else self.scorer_id
            self.reload()
            return
        self.mode = mode
        if scorer_id is not None:
            self.scorer_id = scorer_id
        self._self_results = None
        self.errors.clear()
        self._cache.clear()
        self._changed_all()

    def _changed_all(self) -> None:
        if self.rows and self.member_ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, self.columnCount() - 1))

    def members_changed(self, member_ids: list[str]) -> None:
        """Scores of these members changed: update their columns and every member's rank.

        Why only these: on a 63 × 200 table repainting everything costs more than one frame.
        """
        self._refresh_ranks()
        self._column_tallies = {k: v for k, v in self._column_tallies.items() if k[0] not in member_ids}
        last = len(self.rows) - 1
        cols = {FIXED_COLUMNS + i for i, (m, _k) in enumerate(self.cols) if m in member_ids}
        footer = {r for r, row in enumerate(self.rows) if row.kind in ("rank", "class")}
        for key in [k for k in self._cache if k[1] in cols or k[0] in footer]:
            del self._cache[key]
        for col in sorted(cols):
            self.dataChanged.emit(self.index(0, col), self.index(last, col))
        for r, row in enumerate(self.rows):
            if row.kind in ("rank", "class"):
                self.dataChanged.emit(self.index(r, FIXED_COLUMNS), self.index(r, self.columnCount() - 1))

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else FIXED_COLUMNS + len(self.cols)

    def member_at(self, col: int) -> str | None:
        i = col - FIXED_COLUMNS
        return self.cols[i][0] if 0 <= i < len(self.cols) else None

    def kind_at(self, col: int) -> ScoreKind | str | None:
        """In COMPARE mode, which column of the member this is (None otherwise)."""
        i = col - FIXED_COLUMNS
        return self.cols[i][1] if 0 <= i < len(self.cols) else None

    def leaf_at(self, row: int):
        if not 0 <= row < len(self.rows) or self.rows[row].kind != "node":
            return None
        node = self.season.criteria.get(self.rows[row].node_id)
        return node if node.kind is Kind.LEAF else None

    def index_of(self, member_id: str, criterion_id: str) -> QModelIndex:
        col = next(i for i, (m, _k) in enumerate(self.cols) if m == member_id)
        return self.index(self._row_of[criterion_id], FIXED_COLUMNS + col)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                if section < FIXED_COLUMNS:
                    return (tr("STT", "No."), tr("Nội dung và chỉ tiêu thi đua", "Criterion"),
                            tr("Điểm\ntối đa", "Max\npoints"))[section]
                member_id = self.member_at(section)
                if member_id and self.kind_at(section) is not None:
                    return f"{self.season.member(member_id).short_name}\n{tr(*SHORT[self.kind_at(section)])}"
                return self.season.member(member_id).short_name if member_id else None
            if role == Qt.ItemDataRole.ToolTipRole and self.member_at(section):
                return self.season.member(self.member_at(section)).display_full
        elif role == Qt.ItemDataRole.DisplayRole:
            return None
        return None

    # ---- reading cells -----------------------------------------------------------------
    def value(self, member_id: str, criterion_id: str) -> Decimal | None:
        """What the current mode shows and edits in a leaf cell."""
        season = self.season
        if self.mode is Mode.CROSS:
            return season.cross.get((member_id, criterion_id), {}).get(self.scorer_id)
        return season.cell(member_id, criterion_id).get(ScoreKind(self.mode.value))

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        """Paint roles come from a per-cell cache; why: a repaint asks ~9 roles of every visible cell."""
        if role in PAINT_ROLES:
            key = (index.row(), index.column())
            entry = self._cache.get(key)
            if entry is None:
                if not index.isValid() or self.season is None:
                    return None
                entry = self._cache[key] = {r: self._data(index, r) for r in PAINT_ROLES}
            return entry[role]
        return self._data(index, role)

    def _data(self, index, role):
        if not index.isValid() or self.season is None:
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == KindRole:
            if row.kind == "node":
                return "leaf" if self.season.criteria.get(row.node_id).kind is Kind.LEAF else "group"
            return row.kind
        if col < FIXED_COLUMNS:
            return self._fixed(row, col, role)
        member_id, kind = self.cols[col - FIXED_COLUMNS]
        if kind is not None:
            return self._compare(member_id, kind, row, role)
        if row.kind == "node":
            node = self.season.criteria.get(row.node_id)
            if node.kind is Kind.LEAF:
                return self._leaf(member_id, node, role)
            return self._group(member_id, node, role)
        return self._footer(member_id, row.kind, role)

    def _fixed(self, row: Row, col: int, role):
        season = self.season
        node = season.criteria.get(row.node_id) if row.node_id else None
        if role == Qt.ItemDataRole.DisplayRole:
            if node is None:
                if col == 1 and self.mode is Mode.SELF:   # never mistaken for the agreed results
                    return {"total": tr("Tổng tự chấm", "Self-score total"),
                            "rank": tr("Hạng theo điểm tự chấm", "Rank by self-scores"),
                            "class": tr("Xếp loại theo điểm tự chấm", "Classification by self-scores")}[row.kind]
                if col == 1:
                    return {"total": tr("Tổng cộng", "Total"), "rank": tr("Xếp hạng", "Rank"),
                            "class": tr("Xếp loại", "Classification")}[row.kind]
                if col == 2 and row.kind == "total":
                    return wording.p(season.criteria.max_total())
                return None
            if col == 0:
                return node.code
            if col == 1:
                return node.title
            return wording.p(season.criteria.maximum(node.id))
        if role == Qt.ItemDataRole.ToolTipRole and node is not None and col == 1:
            bits = [node.title]
            if node.kind is Kind.LEAF and node.method is not None:
                bits.append(tr("Cách chấm: ", "Method: ") + wording.method_name(node.method))
            if node.role is not Role.NORMAL:
                bits.append(wording.role_name(node.role))
            return "\n".join(bits)
        if role == Qt.ItemDataRole.FontRole and (node is None or node.kind is not Kind.LEAF):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            if node is None:
                return QBrush(TOTAL)
            if node.kind is not Kind.LEAF:
                return QBrush(GROUP)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col == 1:
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _column_tally(self, member_id: str, kind: ScoreKind):
        """Subtotals and total as if only this column counted (COMPARE mode)."""
        key = (member_id, kind)
        if key not in self._column_tallies:
            season = self.season
            finals = {leaf.id: season.cell(member_id, leaf.id).get(kind) for leaf in season.criteria.leaves()}
            self._column_tallies[key] = tally(season.criteria, member_id, finals)
        return self._column_tallies[key]

    def _compare(self, member_id: str, kind, row: Row, role):
        """One column of one member, side by side with its others and with what counts (FINAL)."""
        season = self.season
        node = season.criteria.get(row.node_id) if row.node_id else None
        final = kind == FINAL
        if node is not None and node.kind is Kind.LEAF:
            if node.id in season.criteria.exempt(member_id):
                return self._not_assigned(member_id, node, role)
            value = season.final(member_id, node.id) if final else season.cell(member_id, node.id).get(kind)
            if role == Qt.ItemDataRole.DisplayRole:
                return wording.p(value)
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(AGREED if final else SELF_ONLY)
            if role == Qt.ItemDataRole.FontRole and final:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{season.member(member_id).short_name} · {season.criteria.path_code(node.id)}\n" \
                    f"{tr(*SHORT[kind])}: {wording.p(value) or '—'}"
            return None
        if row.kind in ("node", "total"):
            if role == Qt.ItemDataRole.DisplayRole:
                t = season.tally(member_id) if final else self._column_tally(member_id, kind)
                return wording.p(t.total if row.kind == "total" else t.subtotals.get(node.id))
            if role in SUMMARY_ROLES:
                return _summary_style(role, TOTAL if row.kind == "total" else GROUP)
            return None
        # rank and classification are the season's own: under the column that counts
        if role == Qt.ItemDataRole.DisplayRole:
            return self._footer(member_id, row.kind, role) if final else None
        if role in SUMMARY_ROLES:
            return _summary_style(role, TOTAL)
        return None

    def _leaf(self, member_id: str, node, role):
        key = (member_id, node.id)
        if node.id in self.season.criteria.exempt(member_id):
            return self._not_assigned(member_id, node, role)
        cell = self.season.cell(member_id, node.id)
        value = self.value(member_id, node.id)
        hint = self.mode is Mode.AGREED and value is None and cell.self_points is not None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if self.mode is Mode.CROSS and member_id == self.scorer_id:
                return "—" if role == Qt.ItemDataRole.DisplayRole else ""
            if hint and role == Qt.ItemDataRole.DisplayRole:
                # the self-score, shown in brackets, is what the cluster is about to agree on
                return f"({wording.p(cell.self_points)})"
            return wording.p(value)
        if role == Qt.ItemDataRole.FontRole and hint:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and hint:
            return QBrush(QColor("#4a6a99"))
        if role == ErrorRole:
            return self.errors.get(key)
        if role == NoteRole:
            return cell.note or None
        if role == Qt.ItemDataRole.BackgroundRole:
            if key in self.errors:
                return QBrush(REFUSED)
            if self.mode is Mode.CROSS:
                return QBrush(GROUP if member_id == self.scorer_id else (EMPTY if value is None else AGREED))
            if self.mode is Mode.SELF:
                return QBrush(EMPTY if value is None else SELF_ONLY)
            if cell.agreed_points is not None:
                return QBrush(AGREED)
            return QBrush(SELF_ONLY if cell.self_points is not None else EMPTY)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = []
            if key in self.errors:
                lines.append(self.errors[key])
            lines.append(tr("Tự chấm: ", "Self-score: ") + (wording.p(cell.self_points) or "—"))
            lines.append(tr("Cụm chấm: ", "Agreed: ") + (wording.p(cell.agreed_points) or "—"))
            for kind in self.season.settings.panels:
                lines.append(f"{tr(*SHORT[kind])}: " + (wording.p(cell.get(kind)) or "—"))
            if cell.note:
                lines.append(tr("Ghi chú: ", "Note: ") + cell.note)
            return "\n".join(lines)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and not self._cell_editable(member_id):
            return QBrush(LOCKED_TEXT)
        return None

    def _not_assigned(self, member_id: str, node, role):
        """A criterion not assigned to this member: nothing to score, said as such."""
        if role == Qt.ItemDataRole.DisplayRole:
            return "—"
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(GROUP)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tr(f"Tiêu chí không giao cho {self.season.member(member_id).short_name}: không tính điểm, "
                      "không tính vào điểm tối đa của đơn vị.",
                      f"Not assigned to {self.season.member(member_id).short_name}: no points, not in its maximum.")
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(LOCKED_TEXT)
        return None

    def _group(self, member_id: str, node, role):
        if role == Qt.ItemDataRole.DisplayRole:
            return wording.p(self._shown_tally(member_id).subtotals.get(node.id))
        if role in SUMMARY_ROLES:
            return _summary_style(role, GROUP)
        if role == Qt.ItemDataRole.ToolTipRole:
            if self.mode is Mode.SELF:
                return tr("Cộng nhóm theo điểm tự chấm (không phải điểm cụm chấm)",
                          "Group subtotal of the self-scores (not the agreed scores)")
            return tr("Điểm nhóm (theo điểm cụm chấm)", "Group subtotal (agreed scores)")
        return None

    def _footer(self, member_id: str, kind: str, role):
        rank = self._shown_ranks().get(member_id)
        if role == Qt.ItemDataRole.DisplayRole:
            if kind == "total":
                return wording.p(self._shown_tally(member_id).total)
            if rank is None:
                return None
            if kind == "rank":
                return f"{rank.rank}=" if rank.tie else str(rank.rank)
            return rank.classification or ""
        if role in SUMMARY_ROLES:
            return _summary_style(role, TOTAL)
        if role == Qt.ItemDataRole.ToolTipRole and kind == "rank" and rank is not None:
            if rank.tie:
                return tr("Đồng hạng: không tiêu chí phụ nào phân định được", "Shared rank: no tie-breaker separates it")
            missing = self._shown_tally(member_id).missing
            if missing:
                return tr(f"Tạm xếp: còn {missing} ô chưa chấm", f"Provisional: {missing} scores missing")
        return None

    # ---- editing -----------------------------------------------------------------------
    def locked_reason(self) -> str | None:
        """Why no score can be typed now (review mode or the season's step, as the domain says), or None."""
        return self.session.refusal(Action.edit(Area.SCORES))

    def _cell_editable(self, member_id: str) -> bool:
        if not self.session.editable(Area.SCORES) or self.mode is Mode.COMPARE:
            return False
        return not (self.mode is Mode.CROSS and member_id == self.scorer_id)

    def flags(self, index):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        member_id = self.member_at(index.column())
        leaf = self.leaf_at(index.row())
        if member_id and leaf is not None and self._cell_editable(member_id) and \
                leaf.id not in self.season.criteria.exempt(member_id):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole:
            return False
        member_id = self.member_at(index.column())
        leaf = self.leaf_at(index.row())
        if member_id is None or leaf is None:
            return False
        return self.enter({(member_id, leaf.id): value})

    def refuse(self, member_id: str, criterion_id: str, exc: BaseException) -> None:
        message = explain(exc)
        self.errors[(member_id, criterion_id)] = message
        index = self.index_of(member_id, criterion_id)
        self._cache.pop((index.row(), index.column()), None)
        self.dataChanged.emit(index, index)
        member = self.season.member(member_id).short_name
        code = self.season.criteria.path_code(criterion_id)
        self.refused.emit(f"{member} · {code}: {message}")

    def enter(self, texts: dict[tuple[str, str], object]) -> bool:
        """Typed or pasted values for cells: parse, save in one step, push onto the undo stack.

        All or nothing: a value that is not a number or that the criterion refuses stops the
        whole block, and the refused cell says why.
        """
        season = self.season
        edits: list[Edit] = []
        for (member_id, criterion_id), text in texts.items():
            try:
                new = parse_number(text) if not isinstance(text, Decimal) else text
            except ValueError:
                self.refuse(member_id, criterion_id, not_a_number(str(text)))
                return False
            old = self.value(member_id, criterion_id)
            if new != old:
                edits.append(Edit(member_id, criterion_id, old, new))
        edits += self._alternatives_cleared(edits)
        if not edits:
            return True
        if not self.apply(edits, forward=True):
            return False
        self.session.undo_stack.push(ScoreCommand(self, edits, self.mode, self.scorer_id))
        return True

    def _alternatives_cleared(self, edits: list[Edit]) -> list[Edit]:
        """Choosing one band clears the member's other bands: say so in the block, with what was seen
        in them, so another editor's choice made meanwhile is a conflict, and undo restores it."""
        if self.mode is Mode.CROSS:
            return []
        touched = {(e.member_id, e.criterion_id) for e in edits}
        extra = []
        for e in edits:
            choice = self.season.criteria.choice_of(e.criterion_id) if e.new else None
            if choice is None:
                continue
            for sibling in self.season.criteria.children(choice.id):
                key = (e.member_id, sibling.id)
                old = self.value(*key)
                if key not in touched and old is not None:
                    extra.append(Edit(e.member_id, sibling.id, old, None))
                    touched.add(key)
        return extra

    def apply(self, edits: list[Edit], forward: bool, mode: Mode | None = None, scorer: str | None = None) -> bool:
        """Save edits (forward: old → new; backward for undo). Returns False when refused."""
        mode = mode or self.mode
        scorer = scorer or self.scorer_id
        sid = self.session.season_id
        touched = {e.member_id for e in edits}
        try:
            if mode is Mode.CROSS:
                self.session.call(scoring.record_cross_scores, sid, scorer,
                                  [(e.member_id, e.criterion_id, e.old if forward else e.new,
                                    e.new if forward else e.old) for e in edits])
            elif len(edits) == 1:
                e = edits[0]
                self.session.call(scoring.record_score, sid, e.member_id, e.criterion_id,
                                  e.new if forward else e.old, ScoreKind(mode.value),
                                  expected=e.old if forward else e.new)
            else:
                self.session.call(scoring.record_scores, sid,
                                  [(e.member_id, e.criterion_id, e.old if forward else e.new,
                                    e.new if forward else e.old) for e in edits],
                                  ScoreKind(mode.value))
        except (DomainError, StorageError, ReviewOnly) as exc:
            culprit = self._culprit(edits, forward, exc)
            self.session.scores_changed.emit(sorted(touched))
            self.refuse(culprit.member_id, culprit.criterion_id, exc)
            return False
        for e in edits:
            if self.errors.pop((e.member_id, e.criterion_id), None) is not None:
                index = self.index_of(e.member_id, e.criterion_id)
                self._cache.pop((index.row(), index.column()), None)
        self.session.scores_changed.emit(sorted(touched))
        self.saved.emit(tr(f"Đã lưu {len(edits)} ô điểm.", f"Saved {len(edits)} score(s)."))
        return True

    def _culprit(self, edits: list[Edit], forward: bool, exc: BaseException) -> Edit:
        """Which cell of a block the refusal is about, asking each leaf's own check."""
        for e in edits:
            value = e.new if forward else e.old
            if value is None:
                continue
            try:
                self.season.criteria.get(e.criterion_id).check_points(value)
            except DomainError:
                return e
        return edits[0]

    # ---- notes -------------------------------------------------------------------------
    def set_note(self, member_id: str, criterion_id: str, note: str) -> bool:
        seen = self.season.cell(member_id, criterion_id).note
        try:
            self.session.call(scoring.record_note, self.session.season_id, member_id, criterion_id, note,
                              expected=seen)
        except (DomainError, StorageError, ReviewOnly) as exc:
            self.refuse(member_id, criterion_id, exc)
            return False
        index = self.index_of(member_id, criterion_id)
        self._cache.pop((index.row(), index.column()), None)
        self.dataChanged.emit(index, index)
        return True


class ScoreCommand(QUndoCommand):
    """An edit already saved; undo saves the old values back, redo the new ones."""

    def __init__(self, model: ScoreGridModel, edits: list[Edit], mode: Mode, scorer: str | None) -> None:
        super().__init__()
        self.model, self.edits, self.mode, self.scorer = model, edits, mode, scorer
        self._first = True
        if len(edits) == 1:
            e = edits[0]
            self.setText(tr(f"sửa điểm {model.season.member(e.member_id).short_name}",
                            f"edit score of {model.season.member(e.member_id).short_name}"))
        else:
            self.setText(tr(f"dán {len(edits)} ô điểm", f"paste {len(edits)} scores"))

    def redo(self) -> None:
        if self._first:   # the edit was saved before it was pushed
            self._first = False
            return
        self.model.apply(self.edits, forward=True, mode=self.mode, scorer=self.scorer)

    def undo(self) -> None:
        self.model.apply(self.edits, forward=False, mode=self.mode, scorer=self.scorer)
