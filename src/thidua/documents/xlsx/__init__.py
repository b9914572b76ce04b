"""Workbook renderings of every paper (XlsxWriter, book.py); importing this package registers them.

The scoring table keeps its figures as live formulas (scoring.py); the other papers are laid out
from their content by render.py. (The member self-scoring forms are written by documents/forms, with
openpyxl and common.py.)
"""

from __future__ import annotations

from pathlib import Path

from ...domain.season import Season
from ..content import BUILDERS
from ..registry import register_kind
from .book import Book
from .render import render
from .scoring import write_scoring_table


def writer(kind: str):
    def write(season: Season, path: Path) -> None:
        book = Book(season)
        doc = BUILDERS[kind](season)
        render(doc, book)
        book.stamp(kind, doc.title)
        book.save(path)
    return write


for _kind in BUILDERS:
    register_kind(_kind, "xlsx", write_scoring_table if _kind == "scoring-table" else writer(_kind))
