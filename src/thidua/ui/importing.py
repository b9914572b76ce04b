"""Bringing data in from the app: a scoring table (.xlsx/.xls/.ods) and returned member forms, each previewed.

Files are read off the UI thread; the preview dialogs show what was understood (which column is
which, the criteria with their maxima, the totals and subtotals checked; for forms every cell
old → new with the member's note) and return the person's decision — they never save. The
save is one service call, all or nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHeaderView,
                               QLabel, QLineEdit, QSpinBox, QTableWidget, QTableWidgetItem, QTabWidget, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from .. import wording
from .i18n import tr
from .workers import run_task

TABLE_FILTER = "Bảng tính (*.xlsx *.xlsm *.xls *.ods);;Excel (*.xlsx *.xlsm *.xls);;LibreOffice (*.ods)"
BAD = QColor("#fde2e1")
GOOD = QColor("#e3f2e5")


def _explain(exc: BaseException) -> str:
    """Every line of an import refusal (a table's problems are listed one a line)."""
    return "\n".join(wording.explain_lines(exc))


def _table(headers: list[str], rows: list[list[str]], bad_rows: set[int] = frozenset()) -> QTableWidget:
    t = QTableWidget(len(rows), len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.verticalHeader().setVisible(False)
    t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 8)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(value)
            if r in bad_rows:
                item.setBackground(QBrush(BAD))
            t.setItem(r, c, item)
    t.resizeColumnsToContents()
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _buttons(dialog: QDialog, ok_text: str, enabled: bool) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Ok).setEnabled(enabled)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Hủy", "Cancel"))
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


