"""`thidua demo` and `thidua export`: the documents of a season, written to files."""

from __future__ import annotations

import json
from pathlib import Path

from .. import wording
from ..files import atomic_output, check_output_path, write_text
from .common import load_season, open_db, open_demo_db, print_ranking
from .exits import Exit, Refusal, UsageError
from .parser import year


def register(sub) -> dict:
    d = sub.add_parser("demo", help="nạp dữ liệu mẫu và in bảng xếp hạng")
    d.add_argument("--out", metavar="DIR", help="ghi mọi văn bản vào thư mục")

    e = sub.add_parser("export", help="xuất văn bản")
    e.add_argument("kind")
    e.add_argument("--cluster", required=True)
    e.add_argument("--year", type=year, required=True)
    e.add_argument("--format", choices=("xlsx", "pdf"))   # required for every kind but member-forms
    e.add_argument("--out", required=True)
    return {"demo": run_demo, "export": run_export}


def write_documents(season, out: Path) -> list[Path]:
    """Every document the project can produce for a season, into `out`."""
    from ..documents.registry import file_name, load_writers
    from ..services.scoring import ranking_of

    out.mkdir(parents=True, exist_ok=True)
    written = []
    path = out / f"ranking-{season.year}.json"
    write_text(path, json.dumps(ranking_of(season).as_json(), ensure_ascii=False, indent=1))
    written.append(path)
    for kind in load_writers().values():
        for fmt, writer in kind.writers.items():
            path = out / file_name(kind.name, season, fmt)
            with atomic_output(path) as tmp:
                writer(season, tmp)
            written.append(path)
    return written


def run_demo(args) -> int:
    from ..services.clusters import list_seasons, open_season
    from ..services.demo import load_demo
    from ..services.scoring import rank_season

    db = open_demo_db(args)
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
    return Exit.OK


def run_export(args) -> int:
    from ..documents.registry import load_writers

    if args.kind == "season":   # the season as a file, not a paper: cli/season.py (issue 13)
        from .season import run_export_season
        return run_export_season(args)
    # ---- member self-scoring forms: a folder, one workbook per member (cli/forms.py, issue 11) ----
    if args.kind == "member-forms":
        from .forms import export_member_forms

        return export_member_forms(args)
    if args.format is None:
        raise UsageError(wording._pick("Thiếu --format (xlsx hoặc pdf).", "Missing --format (xlsx or pdf)."))
    # ---------------------------------------------------------------------------------------------
    kinds = load_writers()
    kind = kinds.get(args.kind)
    if kind is None or args.format not in kind.writers:
        available = ", ".join(f"{k.name} ({'/'.join(k.writers)})" for k in kinds.values()) or "—"
        raise UsageError(wording._pick(f"Chưa hỗ trợ xuất “{args.kind}” dạng {args.format}. Có thể xuất: {available}.",
                                       f"Cannot export “{args.kind}” as {args.format}. Available: {available}."))
    out = check_output_path(Path(args.out))    # a folder or a file as parent: said before any work
    db = open_db(args)
    season = load_season(db, args.cluster, args.year)
    try:
        with atomic_output(out) as tmp:         # a failed export leaves no partial file behind
            kind.writers[args.format](season, tmp)
    except OSError as exc:
        raise Refusal(wording.os_refusal(exc, out)) from exc
    print(wording._pick(f"Đã ghi {out}", f"Wrote {out}"))
    return Exit.OK
