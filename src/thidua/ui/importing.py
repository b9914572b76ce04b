"""Importing an existing Excel scoring table: read off the UI thread, show what was understood, then import."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from .. import wording
from .i18n import tr
from .workers import run_task


def _explain(exc: BaseException) -> str:
    """Every line of an import refusal (a table's problems are listed one a line)."""
    return "\n".join(wording.explain_lines(exc))


def plan_text(parsed, plan, cluster: str, year: int) -> str:
    season = plan.season
    differ = [c for c in plan.checks if not c.agrees]
    lines = [tr(f"Tệp: {parsed.file} — trang “{parsed.sheet}”", f"File: {parsed.file} — sheet “{parsed.sheet}”"),
             tr(f"Cụm: {cluster} — năm {year}", f"Cluster: {cluster} — {year}"),
             tr(f"{len(season.members)} đơn vị, {len(season.criteria)} dòng tiêu chí (tối đa "
                f"{wording.p(season.criteria.max_total())} điểm), {plan.scores} ô điểm.",
                f"{len(season.members)} members, {len(season.criteria)} criteria rows (maximum "
                f"{wording.p(season.criteria.max_total())}), {plan.scores} scores.")]
    if differ:
        lines.append(tr("Tổng điểm KHÁC với hàng Tổng cộng: ", "Totals DIFFER from the total row: ")
                     + "; ".join(f"{c.member} {wording.p(c.computed)}/{wording.p(c.printed)}" for c in differ))
    else:
        lines.append(tr("Tổng điểm tính được khớp với hàng Tổng cộng của bảng.", "Computed totals match the table."))
    lines += [tr("Lưu ý: ", "Note: ") + w for w in plan.warnings]
    return "\n".join(lines)


def import_file(window, path: str | None = None, cluster: str | None = None, year: int | None = None,
                confirm: bool = True):
    """Read `path` in a worker thread; on the UI thread confirm, import in one transaction, show the season."""
    from ..documents.table_import import parse_table
    from ..services.imports import import_table, plan_table

    if path is None:
        path, _ = QFileDialog.getOpenFileName(window, tr("Chọn bảng chấm điểm Excel", "Choose an Excel scoring table"),
                                              "", "Excel (*.xlsx)")
        if not path:
            return None

    def work(progress):
        progress.step(0, 2, tr("Đang đọc bảng chấm điểm…", "Reading the table…"))
        parsed = parse_table(path)
        progress.step(1, 2)
        name = cluster or parsed.cluster_hint
        when = year or parsed.year_hint
        plan = plan_table(parsed, name, when) if name and when else None
        return parsed, plan, name, when

    def done(result):
        parsed, plan, name, when = result
        if plan is None:
            name = name or QInputDialog.getText(window, "thidua", tr("Tên cụm thi đua:", "Cluster name:"))[0]
            when = when or QInputDialog.getInt(window, "thidua", tr("Năm:", "Year:"), 2024, 2000, 2100)[0]
            if not name or not when:
                return
            try:
                plan = plan_table(parsed, name, when)
            except Exception as exc:   # problems in the table: listed as sentences
                window.show_error(_explain(exc))
                return
        text = plan_text(parsed, plan, name, when)
        if confirm:
            answer = QMessageBox.question(window, tr("Nhập bảng chấm điểm", "Import scoring table"),
                                          text + "\n\n" + tr("Nhập vào cơ sở dữ liệu?", "Import into the database?"))
            if answer != QMessageBox.StandardButton.Yes:
                return
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
