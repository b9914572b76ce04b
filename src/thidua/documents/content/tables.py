"""The wide papers' content: the scoring table and the covenant, one column per member."""

from __future__ import annotations

from dataclasses import replace

from ...domain.criteria import Criterion, Kind, Method
from ...domain.ranking import RankBasis
from ...domain.season import Season
from ...services.scoring import ranking_of
from ...wording import criterion_rule, has_own_rule
from . import rules, words
from .common import attached_note, document, head_signer, header, numbered
from .model import Closing, Column, Document, Para, Row, Signer, SignerGrid, Table, Title

MEMBER_W = 15       # mm: a member column ("Quảng Ninh", "99,5"); nine fit a landscape page beside the criteria


def _rank_text(row) -> str:
    return f"{row.rank}" + (" (đồng)" if row.tie else "")


def notes(season: Season) -> list[str]:
    """The lines under the scoring table: the maximum, how ties were settled, what is still missing."""
    result = ranking_of(season)
    out = [f"Điểm tối đa: {words.points(result.max_total)} điểm. Điểm trừ ghi số dương và được trừ vào tổng điểm."]
    for r in result.rows:
        if not r.tie and (r.decided is not None or r.settled_by is not None):
            note = words.rank_note(r, with_missing=False)
            out.append(f"{r.full_name}: {note[0].lower()}{note[1:]}.")
    if result.unresolved:
        out.append("Các đơn vị bằng điểm nhau mà không tiêu chí phụ nào phân định được xếp đồng hạng; "
                   "thứ tự do Cụm biểu quyết.")
    if result.missing:
        out.append(f"Còn {result.missing} ô điểm chưa chấm; kết quả là tạm tính.")
    out += criterion_rule_lines(season)
    # the regulations' rules in force and what they did to each member (issue 13)
    return out + rules.season_rule_lines(season) + rules.member_rule_lines(season)


def criterion_rule_lines(season: Season) -> list[str]:
    """One line per criterion whose points follow a rule the columns cannot show — bands on a measured
    value, the extra for exceeding a target, points per item — worded as the criteria tree words it."""
    table = season.criteria
    out = []
    for leaf in table.leaves():
        if not has_own_rule(leaf):
            continue
        if leaf.per_item and leaf.method in (Method.BONUS_PER_ITEM, Method.DEDUCTION_PER_ITEM) and \
                f"{words.points(leaf.per_item)} điểm/" in leaf.title:
            continue   # its text already says it ("Được khen thưởng đột xuất (1 điểm/lần)")
        where = table.path_code(leaf.id) or f"“{leaf.title}”"
        out.append(f"Tiêu chí {where}: {criterion_rule(leaf, 'vi')}.")
    return out


def scoring_table_rows(season: Season) -> tuple[Row, ...]:
    """The table's rows, each figure computed once and kept beside its text (Row.figures)."""
    results = season.results()
    tallies = results.tallies
    by_member = results.ranking.by_member()
    table = season.criteria
    members = season.members
    points = words.points
    exempt = [table.exempt(m.id) for m in members]
    member_tallies = [tallies[m.id] for m in members]
    rows = []
    for node, depth in table.walk():
        strong = node.kind is not Kind.LEAF
        maximum = table.maximum(node.id)
        if strong:
            figures = [t.subtotals.get(node.id) for t in member_tallies]
            values = [points(f) for f in figures]
        else:   # a criterion not assigned to a member reads "—" in its column
            figures = [None if node.id in ex else t.finals.get(node.id) for t, ex in zip(member_tallies, exempt)]
            values = [rules.NOT_ASSIGNED if node.id in ex else points(f) for f, ex in zip(figures, exempt)]
        rows.append(Row((node.code, node.title, points(maximum), *values), bold=strong, keep_with_next=strong,
                        indent=depth, figures=(None, None, maximum, *figures)))
    # the closing rows stay together with the last criterion
    if rows:
        rows[-1] = replace(rows[-1], keep_with_next=True)
    totals = [t.total for t in member_tallies]
    rows.append(Row(("", "Tổng cộng", points(results.max_total), *map(points, totals)), bold=True,
                    keep_with_next=True, figures=(None, None, results.max_total, *totals)))
    if season.settings.rank_basis is RankBasis.RATE:   # ranked by the rate: each member's own maximum, then the rate
        own = [t.maximum if t.maximum is not None else results.max_total for t in member_tallies]
        rates = [t.rate for t in member_tallies]
        rows.append(Row(("", "Điểm tối đa được giao", "", *map(points, own)), keep_with_next=True,
                        figures=(None, None, None, *own)))
        rows.append(Row(("", "Tỷ lệ đạt (%)", "", *map(points, rates)), bold=True, keep_with_next=True,
                        figures=(None, None, None, *rates)))
    rows.append(Row(("", "Xếp hạng", "", *(_rank_text(by_member[m.id]) for m in members)), bold=True,
                    keep_with_next=bool(season.settings.classes)))
    if season.settings.classes:
        rows.append(Row(("", "Xếp loại", "", *((by_member[m.id].classification or "")
                                                 if not tallies[m.id].missing else "" for m in members))))
    return tuple(rows)


