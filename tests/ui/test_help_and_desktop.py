"""Help and the usual desktop things: F1's guide, the About box, Ctrl+F, printing each tab's paper, the chart as PNG."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from thidua import wording
from thidua.domain.text import fold
from thidua.resources import resources_dir

HELP = resources_dir() / "help"


def _pdf_text(data: bytes) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def _activate(window, qtbot) -> None:
    """Shortcuts reach the active window only: make the main window the one a user is typing in."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)


# ---- the guide ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_link_and_image_of_the_guide_resolves(language):
    folder = HELP / language
    pages = sorted(folder.glob("*.html"))
    assert len(pages) >= 12
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert re.search(r"<title>[^<]+</title>", text), page.name
        targets = re.findall(r'<a href="([^"]+)"', text) + re.findall(r'<img src="([^"]+)"', text)
        for target in targets:
            url = urlparse(target)
            if url.scheme in ("http", "https", "mailto"):
                continue
            assert url.scheme == "", f"{page.name}: {target}"
            path = (page.parent / unquote(url.path)).resolve()
            assert path.is_file(), f"{page.name} names {target}, which is not in resources/help/{language}"
        for src in re.findall(r'<img src="([^"]+)"', text):
            image = QImage(str(page.parent / src))
            assert not image.isNull() and image.width() <= 1366 and image.height() <= 768, f"{page.name}: {src}"


def test_the_vietnamese_and_english_guides_have_the_same_pages_and_images():
    def names(language, pattern):
        return sorted(p.relative_to(HELP / language).as_posix() for p in (HELP / language).rglob(pattern))

    assert names("vi", "*.html") == names("en", "*.html")
    assert names("vi", "*.png") == names("en", "*.png")
    # every page is listed in the contents, and the two contents list them in the same order
    from thidua.ui.help_window import contents

    vi, en = contents(HELP / "vi"), contents(HELP / "en")
    assert [p for p, _t in vi] == [p for p, _t in en]
    assert sorted(p for p, _t in vi) == names("vi", "*.html")


def test_the_bundle_carries_the_guide():
    """installer/thidua.spec collects resources/ whole, which holds help/; the licence goes beside it."""
    spec = (Path(__file__).resolve().parents[2] / "installer" / "thidua.spec").read_text(encoding="utf-8")
    assert 'datas = _files(ROOT / "resources", "resources")' in spec
    assert 'datas += [(str(ROOT / "LICENSE"), "resources")]' in spec
    assert HELP.parent == resources_dir() and (HELP / "vi" / "index.html").is_file()


def test_f1_opens_the_guide_at_the_current_tabs_page(make_window, qtbot):
    window = make_window()
    window.tabs.setCurrentWidget(window.views["ranking"])
    _activate(window, qtbot)
    qtbot.keyClick(window.views["ranking"].table, Qt.Key.Key_F1)
    helper = window.help_window
    assert helper.isVisible()
    assert helper.current_page == "xep-hang.html"
    assert helper.browser.documentTitle() == "Xếp hạng và đồng điểm"
    assert helper.toc.currentItem().text() == "Xếp hạng và đồng điểm"
    # the scoring table's page, then back and forward
    window.activateWindow()
    window.tabs.setCurrentWidget(window.views["scores"])
    window.show_help()
    assert helper.current_page == "cham-diem.html"
    assert "Dán từ Excel" in helper.browser.toPlainText()
    helper.back.click()
    assert helper.current_page == "xep-hang.html"
    helper.forward.click()
    assert helper.current_page == "cham-diem.html"
    # a page picked in the contents
    row = next(i for i in range(helper.toc.count()) if helper.toc.item(i).data(Qt.ItemDataRole.UserRole)
               == "ky-duyet.html")
    helper.toc.setCurrentRow(row)
    assert helper.current_page == "ky-duyet.html"


def test_the_help_menu_and_english_guide(make_window):
    window = make_window()
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles[-1] == "&Trợ giúp"
    assert window.act_help.text() == "Hướng dẫn sử dụng (F1)"
    assert window.act_help.shortcut().toString() == "F1"
    window.apply_settings("en", "tester")
    assert window.menuBar().actions()[-1].text() == "&Help"
    window.tabs.setCurrentWidget(window.views["covenant"])
    helper = window.show_help()
    assert helper.folder == HELP / "en"
    assert helper.browser.documentTitle() == "Covenant targets and actual figures"
    wording.set_language("vi")


# ---- About ------------------------------------------------------------------------------------------------
def test_about_shows_the_version_the_licence_and_the_data_file(make_window):
    import thidua

    window = make_window()
    dialog = window.show_about(exec_dialog=False)
    text = dialog.text.text()
    assert thidua.__version__ in text
    assert "MIT" in text
    path = Path(make_window.db.url.removeprefix("sqlite:///")).resolve()
    assert dialog.data_name == "demo.sqlite" == path.name
    assert f"<b>{path.name}</b>" in text and str(path.parent) in text
    assert "Python 3." in text and "Qt 6." in text
    assert "Permission is hereby granted" in dialog.licence.toPlainText()
    assert dialog.licence.isHidden()
    dialog.btn_licence.click()
    assert not dialog.licence.isHidden()


