"""The whole year through the window only, as a new secretary does it: from an empty file to the second
sign-off. Each step asserts what the screen says (labels, cells, the step bar, the ranking, the banner)
and saves a screenshot (into THIDUA_SHOTS=DIR when set, to look at)."""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QApplication, QInputDialog

from thidua.domain.criteria import Method, Role
from thidua.domain.points import parse_number
from thidua.domain.season import State
from thidua.services.audit import season_log
from thidua.ui.dialogs import ReopenDialog, SignOffDialog
from thidua.ui.season_settings import AwardTypeDialog, SeasonSettingsDialog

from .test_criterion_form import _new_leaf, _rule_line, _type_bands
from .test_first_start import _answer_new_season, _save_as, fresh  # noqa: F401 - `fresh` is a fixture
from .ui_helpers import _cell, _grid, _group_text, _row_text

SECRETARY = "Nguyễn Thị Lan"
REASON = "Sửa điểm tiêu chí I.1 của Đắk Nông theo kết luận hội nghị"


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("THIDUA_SHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    taken = []

    def shot(window, name: str) -> None:
        QApplication.processEvents()
        path = folder / f"{len(taken) + 1:02d}-{name}.png"
        assert window.grab().save(str(path))
        taken.append(path)

    shot.taken = taken
    return shot


def _dialog(cls):
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()), None)


def _when_shown(cls, act):
    """Run `act(dialog)` once a modal dialog of `cls` is up (the window's own exec() waits for it)."""
    def poll():
        dialog = _dialog(cls)
        if dialog is None:
            QTimer.singleShot(20, poll)
            return
        act(dialog)
    QTimer.singleShot(0, poll)


