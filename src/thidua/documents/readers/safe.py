"""Opening files people send us without trusting them: regular files only, sizes, time and XML bounded.

Everything a reader takes from a received file passes these checks first: the path must be a
regular file (a FIFO or /dev/zero would block or never end), the bytes are read once and
bounded, a zip package's declared sizes are summed before anything is unpacked, XML is parsed
through defusedxml (no entity expansion), and a `Deadline` stops work that runs too long.
Every refusal is a `WorkbookError` a person reads as one sentence (see wording.reading).
"""

from __future__ import annotations

import io
import os
import stat
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ... import wording

MAX_FILE_BYTES = 25 * 1024 * 1024          # a scoring table is a few hundred KB
MAX_UNPACKED_BYTES = 60 * 1024 * 1024      # declared sizes inside a package, summed before unpacking
MAX_ROWS = 5000                            # rows read per sheet
MAX_COLS = 300                             # columns read per sheet
MAX_MERGES = 20_000                        # merged ranges kept per sheet (each kept as 4 numbers)
MAX_SHEETS = 60                            # sheets examined per workbook
MAX_ROW_CELLS = 16_384                     # cells one row may hold in any spreadsheet format
MAX_DENSE_CELLS = 2_000_000                # rows × columns a reader that builds a dense grid may be given
SECONDS = 30.0                             # time one file may take to read
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # OLE container: old .xls, or an encrypted .xlsx
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


@dataclass(frozen=True)
class Problem:
    """One reason a file was refused, located as a person finds it: sheet, row, column."""

    sheet: str
    row: int | None
    column: str | None
    message: str

    def where(self) -> str:
        return wording.cell_place(self.sheet, self.row, self.column)

    def sentence(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message


class WorkbookError(Exception):
    """A workbook we will not read or apply; `sentence()` says why, `problems` lists details."""

    def __init__(self, reason: str, name: str = "", problems: list[Problem] | None = None, **data) -> None:
        self.reason = reason
        self.name = name
        self.data = data
        self.problems = list(problems or [])
        super().__init__(f"{reason}: {name} {data}")

    def sentence(self) -> str:
        return wording.reading(self.reason, name=self.name, **self.data)


class Deadline:
    """The time one file may take; `check()` refuses with a sentence once it has passed."""

    def __init__(self, name: str, seconds: float | None = None) -> None:
        self.name = name
        self.seconds = SECONDS if seconds is None else seconds
        self.until = time.monotonic() + self.seconds

    def check(self) -> None:
        if time.monotonic() > self.until:
            raise WorkbookError("too_slow", self.name, seconds=int(self.seconds))


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB".replace(".", "," if wording.language() == "vi" else ".")


def read_bytes(path: Path | str) -> tuple[bytes, str]:
    """The file's bytes, refusing before reading anything that is not a regular file or is too big.

    Opened without blocking and checked on the open descriptor, so a FIFO swapped in after a
    check cannot make the read wait forever.
    """
    path = Path(path)
    name = path.name or str(path)
    try:
        before = os.stat(path)
    except FileNotFoundError:
        raise WorkbookError("missing", name) from None
    except OSError as exc:
        raise WorkbookError("unreadable", name, detail=wording.os_reason(exc)) from None
    if not stat.S_ISREG(before.st_mode):
        raise WorkbookError("not_regular", str(path))   # the whole path: "/dev/zero", not "zero"
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise WorkbookError("unreadable", name, detail=wording.os_reason(exc)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise WorkbookError("not_regular", str(path))
        if st.st_size > MAX_FILE_BYTES:
            raise WorkbookError("too_big", name, size=_size(st.st_size), limit=_size(MAX_FILE_BYTES))
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > MAX_FILE_BYTES:   # grew while we read
                raise WorkbookError("too_big", name, size=_size(total), limit=_size(MAX_FILE_BYTES))
            chunks.append(chunk)
    except OSError as exc:
        raise WorkbookError("unreadable", name, detail=wording.os_reason(exc)) from None
    finally:
        os.close(fd)
    return b"".join(chunks), name


def sniff(data: bytes, name: str) -> str:
    """'xlsx', 'ods' or 'xls' from the bytes themselves (the file's extension may lie); else refuse."""
    if not data:
        raise WorkbookError("empty", name)
    if data.startswith(CFB_MAGIC):
        # Excel keeps a password-protected .xlsx inside an OLE container with an EncryptedPackage stream
        if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
            raise WorkbookError("password", name)
        return "xls"
    if not data.startswith(b"PK"):
        raise WorkbookError("not_workbook", name)
    names = package_names(data, name)
    if "[Content_Types].xml" in names and any(n.startswith("xl/workbook") for n in names):
        return "xlsx"
    if "content.xml" in names and "mimetype" in names:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            try:
                if zf.read("mimetype").strip() == ODS_MIME:
                    return "ods"
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
                raise WorkbookError("corrupt", name) from None
    raise WorkbookError("not_workbook", name)


def package_names(data: bytes, name: str) -> set[str]:
    """The part names of a zip package, refused when the declared unpacked size is beyond the bound."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        raise WorkbookError("corrupt", name) from None
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        raise WorkbookError("too_big", name, size=_size(unpacked), limit=_size(MAX_UNPACKED_BYTES))
    return {i.filename for i in infos}


def iterparse(stream, events=("end",)):
    """XML events from a received part, through defusedxml: entities and DTDs are refused, not expanded."""
    from defusedxml.ElementTree import iterparse as safe_iterparse

    return safe_iterparse(stream, events=events, forbid_dtd=True)


@dataclass
class Opened:
    """A workbook's bytes, its format and what we noticed on the way in."""

    data: bytes
    name: str
    kind: str
    deadline: Deadline
    warnings: list[str] = field(default_factory=list)


def open_file(path: Path | str, seconds: float | None = None) -> Opened:
    data, name = read_bytes(path)
    return Opened(data, name, sniff(data, name), Deadline(name, seconds))
