"""PDF renderings of every paper (reportlab, Decree-30 pages); importing this package registers them."""

from __future__ import annotations

from pathlib import Path

from ...domain.season import Season
from ...files import atomic_output
from ..content import BUILDERS
from ..registry import register_kind
from .render import render


def writer(kind: str):
    def write(season: Season, path: Path) -> None:
        data = render(BUILDERS[kind](season))
        with atomic_output(path) as tmp:
            tmp.write_bytes(data)
    return write


for _kind in BUILDERS:
    register_kind(_kind, "pdf", writer(_kind))
