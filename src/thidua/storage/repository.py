"""Loading a season aggregate in a few bulk queries, and persisting the changes it recorded."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, and_, bindparam, delete, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from ..domain.errors import Duplicate, NotFound, SeasonLocked
from ..domain.season import Change, Season, State
from ..services.ports import AuditRecord, AuditVerdict, ClusterRecord, ConcurrentChange, SeasonRef
from . import codec, reading
from . import tables as t
from .audit_chain import GENESIS, check_chain, row_hash
from .reading import SeasonCache

# what may still be written to a season the store holds as signed off: reopening it (the signed
# revision is kept, marked reopened, and the state goes back), and the higher council's later
# decision on a proposal, which the signed content never contains. Anything else is refused here,
# whatever the object handed to the store says about its own state.
_SIGNED_OFF_WRITABLE = {("revision", "reopened"), ("season", "state")} | {
    ("council", f) for f in ("added", "approved", "number", "date", "note", "removed")}


_TEXTS: dict[str, Any] = {}


def sql_fetch(conn: Connection) -> reading.Fetch:
    """reading.py's statements run through SQLAlchemy (each compiled once per process)."""
    def fetch(sql: str, params: dict):
        statement = _TEXTS.get(sql)
        if statement is None:
            statement = _TEXTS[sql] = text(sql)
        return conn.execute(statement, params)
    return fetch


def _upsert(conn: Connection, table, key: dict, values: dict) -> None:
    """Insert or update one row; the same statement works on SQLite and PostgreSQL."""
    cond = and_(*(table.c[k] == v for k, v in key.items()))
    result = conn.execute(update(table).where(cond).values(**values))
    if result.rowcount == 0:
        conn.execute(insert(table).values(**key, **values))


class SqlClusterRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.added: list[str] = []

    def list(self) -> list[ClusterRecord]:
        return reading.cluster_list(sql_fetch(self.conn))

    def add(self, cluster: ClusterRecord) -> None:
        try:
            self.conn.execute(insert(t.clusters).values(id=cluster.id, name=cluster.name,
                                                        parent_body=cluster.parent_body,
                                                        created_at=dt.datetime.now()))
        except IntegrityError as exc:   # someone else created it a moment ago
            raise Duplicate(kind="cluster", key=cluster.name) from exc
        self.added.append(cluster.id)

    def remove(self, cluster_id: str) -> None:
        """Delete a cluster whose seasons were deleted first (the services keep signed-off ones)."""
        self.conn.execute(delete(t.clusters).where(t.clusters.c.id == cluster_id))