# ---- a scoring table ------------------------------------------------------------------------
class TablePreview(QDialog):
    """What the reader understood of a table; returns the cluster and year to import under."""

    def __init__(self, parsed, plan, cluster: str, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Nhập bảng chấm điểm — xem trước", "Import a scoring table — preview"))
        self.resize(980, 640)
        layout = QVBoxLayout(self)
        season = plan.season
        info = QLabel(tr(f"Tệp <b>{parsed.file}</b> — trang “{parsed.sheet}”, hàng tiêu đề {parsed.header_row}: "
                         f"{len(parsed.members)} đơn vị, {len(season.criteria)} dòng tiêu chí (tối đa "
                         f"{wording.p(season.criteria.max_total())} điểm), {plan.scores + plan.self_scores} ô điểm.",
                         f"File <b>{parsed.file}</b> — sheet “{parsed.sheet}”, header row {parsed.header_row}: "
                         f"{len(parsed.members)} members, {len(season.criteria)} criteria rows (maximum "
                         f"{wording.p(season.criteria.max_total())}), {plan.scores + plan.self_scores} scores."))
        info.setWordWrap(True)
        layout.addWidget(info)
        form = QFormLayout()
        self.cluster = QLineEdit(cluster)
        self.year = QSpinBox()
        self.year.setRange(1900, 2200)
        self.year.setValue(year)
        form.addRow(tr("Cụm thi đua:", "Cluster:"), self.cluster)
        form.addRow(tr("Năm:", "Year:"), self.year)
        layout.addLayout(form)
        tabs = QTabWidget()
        self.tabs = tabs
        tabs.addTab(self._columns(parsed), tr("Các cột", "Columns"))
        tabs.addTab(self._tree(parsed, season), tr("Tiêu chí", "Criteria"))
        tabs.addTab(self._checks(plan, parsed.sheet), tr("Đối chiếu tổng điểm", "Totals checked"))
        layout.addWidget(tabs, 1)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        notes = []
        if plan.agrees:
            self.verdict.setText(tr("✔ Tổng điểm và điểm cộng nhóm tính được khớp với số in trong bảng.",
                                    "✔ Computed totals and subtotals match the figures printed in the table."))
            self.verdict.setStyleSheet(f"background: {GOOD.name()}; padding: 6px;")
        else:
            lines = [wording.total_difference(c, parsed.sheet) for c in plan.differences]
            self.verdict.setText(tr("✘ Không nhập được — số in trong bảng khác số tính được:\n",
                                    "✘ Cannot import — printed figures differ from the computed ones:\n")
                                 + "\n".join(lines[:8]) + ("\n…" if len(lines) > 8 else ""))
            self.verdict.setStyleSheet(f"background: {BAD.name()}; padding: 6px;")
        if not plan.has_totals:
            notes.append(tr("Bảng không có hàng “Tổng cộng” nên không đối chiếu được tổng điểm.",
                            "The table has no total row, so totals could not be checked."))
        notes += list(plan.warnings)
        layout.addWidget(self.verdict)
        if notes:
            note = QLabel(tr("Lưu ý: ", "Note: ") + "\n".join(notes[:6]))
            note.setWordWrap(True)
            layout.addWidget(note)
        self.buttons = _buttons(self, tr("Nhập vào cơ sở dữ liệu", "Import"), plan.agrees)
        self.cluster.textChanged.connect(self._check)
        layout.addWidget(self.buttons)

    def _check(self, *_args) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.verdict.text().startswith("✔") and bool(self.cluster.text().strip()))

    @staticmethod
    def _columns(parsed) -> QTableWidget:
        names = {col: m.short_name for m in parsed.members for col in (m.column, m.self_column) if col}
        rows = [[c.column, wording.column_role(c.role), c.label,
                 names.get(c.column, "") if c.role in ("member", "self", "agreed") else ""] for c in parsed.columns]
        return _table([tr("Cột", "Column"), tr("Đọc là", "Read as"), tr("Tiêu đề trong bảng", "Header"),
                       tr("Đơn vị", "Member")], rows)

    @staticmethod
    def _tree(parsed, season) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setHeaderLabels([tr("STT", "No."), tr("Tiêu chí", "Criterion"), tr("Tối đa", "Max"),
                              tr("Loại", "Kind"), tr("Hàng", "Row")])
        items: dict[str, QTreeWidgetItem] = {}
        kinds = {"group": tr("nhóm", "group"), "choice": tr("chọn một mức", "one level"), "leaf": ""}
        roles = {"bonus": tr("điểm thưởng", "bonus"), "deduction": tr("điểm trừ", "deduction"), "normal": ""}
        for (node, _depth), pn in zip(season.criteria.walk(), parsed.nodes):
            kind = ", ".join(x for x in (kinds[pn.kind], roles[pn.role]) if x)
            item = QTreeWidgetItem([node.code, node.title, wording.p(season.criteria.maximum(node.id)), kind,
                                    str(pn.row) if parsed.layout == "columns" else (pn.column or "")])
            parent = items.get(node.parent_id)
            (parent.addChild(item) if parent else tree.addTopLevelItem(item))
            items[node.id] = item
        tree.expandAll()
        tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        return tree

    @staticmethod
    def _checks(plan, sheet: str) -> QTableWidget:
        rows, bad = [], set()
        for c in plan.checks + plan.self_checks + plan.subtotal_checks:
            what = {"total": tr("Tổng", "Total"), "self_total": tr("Tổng tự chấm", "Self total"),
                    "subtotal": c.label}[c.what]
            status = tr("khớp", "match") if c.agrees and c.printed is not None else (
                tr("không ghi", "not printed") if c.printed is None else tr("KHÁC", "DIFFERS"))
            if not c.agrees:
                bad.add(len(rows))
            rows.append([c.member, what, c.cell or "", wording.p(c.computed), wording.p(c.printed) or "—", status])
        return _table([tr("Đơn vị", "Member"), tr("Mục", "Figure"), tr("Ô", "Cell"), tr("Tính được", "Computed"),
                       tr("Bảng ghi", "Printed"), ""], rows, bad)

    @property
    def values(self) -> tuple[str, int]:
        return " ".join(self.cluster.text().split()), self.year.value()