def _type_into(qtbot, table, index, text: str) -> None:
    """Type into a grid cell with real keys and press Enter, as a person does."""
    table.setFocus()
    table.setCurrentIndex(index)
    qtbot.keyClicks(table, text[0])          # the first key opens the cell's editor, as in Excel
    editor = table.indexWidget(index)
    assert editor is not None
    if text[1:]:
        qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def _keys(qtbot, widget, text: str) -> None:
    """Key presses for `text`; a Vietnamese letter arrives as the keyboard's input method sends it (QTest's
    own key names are ASCII only)."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClick(widget, ch)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def _fill(qtbot, edit, text: str) -> None:
    """Type into a line edit with real keys, replacing what it shows."""
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    _keys(qtbot, edit, text)


def _tree_rows(tab):
    """The criteria tree as read on screen: (STT, content, method, maximum) per row, rule lines included."""
    rows, stack = [], [tab.tree.topLevelItem(i) for i in reversed(range(tab.tree.topLevelItemCount()))]
    while stack:
        item = stack.pop()
        rows.append(tuple(item.text(c) for c in range(4)))
        stack.extend(item.child(i) for i in reversed(range(item.childCount())))
    return rows


def test_the_whole_year_through_the_window(fresh, qtbot, tmp_path, monkeypatch, shots):
    # ---- 1. first start: the welcome page, a new data file, the first cluster and season ------------------
    window = fresh(ask=lambda suggestion: SECRETARY)
    page = window.welcome
    assert page.isVisible() and page.title.text() == "Chào mừng đến với thidua"
    assert page.btn_new.text() == "Tạo tệp dữ liệu mới…"
    shots(window, "chao-mung")
    _save_as(monkeypatch, tmp_path / "Thi đua" / "cum-tay-nguyen")
    page.btn_new.click()
    qtbot.waitUntil(lambda: window.session is not None, timeout=10000)
    created = tmp_path / "Thi đua" / "cum-tay-nguyen.thidua"
    assert window.last_error is None and created.is_file()
    qtbot.waitUntil(lambda: window.welcome is not None and window.welcome.btn_first is not None)
    assert window.welcome.title.text() == "Tệp dữ liệu “cum-tay-nguyen.thidua” chưa có cụm thi đua nào"
    assert window.welcome.btn_first.text() == "Tạo cụm và kỳ thi đua đầu tiên…"
    shots(window, "tep-moi")
    _answer_new_season("Cụm thi đua các tỉnh Tây Nguyên", 2025, ["Kon Tum", "Gia Lai", "Đắk Lắk"])
    window.welcome.btn_first.click()
    qtbot.waitUntil(lambda: window.session.season is not None, timeout=5000)
    assert window.welcome is None and window.tabs.isVisible()
    assert window.windowTitle() == "Cụm thi đua các tỉnh Tây Nguyên — 2025 — thidua"
    assert window.step_bar.state is State.DRAFT
    assert window.state_label.text() == "Bước: Dự thảo"

    # ---- 2. Dự thảo: one more member, then the criteria table with every method -----------------------------
    tab = window.views["structure"]
    window.tabs.setCurrentWidget(tab)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **kw: ("Đắk Nông", True))
    tab.btn_add_member.click()
    assert [tab.members.item(i).text() for i in range(tab.members.count())] == [
        "Kon Tum", "Gia Lai", "Đắk Lắk", "Đắk Nông"]
    assert tab.tree.topLevelItemCount() == 0
    assert tab.warning.text() == "Tổng điểm tối đa của bảng: 0"

    def group(code, title, role=Role.NORMAL):
        tab.tree.setCurrentItem(None)
        tab.btn_group.click()
        _fill(qtbot, tab.f_code, code)
        _fill(qtbot, tab.f_title, title)
        tab.f_role.setCurrentIndex(tab.f_role.findData(role.value))
        assert tab.apply_node(), tab.form_error.text()

    group("I", "Công tác tổ chức, phối hợp")
    _new_leaf(window, tab, "I", "1", "Tham mưu, tổ chức phong trào thi đua", Method.MANUAL)
    _fill(qtbot, tab.f_max, "10")
    _fill(qtbot, tab.f_step, "0,5")
    assert tab.f_rule.text() == "chấm trực tiếp 0–10 đ, bước 0,5"
    assert tab.apply_node(), tab.form_error.text()
    _new_leaf(window, tab, "I", "2", "Có quy chế phối hợp với Sở, ngành", Method.YES_NO)
    _fill(qtbot, tab.f_max, "5")
    assert tab.apply_node(), tab.form_error.text()

    group("II", "Phát triển hợp tác xã")
    ratio = _new_leaf(window, tab, "II", "1", "Thành lập mới HTX so với chỉ tiêu", Method.RATIO)
    _fill(qtbot, tab.f_max, "20")
    _fill(qtbot, tab.f_exceed, "5")
    _fill(qtbot, tab.f_unit, "HTX")
    assert tab.apply_node(), tab.form_error.text()
    bands = _new_leaf(window, tab, "II", "2", "Tỷ lệ HTX làm ăn có lãi", Method.BANDS)
    _fill(qtbot, tab.f_unit, "%")
    _type_bands(tab, ("0", "60", "2"), ("60", "80", "3"), ("80", "", "5"))
    assert tab.band_editor.problems_label.text() == ""
    assert tab.apply_node(), tab.form_error.text()

    group("III", "Điểm thưởng", Role.BONUS)
    _new_leaf(window, tab, "III", "1", "Mô hình HTX điểm được nhân rộng", Method.BONUS_PER_ITEM)
    _fill(qtbot, tab.f_per_item, "1")
    _fill(qtbot, tab.f_max, "3")
    _fill(qtbot, tab.f_unit, "mô hình")
    assert tab.apply_node(), tab.form_error.text()
    group("IV", "Điểm trừ", Role.DEDUCTION)
    _new_leaf(window, tab, "IV", "1", "Chậm gửi báo cáo", Method.DEDUCTION_PER_ITEM)
    _fill(qtbot, tab.f_per_item, "0,5")
    _fill(qtbot, tab.f_max, "2")
    _fill(qtbot, tab.f_unit, "lần")
    assert tab.apply_node(), tab.form_error.text()

    assert _tree_rows(tab) == [
        ("I", "Công tác tổ chức, phối hợp", "Tiêu chí", "15"),
        ("1", "Tham mưu, tổ chức phong trào thi đua", "Chấm điểm trực tiếp", "10"),
        ("2", "Có quy chế phối hợp với Sở, ngành", "Có / không", "5"),
        ("II", "Phát triển hợp tác xã", "Tiêu chí", "30"),
        ("1", "Thành lập mới HTX so với chỉ tiêu", "Tỷ lệ thực hiện / chỉ tiêu", "25"),
        ("", "↳ theo tỷ lệ thực hiện/chỉ tiêu, tối đa 20 đ; vượt chỉ tiêu cộng thêm tối đa 5 đ", "", ""),
        ("2", "Tỷ lệ HTX làm ăn có lãi", "Theo mức (khoảng giá trị)", "5"),
        ("", "↳ theo mức (≥ 80%: 5 đ; 60–80%: 3 đ; 0–60%: 2 đ)", "", ""),
        ("III", "Điểm thưởng", "Điểm thưởng", "3"),
        ("1", "Mô hình HTX điểm được nhân rộng", "Cộng điểm theo số lần", "3"),
        ("", "↳ cộng 1 đ/mô hình, tối đa 3 đ", "", ""),
        ("IV", "Điểm trừ", "Điểm trừ", "2"),
        ("1", "Chậm gửi báo cáo", "Trừ điểm theo số lần", "2"),
        ("", "↳ trừ 0,5 đ/lần, tối đa 2 đ", "", ""),
    ]
    assert tab.warning.text() == "Tổng điểm tối đa của bảng: 48"   # bonus counts, deductions do not
    tab._select(window.session.season.criteria.find_code("II").id)
    assert tab.f_derived.text() == "= tổng điểm các tiêu chí con: 30"   # 20 + 5 for exceeding + 5 for the top band
    assert _rule_line(tab, bands) == "↳ theo mức (≥ 80%: 5 đ; 60–80%: 3 đ; 0–60%: 2 đ)"
    shots(window, "bang-tieu-chi")

    # ---- 3. the covenant: targets and actual figures, typed; the rate and the points follow -------------------
    cov = window.views["covenant"]
    window.tabs.setCurrentWidget(cov)
    assert [cov.criteria.item(i).text() for i in range(cov.criteria.count())] == [
        "I.2  Có quy chế phối hợp với Sở, ngành", "II.1  Thành lập mới HTX so với chỉ tiêu",
        "II.2  Tỷ lệ HTX làm ăn có lãi", "III.1  Mô hình HTX điểm được nhân rộng", "IV.1  Chậm gửi báo cáo"]
    members = ["Kon Tum", "Gia Lai", "Đắk Lắk", "Đắk Nông"]

    def covenant_rows():
        return [tuple(cov.model.index(r, c).data() for c in range(4)) for r in range(cov.model.rowCount())]

    cov.select(ratio)
    assert cov.title.text() == "II.1. Thành lập mới HTX so với chỉ tiêu"
    assert cov.method.text() == ("Cách chấm: Tỷ lệ thực hiện / chỉ tiêu · tối đa 25 điểm · đơn vị tính: HTX — "
                                 "điểm được tính từ số liệu khi nhập.")
    assert [cov.model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "Chỉ tiêu (kế hoạch)", "Thực hiện", "Tỷ lệ đạt", "Điểm cụm chấm"]
    for r, (target, actual) in enumerate((("10", "12"), ("10", "8"), ("12", "12"), ("8", "4"))):
        _type_into(qtbot, cov.table, cov.model.index(r, 0), target)
        _type_into(qtbot, cov.table, cov.model.index(r, 1), actual)
    # 120% earns the 20 points and 4 of the 5 for exceeding; under the target, points in proportion
    assert covenant_rows() == [("10", "12", "120%", "24"), ("10", "8", "80%", "16"), ("12", "12", "100%", "20"),
                               ("8", "4", "50%", "10")]
    assert cov.message.text() == ""
    shots(window, "giao-uoc-ty-le")
    cov.select(bands)
    for r, actual in enumerate(("85", "70,5", "55", "80")):
        _type_into(qtbot, cov.table, cov.model.index(r, 1), actual)
    assert covenant_rows() == [("", "85", "", "5"), ("", "70,5", "", "3"), ("", "55", "", "2"), ("", "80", "", "5")]
    shots(window, "giao-uoc-theo-muc")

    # ---- 4. the step bar: on to Chấm điểm; sign-off is off there and says why --------------------------------
    bar = window.step_bar
    assert bar.next.text() == "Chuyển sang chấm điểm" and bar.next.isEnabled()
    qtbot.mouseClick(bar.next, Qt.MouseButton.LeftButton)
    assert bar.state is State.SCORING
    assert {s: p.text() for s, p in bar.pills.items()} == {
        State.DRAFT: "✓ Dự thảo", State.SCORING: "Chấm điểm", State.VOTING: "Bình xét", State.SIGNED_OFF: "Ký duyệt"}
    assert bar.hint.full == "Có thể sửa điểm, danh sách đơn vị và tiêu chí."
    assert window.statusBar().currentMessage() == \
        "Đã chuyển sang bước Chấm điểm: có thể sửa điểm, danh sách đơn vị và tiêu chí."
    reason = ("Chỉ ký duyệt được ở bước Bình xét, sau khi Cụm đã bình xét và bỏ phiếu. Hãy chuyển sang bước "
              "bình xét trước (Kỳ thi đua → Chuyển sang bước bình xét, bỏ phiếu).")
    assert bar.sign.text() == "Ký duyệt…" and not bar.sign.isEnabled() and bar.sign.toolTip() == reason
    qtbot.mouseClick(bar.sign, Qt.MouseButton.LeftButton)      # a click on it says the reason on the status line
    assert window.statusBar().currentMessage() == "ⓘ " + reason
    shots(window, "buoc-cham-diem")

    # ---- 5. scores typed with keys, a block pasted from Excel ------------------------------------------------
    scores, table, model = _grid(window)
    window.tabs.setCurrentWidget(scores)
    _type_into(qtbot, table, _cell(model, "Kon Tum", "I.1"), "8,5")
    qtbot.waitUntil(lambda: _cell(model, "Kon Tum", "I.1").data() == "8,5")   # the delegate commits queued
    assert table.currentIndex() == _cell(model, "Kon Tum", "I.2")              # Enter moved down, as in Excel
    _type_into(qtbot, table, _cell(model, "Kon Tum", "I.2"), "5")
    qtbot.waitUntil(lambda: _group_text(model, "Kon Tum", "I") == "13,5")
    # two rows × three members copied in Excel, Vietnamese decimal commas, pasted with Ctrl+V
    QGuiApplication.clipboard().setText("9\t7,5\t6\r\n5\t0\t5\r\n")
    table.setCurrentIndex(_cell(model, "Gia Lai", "I.1"))
    qtbot.keyClick(table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert [[_cell(model, m, c).data() for m in members] for c in ("I.1", "I.2")] == [
        ["8,5", "9", "7,5", "6"], ["5", "5", "0", "5"]]
    for m, bonus, minus in zip(members, ("2", "0", "3", "1"), ("0", "1", "0", "0,5")):
        _type_into(qtbot, table, _cell(model, m, "III.1"), bonus)
        _type_into(qtbot, table, _cell(model, m, "IV.1"), minus)
    qtbot.waitUntil(lambda: _cell(model, "Đắk Nông", "IV.1").data() == "0,5")
    assert {code: [_group_text(model, m, code) for m in members] for code in ("I", "II", "III", "IV")} == {
        "I": ["13,5", "14", "7,5", "11"], "II": ["29", "19", "22", "15"], "III": ["2", "0", "3", "1"],
        "IV": ["0", "1", "0", "0,5"]}
    assert [_row_text(model, "total", m) for m in members] == ["44,5", "32", "32,5", "26,5"]
    assert [_row_text(model, "rank", m) for m in members] == ["1", "3", "2", "4"]
    assert scores.message.text() == ""
    shots(window, "bang-cham-diem")

    # ---- 6. the ranking -------------------------------------------------------------------------------------------
    ranking = window.views["ranking"]
    window.tabs.setCurrentWidget(ranking)

    def ranking_rows():
        return [tuple(ranking.model.index(r, c).data() for c in range(3)) for r in range(ranking.model.rowCount())]

    assert ranking_rows() == [("1", "Liên minh HTX tỉnh Kon Tum", "44,5"), ("2", "Liên minh HTX tỉnh Đắk Lắk", "32,5"),
                              ("3", "Liên minh HTX tỉnh Gia Lai", "32"), ("4", "Liên minh HTX tỉnh Đắk Nông", "26,5")]
    shots(window, "xep-hang")

    # ---- 7. Bình xét: award types, proposals from the ranking, the vote ------------------------------------------
    qtbot.mouseClick(bar.next, Qt.MouseButton.LeftButton)
    assert bar.state is State.VOTING and window.state_label.text() == "Bước: Bình xét, bỏ phiếu"
    assert window.statusBar().currentMessage() == ("Đã chuyển sang bước Bình xét: có thể sửa khen thưởng, ghi phiếu "
                                                   "bầu, quyết định đồng hạng và biên bản; điểm đã khóa.")
    awards = window.views["awards"]
    window.tabs.setCurrentWidget(awards)

    def award_type(name, precedence, count, exclusive):
        def fill(dialog):
            _fill(qtbot, dialog.name, name)
            dialog.precedence.setValue(precedence)
            dialog.has_count.setChecked(True)
            dialog.count.setValue(count)
            dialog.exclusive.setChecked(exclusive)
            dialog.accept()
        return fill

    listed = []

    def settings(dialog):
        assert dialog.pages.currentIndex() == 1 and dialog.awards_refusal is None
        _when_shown(AwardTypeDialog, award_type("Cờ thi đua của Liên minh HTX Việt Nam", 1, 1, True))
        dialog.btn_award_add.click()
        _when_shown(AwardTypeDialog, award_type("Bằng khen của Liên minh HTX Việt Nam", 2, 2, False))
        dialog.btn_award_add.click()
        listed.extend(tuple(dialog.award_table.item(r, c).text() for c in range(4))
                      for r in range(dialog.award_table.rowCount()))
        shots(dialog, "hinh-thuc-khen-thuong")
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    _when_shown(SeasonSettingsDialog, settings)
    awards.btn_types.click()
    award_rows = [("Cờ thi đua của Liên minh HTX Việt Nam", "1", "1 → tối đa 1", "không nhận thêm hình thức thấp hơn"),
                  ("Bằng khen của Liên minh HTX Việt Nam", "2", "2 → tối đa 2", "")]
    assert listed == award_rows
    assert window.statusBar().currentMessage() == "Đã lưu thiết lập kỳ thi đua."
    assert [tuple(awards.awards.item(r, c).text() for c in range(4)) for r in range(awards.awards.rowCount())] == \
        award_rows

    def nominee_rows():
        return [tuple(awards.nominees.item(r, c).text() for c in (0, 2, 3, 4))
                for r in range(awards.nominees.rowCount())]

    awards.btn_propose.click()
    assert nominee_rows() == [
        ("Liên minh HTX tỉnh Kon Tum", "Cờ thi đua của Liên minh HTX Việt Nam", "theo xếp hạng", "chưa bỏ phiếu"),
        ("Liên minh HTX tỉnh Đắk Lắk", "Bằng khen của Liên minh HTX Việt Nam", "theo xếp hạng", "chưa bỏ phiếu"),
        ("Liên minh HTX tỉnh Gia Lai", "Bằng khen của Liên minh HTX Việt Nam", "theo xếp hạng", "chưa bỏ phiếu")]
    verdicts = []
    for r, (votes_for, against) in enumerate(((3, 1), (4, 0), (4, 0))):
        awards.nominees.selectRow(r)
        awards.spins["votes_for"].setValue(votes_for)
        awards.spins["votes_against"].setValue(against)
        verdicts.append((awards.ballot_title.text(), awards.spins["present"].value(), awards.verdict.text()))
        awards.btn_vote.click()
    assert verdicts == [
        ("Liên minh HTX tỉnh Kon Tum — Cờ thi đua của Liên minh HTX Việt Nam", 4, "ĐẠT (3/4 phiếu đồng ý; cần 3)"),
        ("Liên minh HTX tỉnh Đắk Lắk — Bằng khen của Liên minh HTX Việt Nam", 4, "ĐẠT (4/4 phiếu đồng ý; cần 3)"),
        ("Liên minh HTX tỉnh Gia Lai — Bằng khen của Liên minh HTX Việt Nam", 4, "ĐẠT (4/4 phiếu đồng ý; cần 3)")]
    assert [row[3] for row in nominee_rows()] == [
        "ĐẠT (3/4 phiếu đồng ý; cần 3)", "ĐẠT (4/4 phiếu đồng ý; cần 3)", "ĐẠT (4/4 phiếu đồng ý; cần 3)"]
    assert awards.message.text() == ""
    shots(window, "khen-thuong")

    # ---- 8. the minutes: the meeting's facts typed, the preview follows --------------------------------------------
    minutes = window.views["minutes"]
    window.tabs.setCurrentWidget(minutes)
    assert "- Chủ trì: đồng chí ……." in minutes.preview.toPlainText()
    _fill(qtbot, minutes.fields["start_time"], "8 giờ 00")
    _fill(qtbot, minutes.fields["place"], "Kon Tum")
    _fill(qtbot, minutes.fields["venue"], "Hội trường Liên minh HTX tỉnh Kon Tum")
    _fill(qtbot, minutes.fields["chair"], "Trần Văn Hùng")
    _fill(qtbot, minutes.fields["chair_title"], "Chủ tịch Liên minh HTX tỉnh Kon Tum")
    _fill(qtbot, minutes.fields["secretary"], SECRETARY)
    for r, title in enumerate(("Chủ tịch", "Phó Chủ tịch", "Phó Chủ tịch", "Chánh Văn phòng")):
        minutes.attendance.item(r, 1).setText(title)
    qtbot.waitUntil(lambda: "Đơn vị thành viên có mặt: 4/4 đơn vị:" in minutes.preview.toPlainText(), timeout=5000)
    text = minutes.preview.toPlainText()
    assert ("Vào hồi 8 giờ 00, ngày 15 tháng 12 năm 2025, tại Hội trường Liên minh HTX tỉnh Kon Tum, Cụm thi đua "
            "các tỉnh Tây Nguyên tổ chức họp tổng kết, bình xét thi đua năm 2025.") in text
    assert "- Chủ trì: đồng chí Trần Văn Hùng, Chủ tịch Liên minh HTX tỉnh Kon Tum." in text
    assert f"- Thư ký: đồng chí {SECRETARY}." in text
    assert "Kon Tum, ngày 15 tháng 12 năm 2025" in text
    qtbot.waitUntil(lambda: window.session.season.meeting.chair == "Trần Văn Hùng", timeout=5000)   # saved
    shots(window, "bien-ban")

    # ---- 9. sign-off from the step bar: the banner, and scores locked with the reason said -------------------------
    assert bar.next.text() == "Ký duyệt…" and bar.next.isEnabled()

    def sign(dialog):
        assert dialog.signer.text() == SECRETARY          # the name given at the first start is offered
        _fill(qtbot, dialog.signer, "Trần Văn Hùng")
        dialog.accept()

    _when_shown(SignOffDialog, sign)
    qtbot.mouseClick(bar.next, Qt.MouseButton.LeftButton)
    assert window.session.season.state is State.SIGNED_OFF and bar.state is State.SIGNED_OFF
    assert window.statusBar().currentMessage() == "Đã ký duyệt (bản 1)."
    assert window.banner.isVisible()
    assert window.banner.text().startswith("✔ Đã ký duyệt bởi Trần Văn Hùng lúc ")
    assert window.banner.text().endswith(" — số liệu đã khóa. Muốn sửa, chọn Kỳ thi đua → Mở lại.")
    assert (bar.next.text(), bar.next.isEnabled(), bar.back.isVisible()) == ("Mở lại…", True, False)
    window.tabs.setCurrentWidget(scores)
    table.setFocus()
    table.setCurrentIndex(_cell(model, "Đắk Nông", "I.1"))
    qtbot.keyClicks(table, "9")
    assert scores.message.text() == \
        "⚠ Kỳ thi đua đã ký duyệt nên không thể thay đổi. Muốn sửa, hãy mở lại và ghi rõ lý do."
    assert _cell(model, "Đắk Nông", "I.1").data() == "6" and table.indexWidget(_cell(model, "Đắk Nông", "I.1")) is None
    shots(window, "da-ky-duyet")

    # ---- 10. export through File → Xuất văn bản: the ranking PDF and the scoring-table workbook -------------------
    out = tmp_path / "van-ban"
    monkeypatch.setattr("thidua.ui.documents.QFileDialog.getSaveFileName",
                        lambda parent, title, name, pattern: (str(out / name), ""))
    window.export_menu.aboutToShow.emit()
    exported = {}
    for label in ("Bảng xếp hạng, xếp loại thi đua (PDF)…", "Bảng tổng hợp kết quả chấm điểm thi đua (Excel)…"):
        window.last_export = None
        next(a for a in window.export_menu.actions() if a.text() == label).trigger()
        qtbot.waitUntil(lambda: window.last_export is not None or window.last_error is not None, timeout=15000)
        assert window.last_error is None
        assert window.statusBar().currentMessage() == f"Đã xuất: {window.last_export}"
        exported[label] = window.last_export
    pdf = exported["Bảng xếp hạng, xếp loại thi đua (PDF)…"]
    assert pdf == out / "ranking-2025.pdf"
    lines = [ln.strip() for ln in PdfReader(pdf).pages[0].extract_text().splitlines()]
    assert lines[0].startswith("Ký duyệt lần 1 · Người ký duyệt: Trần Văn Hùng · ")
    first = lines.index("Ghi chú") + 1           # the table's first row follows its header
    window.tabs.setCurrentWidget(ranking)
    assert tuple(lines[first:first + 3]) == ranking_rows()[0] == ("1", "Liên minh HTX tỉnh Kon Tum", "44,5")
    sheet = openpyxl.load_workbook(exported["Bảng tổng hợp kết quả chấm điểm thi đua (Excel)…"]).active
    rows = [row for row in sheet.iter_rows(values_only=True)]
    header = rows.index(("STT", "Nội dung và chỉ tiêu thi đua", "Điểm tối đa", *members))
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3, 7)] == members
    for offset, code in ((2, "I.1"), (3, "I.2"), (5, "II.1"), (6, "II.2"), (8, "III.1"), (10, "IV.1")):
        assert [parse_number(str(v)) for v in rows[header + offset][3:]] == \
            [parse_number(_cell(model, m, code).data()) for m in members], code
    assert rows[header + 11][1:3] == ("Tổng cộng", 48)

    # ---- 11. reopen with a reason at Chấm điểm, correct a score, sign off again ---------------------------------
    asked = {}

    def reopen(dialog):
        asked.update(step=dialog.step, choices=[b.text() for b in dialog.steps.buttons()], actor=dialog.actor.text())
        dialog.reason.setFocus()
        _keys(qtbot, dialog.reason, REASON)
        dialog.accept()

    _when_shown(ReopenDialog, reopen)
    qtbot.mouseClick(bar.next, Qt.MouseButton.LeftButton)
    assert asked == dict(step=State.SCORING, choices=["Chấm điểm (thường dùng)", "Bình xét", "Dự thảo"],
                         actor=SECRETARY)
    assert window.banner.isHidden() and bar.state is State.SCORING
    assert window.statusBar().currentMessage() == \
        "Đã mở lại ở bước Chấm điểm: có thể sửa điểm, danh sách đơn vị và tiêu chí."
    window.tabs.setCurrentWidget(scores)
    _type_into(qtbot, table, _cell(model, "Đắk Nông", "I.1"), "9")
    qtbot.waitUntil(lambda: _cell(model, "Đắk Nông", "I.1").data() == "9")
    assert (_group_text(model, "Đắk Nông", "I"), _row_text(model, "total", "Đắk Nông")) == ("14", "29,5")
    shots(window, "mo-lai-sua-diem")
    qtbot.mouseClick(bar.next, Qt.MouseButton.LeftButton)
    assert bar.state is State.VOTING and bar.next.text() == "Ký duyệt…"
    window.tabs.setCurrentWidget(ranking)
    assert ranking_rows()[-1] == ("4", "Liên minh HTX tỉnh Đắk Nông", "29,5")
    _when_shown(SignOffDialog, sign)
    qtbot.mouseClick(bar.next, Qt.MouseButton.LeftButton)
    assert window.session.season.revision == 2
    assert window.statusBar().currentMessage() == "Đã ký duyệt (bản 2)."
    assert window.banner.isVisible() and window.banner.text().startswith("✔ Đã ký duyệt bởi Trần Văn Hùng lúc ")
    shots(window, "ky-duyet-lan-2")

    # the audit log: every change by the secretary named at the first start, the reopening with its reason
    log = season_log(window.session.db.uow(), window.session.season_id)
    assert {r.actor for r in log} == {SECRETARY}
    reopened = [r for r in log if (r.entity, r.field, r.new) == ("season", "state", "scoring") and r.reason]
    assert [(r.old, r.reason) for r in reopened] == [("signed_off", REASON)]
    assert [(r.old, r.new) for r in log if (r.entity, r.field) == ("season", "state")][-1] == ("voting", "signed_off")
    assert len(shots.taken) == 14