def scoring_table(season: Season) -> Document:
    cols = (Column("STT", 11), Column("Nội dung và chỉ tiêu thi đua", 75, "L"), Column("Điểm tối đa", 15)) + \
        tuple(Column(m.short_name, MEMBER_W) for m in season.members)
    grid = Table(cols, scoring_table_rows(season), fixed=3, size=10, continued="Bảng chấm điểm",
                 sheet="Bảng chấm điểm")
    body: list = [grid] + [Para(n, "note") for n in notes(season)]
    body.append(Closing((head_signer(season),), words.RECIPIENTS_UP))
    if rules.keeps_columns(season):   # every score column side by side, after the signature (issue 13, rule 8)
        body += rules.column_blocks(season)
    return document(season, "scoring-table", "Bảng tổng hợp kết quả chấm điểm thi đua", header(season, None),
                    Title(f"BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA NĂM {season.year}", "", attached_note(season)),
                    body, landscape=True)


# ---- covenant --------------------------------------------------------------------------------
def covenant_nodes(season: Season) -> list[tuple[Criterion, int]]:
    """Leaves some member signed a target for, with the groups above them for context."""
    table = season.criteria
    with_target = {leaf.id for leaf in table.leaves()
                   if any(season.figure(m.id, leaf.id).target is not None for m in season.members)}
    keep = set(with_target)
    for cid in with_target:
        keep.update(a.id for a in table.ancestors(cid))
    return [(n, d) for n, d in table.walk() if n.id in keep]


ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI",
         "XVII", "XVIII", "XIX", "XX")


def _numbers(nodes: list[tuple[Criterion, int]]) -> list[str]:
    """The covenant's own row numbers: I, II … for the top level, 1, 2 … below, counting only the rows
    it prints (the criteria codes skip the criteria without targets)."""
    out, counters = [], {}
    for node, depth in nodes:
        n = counters.get(node.parent_id, 0) + 1
        counters[node.parent_id] = n
        out.append((ROMAN[n - 1] if n <= len(ROMAN) else str(n)) if depth == 0 else str(n))
    return out


def covenant(season: Season) -> Document:
    mt = season.meeting
    nodes = covenant_nodes(season)
    body: list = [Para(
        f"Thực hiện Quy chế hoạt động của {season.cluster_name}, các đơn vị thành viên thống nhất ký giao ước thi "
        f"đua năm {season.year} với các chỉ tiêu chủ yếu dưới đây. Mỗi đơn vị phấn đấu hoàn thành và vượt các chỉ "
        f"tiêu đã đăng ký; kết quả thực hiện là căn cứ chấm điểm, xếp hạng cuối năm.")]
    if nodes:
        cols = (Column("STT", 11), Column("Nội dung chỉ tiêu", 75, "L"), Column("Đơn vị tính", 18)) + \
            tuple(Column(m.short_name, MEMBER_W) for m in season.members)
        rows = []
        for (node, depth), number in zip(nodes, _numbers(nodes)):
            strong = node.kind is not Kind.LEAF
            values = ["" if strong else words.count(season.figure(m.id, node.id).target) for m in season.members]
            rows.append(Row((number, node.title, node.unit, *values), bold=strong, keep_with_next=strong,
                            indent=depth))
        body.append(Table(cols, tuple(rows), fixed=3, size=10, continued="Chỉ tiêu giao ước", sheet="Giao ước"))
    else:
        body.append(Para(f"Chưa có chỉ tiêu giao ước nào được nhập cho năm {season.year}."))
    body.append(Para("Bản giao ước được lập thành nhiều bản; mỗi đơn vị thành viên giữ một bản, Cụm trưởng giữ một "
                     "bản và gửi Liên minh HTX Việt Nam một bản để theo dõi."))
    body.append(Closing((head_signer(season),), ("Liên minh HTX Việt Nam (để theo dõi);", "Các đơn vị thành viên Cụm;",
                                                 "Lưu: Cụm.")))
    signers = []
    recorded = {mid: (title, name) for mid, title, name in mt.covenant_signers}
    for m in season.members:
        if mt.covenant_signers:
            title, name = recorded.get(m.id, ("", ""))
        else:   # not recorded apart: who attended the meeting signs
            title, name = (mt.attendee(m.id) or "").strip(), mt.attendee_name(m.id)
        titles = (m.display_full.upper(),) + ((title.upper(),) if title else ())
        signers.append(Signer(titles, name, "member", signable=False))
    body.append(SignerGrid("ĐẠI DIỆN CÁC ĐƠN VỊ THÀNH VIÊN KÝ GIAO ƯỚC", tuple(signers)))
    dateline = words.dateline(mt.covenant_date, mt.place, season.year)
    return document(season, "covenant", "Bản giao ước thi đua",
                    header(season, numbered(mt.covenant_number, "GƯ-CTĐ"), dateline=dateline),
                    Title("BẢN GIAO ƯỚC THI ĐUA", f"Năm {season.year}"), body, landscape=True)
