"""What every command shares: opening the database, finding a season, printing the ranking."""

from __future__ import annotations

import os
import sys

from .. import wording


def open_db(args, actor: str | None = None):
    """The database named by --db (or THIDUA_DB, or the user's own file), changes recorded as the user's."""
    from ..storage.database import Database
    from ..user import actor_name

    return Database(args.db, actor=actor or actor_name())


def open_demo_db(args):
    """The demo goes into its own file unless a database is named, so it never mixes with real data."""
    from ..storage.database import Database, default_url

    from ..services.demo import DEMO_ACTOR

    if args.db or os.environ.get("THIDUA_DB"):
        return Database(args.db, actor=DEMO_ACTOR)
    return Database(default_url().replace("thidua.sqlite", "demo.sqlite"), actor=DEMO_ACTOR)


def load_season(db, cluster: str, year: int):
    """The season named on the command line, as a read-only copy."""
    from ..services.clusters import find_season, open_season

    info = find_season(db.uow(), cluster, year)
    return open_season(db.uow(), info.season_id)


def print_ranking(result, out=None) -> None:
    from ..domain.points import format_points

    out = out or sys.stdout   # looked up per call: the stream may be swapped after import

    title = f"{result.cluster} — {wording._pick('năm', 'year')} {result.year}"
    print(title, file=out)
    head = wording._pick(("Hạng", "Đơn vị", "Tổng điểm", "Xếp loại", "Ghi chú"),
                         ("Rank", "Member", "Total", "Class", "Note"))
    rows = []
    for r in result.rows:
        note = wording.rank_note(r)
        rows.append((str(r.rank), r.member, format_points(r.total, "," if wording.language() == "vi" else "."),
                     r.classification or "", note))
    widths = [max(len(h), *(len(row[i]) for row in rows)) if rows else len(h) for i, h in enumerate(head)]
    line = "  ".join(h.ljust(w) for h, w in zip(head, widths)).rstrip()
    print(line, file=out)
    print("-" * len(line), file=out)
    for row in rows:
        cells = [row[0].rjust(widths[0]), row[1].ljust(widths[1]), row[2].rjust(widths[2]),
                 row[3].ljust(widths[3]), row[4]]
        print("  ".join(cells).rstrip(), file=out)
    print(wording._pick(f"Điểm tối đa: {format_points(result.max_total)}",
                        f"Maximum: {format_points(result.max_total, '.')}"), file=out)
