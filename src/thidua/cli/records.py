"""`thidua audit` (who changed what, and is the log whole) and `thidua backup` (a complete copy of the data)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

from .. import wording
from .common import open_db
from .exits import Exit, Refusal
from .parser import year


def register(sub) -> dict:
    a = sub.add_parser("audit", help="nhật ký thay đổi của một kỳ thi đua")
    a.add_argument("--cluster", required=True)
    a.add_argument("--year", type=year, required=True)
    a.add_argument("--format", choices=("table", "json"), default="table")
    a.add_argument("--verify", action="store_true", help="kiểm tra nhật ký có bị sửa, xóa hay chèn dòng")

    b = sub.add_parser("backup", help="lưu một bản sao đầy đủ của dữ liệu thành một tệp SQLite")
    b.add_argument("--out", required=True, metavar="FILE.sqlite")
    return {"audit": run_audit, "backup": run_backup}


_ID = re.compile(r"\b[0-9a-f]{32}\b")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _names(season) -> dict[str, str]:
    """Ids in logged values, as names: members, criteria (by printed number), nominees, awards."""
    out = {m.id: m.short_name for m in season.members}
    out.update({n.id: season.criteria.path_code(n.id) or n.title for n in season.criteria.nodes()})
    out.update({n.id: n.name for n in season.nominees.values()})
    out.update({a.id: a.name for a in season.award_types.values()})
    return out


def _subject(season, record) -> str:
    key = tuple(record.key.split("/")) if record.key else ()
    return wording.audit_subject(record.entity, record.field, season.subject(record.entity, key))


def run_audit(args) -> int:
    from ..services.audit import season_log, verify_log
    from ..services.clusters import find_season, open_season

    db = open_db(args)
    try:
        info = find_season(db.uow(), args.cluster, args.year)
        if args.verify:
            verdict = verify_log(db.uow(), info.season_id)
            if not verdict.whole:
                raise Refusal(wording.audit_break(verdict.breaks[0], info.cluster_name, info.year))
            print(wording.audit_whole(verdict.rows, info.cluster_name, info.year))
            return Exit.OK
        season = open_season(db.uow(), info.season_id)
        rows = season_log(db.uow(), info.season_id)
        if args.format == "json":
            print(json.dumps([{
                "seq": r.seq, "at": r.at.isoformat(timespec="seconds"), "actor": r.actor, "os_user": r.os_user,
                "entity": r.entity, "key": r.key, "field": r.field, "what": _subject(season, r),
                "old": r.old, "new": r.new, "reason": r.reason} for r in rows], ensure_ascii=False, indent=1))
            return Exit.OK
        names = _names(season)

        def text(value: str | None) -> str:
            if value in (None, ""):
                return "—"
            if _NUMBER.fullmatch(value):
                return wording.p(Decimal(value))
            return _ID.sub(lambda m: names.get(m.group(0), m.group(0)), value).replace("\n", " ↵ ")
        print(f"{info.cluster_name} — {wording._pick('năm', 'year')} {info.year}: "
              + wording._pick(f"{len(rows)} thay đổi", f"{len(rows)} changes"))
        for r in rows:
            who = r.actor + (f" ({r.os_user})" if r.os_user and r.os_user != r.actor else "")
            change = f"{text(r.old)} → {text(r.new)}"
            why = f"  [{r.reason}]" if r.reason else ""
            print(f"{r.seq or '?':>5}  {r.at:%d/%m/%Y %H:%M:%S}  {who}  {_subject(season, r)}: {change}{why}")
        return Exit.OK
    finally:
        db.close()


def run_backup(args) -> int:
    db = open_db(args)
    try:
        out = db.backup(Path(args.out))
    finally:
        db.close()
    print(wording._pick(f"Đã lưu bản sao đầy đủ của dữ liệu vào {out}", f"Wrote a complete copy of the data to {out}"))
    return Exit.OK
