"""Word (.docx) renderings of every paper (python-docx), or a cluster's own template; importing registers them."""

from __future__ import annotations

from pathlib import Path

from ...domain.season import Season
from ...files import atomic_output
from ..content import BUILDERS
from ..registry import register_kind
from .render import render


def writer(kind: str):
    def write(season: Season, path: Path, template: Path | None = None) -> None:
        doc = BUILDERS[kind](season)
        if template is not None:
            from .template import fill
            data = fill(Path(template), doc)
        else:
            data = render(doc)
        with atomic_output(path) as tmp:
            tmp.write_bytes(data)
    return write


for _kind in BUILDERS:
    register_kind(_kind, "docx", writer(_kind))