class SqlSeasonRepository:
    def __init__(self, conn: Connection, cache: SeasonCache) -> None:
        self.conn = conn
        self.cache = cache
        self.seen: dict[str, Season] = {}
        self.added: set[str] = set()

    # ---- reading -------------------------------------------------------------------------
    def list(self, cluster_id: str | None = None) -> list[SeasonRef]:
        return reading.season_list(sql_fetch(self.conn), cluster_id)

    def get(self, season_id: str) -> Season:
        if season_id in self.seen:
            return self.seen[season_id]
        season = reading.cached_season(sql_fetch(self.conn), self.cache, season_id)
        self.seen[season_id] = season
        return season

    # ---- writing -------------------------------------------------------------------------
    def add(self, season: Season) -> None:
        """A new season: written whole on commit."""
        try:
            self.conn.execute(insert(t.seasons).values(
                id=season.id, cluster_id=season.cluster_id, year=season.year, state=season.state.value,
                version=season.version, settings=codec.settings_json(season.settings),
                meeting=codec.meeting_json(season.meeting), decisions=codec.decisions_json(season.decisions),
                created_at=dt.datetime.now()))
        except IntegrityError as exc:   # someone else created this cluster's season for that year meanwhile
            raise Duplicate(kind="season", key=f"{season.cluster_name} {season.year}") from exc
        self.seen[season.id] = season
        self.added.add(season.id)

    def flush(self, season: Season) -> None:
        """Write the season's recorded changes; the caller has bumped its version already.

        Cell-level rows (scores, figures, cross scores) are rewritten in batches — delete the
        touched keys, insert their current values — so a pasted block or an imported form of
        thousands of cells costs a few statements, not thousands.
        """
        written: set[tuple] = set()
        cells: dict[str, list[tuple]] = {"score": [], "figure": [], "cross": []}
        for change in season.changes:
            target = (change.entity, change.key)
            if change.entity in ("criterion", "criteria_order", "criteria_all"):
                target = ("criteria",)   # the whole table is rewritten once, however many rows changed
            if target in written:
                continue
            written.add(target)
            if change.entity in cells:
                cells[change.entity].append(change.key)
            else:
                self._persist(season, change)
        self._write_cells(season, cells)

    def _write_cells(self, season: Season, cells: dict[str, list[tuple]]) -> None:
        c, sid = self.conn, season.id
        live_members = {m.id for m in season.members}
        fc = codec.to_centi
        if cells["score"]:
            t_ = t.scores
            c.execute(delete(t_).where(t_.c.season_id == sid, t_.c.member_id == bindparam("m"),
                                       t_.c.criterion_id == bindparam("c")),
                      [{"m": m, "c": k} for m, k in cells["score"]])
            rows = [{"season_id": sid, "member_id": m, "criterion_id": k, "self_centi": fc(cell.self_points),
                     "agreed_centi": fc(cell.agreed_points), "note": cell.note,
                     "review_centi": fc(cell.review_points), "council_centi": fc(cell.council_points)}
                    for m, k in cells["score"] if (cell := season.scores.get((m, k))) is not None
                    and m in live_members and k in season.criteria]
            if rows:
                c.execute(insert(t_), rows)
        if cells["figure"]:
            t_ = t.figures
            c.execute(delete(t_).where(t_.c.season_id == sid, t_.c.member_id == bindparam("m"),
                                       t_.c.criterion_id == bindparam("c")),
                      [{"m": m, "c": k} for m, k in cells["figure"]])
            rows = [{"season_id": sid, "member_id": m, "criterion_id": k, "target": codec.dec_text(fig.target),
                     "actual": codec.dec_text(fig.actual)}
                    for m, k in cells["figure"] if (fig := season.figures.get((m, k))) is not None
                    and m in live_members and k in season.criteria]
            if rows:
                c.execute(insert(t_), rows)
        if cells["cross"]:
            t_ = t.cross_scores
            c.execute(delete(t_).where(t_.c.season_id == sid, t_.c.member_id == bindparam("m"),
                                       t_.c.criterion_id == bindparam("c"), t_.c.scorer_id == bindparam("s")),
                      [{"m": m, "c": k, "s": s_} for m, k, s_ in cells["cross"]])
            rows = [{"season_id": sid, "member_id": m, "criterion_id": k, "scorer_id": s_, "points_centi": fc(p)}
                    for m, k, s_ in cells["cross"]
                    if (p := season.cross.get((m, k), {}).get(s_)) is not None and m in live_members]
            if rows:
                c.execute(insert(t_), rows)

    def remove(self, season_id: str, version: int) -> None:
        """Delete a season whole (it is being replaced): only the version read, never a signed-off one."""
        result = self.conn.execute(delete(t.seasons).where(
            t.seasons.c.id == season_id, t.seasons.c.version == version, t.seasons.c.state != State.SIGNED_OFF.value))
        if result.rowcount != 1:
            stored = self.conn.execute(select(t.seasons.c.state).where(t.seasons.c.id == season_id)).one_or_none()
            if stored is not None and stored.state == State.SIGNED_OFF.value:
                raise SeasonLocked(state=State.SIGNED_OFF.value, action="store")
            raise ConcurrentChange(season_id)
        self.seen.pop(season_id, None)
        self.cache.drop(season_id)

    def taken(self, ids: set[str]) -> set[str]:
        """Which of these ids other seasons' rows already use (seasons, criteria, award types, nominees)."""
        found: set[str] = set()
        chunk = sorted(ids)
        for table in (t.seasons, t.criteria, t.award_types, t.nominees):
            for i in range(0, len(chunk), 500):
                found.update(self.conn.execute(select(table.c.id).where(table.c.id.in_(chunk[i:i + 500]))).scalars())
        return found

    def bump_version(self, season: Season) -> None:
        """Claim the next version of the season: refused when anyone else committed since we read it,
        and — the one guard every write passes — when the stored season is signed off."""
        if season.id in self.added:
            return
        reopening = all((ch.entity, ch.field) in _SIGNED_OFF_WRITABLE for ch in season.changes)
        stmt = update(t.seasons).where(t.seasons.c.id == season.id, t.seasons.c.version == season.version)
        if not reopening:
            stmt = stmt.where(t.seasons.c.state != State.SIGNED_OFF.value)
        result = self.conn.execute(stmt.values(version=season.version + 1))
        if result.rowcount != 1:
            stored = self.conn.execute(select(t.seasons.c.state, t.seasons.c.version)
                                       .where(t.seasons.c.id == season.id)).one_or_none()
            if stored is not None and stored.state == State.SIGNED_OFF.value and stored.version == season.version:
                raise SeasonLocked(state=State.SIGNED_OFF.value, action="store")
            raise ConcurrentChange(season.id)

    def _persist(self, season: Season, change: Change) -> None:
        c, sid = self.conn, season.id
        entity, key = change.entity, change.key
        if entity in ("season", "decision"):
            c.execute(update(t.seasons).where(t.seasons.c.id == sid).values(
                state=season.state.value, settings=codec.settings_json(season.settings),
                meeting=codec.meeting_json(season.meeting), decisions=codec.decisions_json(season.decisions)))
        elif entity in ("member", "member_order"):
            c.execute(delete(t.season_members).where(t.season_members.c.season_id == sid))
            if season.members:
                c.execute(insert(t.season_members), [
                    {"season_id": sid, "member_id": m.id, "position": i, "short_name": m.short_name,
                     "full_name": m.full_name} for i, m in enumerate(season.members)])
            for k in ("scores", "figures", "cross_scores"):
                table = getattr(t, k)
                ids = [m.id for m in season.members]
                c.execute(delete(table).where(table.c.season_id == sid, table.c.member_id.not_in(ids)))
            c.execute(delete(t.cross_scores).where(t.cross_scores.c.season_id == sid,
                                                    t.cross_scores.c.scorer_id.not_in([m.id for m in season.members])))
        elif entity in ("criterion", "criteria_order", "criteria_all"):
            self._persist_criteria(season)
        elif entity == "award_type":
            award = season.award_types.get(key[0])
            if award is None:
                c.execute(delete(t.award_types).where(t.award_types.c.id == key[0]))
            else:
                _upsert(c, t.award_types, {"id": award.id}, {"season_id": sid, "data": codec.award_json(award)})
        elif entity == "nominee":
            nominee = season.nominees.get(key[0])
            if nominee is None:
                c.execute(delete(t.nominees).where(t.nominees.c.id == key[0]))
                c.execute(delete(t.council_decisions).where(t.council_decisions.c.nominee_id == key[0]))
            else:
                position = list(season.nominees).index(nominee.id)
                _upsert(c, t.nominees, {"id": nominee.id},
                        {"season_id": sid, "position": position, "data": codec.nominee_json(nominee)})
        elif entity == "ballot":
            ballot = season.ballots.get(key[0])
            if ballot is None:
                c.execute(delete(t.ballots).where(t.ballots.c.nominee_id == key[0]))
            else:
                _upsert(c, t.ballots, {"nominee_id": key[0]}, {"season_id": sid, "data": codec.ballot_json(ballot)})
        elif entity == "council":
            decision = season.council.get(key[0])
            if decision is None:
                c.execute(delete(t.council_decisions).where(t.council_decisions.c.nominee_id == key[0]))
            else:
                _upsert(c, t.council_decisions, {"nominee_id": key[0]},
                        {"season_id": sid, "data": codec.council_json(decision)})
        elif entity == "revision":
            rev = next(r for r in season.revisions if r.number == key[0])
            _upsert(c, t.revisions, {"season_id": sid, "number": rev.number}, {
                "signed_by": rev.signed_by, "signed_at": rev.signed_at, "sha256": rev.sha256,
                "content": rev.content, "reopened_by": rev.reopened_by, "reopened_at": rev.reopened_at,
                "reopen_reason": rev.reopen_reason})
        else:  # pragma: no cover - a new Change entity without storage is a programming error
            raise ValueError(f"no storage for change {entity}")

    def _persist_criteria(self, season: Season) -> None:
        """Criteria tables are small: rewrite the season's rows so order and parents stay exact."""
        c, sid = self.conn, season.id
        c.execute(delete(t.criteria).where(t.criteria.c.season_id == sid))
        rows = []
        positions: dict[str | None, int] = {}
        for node in season.criteria.nodes():   # table order: siblings come in their order
            position = positions[node.parent_id] = positions.get(node.parent_id, -1) + 1
            rows.append(codec.criterion_row(node, sid, position))
        if rows:
            c.execute(insert(t.criteria), rows)
        live = [n.id for n in season.criteria.nodes()]
        for table in (t.scores, t.figures, t.cross_scores):
            c.execute(delete(table).where(table.c.season_id == sid, table.c.criterion_id.not_in(live)))


