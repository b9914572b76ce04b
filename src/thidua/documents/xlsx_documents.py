"""The other workbooks: ranking and awards, the minutes (a workbook version), and the covenant targets."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from ..domain.criteria import Method
from ..domain.points import format_count, format_points
from ..domain.season import Season
from .. import wording
from . import rules_text
from . import xlsx_common as xc


def _table(ws, row: int, headers: list[str], rows: list[list], formats: dict[int, str] | None = None,
           wrap_cols: dict[int, float] | None = None) -> int:
    """A boxed table with a grey header; returns the row after it."""
    formats = formats or {}
    for col, label in enumerate(headers, start=1):
        c = xc.text(ws, row, col, label, xc.BOLD, xc.CENTER)
        c.border, c.fill = xc.BOX, xc.HEADER_FILL
    ws.row_dimensions[row].height = 33
    for values in rows:
        row += 1
        lines = 1
        for col, value in enumerate(values, start=1):
            if isinstance(value, str) or value is None:
                c = xc.text(ws, row, col, value, xc.NORMAL, xc.LEFT if col == 2 else xc.CENTER)
                if value and wrap_cols and col in wrap_cols:
                    lines = max(lines, xc.line_count(value, wrap_cols[col]))
            else:
                c = ws.cell(row=row, column=col, value=xc.number(value) if isinstance(value, Decimal) else value)
                c.font, c.alignment = xc.NORMAL, xc.CENTER
                c.number_format = formats.get(col, xc.POINTS_FORMAT)
            c.border = xc.BOX
        if lines > 1:
            ws.row_dimensions[row].height = 15.75 * lines + 2
    return row + 1


def _paragraph(ws, row: int, last_col: int, value: str, font=xc.NORMAL, width: float = 85) -> int:
    for line in value.split("\n"):
        xc.text(ws, row, 1, line, font, xc.TOP_LEFT)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
        n = xc.line_count(line, width)
        ws.row_dimensions[row].height = 16 * n + 2
        row += 1
    return row


def _ranking_rows(season: Season) -> list[list]:
    from ..services.scoring import ranking_of

    return [[r.rank, r.full_name, r.total, r.classification or "", wording.rank_note(r)]
            for r in ranking_of(season).rows]


def _nominee_rows(season: Season) -> list[list]:
    members = {m.id: m for m in season.members}
    awards = sorted(season.award_types.values(), key=lambda a: a.precedence)
    rows = []
    n = 0
    for award in awards:
        for nominee in [x for x in season.nominees.values() if x.award_type_id == award.id]:
            n += 1
            by = members[nominee.member_id].display_full if nominee.member_id in members else ""
            ballot = season.ballots.get(nominee.id)
            if ballot is None:
                vote, result = "Chưa biểu quyết", ""
            else:
                share = ballot.share_for   # of the base the vote rule names
                pct = Decimal(share.numerator * 100) / Decimal(share.denominator)
                vote = f"{ballot.counted_for}/{ballot.base_count} ({format_points(pct)}%)"
                result = "Đạt" if ballot.passed else "Không đạt"
            rows.append([n, nominee.name, award.name, by, vote, result])
    return rows


def write_ranking(season: Season, path: Path | str) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Xếp hạng"
    last = 6
    row = xc.header_block(ws, season, last, split=3)
    row = xc.title(ws, row + 1, last, f"KẾT QUẢ XẾP HẠNG THI ĐUA NĂM {season.year}")
    row = xc.title(ws, row, last, f"({season.cluster_name})", xc.ITALIC, 18)
    row = xc.status_line(ws, season, row, last)
    header = row + 1
    row = _table(ws, header, ["Xếp hạng", "Đơn vị", "Tổng điểm", "Xếp loại", "Ghi chú"], _ranking_rows(season),
                 {1: "0"}, {2: 34, 5: 24})
    text = f"Điểm tối đa: {format_points(season.criteria.max_total())}."
    row = _paragraph(ws, row, last, text, xc.SMALL_ITALIC)
    for line in rules_text.season_rule_lines(season, cells=False):   # the season's rules in force (issue 13)
        row = _paragraph(ws, row, last, line, xc.SMALL_ITALIC)
    row += 1
    row = xc.title(ws, row, last, "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG", xc.BOLD, 20)
    nominees = _nominee_rows(season)
    if nominees:
        row = _table(ws, row, ["STT", "Đối tượng đề nghị", "Hình thức khen thưởng", "Đơn vị đề nghị",
                               "Số phiếu đồng ý", "Kết quả"], nominees, {1: "0"}, {2: 34, 3: 22, 4: 22})
        for line in rules_text.quota_lines(season):   # quotas as the regulation counts them (issue 13)
            row = _paragraph(ws, row, last, "Số lượng: " + line, xc.SMALL_ITALIC)
    else:
        row = _paragraph(ws, row, last, "Chưa có đối tượng đề nghị khen thưởng.", xc.ITALIC)
    xc.signature(ws, row + 1, 4, last, "TM. CỤM THI ĐUA\nCỤM TRƯỞNG", season.meeting.chair)
    ws.row_dimensions[row + 1].height = 33
    xc.widths(ws, {1: 9, 2: 36, 3: 24, 4: 24, 5: 26, 6: 11})
    xc.print_setup(ws, landscape=True, title_rows=f"{header}:{header}", freeze=f"A{header + 1}")
    xc.stamp(wb, season, "ranking", f"Kết quả xếp hạng thi đua năm {season.year}")
    xc.save(wb, path)


def write_minutes(season: Season, path: Path | str) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Biên bản"
    last = 6
    m = season.meeting
    names = {x.id: x for x in season.members}
    row = xc.header_block(ws, season, last, split=3, number_text=f"Số: {m.minutes_number or '…/BB-CTĐ'}")
    row = xc.title(ws, row + 1, last, "BIÊN BẢN")
    row = xc.title(ws, row, last, f"Họp tổng kết phong trào thi đua năm {season.year} của "
                                  f"{season.cluster_name}", xc.BOLD, 20)
    row = xc.status_line(ws, season, row, last)
    row += 1
    when = wording.vn_date(m.date) if m.date else "ngày … tháng … năm …"
    row = _paragraph(ws, row, last, f"Vào hồi {m.start_time or '…'}, {when}, tại {m.venue or m.place or '…'}, "
                                    f"{season.cluster_name} tổ chức họp tổng kết phong trào thi đua năm "
                                    f"{season.year}.")
    row = _paragraph(ws, row, last, "I. THÀNH PHẦN", xc.BOLD)
    row = _paragraph(ws, row, last, f"- Chủ trì: Ông (Bà) {m.chair or '…'}, {m.chair_title}.")
    row = _paragraph(ws, row, last, f"- Thư ký: Ông (Bà) {m.secretary or '…'}, {m.secretary_title}.")
    present = [(mid, who) for mid, who in m.attendance if who.strip() and mid in names]
    absent = [x for x in season.members if not (m.attendee(x.id) or "").strip()]
    row = _paragraph(ws, row, last, f"- Có mặt {len(present)}/{len(season.members)} đơn vị thành viên:")
    for mid, who in present:
        row = _paragraph(ws, row, last, f"   + {names[mid].display_full}: {who}")
    if absent:
        row = _paragraph(ws, row, last, "- Vắng mặt: " + ", ".join(x.display_full for x in absent) + ".")
    if m.guests:
        row = _paragraph(ws, row, last, f"- Khách mời: {m.guests}.")
    row = _paragraph(ws, row, last, "II. NỘI DUNG", xc.BOLD)
    row = _paragraph(ws, row, last, m.agenda or "…")
    row = _paragraph(ws, row, last, "III. KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG", xc.BOLD)
    row = _table(ws, row, ["Xếp hạng", "Đơn vị", "Tổng điểm", "Xếp loại", "Ghi chú"], _ranking_rows(season),
                 {1: "0"}, {2: 34, 5: 22})
    row = _paragraph(ws, row, last, "IV. KẾT QUẢ BIỂU QUYẾT ĐỀ NGHỊ KHEN THƯỞNG", xc.BOLD)
    ballots = [b for b in season.ballots.values() if b.nominee_id in season.nominees]
    if ballots:
        b0 = ballots[0]
        row = _paragraph(ws, row, last, f"Hình thức: {wording.vote_method_name(b0.method)}; "
                                        f"yêu cầu: {wording.vote_rule_text(b0.rule, 'vi')}.")
        for line in rules_text.vote_basis_lines(season, ballots):   # base, quorum, threshold (issue 13)
            row = _paragraph(ws, row, last, line)
        rows = []
        for i, b in enumerate(ballots, start=1):
            n = season.nominees[b.nominee_id]
            rows.append([i, n.name, f"{b.present}/{b.eligible}", b.counted_for, b.votes_against, b.blank])
            rows[-1].append("Đạt" if b.passed else "Không đạt")
        row = _table(ws, row, ["STT", "Đối tượng", "Có mặt", "Đồng ý", "Không đồng ý", "Phiếu trắng"],
                     [r[:6] for r in rows], {1: "0", 4: "0", 5: "0", 6: "0"}, {2: 34})
    else:
        row = _paragraph(ws, row, last, "Chưa biểu quyết.")
    row = _paragraph(ws, row, last, "V. KẾT LUẬN", xc.BOLD)
    row = _paragraph(ws, row, last, m.conclusions or "…")
    if m.next_heads:
        heads = " và ".join(names[h].display_full for h in m.next_heads if h in names)
        deputy = names[m.next_deputy_id].display_full if m.next_deputy_id in names else "…"
        row = _paragraph(ws, row, last, f"Cụm trưởng năm {season.year + 1}: {heads}; Cụm phó: {deputy}.")
    row = _paragraph(ws, row, last, "Biên bản được lập xong hồi … giờ cùng ngày, đã thông qua các thành viên "
                                    "dự họp và thống nhất ký tên.")
    xc.signature(ws, row + 1, 1, 2, "THƯ KÝ", m.secretary)
    xc.signature(ws, row + 1, 4, last, "CHỦ TRÌ", m.chair)
    xc.widths(ws, {1: 9, 2: 36, 3: 11, 4: 11, 5: 24, 6: 11})
    xc.print_setup(ws, landscape=False)
    xc.stamp(wb, season, "minutes", f"Biên bản họp Cụm thi đua năm {season.year}")
    xc.save(wb, path)


def _covenant_leaves(season: Season):
    leaves = season.criteria.leaves()
    with_targets = [x for x in leaves if any(season.figure(m.id, x.id).target is not None for m in season.members)]
    return with_targets or [x for x in leaves if x.method is Method.RATIO]


def write_covenant(season: Season, path: Path | str) -> None:
    """Targets each member signed up to, and (second sheet) what it achieved against them."""
    wb = Workbook()
    leaves = _covenant_leaves(season)
    for sheet_no, (name, heading) in enumerate((("Chỉ tiêu", "BẢNG ĐĂNG KÝ CHỈ TIÊU GIAO ƯỚC THI ĐUA"),
                                                ("Thực hiện", "KẾT QUẢ THỰC HIỆN CHỈ TIÊU GIAO ƯỚC THI ĐUA"))):
        ws = wb.active if sheet_no == 0 else wb.create_sheet()
        ws.title = name
        first = 4
        last = first + len(season.members) - 1
        row = xc.header_block(ws, season, max(last, 4), split=3)
        row = xc.title(ws, row + 1, max(last, 4), f"{heading} NĂM {season.year}")
        row = xc.status_line(ws, season, row, max(last, 4))
        header = row + 1
        labels = ["STT", "Chỉ tiêu", "Đơn vị tính"] + [m.short_name for m in season.members]
        rows = []
        for leaf in leaves:
            values: list = [season.criteria.path_code(leaf.id), leaf.title, leaf.unit]
            for m in season.members:
                f = season.figure(m.id, leaf.id)
                if sheet_no == 0:
                    values.append(f.target)
                elif f.actual is None:
                    values.append(None)
                else:
                    pct = f" ({format_points(f.percent)}%)" if f.percent is not None else ""
                    values.append(f"{format_count(f.actual)}/{format_count(f.target)}{pct}" if f.target
                                  else format_count(f.actual))
            rows.append(values)
        if not rows:
            rows = [["", "Chưa có chỉ tiêu giao ước.", ""] + [None] * len(season.members)]
        row = _table(ws, header, labels, rows, {c: xc.COUNT_FORMAT for c in range(first, last + 1)}, {2: 44})
        xc.widths(ws, {1: 7, 2: 46, 3: 11})
        for i in range(len(season.members)):
            ws.column_dimensions[get_column_letter(first + i)].width = 11 if sheet_no == 0 else 16
        xc.print_setup(ws, landscape=len(season.members) > 3, title_rows=f"{header}:{header}",
                       freeze=f"D{header + 1}")
    xc.stamp(wb, season, "covenant", f"Chỉ tiêu giao ước thi đua năm {season.year}")
    xc.save(wb, path)

