"""The app's import dialogs: a table previewed column by column and criterion by criterion; nine returned
forms previewed cell by cell and applied together; forms exported from File."""

from __future__ import annotations

import os
from decimal import Decimal as D
from pathlib import Path

import openpyxl
from PySide6.QtCore import QTimer

from thidua.documents.forms.write import write_member_forms

TABLES = Path(__file__).resolve().parents[1] / "fixtures" / "tables"
SHOTS = os.environ.get("THIDUA_SHOTS")   # a folder to keep the rendered dialogs in, when set


def _answer(window, qtbot, accept: bool, shot: str):
    """Accept (or cancel) the preview once it is up; keep its picture when asked."""
    seen = {}

    def act():
        dialog = getattr(window, "last_dialog", None)
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(50, act)
            return
        seen["dialog"] = dialog
        if SHOTS:
            dialog.grab().save(str(Path(SHOTS) / shot))
            for i in range(1, dialog.tabs.count() if hasattr(dialog, "tabs") else 0):
                dialog.tabs.setCurrentIndex(i)
                dialog.grab().save(str(Path(SHOTS) / shot.replace(".png", f"-{i}.png")))
            if hasattr(dialog, "tabs"):
                dialog.tabs.setCurrentIndex(0)
        (dialog.accept if accept else dialog.reject)()

    QTimer.singleShot(50, act)
    return seen


def test_a_table_is_previewed_before_it_is_imported(make_window, qtbot):
    from thidua.ui.importing import import_file

    window = make_window()
    window.last_dialog = None
    seen = _answer(window, qtbot, True, "nhap-bang-xem-truoc.png")
    import_file(window, str(TABLES / "tu-cham-cum-cham.xls"))
    qtbot.waitUntil(lambda: window.session.season.year == 2021 or window.last_error is not None, timeout=20000)
    assert window.last_error is None
    dialog = seen["dialog"]
    assert dialog.tabs.count() == 3 and dialog.verdict.text().startswith("✔")
    columns = dialog.tabs.widget(0)
    assert [columns.item(3, c).text() for c in range(4)] == ["D", "tự chấm", "Tỉnh Thanh Hóa", "Thanh Hóa"]
    season = window.session.season
    assert "Bắc Trung Bộ" in season.cluster_name and len(season.members) == 6
    first = season.members[0]
    leaf = season.criteria.leaves()[0]
    assert season.cell(first.id, leaf.id).self_points is not None


def test_a_table_that_does_not_add_up_cannot_be_imported(make_window, qtbot):
    from PySide6.QtWidgets import QDialogButtonBox

    from thidua.ui.importing import import_file

    window = make_window()
    window.last_dialog = None
    before = window.session.season_id
    seen = _answer(window, qtbot, False, "nhap-bang-lech-nhom.png")
    import_file(window, str(TABLES / "lech-nhom.xlsx"))
    qtbot.waitUntil(lambda: "dialog" in seen, timeout=20000)
    dialog = seen["dialog"]
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert "Đắk Lắk" in dialog.verdict.text() and "điểm nhóm" in dialog.verdict.text()
    assert window.session.season_id == before


def test_nine_returned_forms_are_previewed_and_applied_together(make_window, qtbot, tmp_path):
    from thidua.ui.importing import export_forms, import_forms

    window = make_window()
    done = []
    export_forms(window, str(tmp_path / "sent"), on_done=done.append)
    qtbot.waitUntil(lambda: bool(done) or window.last_error is not None, timeout=20000)
    paths = done[0]
    season = window.session.season
    assert len(paths) == 9 and all(p.exists() for p in paths)
    i1 = season.criteria.find_code("I.1")
    for n, path in enumerate(paths):
        wb = openpyxl.load_workbook(path)
        ws = wb.worksheets[0]
        row = next(c.row for c in ws["B"] if c.value == i1.title)
        ws.cell(row, 6).value = [4.5, 5, 3, 2.5, 4, 3.5, 5, 1, 0][n]
        ws.cell(row, 7).value = f"Giải trình {n}"
        wb.save(path)
    window.last_dialog = None
    seen = _answer(window, qtbot, True, "nhap-phieu-xem-truoc.png")
    import_forms(window, [str(p) for p in reversed(paths)])
    qtbot.waitUntil(lambda: "dialog" in seen and window.statusBar().currentMessage().startswith("Đã ghi"),
                    timeout=20000)
    dialog = seen["dialog"]
    assert dialog.table.rowCount() == 9 and dialog.verdict.text().startswith("✔")
    after = window.session.season
    for n, m in enumerate(after.members):
        cell = after.cell(m.id, i1.id)
        assert cell.self_points == D(str([4.5, 5, 3, 2.5, 4, 3.5, 5, 1, 0][n])) and cell.note == f"Giải trình {n}"


def test_the_file_menu_offers_the_forms(make_window):
    window = make_window()
    texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "Nhập phiếu tự chấm…" in texts and "Xuất phiếu tự chấm cho các đơn vị…" in texts
    assert window.act_import_forms.isEnabled()
    review = make_window(year=2017)   # being voted on: scores are locked, forms make no sense
    assert not review.act_import_forms.isEnabled() and not review.act_export_forms.isEnabled()
    write_member_forms   # (the module the menu uses; imported so a rename breaks this test)
