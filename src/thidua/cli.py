"""The `thidua` command line: the same services as the app, without Qt.

Exit codes: 0 success, 1 a user error (one Vietnamese line on stderr), 2 bad arguments.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import __version__, wording
from .domain.errors import DomainError
from .services.ports import StorageError

EXIT_OK, EXIT_USER, EXIT_ARGS = 0, 1, 2


class UsageError(Exception):
    """Arguments that parse but cannot be used; exits 2."""


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="thidua", description="Chấm điểm, xếp hạng và bình xét thi đua của cụm.")
    ap.add_argument("--db", help="địa chỉ cơ sở dữ liệu (SQLAlchemy URL hoặc đường dẫn tệp SQLite)")
    ap.add_argument("--version", action="version", version=f"thidua {__version__}")
    sub = ap.add_subparsers(dest="command")

    g = sub.add_parser("gui", help="mở ứng dụng")
    g.add_argument("--demo", action="store_true", help="mở dữ liệu mẫu")
    g.add_argument("--screenshots", metavar="DIR", help="lưu ảnh các màn hình vào thư mục rồi thoát")

    d = sub.add_parser("demo", help="nạp dữ liệu mẫu và in bảng xếp hạng")
    d.add_argument("--out", metavar="DIR", help="ghi mọi văn bản vào thư mục")

    i = sub.add_parser("import-table", help="nhập bảng chấm điểm từ Excel")
    i.add_argument("file", metavar="FILE.xlsx")
    i.add_argument("--cluster")
    i.add_argument("--year", type=int)

    r = sub.add_parser("ranking", help="in bảng xếp hạng")
    r.add_argument("--cluster", required=True)
    r.add_argument("--year", type=int, required=True)
    r.add_argument("--format", choices=("table", "json"), default="table")

    e = sub.add_parser("export", help="xuất văn bản")
    e.add_argument("kind")
    e.add_argument("--cluster", required=True)
    e.add_argument("--year", type=int, required=True)
    e.add_argument("--format", choices=("xlsx", "pdf"), required=True)
    e.add_argument("--out", required=True)

    s = sub.add_parser("sign-off", help="ký duyệt kỳ thi đua")
    s.add_argument("--cluster", required=True)
    s.add_argument("--year", type=int, required=True)
    s.add_argument("--by", required=True)
    s.add_argument("--certificate", metavar="FILE.p12")
    s.add_argument("--password-file", metavar="FILE")
    s.add_argument("--out", metavar="DIR", help="thư mục ghi các văn bản đã ký số (khi có --certificate)")

    v = sub.add_parser("verify", help="kiểm tra văn bản đã ký duyệt")
    v.add_argument("file")
    # also accepted after the command (`thidua verify --db URL FILE`) without hiding a global --db
    v.add_argument("--db", default=argparse.SUPPRESS, help="đối chiếu với cơ sở dữ liệu này")
    return ap


def _db(args):
    from .storage.database import Database

    return Database(args.db)


def _demo_db(args):
    """The demo goes into its own file unless a database is named, so it never mixes with real data."""
    from .storage.database import Database, default_url

    if args.db or os.environ.get("THIDUA_DB"):
        return Database(args.db)
    return Database(default_url().replace("thidua.sqlite", "demo.sqlite"))


def print_ranking(result, out=None) -> None:
    from .domain.points import format_points

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


def _season(db, cluster: str, year: int):
    from .services.clusters import find_season, open_season

    info = find_season(db.uow(), cluster, year)
    return open_season(db.uow(), info.season_id)


def cmd_ranking(args) -> int:
    from .services.clusters import find_season
    from .services.scoring import rank_season

    db = _db(args)
    info = find_season(db.uow(), args.cluster, args.year)
    result = rank_season(db.uow(), info.season_id)
    if args.format == "json":
        print(json.dumps(result.as_json(), ensure_ascii=False))
    else:
        print_ranking(result)
    return EXIT_OK


def write_documents(season, out: Path) -> list[Path]:
    """Every document the project can produce for a season, into `out`."""
    from .documents.registry import file_name, load_writers
    from .services.scoring import ranking_of

    out.mkdir(parents=True, exist_ok=True)
    written = []
    path = out / f"ranking-{season.year}.json"
    path.write_text(json.dumps(ranking_of(season).as_json(), ensure_ascii=False, indent=1), encoding="utf-8")
    written.append(path)
    for kind in load_writers().values():
        for fmt, writer in kind.writers.items():
            path = out / file_name(kind.name, season, fmt)
            writer(season, path)
            written.append(path)
    return written


def cmd_demo(args) -> int:
    from .services.clusters import list_seasons, open_season
    from .services.demo import load_demo
    from .services.scoring import rank_season

    db = _demo_db(args)
    first, _second = load_demo(db.uow())
    print_ranking(rank_season(db.uow(), first))
    if args.out:
        out = Path(args.out)
        season = open_season(db.uow(), first)
        written = []
        for ref in list_seasons(db.uow(), season.cluster_id):
            written += write_documents(open_season(db.uow(), ref.id), out)
        print(wording._pick(f"Đã ghi {len(written)} tệp vào {out.resolve()}:",
                            f"Wrote {len(written)} files to {out.resolve()}:"))
        for path in written:
            print(f"  {path.name}")
    print(wording._pick(f"Cơ sở dữ liệu mẫu: {db.display_name}", f"Demo database: {db.display_name}"))
    return EXIT_OK


def cmd_export(args) -> int:
    from .documents.registry import load_writers

    kinds = load_writers()
    kind = kinds.get(args.kind)
    if kind is None or args.format not in kind.writers:
        available = ", ".join(f"{k.name} ({'/'.join(k.writers)})" for k in kinds.values()) or "—"
        raise UsageError(wording._pick(f"Chưa hỗ trợ xuất “{args.kind}” dạng {args.format}. Có thể xuất: {available}.",
                                       f"Cannot export “{args.kind}” as {args.format}. Available: {available}."))
    db = _db(args)
    season = _season(db, args.cluster, args.year)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    kind.writers[args.format](season, out)
    print(wording._pick(f"Đã ghi {out}", f"Wrote {out}"))
    return EXIT_OK


def _delegate(name: str, module: str, function: str):
    """A command implemented next to the documents it needs; until that exists it exits 2 saying so."""
    def run(args) -> int:
        import importlib

        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            raise UsageError(wording._pick(f"Lệnh “{name}” chưa có trong phiên bản này.",
                                           f"The “{name}” command is not in this version yet.")) from exc
        return getattr(mod, function)(args)
    return run


def cmd_gui(args) -> int:
    try:
        from .ui.app import run_gui
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("thidua.ui"):
            raise UsageError(wording._pick("Ứng dụng giao diện chưa có trong phiên bản này.",
                                           "The desktop app is not in this version yet.")) from exc
        raise
    return run_gui(db_url=args.db, demo=getattr(args, "demo", False),
                   screenshots=getattr(args, "screenshots", None))


COMMANDS = {
    "gui": cmd_gui, "demo": cmd_demo, "ranking": cmd_ranking, "export": cmd_export,
    # commands whose substance lives with the documents they read or sign
    "sign-off": _delegate("sign-off", "thidua.cli_signing", "run_sign_off"),
    "verify": _delegate("verify", "thidua.cli_signing", "run_verify"),
    "import-table": _delegate("import-table", "thidua.cli_import", "run_import_table"),
}


def main(argv: list[str] | None = None) -> int:
    if os.environ.get("THIDUA_LANG") == "en":
        wording.set_language("en")
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    args = _parser().parse_args(argv)
    command = args.command or "gui"
    if args.command is None:
        args.demo, args.screenshots = False, None
    try:
        return COMMANDS[command](args)
    except UsageError as exc:
        print(f"thidua: {exc}", file=sys.stderr)
        return EXIT_ARGS
    except (DomainError, StorageError) as exc:
        print(f"thidua: {wording.explain(exc)}", file=sys.stderr)
        return EXIT_USER


if __name__ == "__main__":   # pragma: no cover
    sys.exit(main())
