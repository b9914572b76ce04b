"""`thidua import-table FILE`: read a scoring table a cluster keeps, print what was understood, then import it."""

from __future__ import annotations

import sys
from pathlib import Path

from .. import wording
from ..domain.errors import Ambiguous, NotFound
from .exits import Exit, Refusal, UsageError
from .parser import year

def register(sub) -> dict:
    i = sub.add_parser("import-table", help="nhập bảng chấm điểm từ Excel (.xlsx, .xls) hoặc LibreOffice (.ods)")
    i.add_argument("file", metavar="FILE")
    i.add_argument("--cluster")
    i.add_argument("--year", type=year)
    i.add_argument("--dry-run", action="store_true", help="chỉ in những gì đọc được, không ghi gì")
    return {"import-table": run_import_table}


def refusal(error: BaseException) -> Refusal:
    first, *rest = wording.explain_lines(error)
    return Refusal(first, rest)


def column_roles(parsed) -> list[str]:
    """'cột D: tự chấm — Tỉnh Nghệ An' for every column the reader recognised."""
    out = []
    for c in parsed.columns:
        what = wording.column_role(c.role)
        out.append(wording._pick(f"cột {c.column}: {what} — {c.label}", f"column {c.column}: {what} — {c.label}"))
    return out


def plan_lines(parsed, plan, cluster: str, year: int) -> list[str]:
    """What was understood, line by line: the CLI prints it, the app shows it in its preview."""
    pick = wording._pick
    season = plan.season
    lines = [pick(f"Tệp: {parsed.file} — trang “{parsed.sheet}”, hàng tiêu đề {parsed.header_row}",
                  f"File: {parsed.file} — sheet “{parsed.sheet}”, header row {parsed.header_row}"),
             pick(f"Cụm: {cluster} — năm {year}", f"Cluster: {cluster} — {year}"),
             pick("Các cột:", "Columns:")]
    lines += [f"  {line}" for line in column_roles(parsed)]
    lines.append(pick(f"Đơn vị ({len(parsed.members)}):", f"Members ({len(parsed.members)}):"))
    for m in parsed.members:
        where = m.column or m.self_column
        if parsed.layout == "rows":
            where = pick(f"hàng {m.row}", f"row {m.row}")
        else:
            where = pick(f"cột {where}", f"column {where}")
        lines.append(f"  {where}: {m.short_name}  ({m.header})")
    lines.append(pick(f"Bảng tiêu chí ({len(season.criteria)} dòng, tối đa {wording.p(season.criteria.max_total())} "
                      "điểm):", f"Criteria ({len(season.criteria)} rows, maximum "
                                f"{wording.p(season.criteria.max_total())}):"))
    kinds = {"group": "", "choice": pick(" [chọn một mức]", " [one level]"), "leaf": ""}
    for (node, depth), pn in zip(season.criteria.walk(), parsed.nodes):
        role = {"bonus": pick(" [điểm thưởng]", " [bonus]"),
                "deduction": pick(" [điểm trừ]", " [deduction]")}.get(pn.role, "") if depth == 0 else ""
        cap = pick(f" (giới hạn {wording.p(node.max_points)})", f" (cap {wording.p(node.max_points)})") \
            if node.kind.value == "group" and node.max_points else ""
        lines.append(f"  {'  ' * depth}{node.code or '·'} {node.title} — "
                     f"{wording.p(season.criteria.maximum(node.id))}{cap}{kinds[pn.kind]}{role}")
    scores = pick(f"Điểm: {plan.scores} ô cụm chấm", f"Scores: {plan.scores} agreed")
    if plan.self_scores:
        scores += pick(f", {plan.self_scores} ô tự chấm", f", {plan.self_scores} self-scores")
    lines.append(scores)
    lines.append(pick("Đối chiếu tổng điểm (tính được / bảng ghi):", "Totals (computed / printed):"))
    for c in plan.checks + plan.self_checks:
        mark = pick("khớp", "match") if c.agrees and c.printed is not None else (
            pick("không có", "none") if c.printed is None else pick("KHÁC", "DIFFER"))
        own = pick(" (tự chấm)", " (self)") if c.what == "self_total" else ""
        lines.append(f"  {c.member}{own}: {wording.p(c.computed)} / {wording.p(c.printed) or '—'}  {mark}")
    if plan.subtotal_checks:
        agree = sum(1 for c in plan.subtotal_checks if c.agrees)
        lines.append(pick(f"Điểm cộng nhóm: {agree}/{len(plan.subtotal_checks)} ô khớp",
                          f"Group subtotals: {agree}/{len(plan.subtotal_checks)} cells match"))
    for c in plan.differences:
        lines.append(f"  {wording.total_difference(c, parsed.sheet)}")
    if not plan.has_totals:
        lines.append(pick("Lưu ý: bảng không có hàng “Tổng cộng” nên không đối chiếu được tổng điểm.",
                          "Note: the table has no total row, so totals could not be checked."))
    lines += [pick("Lưu ý: ", "Note: ") + w for w in plan.warnings]
    return lines


def run_import_table(args) -> int:
    from ..documents.readers.safe import WorkbookError
    from ..documents.readers.table import parse_table
    from ..services.clusters import find_cluster
    from ..services.imports import TableHasProblems, TotalsDiffer, import_table, plan_table
    from .common import open_db

    path = Path(args.file)
    if path.is_dir():    # said before any reader sees it
        raise Refusal(wording._pick(f"“{path}” là một thư mục; hãy chọn tệp bảng chấm điểm (.xlsx) trong đó.",
                                    f"“{path}” is a folder; choose the scoring-table file (.xlsx) in it."))
    try:
        parsed = parse_table(args.file)
    except WorkbookError as exc:
        raise refusal(exc) from exc
    cluster = args.cluster or parsed.cluster_hint
    when = args.year or parsed.year_hint
    if not cluster or not when:
        missing = " và ".join(x for x, ok in (("--cluster \"tên cụm\"", cluster), ("--year NĂM", when)) if not ok)
        raise UsageError(wording._pick(
            f"Không đọc được {'tên cụm' if not cluster else 'năm'} từ tiêu đề của bảng; hãy ghi thêm {missing}.",
            f"The table's title names no {'cluster' if not cluster else 'year'}; add {missing}."))
    db = open_db(args)
    try:
        try:
            cluster = find_cluster(db.uow(), cluster).name
        except NotFound:
            pass   # a new cluster, created with the season
        except Ambiguous:
            raise
        try:
            plan = plan_table(parsed, cluster, when)
        except TableHasProblems as exc:
            raise refusal(exc) from exc
        for line in plan_lines(parsed, plan, cluster, when):
            print(line, file=sys.stdout)
        if args.dry_run:
            if not plan.agrees:
                raise refusal(TotalsDiffer(checks=list(plan.differences), sheet=parsed.sheet, file=parsed.file))
            print(wording._pick("(--dry-run: chưa ghi gì)", "(--dry-run: nothing written)"))
            return Exit.OK
        try:
            done = import_table(db.uow(), parsed, cluster, when)
        except TotalsDiffer as exc:
            raise refusal(exc) from exc
        what = wording._pick("tạo cụm mới và ", "created the cluster and ") if done.cluster_created else ""
        print(wording._pick(f"Đã {what}nhập kỳ thi đua {done.cluster_name} năm {done.year}: {done.members} đơn vị, "
                            f"{done.criteria} dòng tiêu chí, {done.scores} ô điểm.",
                            f"Done: {what}imported {done.cluster_name} {done.year}: {done.members} members, "
                            f"{done.criteria} criteria rows, {done.scores} scores."))
        return Exit.OK
    finally:
        db.close()
