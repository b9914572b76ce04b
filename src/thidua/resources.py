"""Finding shipped files (fonts, icons, translations) the same way from a checkout, an install or a bundle."""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def resources_dir() -> Path:
    """The `resources/` folder: env override, PyInstaller bundle, checkout, or installed data files."""
    candidates = []
    if os.environ.get("THIDUA_RESOURCES"):
        candidates.append(Path(os.environ["THIDUA_RESOURCES"]))
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "resources")
    here = Path(__file__).resolve()
    candidates.append(here.parents[2] / "resources")           # src/thidua/ → checkout root
    candidates.append(Path(sys.prefix) / "share" / "thidua" / "resources")
    for path in candidates:
        if path.is_dir():
            return path
    raise FileNotFoundError("resources/ not found; set THIDUA_RESOURCES")


def resource(*parts: str) -> Path:
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(path)
    return path
