"""Which documents the project can produce, in which formats — the export command and the app ask here.

Writer modules register themselves when imported; `load_writers()` imports the known ones, so
a build without one of them still runs (it just offers fewer documents).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..domain.season import Season

Writer = Callable[[Season, Path], None]

WRITER_MODULES = ("thidua.documents.excel", "thidua.documents.pdf")


@dataclass
class DocumentKind:
    name: str                 # command-line name: "scoring-table", "ranking", "minutes", …
    title_vi: str
    title_en: str
    writers: dict[str, Writer] = field(default_factory=dict)   # format ("xlsx", "pdf") → writer


KINDS: dict[str, DocumentKind] = {}


def register(name: str, title_vi: str, title_en: str, fmt: str, writer: Writer) -> None:
    kind = KINDS.setdefault(name, DocumentKind(name, title_vi, title_en))
    kind.writers[fmt] = writer


def load_writers() -> dict[str, DocumentKind]:
    for module in WRITER_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
    return KINDS


def file_name(kind: str, season: Season, fmt: str) -> str:
    return f"{kind}-{season.year}.{fmt}"
