"""`thidua demo` and `thidua export`: the documents of a season, written to files (PDF, Excel, Word)."""

from __future__ import annotations

import json
from pathlib import Path

from .. import wording
from ..documents.registry import FORMATS
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
    e.add_argument("--format", choices=FORMATS)   # required for every kind but member-forms
    e.add_argument("--out", required=True)
    e.add_argument("--template", metavar="FILE.docx",
                   help="mẫu Word riêng của cụm (docxtpl) thay cho mẫu có sẵn (chỉ với --format docx)")
    return {"demo": run_demo, "export": run_export}


def write_documents(season, out: Path) -> list[Path]:
    """Every document the project can produce for a season, into `out`."""
    from ..documents.registry import file_name, load_writers
    from ..files import write_text
    from ..services.scoring import ranking_of

    written = [write_text(out / f"ranking-{season.year}.json",
                          json.dumps(ranking_of(season).as_json(), ensure_ascii=False, indent=1))]
    for kind in load_writers().values():
        for fmt, writer in kind.writers.items():
            path = out / file_name(kind.name, season, fmt)
            writer(season, path)   # every writer writes beside the target and renames
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


def template_for(kind: str, given: str | None) -> Path | None:
    """--template, else `<kind>.docx` in the folder [documents] word_templates of the user settings."""
    from ..documents.docx.template import configured

    if given:
        path = Path(given)
        if not path.is_file():
            raise Refusal(f"Không tìm thấy mẫu Word {path} (--template).")
        return path
    return configured(kind)


def run_export(args) -> int:
    from ..documents.registry import load_writers
    from ..files import check_output_path

    if args.kind == "season":   # the season as a file, not a paper: cli/season.py (issue 13)
        from .season import run_export_season
        return run_export_season(args)
    # ---- member self-scoring forms: a folder, one workbook per member (cli/forms.py, issue 11) ----
    if args.kind == "member-forms":
        from .forms import export_member_forms

        return export_member_forms(args)
    if args.format is None:
        raise UsageError(wording._pick("Thiếu --format (pdf, xlsx hoặc docx).", "Missing --format (pdf, xlsx or docx)."))
    # ---------------------------------------------------------------------------------------------
    kinds = load_writers(args.format)
    kind = kinds.get(args.kind)
    if kind is None or args.format not in kind.writers:
        kinds = load_writers()
        available = ", ".join(f"{k.name} ({'/'.join(k.writers)})" for k in kinds.values()) or "—"
        raise UsageError(wording._pick(f"Chưa hỗ trợ xuất “{args.kind}” dạng {args.format}. Có thể xuất: {available}.",
                                       f"Cannot export “{args.kind}” as {args.format}. Available: {available}."))
    if args.template and args.format != "docx":
        raise UsageError(wording._pick("--template chỉ dùng với --format docx.", "--template needs --format docx."))
    out = check_output_path(Path(args.out))   # a folder or a file as parent: said before any work
    template = template_for(args.kind, args.template) if args.format == "docx" else None
    db = open_db(args)
    season = load_season(db, args.cluster, args.year)
    try:   # every writer writes beside the target and renames: a failed export leaves no partial file
        if template is None:
            kind.writers[args.format](season, out)
        else:
            kind.writers[args.format](season, out, template)
    except OSError as exc:
        raise Refusal(wording.os_refusal(exc, out)) from exc
    except Exception as exc:
        from ..documents.docx.template import TemplateError
        if not isinstance(exc, TemplateError):
            raise
        raise Refusal(wording._pick(f"Không xuất được {out.name}: {exc.reason}.",
                                    f"Could not export {out.name}: {exc.reason}.")) from exc
    print(wording._pick(f"Đã ghi {out}", f"Wrote {out}"))
    return Exit.OK