def test_about_without_a_data_file(qtbot, tmp_path):
    from thidua.ui.about import AboutDialog

    dialog = AboutDialog(None)
    qtbot.addWidget(dialog)
    assert dialog.data_name == "chưa mở tệp dữ liệu"
    assert "chưa mở tệp dữ liệu" in dialog.text.text()


# ---- Ctrl+F ------------------------------------------------------------------------------------------------
def test_ctrl_f_thai_binh_selects_thai_binhs_column(make_window, qtbot):
    window = make_window()
    window.tabs.setCurrentWidget(window.views["ranking"])
    _activate(window, qtbot)
    qtbot.keyClick(window.views["ranking"].table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    finder = window.find_dialog
    assert finder.isVisible()
    qtbot.keyClicks(finder.query, "thai binh")
    assert [m.label for m in finder.matches] == ["Thái Bình — Liên minh HTX tỉnh Thái Bình"]
    qtbot.keyClick(finder.query, Qt.Key.Key_Return)
    tab = window.views["scores"]
    assert window.tabs.currentWidget() is tab
    season = window.session.season
    thai_binh = next(m.id for m in season.members if m.short_name == "Thái Bình")
    col = tab.table.currentIndex().column()
    assert tab.model.member_at(col) == thai_binh
    assert tab.table.selectionModel().isColumnSelected(col)
    # the column is in view: its header section lies inside the viewport
    x = tab.table.columnViewportPosition(col)
    assert 0 <= x < tab.table.viewport().width()
    qtbot.keyClick(finder, Qt.Key.Key_Escape)
    assert not finder.isVisible()


def test_find_a_criterion_by_code_and_by_title(make_window, qtbot):
    window = make_window()
    finder = window.find("II.3")
    season = window.session.season
    node = season.criteria.find_code("II.3")
    assert finder.matches[0].key == node.id
    finder.next_match()
    tab = window.views["scores"]
    row = tab.table.currentIndex().row()
    assert tab.model.rows[row].node_id == node.id
    assert tab.table.selectionModel().isRowSelected(row)
    # by title, accents optional: every match has the words; F3 walks through them
    finder.query.setText("dao tao boi duong")
    titles = [m.label for m in finder.matches]
    assert len(titles) >= 2
    assert all("dao tao, boi duong" in fold(t) for t in titles)
    seen = []
    _activate(finder, qtbot)
    for _ in titles:
        qtbot.keyClick(finder.query, Qt.Key.Key_F3)
        seen.append(tab.model.rows[tab.table.currentIndex().row()].node_id)
    assert seen == [m.key for m in finder.matches]
    finder.query.setText("không có gì như thế")
    assert finder.matches == [] and "Không tìm thấy" in finder.status.text()


# ---- printing and the chart ----------------------------------------------------------------------------------
@pytest.mark.parametrize("tab, kind, title", [("ranking", "ranking", "XẾP HẠNG"),
                                              ("scores", "scoring-table", "CHẤM ĐIỂM")])
def test_print_button_prints_the_current_tabs_own_paper(make_window, tab, kind, title):
    from thidua.ui.documents import pdf_bytes

    window = make_window(year=2017)
    from PySide6.QtWidgets import QToolBar

    bar = window.findChild(QToolBar, "season_bar")
    assert window.act_print in bar.actions()
    assert window.act_print.shortcut().toString() == "Ctrl+P"
    window.tabs.setCurrentWidget(window.views[tab])
    dialog = window.print_preview(exec_dialog=False)
    assert dialog is not None
    assert window.last_print[0] == kind
    data = window.last_print[1]
    assert data == pdf_bytes(window.session.season, kind)
    assert title in _pdf_text(data).upper()


def test_save_the_ranking_chart_as_png(make_window, tmp_path):
    window = make_window(year=2017)
    chart = window.views["ranking"].chart
    assert chart.btn_save.text() == "Lưu ảnh…"
    assert [a.text() for a in chart.actions()] == ["Lưu biểu đồ thành ảnh PNG…"]
    out = tmp_path / "out"
    path = chart.save_png(out / "bieu-do")
    assert path == out / "bieu-do.png"
    image = QImage(str(path))
    rows = len(window.views["ranking"].result.rows)
    assert image.width() == chart.PNG_WIDTH == 1200
    assert image.height() == chart.fontMetrics().height() + 8 + chart.PNG_ROW * rows + 16
    # the bars are drawn: the winner's green bar is in the picture, the button is not
    greens = sum(1 for x in range(0, image.width(), 4)
                 if image.pixelColor(x, chart.fontMetrics().height() + 8 + chart.PNG_ROW // 2).name() == "#2e7d32")
    assert greens > 100
    assert list(out.iterdir()) == [path]   # no temporary file left beside it


def test_saving_the_chart_into_a_missing_place_is_one_sentence(make_window, tmp_path):
    window = make_window(year=2017)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert window.views["ranking"].chart.save_png(blocker / "chart.png") is None
    assert window.last_error and "Traceback" not in window.last_error
    assert not (tmp_path / "a-file" / "chart.png").exists()
