"""The wide PDF tables: the scoring table ("bảng chấm điểm") and the covenant ("bản giao ước thi đua").

Both put one column per member, so a cluster wider than a landscape page is split into chunks of
member columns, each a table of its own with the criterion columns repeated and its header rows
repeated on every page it runs over.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import CondPageBreak, PageBreak, Spacer, Table, TableStyle

from ..domain.criteria import Criterion, Kind
from ..domain.points import format_count
from ..domain.season import Member, Season
from ..wording import p
from .pdf_base import (FONT, LAYOUT_FONT, DocInfo, body, bold, build_pdf, doc_info, head_name, header_block, para,
                       recipients_column, signature_column, style, text_width, title_block, two_columns, upper)
from . import rules_text
from .pdf_grid import Grid, GridRow

STT_W, MAX_W, MIN_MEMBER_W, DENSE_MEMBER_W, MAX_MEMBER_W, MIN_TITLE_W = 30, 42, 44, 38, 62, 200


def dense(members: Sequence[Member]) -> bool:
    """Wide clusters get 9 pt and narrower member columns, so each page carries more of the table."""
    return len(members) > 12


def member_chunks(members: Sequence[Member], width: float, fixed: float) -> list[list[Member]]:
    """Members in runs that fit beside the criterion columns; runs are balanced (9+9, not 10+8)."""
    room = width - fixed - MIN_TITLE_W
    per = max(1, int(room // (DENSE_MEMBER_W if dense(members) else MIN_MEMBER_W)))
    count = max(1, -(-len(members) // per))
    size = -(-len(members) // count) if members else 1
    return [list(members[i:i + size]) for i in range(0, len(members), size)] or [[]]


def _widths(width: float, fixed: float, n: int) -> tuple[float, float]:
    member_w = min(MAX_MEMBER_W, (width - fixed - MIN_TITLE_W) / max(n, 1))
    return member_w, width - fixed - member_w * n


INDENT = 6


def _title_cell(node: Criterion, depth: int, strong: bool, width: float, cache: dict, size: float) -> str:
    """The title wrapped to the column once and drawn as plain lines.

    Plain strings, not Paragraphs: a 63-member table repeats the title column in every chunk of
    member columns, and Paragraph layout of thousands of cells is what made it slow.
    """
    key = (node.id, strong, width)
    text = cache.get(key)
    if text is None:
        lines = simpleSplit(node.title, bold() if strong else FONT, size, width - 6 - INDENT * depth)
        text = "\n".join(" " * (2 * depth) + line if depth else line for line in lines)
        cache[key] = text
    return text


def _attached_to(season: Season) -> str:
    mt = season.meeting
    if not mt.minutes_number:
        return ""
    when = f" ngày {mt.date:%d/%m/%Y}" if mt.date else ""
    return f"(Kèm theo Biên bản số {mt.minutes_number}{when} của {season.cluster_name})"


# ---- scoring table ---------------------------------------------------------------------------
def scoring_story(season: Season, info: DocInfo) -> list:
    width = text_width(True)
    results = season.results()
    tallies = results.tallies
    by_member = results.ranking.by_member()
    table = season.criteria
    walk = list(table.walk())
    fixed = STT_W + MAX_W
    chunks = member_chunks(season.members, width, fixed)
    wrapped: dict = {}
    size = 9 if dense(season.members) else 10
    story: list = [header_block(season, None, width)]
    story += title_block("Bảng tổng hợp kết quả chấm điểm thi đua", f"Năm {season.year}")
    attached = _attached_to(season)
    if attached:
        story += [para(attached, style("attached", 12, TA_CENTER, font="ThiduaSerif-Italic", leading=15)),
                  Spacer(1, 8)]
    for index, chunk in enumerate(chunks):
        if index:
            _continued(story, season, chunk, "Bảng chấm điểm")
        member_w, title_w = _widths(width, fixed, len(chunk))
        header = ["STT", "Nội dung và chỉ tiêu thi đua", "Điểm tối đa"] + [m.short_name for m in chunk]
        rows = []
        for node, depth in walk:
            strong = node.kind is not Kind.LEAF
            cells = [node.code, _title_cell(node, depth, strong, title_w, wrapped, size), p(table.maximum(node.id))]
            if strong:
                cells += [p(tallies[m.id].subtotals.get(node.id)) for m in chunk]
            else:
                cells += [rules_text.NOT_ASSIGNED if node.id in table.exempt(m.id) else p(season.final(m.id, node.id))
                          for m in chunk]
            rows.append(GridRow(tuple(cells), bold=strong, keep_with_next=strong))
        # the closing rows stay together with the last criterion
        rows[-1] = GridRow(rows[-1].cells, rows[-1].bold, keep_with_next=True)
        rows.append(GridRow(("", "Tổng cộng", p(results.max_total), *(p(tallies[m.id].total) for m in chunk)),
                            bold=True, keep_with_next=True))
        rows.append(GridRow(("", "Xếp hạng", "", *(_rank_text(by_member[m.id]) for m in chunk)), bold=True,
                            keep_with_next=True))
        # regular weight: "Trung bình" must fit a narrow member column
        rows.append(GridRow(("", "Xếp loại", "", *("\n".join(simpleSplit(by_member[m.id].classification or "", FONT, size,
                                                                        member_w - 4)) for m in chunk))))
        story.append(Grid(header, rows, [STT_W, title_w, MAX_W] + [member_w] * len(chunk),
                          ["C", "L"] + ["C"] * (len(chunk) + 1), FONT, bold(), size))
    notes = _ranking_notes(season)
    story.append(Spacer(1, 6))
    for n in notes:
        story.append(para(n, style("note", 11, TA_LEFT, font="ThiduaSerif-Italic", leading=14)))
    story.append(Spacer(1, 10))
    story.append(two_columns(
        recipients_column(["Liên minh HTX Việt Nam (để b/c);", "Các đơn vị thành viên Cụm;", "Lưu: Cụm."]),
        signature_column(info, ["TM. Cụm thi đua", "Cụm trưởng"], head_name(season), 220),
        width, 0.6))
    if rules_text.keeps_columns(season):   # the score columns side by side, after the signature (issue 13)
        story += _columns_annex(season, width, size, wrapped)
    return story


def _rank_text(row) -> str:
    return f"{row.rank}" + (" (đồng)" if row.tie else "")


def _ranking_notes(season: Season) -> list[str]:
    from ..services.scoring import ranking_of
    from ..wording import rank_note

    result = ranking_of(season)
    out = [f"Điểm tối đa: {p(result.max_total)} điểm. Điểm trừ ghi số dương và được trừ vào tổng điểm."]
    for r in result.rows:
        if not r.tie and (r.decided is not None or r.settled_by is not None):
            note = rank_note(r, with_missing=False)
            out.append(f"{r.member}: {note[0].lower()}{note[1:]}.")
    if result.missing:
        out.append(f"Còn {result.missing} ô điểm chưa chấm; kết quả là tạm tính.")
    return out + rules_text.season_rule_lines(season) + rules_text.member_rule_lines(season)


def _columns_annex(season: Season, width: float, size: float, wrapped: dict) -> list:
    """Every score column the season keeps, member by member, beside the points that count."""
    per_member = len(season.settings.columns) + 1
    out: list = [CondPageBreak(200), Spacer(1, 8),
                 para("Điểm các cột và điểm được tính", style("annex", 12, TA_CENTER, font="ThiduaSerif-Bold",
                                                               leading=15))]
    per = max(1, int((width - STT_W - MIN_TITLE_W) // (DENSE_MEMBER_W * per_member)))
    for start in range(0, len(season.members), per):
        header, rows = rules_text.column_table(season, season.members[start:start + per])
        cell_w = min(MAX_MEMBER_W, (width - STT_W - MIN_TITLE_W) / len(header))
        title_w = width - STT_W - cell_w * len(header)
        grid_rows = [GridRow((season.criteria.path_code(leaf.id), _title_cell(leaf, 0, False, title_w, wrapped, size - 1),
                              *map(rules_text.cell_text, values))) for leaf, values in rows]
        out.append(Grid(["STT", "Tiêu chí", *header], grid_rows, [STT_W, title_w] + [cell_w] * len(header),
                        ["C", "L"] + ["C"] * len(header), FONT, bold(), size - 1))
        out.append(Spacer(1, 6))
    return out


def write_scoring_table(season: Season, path: Path) -> None:
    info = doc_info(season, "scoring-table", "Bảng tổng hợp kết quả chấm điểm thi đua", wide=True)
    build_pdf(path, scoring_story(season, info), info, season)


# ---- covenant --------------------------------------------------------------------------------
def covenant_rows(season: Season) -> list[tuple[Criterion, int]]:
    """Leaves some member signed a target for, with the groups above them for context."""
    table = season.criteria
    with_target = {leaf.id for leaf in table.leaves()
                   if any(season.figure(m.id, leaf.id).target is not None for m in season.members)}
    keep = set(with_target)
    for cid in with_target:
        keep.update(a.id for a in table.ancestors(cid))
    return [(n, d) for n, d in table.walk() if n.id in keep]


def covenant_story(season: Season, info: DocInfo) -> list:
    width = text_width(True)
    unit_w = 52
    fixed = STT_W + unit_w
    story: list = [header_block(season, None, width, dated=False)]
    story += title_block("Bản giao ước thi đua", f"Năm {season.year}")
    story.append(para(
        f"Thực hiện Quy chế hoạt động của {season.cluster_name}, các đơn vị thành viên thống nhất ký "
        f"giao ước thi đua năm {season.year} với các chỉ tiêu chủ yếu dưới đây. Mỗi đơn vị phấn đấu hoàn "
        f"thành và vượt các chỉ tiêu đã đăng ký; kết quả thực hiện là căn cứ chấm điểm, xếp hạng cuối năm.",
        body(13)))
    rows_src = covenant_rows(season)
    wrapped: dict = {}
    size = 9 if dense(season.members) else 10
    if not rows_src:
        story.append(para(f"Chưa có chỉ tiêu giao ước nào được nhập cho năm {season.year}.", body(13)))
    for index, chunk in enumerate(member_chunks(season.members, width, fixed) if rows_src else []):
        if index:
            _continued(story, season, chunk, "Chỉ tiêu giao ước")
        member_w, title_w = _widths(width, fixed, len(chunk))
        header = ["STT", "Nội dung chỉ tiêu", "Đơn vị tính"] + [m.short_name for m in chunk]
        rows = []
        for node, depth in rows_src:
            strong = node.kind is not Kind.LEAF
            cells = [node.code, _title_cell(node, depth, strong, title_w, wrapped, size), node.unit]
            cells += ["" if strong else format_count(season.figure(m.id, node.id).target) for m in chunk]
            rows.append(GridRow(tuple(cells), bold=strong, keep_with_next=strong))
        story.append(Grid(header, rows, [STT_W, title_w, unit_w] + [member_w] * len(chunk),
                          ["C", "L"] + ["C"] * (len(chunk) + 1), FONT, bold(), size))
    story.append(Spacer(1, 8))
    story.append(para("Bản giao ước được lập thành nhiều bản; mỗi đơn vị thành viên giữ một bản, "
                      "Cụm trưởng giữ một bản và gửi Liên minh HTX Việt Nam một bản để theo dõi.", body(13)))
    story.append(CondPageBreak(160))
    # the covenant is signed early in the year at a date the season does not record: left blank to fill in
    place = season.meeting.place or "……………"
    dateline = para(f"{place}, ngày …… tháng …… năm {season.year}",
                    style("cov_date", 13, TA_CENTER, font="ThiduaSerif-Italic", leading=16, space_after=6))
    story.append(two_columns(
        recipients_column(["Liên minh HTX Việt Nam (để theo dõi);", "Các đơn vị thành viên Cụm;", "Lưu: Cụm."]),
        [dateline] + signature_column(info, ["TM. Cụm thi đua", "Cụm trưởng"], head_name(season), 220),
        width, 0.6))
    story.append(Spacer(1, 12))
    story.append(para("ĐẠI DIỆN CÁC ĐƠN VỊ THÀNH VIÊN KÝ GIAO ƯỚC",
                      style("cov_members", 13, TA_CENTER, font=bold(), leading=16, space_after=8)))
    cols = 3
    cells = [[para(upper(m.display_full), style("cov_m", 10.5, TA_CENTER, font=bold(), leading=13)),
              Spacer(1, 44)] for m in season.members]
    grid = [cells[i:i + cols] + [""] * (cols - len(cells[i:i + cols])) for i in range(0, len(cells), cols)]
    if grid:
        g = Table(grid, colWidths=[width / cols] * cols)
        g.setStyle(TableStyle([LAYOUT_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(g)
    return story


def write_covenant(season: Season, path: Path) -> None:
    info = doc_info(season, "covenant", "Bản giao ước thi đua", wide=True)
    build_pdf(path, covenant_story(season, info), info, season)


def _continued(story: list, season, chunk, what: str) -> None:
    """A new page for the next columns of members, saying which members it holds."""
    story.append(PageBreak())
    first, last = season.members.index(chunk[0]) + 1, season.members.index(chunk[-1]) + 1
    story.append(para(f"{what} (tiếp theo): đơn vị thứ {first} đến {last} trong {len(season.members)} "
                      "đơn vị thành viên", style("cont", 12, TA_LEFT, font=bold(), leading=15, space_after=6)))

