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
    d = sub.add_parser("delete-season", help="xóa một kỳ thi đua chưa ký duyệt (kỳ đã ký duyệt không bao giờ bị xóa)")
    d.add_argument("--cluster", required=True)
    d.add_argument("--year", type=year, required=True)
    d.add_argument("--keep", metavar="FILE.json",
                   help="ghi tệp kỳ thi đua trước khi xóa (nhập lại bằng import-season để khôi phục)")
    return {"import-season": run_import, "delete-season": run_delete}


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


def run_delete(args) -> int:
    """`thidua delete-season`: refused (exit 1) for a signed-off season; the deletion is logged in the
    database's own audit chain. Nothing to undo here: --keep writes the season file first."""
    from ..files import check_output_path, write_text
    from ..services.clusters import find_season
    from ..services.deletions import delete_season
    from ..services.season_file import export_season
    from .common import open_db

    out = check_output_path(Path(args.keep)) if args.keep else None
    db = open_db(args)
    try:
        info = find_season(db.uow(), args.cluster, args.year)
        if out is not None:   # written before anything goes: a failed write deletes nothing
            write_text(out, export_season(db.uow(), info.season_id))
        kept = delete_season(db.uow(), info.season_id, expected_version=None, reason="thidua delete-season")
    finally:
        db.close()
    print(wording._pick(f"Đã xóa kỳ thi đua {kept.cluster_name} năm {kept.year}."
                        + (f" Tệp kỳ thi đua: {out}" if out else ""),
                        f"Deleted season {kept.cluster_name} {kept.year}." + (f" Season file: {out}" if out else "")))
    return Exit.OK