def import_file(window, path: str | None = None, cluster: str | None = None, year: int | None = None,
                confirm: bool = True):
    """Read `path` in a worker thread; on the UI thread preview, import in one transaction, show the season."""
    from ..documents.readers.table import parse_table
    from ..services.imports import import_table, plan_table

    if path is None:
        path, _ = QFileDialog.getOpenFileName(window, tr("Chọn bảng chấm điểm", "Choose a scoring table"), "",
                                              TABLE_FILTER)
        if not path:
            return None

    def work(progress):
        progress.step(0, 2, tr("Đang đọc bảng chấm điểm…", "Reading the table…"))
        parsed = parse_table(path)
        progress.step(1, 2)
        name = cluster or parsed.cluster_hint or Path(path).stem
        when = year or parsed.year_hint or 2024
        return parsed, plan_table(parsed, name, when), name, when

    def done(result):
        parsed, plan, name, when = result
        if confirm:
            dialog = TablePreview(parsed, plan, name, when, window)
            window.last_dialog = dialog
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            name, when = dialog.values
        try:
            imported = window.session.call(import_table, parsed, name, when)
        except Exception as exc:   # nothing was written; say why
            window.show_error(_explain(exc))
            return
        window.select_season(imported.season_id)
        window.statusBar().showMessage(tr(f"Đã nhập {imported.cluster_name} năm {imported.year}.",
                                          f"Imported {imported.cluster_name} {imported.year}."), 10000)

    return run_task(window, tr("Đang đọc bảng chấm điểm…", "Reading the table…"), work, done,
                    lambda exc: window.show_error(_explain(exc)))


# ---- returned member forms ------------------------------------------------------------------
class FormsPreview(QDialog):
    """Every cell the returned forms change, old → new with the member's note; OK applies them all."""

    def __init__(self, reading, season, parent: QWidget | None = None) -> None:
        from ..documents.forms.read import explain_reading

        super().__init__(parent)
        self.setWindowTitle(tr("Nhập phiếu tự chấm — xem trước", "Import self-scoring forms — preview"))
        self.resize(1040, 620)
        layout = QVBoxLayout(self)
        lines = wording.forms_summary(reading, season)
        if len(lines) > 10:   # dozens of forms: the table below says the rest
            lines = lines[:9] + [tr(f"… và {len(lines) - 9} phiếu khác", f"… and {len(lines) - 9} more forms")]
        info = QLabel("\n".join(lines))
        info.setWordWrap(True)
        layout.addWidget(info)
        rows, bad = [], set()
        blank = "—"
        for c in reading.changes:
            if c.conflict:
                bad.add(len(rows))
            status = tr(f"đã đổi thành {wording.p(c.current) or blank} sau khi xuất phiếu",
                        f"changed to {wording.p(c.current) or blank} since") if c.conflict else ""
            rows.append([c.member, f"{c.code} {c.title}".strip(),
                         f"{wording.p(c.old) or blank} → {wording.p(c.new) or blank}" if c.score_changed else "",
                         c.entered, c.note if c.note is not None else "", c.cell, status])
        self.table = _table([tr("Đơn vị", "Member"), tr("Tiêu chí", "Criterion"), tr("Cũ → mới", "Old → new"),
                             tr("Đơn vị ghi", "Typed"), tr("Ghi chú của đơn vị", "Member's note"), tr("Ô", "Cell"),
                             ""], rows, bad)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setStretchLastSection(False)
        layout.addWidget(self.table, 1)
        problems = explain_reading(reading)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        if problems:
            self.verdict.setText("✘ " + "\n".join(problems[:10]))
            self.verdict.setStyleSheet(f"background: {BAD.name()}; padding: 6px;")
        elif reading.conflicts:
            self.verdict.setText(tr(f"✘ {len(reading.conflicts)} ô đã được sửa sau khi xuất phiếu (tô đỏ); "
                                    "không ghi được — hãy xuất phiếu mới cho đơn vị hoặc sửa trực tiếp.",
                                    f"✘ {len(reading.conflicts)} cells changed since the forms were made (red); "
                                    "cannot apply — export new forms or change the cells directly."))
            self.verdict.setStyleSheet(f"background: {BAD.name()}; padding: 6px;")
        elif not reading.changes:
            self.verdict.setText(tr("Các phiếu không thay đổi ô nào.", "The forms change nothing."))
        else:
            members = sorted({c.member for c in reading.changes})
            self.verdict.setText(tr(f"✔ {len(reading.changes)} ô của {len(members)} đơn vị sẽ được ghi cùng lúc "
                                    "(tất cả hoặc không gì cả).",
                                    f"✔ {len(reading.changes)} cells of {len(members)} members will be written "
                                    "together (all or nothing)."))
            self.verdict.setStyleSheet(f"background: {GOOD.name()}; padding: 6px;")
        layout.addWidget(self.verdict)
        can = reading.ok and not reading.conflicts and bool(reading.changes)
        self.buttons = _buttons(self, tr("Áp dụng tất cả", "Apply all"), can)
        layout.addWidget(self.buttons)


