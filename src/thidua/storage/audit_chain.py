"""The audit log as a hash chain: each row carries a hash over its content and the previous row's hash.

One chain per season (its id) and one for database-level events (''), so two editors of different
seasons never wait for each other. The newest hash of every chain is kept apart in `audit_heads`,
so removing the last rows is found too. A person with the file and this code could rebuild a
consistent chain; what the chain guarantees is that editing, removing or inserting a row through
any tool that does not rebuild it is found — and a sign-off records its chain's head, which every
signed paper then vouches for.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from ..services.ports import AuditBreak, AuditVerdict

GENESIS = "0" * 64
CHAIN_FIELDS = ("chain", "seq", "at", "actor", "os_user", "season_id", "entity", "key", "field", "old", "new",
                "reason")


def _at(value) -> str:
    if isinstance(value, str):   # a driver that hands back text: normalise through datetime
        value = dt.datetime.fromisoformat(value)
    return value.isoformat(timespec="microseconds")


def row_hash(prev_hash: str, row) -> str:
    """SHA-256 over the previous hash and the row's content (a mapping or a Row with CHAIN_FIELDS)."""
    get = row.get if isinstance(row, dict) else lambda k: getattr(row, k)
    content = [prev_hash] + [_at(get(k)) if k == "at" else get(k) for k in CHAIN_FIELDS]
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")).hexdigest()


def check_chain(rows: list, head: tuple[int, str] | None) -> AuditVerdict:
    """Walk one chain's rows (ordered by seq, then id) and say where it first breaks."""
    breaks: list[AuditBreak] = []
    prev = GENESIS
    expected_seq = 1
    for r in rows:
        if r.seq is None or r.hash is None:
            breaks.append(AuditBreak("inserted", r.seq, r.id, r.at, r.entity, r.field))
            break
        if r.seq < expected_seq:
            breaks.append(AuditBreak("inserted", r.seq, r.id, r.at, r.entity, r.field))
            break
        if r.seq > expected_seq:
            breaks.append(AuditBreak("removed", expected_seq, None))
            break
        if row_hash(r.prev_hash or "", r) != r.hash:      # its own content changed since it was written
            breaks.append(AuditBreak("edited", r.seq, r.id, r.at, r.entity, r.field))
            break
        if r.prev_hash != prev:                           # a whole row that does not link: put in later
            breaks.append(AuditBreak("inserted", r.seq, r.id, r.at, r.entity, r.field))
            break
        prev = r.hash
        expected_seq += 1
    if not breaks and head is not None:
        head_seq, head_hash = head
        if head_seq > expected_seq - 1:
            breaks.append(AuditBreak("truncated", expected_seq, None))
        elif head_seq < expected_seq - 1 or head_hash != prev:
            breaks.append(AuditBreak("head_edited", head_seq, None))
    elif not breaks and head is None and rows:
        breaks.append(AuditBreak("head_edited", None, None))
    return AuditVerdict(len(rows), tuple(breaks))
