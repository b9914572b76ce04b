"""Who is using thidua on this computer: the name recorded as the author of changes.

The desktop app asks for it once and keeps it in the user settings file; the command line reads
the same file (or THIDUA_USER), so a change made from either is recorded under the same name.
"""

from __future__ import annotations

import configparser
import getpass
import os
from pathlib import Path


def settings_path() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("thidua", appauthor=False)) / "thidua.ini"


def os_login() -> str:
    try:
        return getpass.getuser()
    except Exception:   # no user database on some systems
        return ""


def actor_name() -> str:
    """THIDUA_USER, else the name saved by the app, else the OS login."""
    name = os.environ.get("THIDUA_USER", "").strip()
    if name:
        return name
    path = settings_path()
    if path.is_file():
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(path, encoding="utf-8")
            name = parser.get("user", "actor", fallback="").strip()
        except (configparser.Error, UnicodeDecodeError, OSError):
            name = ""
    return name or os_login() or "?"
