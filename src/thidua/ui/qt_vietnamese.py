"""Vietnamese for the texts Qt draws itself (standard buttons, the file dialog, edit menus, print preview).

Why a table in code: Qt ships no qtbase_vi.qm, so without this a Vietnamese secretary meets
"Yes/No", "Look in:" and "Cu&t" in the middle of a Vietnamese program. The contexts and source
texts below are Qt's own, read from the qtbase_*.qm catalogues PySide6 ships (Qt 6.11), so they
match what Qt asks for; a text Qt adds later simply stays English.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

_BUTTONS = {
    "OK": "Đồng ý", "Save": "Lưu", "Save All": "Lưu tất cả", "Open": "Mở", "&Yes": "&Có",
    "Yes to &All": "Có với tất &cả", "&No": "&Không", "N&o to All": "Không với tất c&ả", "Abort": "Hủy bỏ",
    "Retry": "Thử lại", "Ignore": "Bỏ qua", "Close": "Đóng", "Cancel": "Hủy", "Discard": "Không lưu",
    "Help": "Trợ giúp", "Apply": "Áp dụng", "Reset": "Đặt lại", "Restore Defaults": "Khôi phục mặc định",
    "Don't Save": "Không lưu", "Close without Saving": "Đóng, không lưu",
    "&OK": "Đồng ý", "&Cancel": "&Hủy", "&Save": "&Lưu", "&Close": "Đó&ng",
}

_EDITING = {
    "&Undo": "&Hoàn tác", "&Redo": "&Làm lại", "Cu&t": "&Cắt", "&Copy": "Sao &chép", "&Paste": "&Dán",
    "Delete": "Xóa", "Select All": "Chọn tất cả", "Copy &Link Location": "Sao chép địa chỉ &liên kết",
}

_FILE_KINDS = {
    "Alias": "Bí danh", "Drive": "Ổ đĩa", "File": "Tệp", "File Folder": "Thư mục", "Folder": "Thư mục",
    "Shortcut": "Lối tắt", "Unknown": "Không rõ",
}

_FILE_DIALOG = {
    **_FILE_KINDS,
    "Look in:": "Tìm trong:", "&Look in:": "&Tìm trong:", "File &name:": "&Tên tệp:",
    "Files of type:": "Loại tệp:", "Files of &type:": "&Loại tệp:",
    "Open": "Mở", "&Open": "&Mở", "&Save": "&Lưu", "&Choose": "&Chọn", "Save As": "Lưu thành",
    "Find Directory": "Chọn thư mục", "Directory:": "Thư mục:", "Directories": "Thư mục", "Files": "Tệp",
    "Back": "Lùi lại", "Forward": "Tiến tới", "Parent Directory": "Thư mục cha",
    "Go back": "Quay lại", "Go forward": "Đi tới", "Go to the parent directory": "Lên thư mục cha",
    "Create New Folder": "Tạo thư mục mới", "Create a New Folder": "Tạo thư mục mới",
    "List View": "Dạng danh sách", "Detail View": "Dạng chi tiết",
    "Change to list view mode": "Xem dạng danh sách", "Change to detail view mode": "Xem dạng chi tiết",
    "New Folder": "Thư mục mới", "&New Folder": "Thư mục &mới", "Delete": "Xóa", "&Delete": "&Xóa",
    "&Rename": "Đổi &tên", "Show &hidden files": "Hiện tệp ẩ&n", "Show ": "Hiện ", "Remove": "Bỏ khỏi danh sách",
    "Recent Places": "Nơi mở gần đây", "Sidebar": "Thanh bên",
    "List of places and bookmarks": "Danh sách các nơi và dấu trang",
    "All Files (*)": "Mọi tệp (*)", "All files (*)": "Mọi tệp (*)", "My Computer": "Máy tính",
    "%1 File": "Tệp %1",
    "%1 already exists.\nDo you want to replace it?": "%1 đã có.\nBạn có muốn ghi đè lên tệp đó không?",
    "%1\nFile not found.\nPlease verify the correct file name was given.":
        "%1\nKhông tìm thấy tệp.\nHãy kiểm tra lại tên tệp.",
    "%1\nDirectory not found.\nPlease verify the correct directory name was given.":
        "%1\nKhông tìm thấy thư mục.\nHãy kiểm tra lại tên thư mục.",
    "'%1' is write protected.\nDo you want to delete it anyway?":
        "“%1” đang được bảo vệ chống ghi.\nBạn vẫn muốn xóa?",
    "Are you sure you want to delete '%1'?": "Bạn có chắc muốn xóa “%1”?",
    "Could not delete directory.": "Không xóa được thư mục.",
}

_NAME_REFUSED = ("<b>Không dùng được tên “%1”.</b><p>Hãy đặt tên khác, ngắn hơn hoặc không có dấu chấm câu.")

_FILE_MODEL = {
    **_FILE_KINDS,
    "Name": "Tên", "Size": "Kích thước", "Type": "Loại", "Kind": "Loại", "Date Modified": "Ngày sửa",
    "Computer": "Máy tính", "My Computer": "Máy tính", "%1 bytes": "%1 byte", "%1 byte(s)": "%1 byte",
    "Invalid filename": "Tên tệp không hợp lệ",
    '<b>The name "%1" can not be used.</b><p>Try using another name, with fewer characters or no punctuations '
    'marks.': _NAME_REFUSED,
    '<b>The name "%1" cannot be used.</b><p>Try using another name, with fewer characters or no punctuation '
    'marks.': _NAME_REFUSED,
}

_PRINT_PREVIEW = {
    "Print Preview": "Xem trước khi in", "Print": "In", "Next page": "Trang sau", "Previous page": "Trang trước",
    "First page": "Trang đầu", "Last page": "Trang cuối", "Fit width": "Vừa chiều rộng", "Fit page": "Vừa trang",
    "Zoom in": "Phóng to", "Zoom out": "Thu nhỏ", "Portrait": "Khổ dọc", "Landscape": "Khổ ngang",
    "Show single page": "Xem từng trang", "Show facing pages": "Xem hai trang cạnh nhau",
    "Show overview of all pages": "Xem tất cả các trang", "Page setup": "Thiết lập trang",
    "Page Setup": "Thiết lập trang", "Export to PDF": "Xuất ra PDF", "Export to PostScript": "Xuất ra PostScript",
}

_SCROLL_BAR = {
    "Scroll here": "Cuộn tới đây", "Top": "Trên cùng", "Bottom": "Dưới cùng", "Left edge": "Mép trái",
    "Right edge": "Mép phải", "Page up": "Lên một trang", "Page down": "Xuống một trang",
    "Page left": "Sang trái một trang", "Page right": "Sang phải một trang", "Scroll up": "Cuộn lên",
    "Scroll down": "Cuộn xuống", "Scroll left": "Cuộn sang trái", "Scroll right": "Cuộn sang phải",
}

# context (the Qt class that asks) → source text → Vietnamese
TABLE: dict[str, dict[str, str]] = {
    "QPlatformTheme": _BUTTONS, "QDialogButtonBox": _BUTTONS, "QGnomeTheme": _BUTTONS, "QCocoaTheme": _BUTTONS,
    "QMessageBox": {"Show Details...": "Xem chi tiết…", "Hide Details...": "Ẩn chi tiết…", "OK": "Đồng ý",
                    "Help": "Trợ giúp"},
    "QErrorMessage": {"&OK": "Đồng ý", "&Show this message again": "&Hiện lại thông báo này",
                      "Warning:": "Cảnh báo:", "Information:": "Thông tin:", "An error occurred": "Đã có lỗi"},
    "QFileDialog": _FILE_DIALOG,
    "QFileSystemModel": _FILE_MODEL,
    "QAbstractFileIconProvider": _FILE_KINDS,
    "QLineEdit": _EDITING,
    "QWidgetTextControl": _EDITING,
    "QUnicodeControlCharacterMenu": {"Insert Unicode control character": "Chèn ký tự điều khiển Unicode"},
    "QAbstractSpinBox": {"&Select All": "&Chọn tất cả", "&Step up": "&Tăng", "Step &down": "&Giảm"},
    "QInputDialog": {"Enter a value:": "Nhập giá trị:"},
    "QProgressDialog": {"Cancel": "Hủy"},
    "QPrintPreviewDialog": _PRINT_PREVIEW,
    "QScrollBar": _SCROLL_BAR,
}


class VietnameseQt(QTranslator):
    """Answers Qt's own requests for a translation from TABLE; anything else stays as Qt wrote it."""

    def translate(self, context, source, disambiguation=None, n=-1):   # noqa: D401 - Qt's signature
        if isinstance(context, bytes):
            context = context.decode("utf-8", "replace")
        # None, not "": Qt takes any non-null string as the translation, and an empty one would blank every
        # text Qt has no entry for here (shortcut names in menus, error texts its image readers test for)
        return TABLE.get(context or "", {}).get(source or "")

    def isEmpty(self) -> bool:
        return False


_installed: VietnameseQt | None = None


def apply_language(language: str) -> None:
    """Install the Vietnamese table on the running application for "vi", take it away otherwise."""
    global _installed
    app = QCoreApplication.instance()
    if app is None:
        return
    if language == "vi" and _installed is None:
        _installed = VietnameseQt(app)
        app.installTranslator(_installed)
    elif language != "vi" and _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
