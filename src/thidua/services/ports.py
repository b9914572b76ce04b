"""What the services need from storage, declared here so storage points inward to it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from ..domain.season import Season


class StorageError(Exception):
    """A failure below the domain (disk full, database unreachable…). reason: a short code."""

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}: {detail}")


class DatabaseTooNew(StorageError):
    def __init__(self, revision: str) -> None:
        super().__init__("too_new", revision)
        self.revision = revision


class NotThiduaDatabase(StorageError):
    """The file or database holds another program's tables: thidua leaves it exactly as it was."""

    def __init__(self, detail: str) -> None:
        super().__init__("foreign", detail)


class ConcurrentChange(StorageError):
    """Another user committed a change to the same season between our read and our write.

    Services re-read the season and re-apply the edit when what it touches did not change; this
    reaches a person only when the season kept moving under a long series of retries.
    """

    def __init__(self, season_id: str) -> None:
        super().__init__("concurrent_change", season_id)


@dataclass(frozen=True)
class ClusterRecord:
    id: str
    name: str
    parent_body: str


@dataclass(frozen=True)
class SeasonRef:
    id: str
    cluster_id: str
    year: int
    state: str


@dataclass(frozen=True)
class AuditRecord:
    at: dt.datetime
    actor: str
    season_id: str | None
    entity: str
    key: str
    field: str
    old: str | None
    new: str | None
    reason: str | None
    os_user: str = ""
    seq: int | None = None


@dataclass(frozen=True)
class AuditBreak:
    """Where an audit chain first stops holding. kind: edited, removed, inserted, truncated, head_edited."""

    kind: str
    seq: int | None
    row_id: int | None
    at: dt.datetime | None = None
    entity: str = ""
    field: str = ""


@dataclass(frozen=True)
class AuditVerdict:
    rows: int
    breaks: tuple[AuditBreak, ...]

    @property
    def whole(self) -> bool:
        return not self.breaks


class ClusterRepository(Protocol):
    def list(self) -> list[ClusterRecord]: ...
    def add(self, cluster: ClusterRecord) -> None: ...
    def remove(self, cluster_id: str) -> None: ...   # its seasons removed first


class SeasonRepository(Protocol):
    def get(self, season_id: str) -> Season: ...
    def add(self, season: Season) -> None: ...
    def list(self, cluster_id: str | None = None) -> list[SeasonRef]: ...
    def remove(self, season_id: str, version: int) -> None: ...   # refuses a signed-off or changed season
    def taken(self, ids: set[str]) -> set[str]: ...               # ids other seasons' rows already use


class AuditLog(Protocol):
    def history(self, season_id: str, entity: str | None = None, key: str | None = None,
                limit: int = 200) -> list[AuditRecord]: ...
    def last_change(self, season_id: str, entity: str, key: str, field: str | None = None) -> AuditRecord | None: ...
    def entries(self, season_id: str) -> list[AuditRecord]: ...          # oldest first, the whole chain
    def verify(self, season_id: str) -> AuditVerdict: ...
    def record(self, season_id: str | None, entity: str, key: str, field: str, old: str | None,
               new: str | None, reason: str | None = None) -> None: ...


class UnitOfWork(Protocol):
    """A transaction: changes land together on commit, or none of them does."""

    clusters: ClusterRepository
    seasons: SeasonRepository
    audit: AuditLog
    actor: str

    def __enter__(self) -> "UnitOfWork": ...
    def __exit__(self, *exc) -> None: ...
    def commit(self) -> None: ...
    def fresh(self) -> "UnitOfWork": ...   # another unit of work on the same database, same person
