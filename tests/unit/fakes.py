"""An in-memory unit of work for testing services without a database (rollback restores a snapshot)."""

from __future__ import annotations

import copy
import datetime as dt

from thidua.domain.errors import NotFound
from thidua.services.ports import AuditRecord, SeasonRef


class FakeClusters:
    def __init__(self):
        self.rows = []

    def list(self):
        return sorted(self.rows, key=lambda c: c.name)

    def add(self, cluster):
        self.rows.append(cluster)


class FakeSeasons:
    def __init__(self):
        self.rows = {}
        self.seen = {}

    def get(self, season_id):
        if season_id not in self.rows:
            raise NotFound(kind="season", key=season_id)
        self.seen.setdefault(season_id, copy.deepcopy(self.rows[season_id]))
        return self.rows[season_id]

    def add(self, season):
        self.rows[season.id] = season
        self.seen.setdefault(season.id, None)

    def list(self, cluster_id=None):
        return sorted((SeasonRef(s.id, s.cluster_id, s.year, s.state.value) for s in self.rows.values()
                       if cluster_id in (None, s.cluster_id)), key=lambda r: r.year)


class FakeAudit:
    def __init__(self):
        self.rows = []

    def record(self, season_id, entity, key, field, old, new, reason=None):
        self.rows.append(AuditRecord(dt.datetime.now(), "tester", season_id, entity, key, field, old, new, reason))

    def last_change(self, season_id, entity, key, field=None):
        rows = [r for r in reversed(self.rows) if r.season_id == season_id and r.entity == entity and r.key == key]
        return next((r for r in rows if field in (None, r.field)), rows[0] if rows else None)

    def history(self, season_id, entity=None, key=None, limit=200):
        rows = [r for r in self.rows if r.season_id == season_id and entity in (None, r.entity)
                and key in (None, r.key)]
        return list(reversed(rows))[:limit]


class FakeUnitOfWork:
    def __init__(self):
        self.clusters = FakeClusters()
        self.seasons = FakeSeasons()
        self.audit = FakeAudit()
        self.actor = "tester"
        self.commits = 0

    def fresh(self):
        return self

    def __enter__(self):
        self.seasons.seen = {}
        self._clusters = list(self.clusters.rows)
        self._committed = False
        return self

    def commit(self):
        for sid in self.seasons.seen:
            season = self.seasons.rows[sid]
            for ch in season.changes:
                self.audit.record(sid, ch.entity, "/".join(str(k) for k in ch.key), ch.field, ch.old, ch.new,
                                  ch.reason)
            if season.changes:
                season.version += 1
            season.changes.clear()
        self.commits += 1
        self._committed = True

    def __exit__(self, *exc):
        if not self._committed:
            self.clusters.rows = self._clusters
            for sid, snapshot in self.seasons.seen.items():
                if snapshot is None:
                    del self.seasons.rows[sid]
                else:
                    self.seasons.rows[sid] = snapshot
