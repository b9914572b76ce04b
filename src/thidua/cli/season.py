"""`thidua import-season FILE.json` and `thidua export season`: one season as a portable file."""

from __future__ import annotations

from pathlib import Path

from .. import wording
from ..domain.errors import Duplicate
from .exits import Exit, Refusal
from .parser import year


def register(sub) -> dict:
    i = sub.add_parser("import-season", help="nhập một kỳ thi đua từ tệp kỳ thi đua (.json)")
    i.add_argument("file", metavar="FILE.json")
    i.add_argument("--as-cluster", metavar="NAME", help="nhập vào cụm này thay cho cụm ghi trong tệp")
    i.add_argument("--year", type=year, help="nhập thành kỳ thi đua năm này thay cho năm ghi trong tệp")
    i.add_argument("--replace", action="store_true",
                   help="thay kỳ thi đua cùng cụm, cùng năm đã có (khi chưa ký duyệt)")
    return {"import-season": run_import}


def _refuse(error: BaseException) -> Refusal:
    first, *rest = wording.explain_lines(error)
    return Refusal(first, rest)


def run_import(args) -> int:
    from ..services.season_file import SeasonFileRefused, import_season, read_file
    from .common import open_db

    path = Path(args.file)
    try:
        parsed = read_file(path)
    except SeasonFileRefused as exc:
        raise _refuse(exc) from exc
    db = open_db(args)
    try:
        done = import_season(db.uow(), parsed, file=str(path), as_cluster=args.as_cluster, year=args.year,
                             replace_existing=args.replace)
    except SeasonFileRefused as exc:
        raise _refuse(exc) from exc
    except Duplicate as exc:
        raise Refusal(wording.season_exists(exc.data["key"])) from exc
    finally:
        db.close()
    print(wording.season_imported(done))
    return Exit.OK


def run_export_season(args) -> int:
    """`thidua export season`: the whole season into one JSON file (see docs/season.schema.json)."""
    from ..files import check_output_path, write_text
    from ..services.season_file import export_text
    from .common import load_season, open_db

    out = check_output_path(Path(args.out))
    db = open_db(args)
    try:
        write_text(out, export_text(load_season(db, args.cluster, args.year)))
    finally:
        db.close()
    print(wording._pick(f"Đã ghi {out}", f"Wrote {out}"))
    return Exit.OK
