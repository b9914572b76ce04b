"""`thidua import-table FILE`: read an existing scoring table, print what was understood, then import it."""

from __future__ import annotations

import sys
from pathlib import Path

from .. import wording
from ..domain.errors import Ambiguous, NotFound
from ..domain.points import format_points
from .exits import Exit, Refusal, UsageError
from .parser import year


def register(sub) -> dict:
    i = sub.add_parser("import-table", help="nhập bảng chấm điểm từ Excel")
    i.add_argument("file", metavar="FILE.xlsx")
    i.add_argument("--cluster")
    i.add_argument("--year", type=year)
    return {"import-table": run_import_table}


def _refuse(error: BaseException) -> Refusal:
    first, *rest = wording.explain_lines(error)
    return Refusal(first, rest)


def print_plan(parsed, plan, cluster: str, year: int, out=None) -> None:
    out = out or sys.stdout   # looked up per call: the stream may be swapped after import
    season = plan.season
    print(f"Tệp: {parsed.file} — trang “{parsed.sheet}”, hàng tiêu đề {parsed.header_row}", file=out)
    print(f"Cụm: {cluster} — năm {year}", file=out)
    print(f"Đơn vị ({len(parsed.members)}):", file=out)
    for m in parsed.members:
        print(f"  cột {m.column}: {m.short_name}  ({m.header})", file=out)
    print(f"Bảng tiêu chí ({len(season.criteria)} dòng, tối đa {format_points(season.criteria.max_total())} điểm):",
          file=out)
    kinds = {"group": "", "choice": " [chọn một mức]", "leaf": ""}
    for (node, depth), pn in zip(season.criteria.walk(), parsed.nodes):
        role = {"bonus": " [điểm thưởng]", "deduction": " [điểm trừ]"}.get(pn.role, "") if depth == 0 else ""
        cap = f" (giới hạn {format_points(node.max_points)})" if node.kind.value == "group" and node.max_points else ""
        print(f"  {'  ' * depth}{node.code or '·'} {node.title} — {format_points(season.criteria.maximum(node.id))}"
              f"{cap}{kinds[pn.kind]}{role}", file=out)
    print(f"Điểm: {plan.scores} ô", file=out)
    print("Đối chiếu tổng điểm (tính được / bảng ghi):", file=out)
    for c in plan.checks:
        mark = "khớp" if c.agrees and c.printed is not None else ("không có" if c.printed is None else "KHÁC")
        print(f"  {c.member}: {format_points(c.computed)} / {format_points(c.printed, blank='—')}  {mark}", file=out)
    for w in plan.warnings:
        print(f"Lưu ý: {w}", file=out)


def run_import_table(args) -> int:
    from ..documents.table_import import parse_table
    from ..documents.xlsx_safe import WorkbookError
    from ..services.clusters import find_cluster
    from ..services.imports import TableHasProblems, TotalsDiffer, import_table, plan_table
    from ..storage.database import Database

    path = Path(args.file)
    if path.is_dir():    # said before any reader sees it
        raise Refusal(wording._pick(f"“{path}” là một thư mục; hãy chọn tệp bảng chấm điểm (.xlsx) trong đó.",
                                    f"“{path}” is a folder; choose the scoring-table file (.xlsx) in it."))
    try:
        parsed = parse_table(args.file)
    except WorkbookError as exc:
        raise _refuse(exc) from exc
    cluster = args.cluster or parsed.cluster_hint
    year = args.year or parsed.year_hint
    if not cluster or not year:
        missing = " và ".join(x for x, ok in (("--cluster \"tên cụm\"", cluster), ("--year NĂM", year)) if not ok)
        raise UsageError(f"Không đọc được {'tên cụm' if not cluster else 'năm'} từ tiêu đề của bảng; "
                         f"hãy ghi thêm {missing}.")
    db = Database(args.db)
    try:
        try:
            cluster = find_cluster(db.uow(), cluster).name
        except NotFound:
            pass   # a new cluster, created with the season
        except Ambiguous:
            raise
        try:
            plan = plan_table(parsed, cluster, year)
        except TableHasProblems as exc:
            raise _refuse(exc) from exc
        print_plan(parsed, plan, cluster, year)
        try:
            done = import_table(db.uow(), parsed, cluster, year)
        except TotalsDiffer as exc:
            raise _refuse(exc) from exc
        what = "tạo cụm mới và " if done.cluster_created else ""
        print(f"Đã {what}nhập kỳ thi đua {done.cluster_name} năm {done.year}: {done.members} đơn vị, "
              f"{done.criteria} dòng tiêu chí, {done.scores} ô điểm.")
        return Exit.OK
    finally:
        db.close()
