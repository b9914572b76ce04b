"""User settings (language, the name recorded as author of changes, recent databases), declared
once with their defaults, and the window state, kept apart in a file of its own."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from ..user import os_login as _os_user
from ..user import settings_path as default_settings_path   # the command line reads the same file

MAX_RECENT = 8


class AppSettings:
    """Typed access to the settings file; each setting has one declared default."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path else default_settings_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._q = QSettings(str(self.path), QSettings.Format.IniFormat)
        # how the windows were left is not a preference: a file of its own, safe to delete
        self.window = WindowState(self.path.with_name("window-state.ini"))

    # language: "vi" (default) or "en"
    @property
    def language(self) -> str:
        return "en" if self._q.value("user/language", "vi") == "en" else "vi"

    @language.setter
    def language(self, value: str) -> None:
        self._q.setValue("user/language", "en" if value == "en" else "vi")
        self._q.sync()

    # the name the audit log records for this person's changes
    @property
    def actor(self) -> str:
        return str(self._q.value("user/actor", "") or _os_user())

    @actor.setter
    def actor(self, value: str) -> None:
        self._q.setValue("user/actor", value.strip())
        self._q.sync()

    @property
    def recent(self) -> list[str]:
        value = self._q.value("files/recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or []) if v]

    def add_recent(self, url: str) -> None:
        items = [url] + [u for u in self.recent if u != url]
        self._q.setValue("files/recent", items[:MAX_RECENT])
        self._q.sync()



class WindowState:
    """Where and how the windows were left (geometry, splitters, last tab), restored at the next start."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._q = QSettings(str(self.path), QSettings.Format.IniFormat)

    def get(self, name: str) -> bytes | None:
        value = self._q.value(name)
        return bytes(value) if value else None

    def put(self, name: str, data) -> None:
        self._q.setValue(name, data)

    def get_int(self, name: str, default: int = 0) -> int:
        try:
            return int(self._q.value(name, default))
        except (TypeError, ValueError):   # a hand-edited or damaged file: fall back quietly
            return default

    def sync(self) -> None:
        self._q.sync()
