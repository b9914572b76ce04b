"""Opening workbooks people send us without trusting them: size limits, no macros, no links, clear refusals."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

MAX_FILE_BYTES = 25 * 1024 * 1024          # a scoring table is a few hundred KB
MAX_UNPACKED_BYTES = 120 * 1024 * 1024     # guards against zip bombs before any XML is parsed
MAX_ROWS = 5000                            # rows scanned per sheet
MAX_COLS = 300
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # OLE container: old .xls, or an encrypted .xlsx

_REASONS = {
    "missing": "Không tìm thấy tệp “{name}”. Hãy kiểm tra lại đường dẫn.",
    "unreadable": "Không đọc được tệp “{name}” ({detail}). Hãy kiểm tra quyền truy cập rồi thử lại.",
    "empty": "Tệp “{name}” trống. Hãy chọn đúng tệp Excel (.xlsx).",
    "too_big": "Tệp “{name}” quá lớn ({size}) để là một bảng chấm điểm; giới hạn là {limit}. "
               "Hãy chỉ giữ lại trang tính chứa bảng rồi lưu lại.",
    "password": "Tệp “{name}” được đặt mật khẩu nên không đọc được. Hãy mở trong Excel, gỡ mật khẩu "
                "(Tệp → Thông tin → Bảo vệ sổ làm việc) rồi lưu lại và nhập lại.",
    "old_format": "Tệp “{name}” là định dạng Excel cũ (.xls). Hãy mở trong Excel và “Lưu thành” "
                  "Sổ làm việc Excel (.xlsx) rồi nhập lại.",
    "not_workbook": "Tệp “{name}” không phải là tệp Excel (.xlsx). Hãy chọn đúng tệp bảng chấm điểm.",
    "corrupt": "Tệp “{name}” bị hỏng hoặc không đầy đủ nên không đọc được. Hãy mở thử trong Excel, "
               "lưu lại rồi nhập lại.",
    "no_table": "Không tìm thấy bảng chấm điểm trong tệp “{name}”: cần một hàng tiêu đề có cột “STT”, "
                "cột “Nội dung/Tiêu chí” và các cột tên đơn vị.",
    "no_members": "Bảng trong tệp “{name}” (trang “{sheet}”) không có cột đơn vị thành viên nào bên phải "
                  "cột điểm tối đa.",
    "no_criteria": "Bảng trong tệp “{name}” (trang “{sheet}”) không có tiêu chí nào dưới hàng tiêu đề.",
    "not_a_form": "Tệp “{name}” không phải phiếu tự chấm điểm do thidua tạo (không có dấu nhận dạng). "
                  "Hãy dùng phiếu đã xuất từ phần mềm.",
}


@dataclass(frozen=True)
class Problem:
    """One reason a file was refused, located as a person finds it: sheet, row, column."""

    sheet: str
    row: int | None
    column: str | None
    message: str

    def where(self) -> str:
        parts = [f"trang “{self.sheet}”"] if self.sheet else []
        if self.row is not None:
            parts.append(f"hàng {self.row}")
        if self.column:
            parts.append(f"cột {self.column}")
        return ", ".join(parts)

    def sentence(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message


class WorkbookError(Exception):
    """A workbook we will not read or apply; `sentence()` says why in Vietnamese, `problems` lists details."""

    def __init__(self, reason: str, name: str = "", problems: list[Problem] | None = None, **data) -> None:
        self.reason = reason
        self.name = name
        self.data = data
        self.problems = list(problems or [])
        super().__init__(f"{reason}: {name} {data}")

    def sentence(self) -> str:
        template = _REASONS.get(self.reason)
        if template is None:
            head = self.data.get("message") or self.reason
        else:
            head = template.format(name=self.name, **self.data)
        return head


@dataclass
class Opened:
    workbook: object
    name: str
    warnings: list[str] = field(default_factory=list)


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB".replace(".", ",")


def read_bytes(path: Path | str) -> tuple[bytes, str]:
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise WorkbookError("missing", name) from None
    except OSError as exc:
        raise WorkbookError("unreadable", name, detail=exc.strerror or str(exc)) from None
    if size > MAX_FILE_BYTES:
        raise WorkbookError("too_big", name, size=_size(size), limit=_size(MAX_FILE_BYTES))
    try:
        return path.read_bytes(), name
    except OSError as exc:
        raise WorkbookError("unreadable", name, detail=exc.strerror or str(exc)) from None


def check_container(data: bytes, name: str) -> None:
    """Refuse what is not an .xlsx package, before openpyxl parses a single byte of XML."""
    if not data:
        raise WorkbookError("empty", name)
    if len(data) > MAX_FILE_BYTES:
        raise WorkbookError("too_big", name, size=_size(len(data)), limit=_size(MAX_FILE_BYTES))
    if data.startswith(CFB_MAGIC):
        # Excel stores a password-protected .xlsx inside an OLE container with an EncryptedPackage stream
        if "EncryptedPackage".encode("utf-16-le") in data or b"EncryptionInfo" in data \
                or "EncryptionInfo".encode("utf-16-le") in data:
            raise WorkbookError("password", name)
        raise WorkbookError("old_format", name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            unpacked = sum(i.file_size for i in infos)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise WorkbookError("not_workbook" if not data.startswith(b"PK") else "corrupt", name) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise WorkbookError("too_big", name, size=_size(unpacked), limit=_size(MAX_UNPACKED_BYTES))
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/workbook") for n in names):
        raise WorkbookError("not_workbook", name)


def open_workbook(path: Path | str, data_only: bool = True, read_only: bool = False) -> Opened:
    """Load a workbook for reading values only: macros dropped, external links neither kept nor followed.

    openpyxl never runs VBA and, with data_only, reads the values Excel cached instead of
    evaluating formulas — so nothing in the file executes and no linked file is opened.
    """
    data, name = read_bytes(path)
    return open_bytes(data, name, data_only, read_only)


def open_bytes(data: bytes, name: str, data_only: bool = True, read_only: bool = False) -> Opened:
    import warnings

    from openpyxl import load_workbook

    check_container(data, name)
    caught: list[str] = []
    try:
        with warnings.catch_warnings(record=True) as ws:
            warnings.simplefilter("always")
            wb = load_workbook(io.BytesIO(data), data_only=data_only, keep_vba=False, keep_links=False,
                               rich_text=False, read_only=read_only)
            caught = [str(w.message) for w in ws]
    except WorkbookError:
        raise
    except MemoryError:
        raise WorkbookError("too_big", name, size=_size(len(data)), limit=_size(MAX_FILE_BYTES)) from None
    except Exception:   # any parse failure of a damaged package means the same thing to a user
        raise WorkbookError("corrupt", name) from None
    warnings_out = []
    if any("vba" in w.lower() or "macro" in w.lower() for w in caught):
        warnings_out.append("Tệp có macro: macro đã được bỏ qua, không chạy.")
    return Opened(wb, name, warnings_out)
