"""User settings (language, the name recorded as author of changes, recent databases), declared
once with their defaults, and the window state, kept apart in a file of its own."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

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

    @property
    def named(self) -> bool:
        """Has this person given their name (asked once, at the first start)?"""
        return bool(str(self._q.value("user/actor", "") or "").strip())

    @actor.setter
    def actor(self, value: str) -> None:
        self._q.setValue("user/actor", value.strip())
        self._q.sync()

    # the databases opened last, newest first; a server's password is never kept here
    @property
    def recent(self) -> list[str]:
        value = self._q.value("files/recent", [])
        if isinstance(value, str):
            value = [value]
        items: list[str] = []
        for url in (without_password(str(v)) for v in (value or []) if v):
            if url not in items:
                items.append(url)
        if items != [str(v) for v in (value or []) if v]:
            # an older thidua stored passwords: drop them from the file now, not only from the menu
            self._q.setValue("files/recent", items)
            self._q.sync()
        return items

    def add_recent(self, url: str) -> None:
        url = without_password(url)
        items = [url] + [u for u in self.recent if u != url]
        self._q.setValue("files/recent", items[:MAX_RECENT])
        self._q.sync()

    def forget_recent(self, url: str) -> None:
        self._q.setValue("files/recent", [u for u in self.recent if u != without_password(url)])
        self._q.sync()


def without_password(url: str) -> str:
    """The database address with any password taken out (libpq finds it in PGPASSWORD or .pgpass)."""
    if "://" not in url:
        return url
    parts = urlsplit(url)
    if parts.password is None:
        return url
    userinfo, _, hostport = parts.netloc.rpartition("@")
    user = userinfo.split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}@{hostport}" if user else hostport))


def sqlite_file(url: str) -> Path | None:
    """The file behind an SQLite address or a plain path; None for a server."""
    if "://" not in url:
        return Path(url)
    if not url.startswith("sqlite"):
        return None
    path = unquote(url.split(":///", 1)[1]) if ":///" in url else ""
    return Path(path) if path and path != ":memory:" and not path.startswith("file:") else None


def recent_name(url: str) -> tuple[str, str]:
    """How a recent database is shown: (its name, where it is) — a file's name and folder, a server's
    host/database; never a password."""
    path = sqlite_file(url)
    if path is not None:
        return path.name, str(path.parent)
    parts = urlsplit(without_password(url))
    database = parts.path.lstrip("/")
    host = parts.hostname or "localhost"
    who = f"{parts.username}@" if parts.username else ""
    return f"{host}/{database}", f"{parts.scheme.split('+')[0]}://{who}{host}" + (f":{parts.port}" if parts.port else "")



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