class SqlAuditLog:
    """The audit log: rows gathered during a unit of work, chained and written when it commits."""

    def __init__(self, conn: Connection, actor: str, os_user: str = "") -> None:
        self.conn = conn
        self.actor = actor
        self.os_user = os_user
        self._pending: list[dict] = []

    def record(self, season_id: str | None, entity: str, key: str, field: str, old: str | None,
               new: str | None, reason: str | None = None) -> None:
        self._pending.append({"season_id": season_id, "entity": entity, "key": key, "field": field,
                              "old": old, "new": new, "reason": reason})

    def record_changes(self, season: Season) -> None:
        for ch in season.changes:
            if ch.entity in ("criteria_order", "member_order"):
                continue
            self.record(season.id, ch.entity, "/".join("" if k is None else str(k) for k in ch.key), ch.field,
                        codec.audit_text(ch.old), codec.audit_text(ch.new), ch.reason)

    def flush(self) -> None:
        """Append the gathered rows to their chains. Runs inside the commit, after the season's
        version was claimed: that row lock (PostgreSQL) or the write lock (SQLite) keeps two
        writers from extending one chain at once."""
        if not self._pending:
            return
        now = dt.datetime.now()
        by_chain: dict[str, list[dict]] = {}
        for row in self._pending:
            by_chain.setdefault(row["season_id"] or "", []).append(row)
        rows = []
        for chain, items in by_chain.items():
            head = self.conn.execute(select(t.audit_heads.c.seq, t.audit_heads.c.hash)
                                     .where(t.audit_heads.c.chain == chain).with_for_update()).one_or_none()
            seq, prev = (head.seq, head.hash) if head is not None else (0, GENESIS)
            for item in items:
                seq += 1
                row = {**item, "chain": chain, "seq": seq, "at": now, "actor": self.actor, "os_user": self.os_user}
                row["prev_hash"], row["hash"] = prev, row_hash(prev, row)
                prev = row["hash"]
                rows.append(row)
            if head is None:
                self.conn.execute(insert(t.audit_heads).values(chain=chain, seq=seq, hash=prev))
            else:
                self.conn.execute(update(t.audit_heads).where(t.audit_heads.c.chain == chain)
                                  .values(seq=seq, hash=prev))
        self.conn.execute(insert(t.audit), rows)
        self._pending.clear()

    @staticmethod
    def _record_of(r) -> AuditRecord:
        return AuditRecord(r.at, r.actor, r.season_id, r.entity, r.key, r.field, r.old, r.new, r.reason,
                           r.os_user, r.seq)

    def history(self, season_id: str, entity: str | None = None, key: str | None = None,
                limit: int = 200) -> list[AuditRecord]:
        q = select(t.audit).where(t.audit.c.season_id == season_id)
        if entity:
            q = q.where(t.audit.c.entity == entity)
        if key:
            q = q.where(t.audit.c.key == key)
        q = q.order_by(t.audit.c.id.desc()).limit(limit)
        return [self._record_of(r) for r in self.conn.execute(q)]

    def last_change(self, season_id: str, entity: str, key: str, field: str | None = None) -> AuditRecord | None:
        """Who last changed (entity, key, field) — or, failing that, anything about (entity, key)."""
        q = select(t.audit).where(t.audit.c.season_id == season_id, t.audit.c.entity == entity,
                                  t.audit.c.key == key)
        for cond in ([t.audit.c.field == field] if field else []) + [None]:
            row = self.conn.execute((q.where(cond) if cond is not None else q)
                                    .order_by(t.audit.c.id.desc()).limit(1)).one_or_none()
            if row is not None:
                return self._record_of(row)
        return None

    def entries(self, season_id: str) -> list[AuditRecord]:
        q = select(t.audit).where(t.audit.c.chain == season_id).order_by(t.audit.c.seq, t.audit.c.id)
        return [self._record_of(r) for r in self.conn.execute(q)]

    def verify(self, season_id: str) -> AuditVerdict:
        rows = list(self.conn.execute(select(t.audit).where(t.audit.c.chain == season_id)
                                      .order_by(t.audit.c.seq, t.audit.c.id)))
        # a row put in by hand often has no chain at all: look for it by its season too
        strays = list(self.conn.execute(select(t.audit).where(t.audit.c.season_id == season_id,
                                                              t.audit.c.chain != season_id)))
        head = self.conn.execute(select(t.audit_heads.c.seq, t.audit_heads.c.hash)
                                 .where(t.audit_heads.c.chain == season_id)).one_or_none()
        verdict = check_chain(rows, (head.seq, head.hash) if head is not None else None)
        if verdict.whole and strays:
            from ..services.ports import AuditBreak
            r = strays[0]
            return AuditVerdict(verdict.rows, (AuditBreak("inserted", r.seq, r.id, r.at, r.entity, r.field),))
        return verdict
