"""Members and the criteria table: add, rename, remove, drag to reorder; the tree with methods and maxima."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QFormLayout, QFrame, QGroupBox, QHBoxLayout,
                               QHeaderView, QInputDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton,
                               QScrollArea, QSplitter, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from .. import wording
from ..domain.criteria import Criterion, Kind, Method, Role, new_id
from ..domain.points import parse_number
from ..domain.season import Area
from ..services import clusters
from . import undo_deletes
from .band_editor import BandEditor
from .i18n import explain, not_a_number, tr
from .season_rules import NotAssignedField
from .widgets import MessageLine

IdRole = Qt.ItemDataRole.UserRole


class MemberList(QListWidget):
    moved = Signal(str, int)   # member id, new position

    def dropEvent(self, event) -> None:
        item = self.currentItem()
        super().dropEvent(event)
        if item is not None:
            self.moved.emit(item.data(IdRole), self.row(item))


class CriteriaTree(QTreeWidget):
    moved = Signal(str, object, int)   # node id, new parent id (None = top level), position

    def dropEvent(self, event) -> None:
        item = self.currentItem()
        super().dropEvent(event)
        if item is not None:
            parent = item.parent()
            position = parent.indexOfChild(item) if parent else self.indexOfTopLevelItem(item)
            self.moved.emit(item.data(0, IdRole), parent.data(0, IdRole) if parent else None, position)


class StructureTab(QWidget):
    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.error = MessageLine()   # a fixed line: a refusal never pushes the tab down
        self._form_base = None

        # members
        self.members = MemberList()
        self.members.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.members.moved.connect(self._member_moved)
        self.btn_add_member = QPushButton(tr("Thêm đơn vị…", "Add member…"))
        self.btn_rename_member = QPushButton(tr("Đổi tên…", "Rename…"))
        self.btn_remove_member = QPushButton(tr("Xóa", "Remove"))
        self.btn_add_member.clicked.connect(lambda: self.add_member())
        self.btn_rename_member.clicked.connect(lambda: self.rename_member())
        self.btn_remove_member.clicked.connect(lambda: self.remove_member())
        mbox = QGroupBox(tr("Đơn vị thành viên", "Members"))
        mv = QVBoxLayout(mbox)
        mv.addWidget(self.members)
        row = QHBoxLayout()
        for b in (self.btn_add_member, self.btn_rename_member, self.btn_remove_member):
            row.addWidget(b)
        mv.addLayout(row)
        hint = QLabel(tr("Kéo thả để sắp xếp thứ tự cột trong bảng chấm điểm.",
                         "Drag to reorder the columns of the scoring table."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666")
        mv.addWidget(hint)

        # criteria tree
        self.tree = CriteriaTree()
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels([tr("STT", "No."), tr("Nội dung tiêu chí", "Criterion"),
                                   tr("Cách chấm", "Method"), tr("Điểm tối đa", "Max")])
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col in (0, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setWordWrap(True)
        self.tree.moved.connect(self._criterion_moved)
        self.tree.currentItemChanged.connect(self._current_changed)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("background: #fff4d6; color: #7a4b00; padding: 4px; border: 1px solid #e0c060")
        buttons = QHBoxLayout()
        self.btn_group = QPushButton(tr("Thêm nhóm", "Add group"))
        self.btn_leaf = QPushButton(tr("Thêm tiêu chí", "Add criterion"))
        self.btn_choice = QPushButton(tr("Thêm nhóm mức (chọn một)", "Add banded set"))
        self.btn_band = QPushButton(tr("Thêm mức", "Add band"))
        self.btn_remove = QPushButton(tr("Xóa", "Remove"))
        self.btn_group.clicked.connect(lambda: self.add_node(Kind.GROUP))
        self.btn_leaf.clicked.connect(lambda: self.add_node(Kind.LEAF))
        self.btn_choice.clicked.connect(lambda: self.add_node(Kind.CHOICE))
        self.btn_band.clicked.connect(lambda: self.add_node(Kind.LEAF, band=True))
        self.btn_remove.clicked.connect(lambda: self.remove_node())
        for b in (self.btn_group, self.btn_leaf, self.btn_choice, self.btn_band, self.btn_remove):
            buttons.addWidget(b)
        buttons.addStretch(1)

        # the selected node's fields: each method shows the fields it needs (see _layout_for)
        self.f_code = QLineEdit()
        self.f_title = QLineEdit()
        self.f_method = QComboBox()
        for m in Method:
            self.f_method.addItem(wording.method_name(m), m.value)
        self.f_method.currentIndexChanged.connect(lambda *_: self._method_picked())
        self.f_role = QComboBox()
        for r in Role:
            self.f_role.addItem(wording.role_name(r), r.value)
        self.f_rule = QLabel()          # how the points are computed, in words (the tree says the same)
        self.f_rule.setWordWrap(True)
        self.f_rule.setStyleSheet("color: #555; font-style: italic")
        self.f_rule.setMinimumHeight(2 * self.f_rule.fontMetrics().lineSpacing())
        self.f_max = QLineEdit()
        self.f_derived = QLabel()       # a group's maximum as its children give it
        self.f_cap_on = QCheckBox(tr("Giới hạn riêng:", "Own cap:"))
        self.f_cap = QLineEdit()
        self.f_cap_on.toggled.connect(lambda on: self.f_cap.setEnabled(on))
        cap_row = QWidget()
        cap_layout = QHBoxLayout(cap_row)
        cap_layout.setContentsMargins(0, 0, 0, 0)
        cap_layout.addWidget(self.f_cap_on)
        cap_layout.addWidget(self.f_cap, 1)
        self.f_exceed = QLineEdit()
        self.f_step = QLineEdit()
        self.f_unit = QLineEdit()
        self.f_per_item = QLineEdit()
        self.band_editor = BandEditor()
        self.f_not_assigned = NotAssignedField()   # "không được giao": members this row does not score
        self.btn_apply = QPushButton(tr("Lưu thay đổi tiêu chí", "Save criterion"))
        self.btn_apply.clicked.connect(lambda: self.apply_node())
        # the reason a save was refused: a fixed place under the button that never moves the form
        self.form_error = QLabel()
        self.form_error.setWordWrap(True)
        self.form_error.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.form_error.setStyleSheet("color: #b71c1c; font-weight: bold")
        self.form_error.setMinimumHeight(3 * self.form_error.fontMetrics().lineSpacing())
        self.form_box = QGroupBox(tr("Tiêu chí đang chọn", "Selected criterion"))
        form = self.form = QFormLayout(self.form_box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(tr("STT:", "No.:"), self.f_code)
        form.addRow(tr("Nội dung:", "Title:"), self.f_title)
        form.addRow(tr("Loại điểm:", "Role:"), self.f_role)
        form.addRow(tr("Cách chấm:", "Method:"), self.f_method)
        form.addRow(self.f_rule)
        form.addRow(tr("Điểm tối đa:", "Maximum:"), self.f_max)
        form.addRow(tr("Điểm tối đa:", "Maximum:"), self.f_derived)
        form.addRow("", cap_row)
        form.addRow(tr("Điểm cộng thêm khi vượt chỉ tiêu (tối đa):", "Extra for exceeding the target (at most):"),
                    self.f_exceed)
        form.addRow(tr("Bước điểm:", "Step:"), self.f_step)
        form.addRow(tr("Điểm mỗi lần:", "Per item:"), self.f_per_item)
        form.addRow(self.band_editor)
        form.addRow(tr("Đơn vị tính:", "Unit:"), self.f_unit)
        form.addRow(tr("Không giao cho:", "Not assigned to:"), self.f_not_assigned)
        self._cap_row = cap_row
        for w in (self.f_code, self.f_title, self.f_max, self.f_cap, self.f_exceed, self.f_step, self.f_per_item,
                  self.f_unit):
            w.textEdited.connect(lambda *_: self._recheck())
        self.f_cap_on.toggled.connect(lambda *_: self._recheck())
        self.f_max.textEdited.connect(lambda *_: self._max_typed())
        self.f_unit.textChanged.connect(self.band_editor.set_unit)
        self.band_editor.changed.connect(self._recheck)

        cbox = QGroupBox(tr("Bảng tiêu chí chấm điểm", "Criteria table"))
        cv = QVBoxLayout(cbox)
        cv.addLayout(buttons)
        cv.addWidget(self.warning)
        inner = QSplitter()
        inner.addWidget(self.tree)
        form_scroll = QScrollArea()     # the band editor makes the form tall: it scrolls, the tree stays
        form_scroll.setWidgetResizable(True)
        form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        form_scroll.setWidget(self.form_box)
        side = QWidget()                # the save button and its refusal stay in view under the scrolling form
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(form_scroll, 1)
        side_layout.addWidget(self.btn_apply)
        side_layout.addWidget(self.form_error)
        inner.addWidget(side)
        inner.setSizes([700, 390])
        cv.addWidget(inner, 1)

        split = QSplitter()
        split.addWidget(mbox)
        split.addWidget(cbox)
        split.setSizes([200, 1140])
        layout = QVBoxLayout(self)
        layout.addWidget(self.error)
        layout.addWidget(split, 1)
        session.season_changed.connect(self.reload)
        session.structure_changed.connect(self.reload)
        self.reload()

    # ---- showing --------------------------------------------------------------------------
    def reload(self) -> None:
        season = self.session.season
        current_member = self.members.currentItem().data(IdRole) if self.members.currentItem() else None
        current_node = self.current_node_id()
        self.members.clear()
        self.tree.clear()
        editable = self.session.editable(Area.STRUCTURE)
        for w in (self.btn_add_member, self.btn_rename_member, self.btn_remove_member, self.btn_group, self.btn_leaf,
                  self.btn_choice, self.btn_band, self.btn_remove, self.btn_apply, self.f_not_assigned.button,
                  self.band_editor.btn_add, self.band_editor.btn_remove):
            w.setEnabled(editable)
        mode = QAbstractItemView.DragDropMode.InternalMove if editable else QAbstractItemView.DragDropMode.NoDragDrop
        self.members.setDragDropMode(mode)
        self.tree.setDragDropMode(mode)
        if season is None:
            return
        for m in season.members:
            item = QListWidgetItem(m.short_name)
            item.setData(IdRole, m.id)
            item.setToolTip(m.display_full)
            self.members.addItem(item)
            if m.id == current_member:
                self.members.setCurrentItem(item)
        items: dict[str | None, QTreeWidgetItem] = {}
        for node, _depth in season.criteria.walk():
            parent = items.get(node.parent_id)
            method = wording.method_name(node.method) if node.method else (
                tr("chọn một mức", "pick one band") if node.kind is Kind.CHOICE else wording.role_name(node.role))
            item = QTreeWidgetItem([node.code, node.title, method, wording.p(season.criteria.maximum(node.id))])
            item.setData(0, IdRole, node.id)
            item.setToolTip(1, node.title)
            if node.method is not None:
                item.setToolTip(2, f"{wording.method_name(node.method)}: {wording.criterion_rule(node)}")
            if wording.has_own_rule(node):   # bands, the extra, per item: a grey line under the row says how
                rule = QTreeWidgetItem(["", "↳ " + wording.criterion_rule(node), "", ""])
                rule.setFlags(Qt.ItemFlag.ItemIsEnabled)
                rule.setForeground(1, QBrush(QColor("#555")))
                rule.setToolTip(1, wording.criterion_rule(node))
                item.addChild(rule)
            flags = item.flags() | Qt.ItemFlag.ItemIsDragEnabled
            if node.kind is Kind.LEAF:
                flags &= ~Qt.ItemFlag.ItemIsDropEnabled
                item.setFlags(flags)
            else:
                font = item.font(1)
                font.setBold(True)
                for c in range(4):
                    item.setFont(c, font)
            item.setTextAlignment(3, Qt.AlignmentFlag.AlignCenter)
            (parent.addChild(item) if parent else self.tree.addTopLevelItem(item))
            items[node.id] = item
            if node.id == current_node:
                self.tree.setCurrentItem(item)
        self.tree.expandAll()
        if self.tree.currentItem() is None and self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        mismatches = season.criteria.mismatches()
        lines = [tr(f"Nhóm “{n.code} {n.title}” ghi điểm tối đa {wording.p(declared)} nhưng các tiêu chí con "
                    f"cộng lại được {wording.p(total)}.",
                    f"Group “{n.code} {n.title}” declares {wording.p(declared)} but its children add up to "
                    f"{wording.p(total)}.") for n, declared, total in mismatches]
        lines.append(tr(f"Tổng điểm tối đa của bảng: {wording.p(season.criteria.max_total())}",
                        f"The table's maximum total: {wording.p(season.criteria.max_total())}"))
        self.warning.setText("\n".join(("⚠ " + l) if i < len(mismatches) else l for i, l in enumerate(lines)))
        self._show_node()

    def _current_changed(self, item, _previous=None) -> None:
        if item is not None and item.data(0, IdRole) is None and item.parent() is not None:
            self.tree.setCurrentItem(item.parent())   # a rule line stands for the criterion above it
            return
        self._show_node()

    def current_node_id(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, IdRole) if item else None

    def _show_node(self) -> None:
        """Show the selected row in the form; what was typed in it before is replaced (never after a refusal)."""
        season = self.session.season
        node_id = self.current_node_id()
        self.form_box.setEnabled(node_id is not None)
        self._set_form_error("")
        if season is None or node_id is None:
            return
        node = season.criteria.get(node_id)
        self._form_base = node          # what the form shows: saving changes only what was edited here
        leaf = node.kind is Kind.LEAF
        self.f_code.setText(node.code)
        self.f_title.setText(node.title)
        self.f_title.setCursorPosition(0)   # a long title reads from its start
        self.f_role.setCurrentIndex(self.f_role.findData(node.role.value))
        self.f_role.setEnabled(node.parent_id is None)
        self.f_method.setEnabled(leaf)
        self.f_method.blockSignals(True)
        if leaf:
            self.f_method.setCurrentIndex(self.f_method.findData(node.method.value))
        self.f_method.blockSignals(False)
        self.f_max.setText(wording.p(node.max_points) if leaf else "")
        self.f_cap_on.setChecked(not leaf and node.max_points is not None)
        self.f_cap.setText(wording.p(node.max_points) if not leaf else "")
        self.f_cap.setEnabled(self.f_cap_on.isChecked())
        self.f_exceed.setText(wording.p(node.exceed_cap) if node.exceed_cap else "")
        self.f_step.setText(wording.p(node.step))
        self.f_per_item.setText(wording.p(node.per_item))
        self.f_unit.setText(node.unit)
        self.band_editor.set_bands(node.bands, node.unit, node.max_points if node.method is Method.BANDS else None)
        self.f_not_assigned.show_for(season, node)
        self._layout_for(node.kind, node.method)

    def _layout_for(self, kind: Kind, method: Method | None) -> None:
        """Show the fields `method` needs and hide the others; word what each one means for it."""
        season = self.session.season
        node = self._form_base
        leaf = kind is Kind.LEAF
        rows = {self.f_rule: leaf, self.f_max: leaf, self.f_derived: not leaf, self._cap_row: kind is Kind.GROUP,
                self.f_exceed: method is Method.RATIO, self.f_step: method is Method.MANUAL,
                self.f_per_item: method in (Method.BONUS_PER_ITEM, Method.DEDUCTION_PER_ITEM),
                self.band_editor: method is Method.BANDS,
                self.f_unit: leaf and method is not Method.MANUAL, self.f_method: leaf}
        for widget, shown in rows.items():
            self.form.setRowVisible(widget, shown)
        label = self.form.labelForField(self.f_max)
        label.setText({Method.RATIO: tr("Điểm khi đạt chỉ tiêu:", "Points at the target:"),
                       Method.YES_NO: tr("Điểm khi đạt:", "Points if yes:"),
                       Method.BONUS_PER_ITEM: tr("Điểm tối đa (trần):", "Cap:"),
                       Method.DEDUCTION_PER_ITEM: tr("Trừ tối đa (trần):", "Cap:")}.get(
            method, tr("Điểm tối đa:", "Maximum:")))
        self.f_max.setPlaceholderText(tr("= điểm của khoảng cao nhất", "= the highest range's points")
                                      if method is Method.BANDS else "")
        if not leaf and season is not None and node is not None and node.id in season.criteria:
            children = [season.criteria.maximum(c.id) for c in season.criteria.children(node.id)]
            if kind is Kind.CHOICE:
                self.f_derived.setText(tr(f"= điểm cao nhất trong các mức: {wording.p(max(children, default=None))}",
                                          f"= the highest alternative: {wording.p(max(children, default=None))}"))
            else:
                total = wording.p(sum(children, Decimal(0)))
                self.f_derived.setText(tr(f"= tổng điểm các tiêu chí con: {total}", f"= the children's sum: {total}"))
        self._show_rule()

    def _method_picked(self) -> None:
        method = Method(self.f_method.currentData())
        base = self._form_base
        if method is Method.BANDS and (base is None or base.method is not Method.BANDS):
            self.f_max.clear()      # a banded row's maximum is its highest range unless one is typed
        self.band_editor.set_maximum(self._typed_max(method))
        self._layout_for(Kind.LEAF, method)
        self._recheck()

    def _typed_max(self, method: Method) -> Decimal | None:
        try:
            return parse_number(self.f_max.text()) if method is Method.BANDS else None
        except ValueError:
            return None

    def _max_typed(self) -> None:
        if self.f_method.isEnabled():
            self.band_editor.set_maximum(self._typed_max(Method(self.f_method.currentData())))

    def _show_rule(self) -> None:
        """The form's own reading of how the typed fields score, when they can be read."""
        node = self._form_base
        if node is None or node.kind is not Kind.LEAF:
            return
        try:
            draft = replace(node, **self._form_changes(node))
        except Exception:   # half-typed: the rule line waits for whole numbers (the problems are said elsewhere)
            self.f_rule.setText("")
            return
        self.f_rule.setText(wording.criterion_rule(draft))

    def _set_form_error(self, text: str) -> None:
        self.form_error.setText(("⚠ " + text) if text else "")

    def _recheck(self) -> None:
        """After a refusal, check the typed form again as the domain would and clear the reason once fixed."""
        self._show_rule()
        if not self.form_error.text():
            return
        node = self._form_base
        season = self.session.season
        if node is None or season is None or node.id not in season.criteria:
            return
        try:
            season.criteria.clone().update(node.id, **self._form_changes(node))
        except Exception as exc:
            self._set_form_error(explain(exc))
        else:
            self._set_form_error("")

    # ---- changing -------------------------------------------------------------------------
    def _call(self, fn, *args, **kw):
        try:
            result = self.session.call(fn, *args, **kw)
        except Exception as exc:   # any refusal is shown as a sentence above the editors
            self.error.setText("⚠ " + explain(exc))
            self.error.show()
            self.session.structure_changed.emit()
            return None
        self.error.hide()
        self.session.structure_changed.emit()
        return result if result is not None else True

    def add_member(self, name: str | None = None):
        if name is None:
            name, ok = QInputDialog.getText(self, tr("Thêm đơn vị thành viên", "Add member"),
                                            tr("Tên ngắn (ví dụ: Ninh Bình):", "Short name (e.g. Ninh Bình):"))
            if not ok:
                return None
        return self._call(clusters.add_member, self.session.season_id, name)

    def _member(self) -> str | None:
        item = self.members.currentItem()
        return item.data(IdRole) if item else None

    def rename_member(self, name: str | None = None):
        member_id = self._member()
        if member_id is None:
            return None
        if name is None:
            old = self.session.season.member(member_id).short_name
            name, ok = QInputDialog.getText(self, tr("Đổi tên đơn vị", "Rename member"), tr("Tên ngắn:", "Short name:"),
                                            text=old)
            if not ok:
                return None
        return self._call(clusters.update_member, self.session.season_id, member_id, name,
                          expected=self.session.season.member(member_id))

    def remove_member(self):
        member_id = self._member()
        if not member_id:
            return None
        return undo_deletes.delete_member(self, member_id)   # asks first; Ctrl+Z puts it back

    def _member_moved(self, member_id: str, position: int) -> None:
        season = self.session.season   # the order shown before the drop
        self._call(clusters.move_member, season.id, member_id, position,
                   expected_order=[m.id for m in season.members])

    def _criterion_moved(self, node_id: str, parent_id, position: int) -> None:
        season = self.session.season   # the tree shown before the drop
        self._call(clusters.move_criterion, season.id, node_id, parent_id, position,
                   expected_parent=season.criteria.get(node_id).parent_id,
                   expected_after=season.value_of("criterion", (node_id,), "after"),
                   expected_siblings=[c.id for c in season.criteria.children(parent_id)])

    def add_node(self, kind: Kind, band: bool = False, title: str | None = None):
        """A new row under the selected group (or beside the selected row), then edited in the form."""
        season = self.session.season
        selected = season.criteria.get(self.current_node_id()) if self.current_node_id() else None
        if kind is Kind.GROUP and (selected is None or selected.parent_id is None and selected.kind is Kind.GROUP):
            parent_id = None
        elif selected is None:
            parent_id = None
        elif selected.kind is Kind.LEAF:
            parent_id = selected.parent_id
        else:
            parent_id = selected.id
        if kind is Kind.LEAF:
            node = Criterion(new_id(), title or (tr("Mức mới", "New band") if band else tr("Tiêu chí mới", "New criterion")),
                             Kind.LEAF, "-" if band else "", parent_id, method=Method.MANUAL,
                             max_points=parse_number("1"), step=parse_number("1") if band else parse_number("0.25"))
        else:
            default = tr("Nhóm tiêu chí mới", "New group") if kind is Kind.GROUP else tr("Các mức (chọn một)", "Bands (pick one)")
            node = Criterion(new_id(), title or default, kind, "", parent_id)
        made = self._call(clusters.add_criterion, self.session.season_id, node)
        if made:
            self._select(node.id)
        return made

    def _select(self, node_id: str) -> None:
        it = self.tree.invisibleRootItem()
        stack = [it.child(i) for i in range(it.childCount())]
        while stack:
            item = stack.pop()
            if item.data(0, IdRole) == node_id:
                self.tree.setCurrentItem(item)
                return
            stack.extend(item.child(i) for i in range(item.childCount()))

    def remove_node(self):
        node_id = self.current_node_id()
        if not node_id:
            return None
        return undo_deletes.delete_criterion(self, node_id)   # asks first; Ctrl+Z puts it back

    def _form_changes(self, node: Criterion) -> dict:
        """The fields the form shows for `node`, as typed; raises ValueError (a cell not a number) or
        InvalidBands (ranges with gaps, overlaps …), both worded by explain."""
        changes = dict(code=self.f_code.text().strip(), title=self.f_title.text().strip(),
                       not_assigned=self.f_not_assigned.value)
        if node.parent_id is None:
            changes["role"] = Role(self.f_role.currentData())
        if node.kind is not Kind.LEAF:
            if node.kind is Kind.GROUP:
                changes["max_points"] = _number(self.f_cap.text()) if self.f_cap_on.isChecked() else None
            return changes
        method = Method(self.f_method.currentData())   # Qt hands back the plain str
        changes["method"] = method
        changes["max_points"] = _number(self.f_max.text())
        if method is not Method.MANUAL:
            changes["unit"] = self.f_unit.text().strip()
        if method is Method.MANUAL:
            step = _number(self.f_step.text())
            if step is not None:
                changes["step"] = step
        elif method is Method.RATIO:
            changes["exceed_cap"] = _number(self.f_exceed.text()) or Decimal(0)
        elif method in (Method.BONUS_PER_ITEM, Method.DEDUCTION_PER_ITEM):
            changes["per_item"] = _number(self.f_per_item.text())
        elif method is Method.BANDS:
            self.band_editor.set_maximum(changes["max_points"])
            changes["bands"] = self.band_editor.bands()
        return changes

    def apply_node(self):
        """Save the form through the services; a refusal keeps every typed value and says why beside it."""
        node_id = self.current_node_id()
        if node_id is None:
            return None
        node = self._form_base if self._form_base is not None and self._form_base.id == node_id else \
            self.session.season.criteria.get(node_id)
        try:
            changes = self._form_changes(node)
            result = self.session.call(clusters.update_criterion, self.session.season_id, node_id, expected=node,
                                       **changes)
        except Exception as exc:   # the form stays as typed: no reload until the save goes through
            self._set_form_error(explain(exc))
            return None
        self._set_form_error("")
        self.error.hide()
        self.session.structure_changed.emit()
        return result


def _number(text: str) -> Decimal | None:
    try:
        return parse_number(text)
    except ValueError:
        raise not_a_number(text.strip()) from None
