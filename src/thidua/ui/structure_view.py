"""Members and the criteria table: add, rename, remove, drag to reorder; the tree with methods and maxima."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QInputDialog,
                               QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QSplitter,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from .. import wording
from ..domain.criteria import Criterion, Kind, Method, Role, new_id
from ..domain.points import parse_number
from ..domain.season import Area
from ..services import clusters
from . import undo_deletes
from .i18n import explain, not_a_number, tr
from .season_rules import NotAssignedField
from .widgets import refusal_label

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
        self.error = refusal_label()
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
        self.tree.currentItemChanged.connect(lambda *_: self._show_node())
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

        # the selected node's fields
        self.f_code = QLineEdit()
        self.f_title = QLineEdit()
        self.f_method = QComboBox()
        for m in Method:
            self.f_method.addItem(wording.method_name(m), m.value)
        self.f_role = QComboBox()
        for r in Role:
            self.f_role.addItem(wording.role_name(r), r.value)
        self.f_max = QLineEdit()
        self.f_step = QLineEdit()
        self.f_unit = QLineEdit()
        self.f_per_item = QLineEdit()
        self.f_not_assigned = NotAssignedField()   # "không được giao": members this row does not score
        self.btn_apply = QPushButton(tr("Lưu thay đổi tiêu chí", "Save criterion"))
        self.btn_apply.clicked.connect(lambda: self.apply_node())
        self.form_box = QGroupBox(tr("Tiêu chí đang chọn", "Selected criterion"))
        form = QFormLayout(self.form_box)
        form.addRow(tr("STT:", "No.:"), self.f_code)
        form.addRow(tr("Nội dung:", "Title:"), self.f_title)
        form.addRow(tr("Loại điểm:", "Role:"), self.f_role)
        form.addRow(tr("Cách chấm:", "Method:"), self.f_method)
        form.addRow(tr("Điểm tối đa:", "Maximum:"), self.f_max)
        form.addRow(tr("Bước điểm:", "Step:"), self.f_step)
        form.addRow(tr("Điểm mỗi lần:", "Per item:"), self.f_per_item)
        form.addRow(tr("Đơn vị tính:", "Unit:"), self.f_unit)
        form.addRow(tr("Không giao cho:", "Not assigned to:"), self.f_not_assigned)
        form.addRow(self.btn_apply)

        cbox = QGroupBox(tr("Bảng tiêu chí chấm điểm", "Criteria table"))
        cv = QVBoxLayout(cbox)
        cv.addLayout(buttons)
        cv.addWidget(self.warning)
        inner = QSplitter()
        inner.addWidget(self.tree)
        inner.addWidget(self.form_box)
        inner.setSizes([800, 290])
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
                  self.btn_choice, self.btn_band, self.btn_remove, self.btn_apply, self.f_not_assigned.button):
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

    def current_node_id(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, IdRole) if item else None

    def _show_node(self) -> None:
        season = self.session.season
        node_id = self.current_node_id()
        self.form_box.setEnabled(node_id is not None)
        if season is None or node_id is None:
            return
        node = season.criteria.get(node_id)
        self._form_base = node          # what the form shows: saving changes only what was edited here
        leaf = node.kind is Kind.LEAF
        self.f_code.setText(node.code)
        self.f_title.setText(node.title)
        self.f_role.setCurrentIndex(self.f_role.findData(node.role.value))
        self.f_role.setEnabled(node.parent_id is None)
        self.f_method.setEnabled(leaf)
        if leaf:
            self.f_method.setCurrentIndex(self.f_method.findData(node.method.value))
        self.f_max.setText(wording.p(node.max_points))
        self.f_step.setText(wording.p(node.step))
        self.f_step.setEnabled(leaf)
        self.f_per_item.setText(wording.p(node.per_item))
        self.f_per_item.setEnabled(leaf)
        self.f_unit.setText(node.unit)
        self.f_not_assigned.show_for(season, node)

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

    def apply_node(self):
        node_id = self.current_node_id()
        if node_id is None:
            return None
        node = self._form_base if self._form_base is not None and self._form_base.id == node_id else \
            self.session.season.criteria.get(node_id)
        changes = dict(code=self.f_code.text().strip(), title=self.f_title.text().strip(), unit=self.f_unit.text().strip(),
                       not_assigned=self.f_not_assigned.value)
        try:
            changes["max_points"] = parse_number(self.f_max.text())
            if node.kind is Kind.LEAF:
                changes["method"] = Method(self.f_method.currentData())   # Qt hands back the plain str
                step = parse_number(self.f_step.text())
                if step is not None:
                    changes["step"] = step
                changes["per_item"] = parse_number(self.f_per_item.text())
        except ValueError:
            self.error.setText("⚠ " + explain(not_a_number(self.f_max.text())))
            self.error.show()
            return None
        if node.parent_id is None:
            changes["role"] = Role(self.f_role.currentData())
        return self._call(clusters.update_criterion, self.session.season_id, node_id, expected=node, **changes)