def import_forms(window, paths: list[str] | None = None, confirm: bool = True):
    """Read returned forms off the UI thread, preview every cell, apply them all in one go."""
    from ..documents.forms.read import read_member_forms
    from ..services.imports import apply_form_changes

    season = window.session.season if window.session else None
    if season is None:
        return None
    if paths is None:
        paths, _ = QFileDialog.getOpenFileNames(window, tr("Chọn các phiếu tự chấm đơn vị gửi lại",
                                                           "Choose the returned self-scoring forms"), "",
                                                TABLE_FILTER)
        if not paths:
            return None

    def work(progress):
        progress.step(0, 1, tr("Đang đọc các phiếu…", "Reading the forms…"))
        return read_member_forms(list(paths), season)

    def done(reading):
        if confirm:
            dialog = FormsPreview(reading, season, window)
            window.last_dialog = dialog
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
        try:
            applied = window.session.call(apply_form_changes, season.id, reading.changes)
        except Exception as exc:   # a conflict, a locked season: nothing was written
            window.show_error(_explain(exc))
            return
        window.session.scores_changed.emit(sorted({c.member_id for c in reading.changes}))
        window.statusBar().showMessage(tr(f"Đã ghi {applied.scores} điểm tự chấm, {applied.notes} ghi chú của "
                                          f"{len(applied.members)} đơn vị.",
                                          f"Wrote {applied.scores} self-scores, {applied.notes} notes of "
                                          f"{len(applied.members)} members."), 10000)

    return run_task(window, tr("Đang đọc các phiếu…", "Reading the forms…"), work, done,
                    lambda exc: window.show_error(_explain(exc)))


def export_forms(window, folder: str | None = None, on_done=None):
    """One self-scoring form per member of the current season, into a folder, off the UI thread."""
    from ..documents.forms.write import write_member_forms

    season = window.session.season if window.session else None
    if season is None:
        return None
    if folder is None:
        folder = QFileDialog.getExistingDirectory(window, tr("Chọn thư mục lưu phiếu tự chấm",
                                                             "Choose a folder for the forms"))
        if not folder:
            return None

    def work(progress):
        progress.step(0, 1, tr("Đang xuất phiếu tự chấm…", "Exporting forms…"))
        return write_member_forms(season, Path(folder))

    def done(paths):
        window.statusBar().showMessage(tr(f"Đã ghi {len(paths)} phiếu tự chấm vào {folder}",
                                          f"Wrote {len(paths)} forms to {folder}"), 10000)
        if on_done:
            on_done(paths)

    return run_task(window, tr("Đang xuất phiếu tự chấm…", "Exporting forms…"), work, done,
                    lambda exc: window.show_error(_explain(exc)))
