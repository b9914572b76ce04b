"""Which documents the project can produce, in which formats — the export command and the app ask here.

Renderer packages (pdf/, xlsx/, docx/) register their writers when imported; `load_writers()`
imports the known ones, so a build without one of them still runs (it just offers fewer formats).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..domain.season import Season

Writer = Callable[[Season, Path], None]

WRITER_MODULES = ("thidua.documents.pdf", "thidua.documents.xlsx", "thidua.documents.docx")
FORMATS = ("pdf", "xlsx", "docx")

# every paper's name, once: (Vietnamese, English) — the papers themselves are always Vietnamese
TITLES = {
    "scoring-table": ("Bảng tổng hợp kết quả chấm điểm thi đua", "Scoring table"),
    "ranking": ("Bảng xếp hạng, xếp loại thi đua", "Ranking and award proposals"),
    "minutes": ("Biên bản họp bình xét thi đua", "Minutes of the year-end meeting"),
    "submission": ("Tờ trình đề nghị khen thưởng", "Award submission"),
    "covenant": ("Bản giao ước thi đua", "Covenant"),
    "member-forms": ("Phiếu tự chấm điểm của các đơn vị", "Member self-scoring forms"),
}


# the layout each kind of paper is written in, per format; a change to how papers of a kind are laid out
# in a format (rows added or moved, another page setup) raises its number. Papers carry it (the PDF's
# marks, the workbook's properties), so `verify` can tell a paper laid out by an older thidua, which it
# cannot compare cell by cell or byte by byte, from an altered one. Papers from before it was recorded: 1.
LAYOUTS = {
    ("covenant", "xlsx"): 2,   # its table repeats its header row itself, not as print titles
}


def layout(kind: str, fmt: str) -> int:
    return LAYOUTS.get((kind, fmt), 1)


@dataclass
class DocumentKind:
    name: str                 # command-line name: "scoring-table", "ranking", "minutes", …
    title_vi: str
    title_en: str
    writers: dict[str, Writer] = field(default_factory=dict)   # format ("xlsx", "pdf", "docx") → writer


KINDS: dict[str, DocumentKind] = {}


def register(name: str, title_vi: str, title_en: str, fmt: str, writer: Writer) -> None:
    kind = KINDS.setdefault(name, DocumentKind(name, title_vi, title_en))
    kind.writers[fmt] = writer


def register_kind(name: str, fmt: str, writer: Writer) -> None:
    """Register a writer for one of the papers named in TITLES."""
    register(name, *TITLES[name], fmt, writer)


def load_writers(*formats: str) -> dict[str, DocumentKind]:
    """The registered kinds; with `formats`, only those renderers are imported (an export needs one)."""
    for module in WRITER_MODULES:
        if formats and module.rsplit(".", 1)[1] not in formats:
            continue
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
    return KINDS


def file_name(kind: str, season: Season, fmt: str) -> str:
    return f"{kind}-{season.year}.{fmt}"
