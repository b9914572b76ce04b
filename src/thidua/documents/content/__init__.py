"""Each paper's content, built once from the season in Vietnamese; the renderers in pdf/, xlsx/ and docx/ lay it out."""

from __future__ import annotations

from ...domain.season import Season
from .model import Document
from .papers import minutes, ranking, submission
from .tables import covenant, scoring_table

BUILDERS = {
    "scoring-table": scoring_table,
    "ranking": ranking,
    "minutes": minutes,
    "submission": submission,
    "covenant": covenant,
}
KINDS = tuple(BUILDERS)


def build(kind: str, season: Season) -> Document:
    return BUILDERS[kind](season)
