"""Sign-off marks every document carries, and the digest that lets `verify` spot an edited workbook cell.

Shared by the Excel writers (which embed the marks) and the verifier (which checks them), so
both sides agree on one definition.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from ...domain.canonical import canonical_json, content_hash
from ...domain.season import Season

# workbook custom properties (openpyxl CustomPropertyList) written on every workbook thidua makes
PROP_KIND = "thidua_kind"            # the document kind: "scoring-table", "ranking", …
PROP_CLUSTER = "thidua_cluster"
PROP_YEAR = "thidua_year"
PROP_REVISION = "thidua_revision"    # 0 for a draft
PROP_SIGNED_BY = "thidua_signed_by"
PROP_SIGNED_AT = "thidua_signed_at"  # ISO 8601
PROP_SHA256 = "thidua_sha256"        # the season's canonical-content hash ("" for a draft)
PROP_CELLS = "thidua_cells"          # cells_digest() of the workbook as written
PROP_LAYOUT = "thidua_layout"        # registry.layout(kind, "xlsx") when written (absent before: 1)


@dataclass(frozen=True)
class Marks:
    """What a document says about the season revision it shows."""

    cluster: str
    year: int
    draft: bool
    revision: int
    signed_by: str
    signed_at: dt.datetime | None
    sha256: str


def marks_of(season: Season) -> Marks:
    """Signed-off seasons carry their revision, signer, time and hash; anything else is a draft."""
    signed = season.signed
    if signed is None:
        return Marks(season.cluster_name, season.year, True, season.revision, "", None, "")
    return Marks(season.cluster_name, season.year, False, signed.number, signed.signed_by, signed.signed_at,
                 signed.sha256)


def current_hash(season: Season) -> str:
    """The hash of the season as it is now (equals the signed hash while nothing has changed)."""
    return content_hash(canonical_json(season))


def properties(marks: Marks, kind: str) -> list[tuple[str, str]]:
    """The custom properties a workbook carries (all but PROP_CELLS, which is added over the finished cells)."""
    from ..registry import layout

    return [(PROP_KIND, kind), (PROP_CLUSTER, marks.cluster), (PROP_YEAR, str(marks.year)),
            (PROP_REVISION, str(marks.revision)), (PROP_SIGNED_BY, marks.signed_by),
            (PROP_SIGNED_AT, marks.signed_at.isoformat() if marks.signed_at else ""), (PROP_SHA256, marks.sha256),
            (PROP_LAYOUT, str(layout(kind, "xlsx")))]


def shown(value: object) -> str:
    """One cell's value as the digest takes it: its type and its text ("float:15.5", "str:=ROUND(…)")."""
    return f"{type(value).__name__}:{value}"


def digest(sheets) -> str:
    """SHA-256 over sheets given as (title, [(cell reference, shown value), …] of the non-empty cells in row
    then column order): one line per cell, formulas as written.

    A workbook is stamped with this when written (its writer, xlsx/book.py, takes the values it wrote as
    openpyxl reads them back); recomputing it on a received file shows whether any cell was edited since.
    """
    parts: list[str] = []   # one update of the joined parts hashes the same as an update per part
    for title, cells in sheets:
        parts.append(f"\x1e{title}")
        parts.extend(f"\x1f{ref}={text}" for ref, text in cells)
    return hashlib.sha256("".join(parts).encode()).hexdigest()


def cells_digest(workbook) -> str:
    """`digest` of an openpyxl workbook, every sheet's non-empty cells as openpyxl reads them."""
    from openpyxl.utils import get_column_letter

    letters: dict[int, str] = {}

    def cells(sheet):
        # values only: reading cells as objects would create every empty one in the rectangle
        for r, row in enumerate(sheet.iter_rows(min_row=1, min_col=1, values_only=True), start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    letter = letters.get(c) or letters.setdefault(c, get_column_letter(c))
                    yield f"{letter}{r}", shown(value)

    return digest((sheet.title, cells(sheet)) for sheet in workbook.worksheets)


CONTENT_SHEET = "thidua"     # a very hidden sheet holding the signed-off revision's canonical content
_CHUNK = 30000               # characters per cell (Excel holds 32,767)


def packed_chunks(content: str) -> list[str]:
    """The signed revision's canonical content (whose SHA-256 is the signed hash), compressed, in cells' worth."""
    import base64
    import zlib

    packed = "zlib:" + base64.b64encode(zlib.compress(content.encode("utf-8"), 6)).decode("ascii")
    return [packed[i:i + _CHUNK] for i in range(0, len(packed), _CHUNK)]


def embed_content(workbook, content: str) -> None:
    """Put the signed content into an openpyxl workbook, so `verify` can rebuild the paper from it without
    the database and compare every cell (the papers' own writer, xlsx/book.py, does the same)."""
    ws = workbook.create_sheet(CONTENT_SHEET)
    ws.sheet_state = "veryHidden"
    for i, chunk in enumerate(packed_chunks(content)):
        cell = ws.cell(row=i + 1, column=1, value=chunk)
        cell.data_type = "s"


def embedded_content(workbook) -> str | None:
    """The content `embed_content` put in, or None (not there, or not readable)."""
    import base64
    import binascii
    import zlib

    if CONTENT_SHEET not in workbook.sheetnames:
        return None
    ws = workbook[CONTENT_SHEET]
    packed = "".join(str(row[0] or "") for row in ws.iter_rows(max_col=1, values_only=True))
    if not packed.startswith("zlib:"):
        return None
    try:
        return zlib.decompress(base64.b64decode(packed[5:], validate=True)).decode("utf-8")
    except (binascii.Error, zlib.error, UnicodeDecodeError, ValueError):
        return None
