"""Qt's own texts in Vietnamese: standard buttons, the (non-native) file dialog, the edit menu; English again
when the language is switched in Cài đặt."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QLineEdit, QMessageBox, QPushButton, QToolButton, QTreeView

SHOTS = os.environ.get("THIDUA_SHOTS")


@pytest.fixture
def vietnamese_qt(qapp):
    from thidua.ui.qt_vietnamese import apply_language

    apply_language("vi")
    yield
    apply_language("en")


def _plain(text: str) -> str:
    return text.replace("&", "").split("\t")[0]


def _yes_no() -> list[str]:
    box = QMessageBox(QMessageBox.Icon.Question, "thidua", "Xóa đơn vị này?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    texts = [_plain(box.button(b).text()) for b in (QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No)]
    box.deleteLater()
    return texts


def test_message_box_buttons_say_co_and_khong(vietnamese_qt):
    assert _yes_no() == ["Có", "Không"]
    box = QMessageBox(QMessageBox.Icon.Warning, "thidua", "?", QMessageBox.StandardButton.Save
                      | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
    assert sorted(_plain(b.text()) for b in box.buttons()) == ["Hủy", "Không lưu", "Lưu"]


def test_the_file_dialog_speaks_vietnamese(vietnamese_qt, qtbot, tmp_path):
    (tmp_path / "du-lieu.thidua").write_bytes(b"")
    dialog = QFileDialog(None, "Lưu bản sao dữ liệu", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    dialog.resize(900, 560)
    dialog.show()
    qtbot.waitExposed(dialog)
    labels = {_plain(w.text()) for w in dialog.findChildren(QLabel)}
    assert {"Tìm trong:", "Tên tệp:", "Loại tệp:"} <= labels
    assert {_plain(b.text()) for b in dialog.findChildren(QPushButton) if b.isVisible()} == {"Lưu", "Hủy"}
    tips = {b.toolTip() for b in dialog.findChildren(QToolButton)}
    assert {"Lùi lại", "Tiến tới", "Thư mục cha", "Tạo thư mục mới", "Dạng danh sách", "Dạng chi tiết"} <= tips
    model = dialog.findChild(QTreeView).model()
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(4)]
    assert headers == ["Tên", "Kích thước", "Loại", "Ngày sửa"]
    if SHOTS:
        dialog.grab().save(str(Path(SHOTS) / "hop-thoai-tep.png"))


def test_the_edit_menu_of_a_text_field(vietnamese_qt, qtbot):
    edit = QLineEdit("Hà Tĩnh")
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    texts = [_plain(a.text()) for a in menu.actions() if a.text()]
    assert texts[:6] == ["Hoàn tác", "Làm lại", "Cắt", "Sao chép", "Dán", "Xóa"]
    assert "Chọn tất cả" in texts


def test_english_again_after_switching_in_the_settings(make_window):
    from thidua.ui.qt_vietnamese import apply_language

    window = make_window()
    apply_language("vi")
    try:
        window.apply_settings("en", "tester")
        assert _yes_no() == ["Yes", "No"]
        window.apply_settings("vi", "tester")
        assert _yes_no() == ["Có", "Không"]
    finally:
        apply_language("en")   # the shared application: other tests see Qt's English


def test_texts_without_an_entry_stay_as_qt_wrote_them(vietnamese_qt):
    """A text the table does not hold is Qt's own, never blank: shortcut names in the menus read "Ctrl+Z",
    and the image readers (which test their own error texts) still read the guide's screenshots."""
    from PySide6.QtGui import QImage, QKeySequence

    from thidua.resources import resources_dir

    assert QKeySequence("Ctrl+Shift+Z").toString(QKeySequence.SequenceFormat.NativeText) == "Ctrl+Shift+Z"
    image = QImage(str(resources_dir() / "help" / "vi" / "images" / "bang-cham-diem.png"))
    assert not image.isNull() and image.width() > 500
