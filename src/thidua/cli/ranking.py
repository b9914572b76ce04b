"""`thidua ranking`: the ranking of one season, as a table or as JSON for other tools."""

from __future__ import annotations

import json

from .common import open_db, print_ranking
from .exits import Exit
from .parser import year


def register(sub) -> dict:
    r = sub.add_parser("ranking", help="in bảng xếp hạng")
    r.add_argument("--cluster", required=True)
    r.add_argument("--year", type=year, required=True)
    r.add_argument("--format", choices=("table", "json"), default="table")
    return {"ranking": run}


def run(args) -> int:
    from ..services.clusters import find_season
    from ..services.scoring import rank_season

    db = open_db(args)
    info = find_season(db.uow(), args.cluster, args.year)
    result = rank_season(db.uow(), info.season_id)
    if args.format == "json":
        print(json.dumps(result.as_json(), ensure_ascii=False))
    else:
        print_ranking(result)
    return Exit.OK
