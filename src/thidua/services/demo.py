"""The built-in demo: the Đồng bằng sông Hồng cluster's 2017 season and a half-scored 2018.

Member names, the 2017 meeting date and place, the new-cooperative figures, the flag for
Ninh Bình, the two cooperatives' certificates and the 2018 co-heads come from public reports
(../shared/DOMAIN.md); other scores, targets and people's names are made up for the demo.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal as D
from fractions import Fraction

from ..domain.awards import AwardType, NomineeKind
from ..domain.criteria import Band, Criterion, Kind, Method, Role, new_id
from ..domain.errors import Duplicate
from ..domain.ranking import ClassBand, TieBreaker, TieBreakerKind
from ..domain.scoring import ScoreKind
from ..domain.season import Meeting, Season, SeasonSettings, State
from ..domain.votes import Comparison, VoteMethod, VoteRule
from . import clusters, outcome, scoring
from .clusters import find_cluster
from .ports import UnitOfWork

CLUSTER = "Cụm thi đua các tỉnh Đồng bằng sông Hồng"
MEMBERS = ["Ninh Bình", "Hà Nam", "Nam Định", "Thái Bình", "Vĩnh Phúc", "Bắc Ninh", "Hải Dương",
           "Hưng Yên", "Quảng Ninh"]

# Criteria: (code path, title, kind, extra).  Leaves carry method and maximum.
G, C, L = Kind.GROUP, Kind.CHOICE, Kind.LEAF
TABLE = [
    ("I", "Thực hiện nhiệm vụ thành viên Ban Chỉ đạo đổi mới, phát triển kinh tế tập thể tỉnh", G, {}),
    ("I.1", "Tham mưu xây dựng, ban hành chương trình, kế hoạch phát triển kinh tế tập thể", L,
     dict(method=Method.MANUAL, max_points=D(5), step=D("0.5"))),
    ("I.2", "Tham gia kiểm tra, giám sát thực hiện chính sách hỗ trợ HTX", L,
     dict(method=Method.MANUAL, max_points=D(2), step=D("0.25"))),
    ("I.3", "Báo cáo sơ kết, tổng kết Luật HTX năm 2012 đúng thời hạn", L,
     dict(method=Method.YES_NO, max_points=D(3))),
    ("II", "Phát triển hợp tác xã, tổ hợp tác theo giao ước thi đua", G, {}),
    ("II.1", "Thành lập mới hợp tác xã so với chỉ tiêu giao ước", L,
     dict(method=Method.RATIO, max_points=D(12), exceed_cap=D(3), unit="HTX")),
    ("II.2", "Thành lập mới tổ hợp tác so với chỉ tiêu giao ước", L,
     dict(method=Method.RATIO, max_points=D(8), unit="THT")),
    ("II.3", "Thành lập mới Liên hiệp HTX", L, dict(method=Method.YES_NO, max_points=D(2), unit="LH HTX")),
    ("II.4", "Tỷ lệ HTX là thành viên Liên minh HTX tỉnh", C, {}),
    ("II.4.a", "Từ 80% trở lên", L, dict(method=Method.MANUAL, max_points=D(4), step=D(4))),
    ("II.4.b", "Từ 60% đến dưới 80%", L, dict(method=Method.MANUAL, max_points=D(3), step=D(3))),
    ("II.4.c", "Dưới 60%", L, dict(method=Method.MANUAL, max_points=D(2), step=D(2))),
    ("II.5", "Xây dựng mô hình HTX kiểu mới so với chỉ tiêu", L,
     dict(method=Method.RATIO, max_points=D(6), unit="HTX")),
    ("III", "Đào tạo, bồi dưỡng, tuyên truyền và hỗ trợ HTX", G, {}),
    ("III.1", "Đào tạo, bồi dưỡng cán bộ quản lý HTX so với kế hoạch", L,
     dict(method=Method.RATIO, max_points=D(8), unit="người")),
    ("III.2", "Tuyên truyền Luật HTX và các chính sách hỗ trợ", L,
     dict(method=Method.MANUAL, max_points=D(4), step=D("0.5"))),
    ("III.3", "Hỗ trợ xây dựng thương hiệu, xúc tiến thương mại", L,
     dict(method=Method.RATIO, max_points=D(4), unit="thương hiệu")),
    ("III.4", "Tỷ lệ HTX hoạt động hiệu quả (khá, tốt)", L,
     dict(method=Method.BANDS, unit="%", bands=(Band(D(50), D(4)), Band(D(30), D(3)), Band(D(0), D(2))))),
    ("IV", "Hoạt động hỗ trợ và công tác nội bộ", G, {}),
    ("IV.1", "Quỹ hỗ trợ phát triển HTX: tăng trưởng nguồn vốn, cho vay đúng đối tượng", L,
     dict(method=Method.MANUAL, max_points=D(5), step=D("0.5"))),
    ("IV.2", "Công tác tài chính, kế toán", L, dict(method=Method.MANUAL, max_points=D(3), step=D("0.25"))),
    ("IV.3", "Công tác thi đua, khen thưởng", L, dict(method=Method.MANUAL, max_points=D(3), step=D("0.25"))),
    ("IV.4", "Tổ chức Đảng, đoàn thể đạt vững mạnh", L, dict(method=Method.YES_NO, max_points=D(2))),
    ("IV.5", "Chế độ thông tin, báo cáo", L, dict(method=Method.MANUAL, max_points=D(2), step=D("0.25"))),
    ("V", "Tham gia hoạt động của Cụm thi đua", G, {}),
    ("V.1", "Tham dự đầy đủ các hội nghị, hoạt động của Cụm", L, dict(method=Method.YES_NO, max_points=D(5))),
    ("V.2", "Đăng cai, phối hợp tổ chức hoạt động của Cụm", L,
     dict(method=Method.MANUAL, max_points=D(5), step=D("0.5"))),
    ("V.3", "Trao đổi kinh nghiệm, học tập mô hình giữa các thành viên", L,
     dict(method=Method.MANUAL, max_points=D(5), step=D("0.5"))),
    ("VI", "Điểm thưởng", G, dict(role=Role.BONUS, max_points=D(5))),
    ("VI.1", "Sáng kiến, mô hình mới được cấp có thẩm quyền công nhận (1 điểm/sáng kiến)", L,
     dict(method=Method.BONUS_PER_ITEM, max_points=D(3), per_item=D(1), unit="sáng kiến")),
    ("VI.2", "Được khen thưởng đột xuất (1 điểm/lần)", L,
     dict(method=Method.BONUS_PER_ITEM, max_points=D(3), per_item=D(1), unit="lần")),
    ("VII", "Điểm trừ", G, dict(role=Role.DEDUCTION, max_points=D(5))),
    ("VII.1", "Gửi báo cáo chậm so với quy định (0,5 điểm/lần)", L,
     dict(method=Method.DEDUCTION_PER_ITEM, max_points=D(2), per_item=D("0.5"), unit="lần")),
    ("VII.2", "Bị cấp có thẩm quyền nhắc nhở do vi phạm quy định (1 điểm/lần)", L,
     dict(method=Method.DEDUCTION_PER_ITEM, max_points=D(3), per_item=D(1), unit="lần")),
]

# Covenant figures per leaf: (targets, actuals) in MEMBERS order; None = no target.
FIGURES_2017 = {
    "II.1": ([15, 8, 12, 10, 15, 25, 8, 8, 40], [22, 9, 10, 8, 21, 35, 8, 7, 86]),
    "II.2": ([20, 10, 15, 15, 15, 15, 15, 15, 20], [24, 9, 15, 12, 16, 13, 15, 10, 22]),
    "II.3": (None, [1, 0, 1, 0, 1, 1, 0, 0, 1]),
    "II.5": ([25, 20, 25, 25, 20, 25, 20, 20, 20], [30, 18, 22, 20, 21, 26, 19, 15, 28]),
    "III.1": ([700, 600, 700, 700, 600, 700, 700, 600, 700], [812, 590, 705, 650, 640, 720, 680, 540, 760]),
    "III.3": ([2, 1, 2, 2, 1, 2, 2, 1, 2], [3, 1, 2, 1, 1, 2, 2, 1, 3]),
    "III.4": (None, [62, 48, 45, 35, 55, 58, 41, 28, 60]),
    "I.3": (None, [1, 1, 1, 0, 1, 1, 1, 0, 1]),
    "IV.4": (None, [1, 1, 1, 1, 1, 1, 1, 0, 1]),
    "V.1": (None, [1, 1, 1, 0, 1, 1, 1, 1, 1]),
    "VI.1": (None, [3, 1, 1, 0, 2, 2, 1, 0, 2]),
    "VI.2": (None, [2, 1, 0, 1, 0, 1, 1, 0, 1]),
    "VII.1": (None, [0, 1, 0, 2, 0, 1, 0, 3, 1]),
    "VII.2": (None, [0, 0, 0, 0, 0, 0, 0, 1, 0]),
}

# Agreed manual points in MEMBERS order.
MANUAL_2017 = {
    "I.1": ["5", "4.5", "4.5", "4", "4.5", "5", "4", "3.5", "5"],
    "I.2": ["2", "1.75", "2", "1.5", "2", "2", "1.75", "1.5", "1.75"],
    "II.4": ["a", "b", "b", "c", "b", "a", "b", "c", "a"],   # which alternative
    "III.2": ["4", "3.5", "3.5", "3", "3.5", "4", "3.5", "3", "4"],
    "IV.1": ["5", "4", "4.5", "4", "4.5", "4.5", "4", "3.5", "4.5"],
    "IV.2": ["3", "2.75", "2.75", "2.5", "2.75", "3", "2.75", "2.5", "2.75"],
    "IV.3": ["3", "2.75", "2.5", "2.5", "2.75", "2.75", "2.75", "2.25", "2.75"],
    "IV.5": ["2", "1.75", "2", "1.5", "1.75", "2", "1.75", "1.5", "1.75"],
    "V.2": ["5", "3.5", "4", "3.5", "3.5", "4", "3.5", "3", "4"],
    "V.3": ["4.5", "3.5", "4", "3.5", "4", "4", "4", "3", "4.5"],
}

FIGURES_2018_TARGETS = {
    "II.1": [16, 10, 12, 12, 16, 28, 10, 10, 45],
    "II.2": [22, 12, 16, 16, 16, 16, 16, 16, 22],
    "II.5": [28, 22, 26, 26, 22, 26, 22, 22, 26],
    "III.1": [720, 620, 720, 720, 620, 720, 720, 620, 740],
    "III.3": [2, 2, 2, 2, 1, 2, 2, 1, 2],
}

# who the demo's history says made its changes: the 2017 meeting's secretary
DEMO_ACTOR = "Trần Thị Mai (dữ liệu mẫu)"

SETTINGS_CLASSES = (ClassBand("Xuất sắc", D(90)), ClassBand("Tốt", D(80)), ClassBand("Khá", D(70)),
                    ClassBand("Trung bình", D(50)), ClassBand("Yếu", D(0)))


def _build_table(uow: UnitOfWork, season_id: str) -> dict[str, str]:
    ids: dict[str, str] = {}
    for path, title, kind, extra in TABLE:
        parent = path.rsplit(".", 1)[0] if "." in path else None
        code = path.rsplit(".", 1)[-1]
        if kind is L and parent and parent in ids and _kind_of(parent) is C:
            code = {"a": "-", "b": "-", "c": "-"}.get(code, code)
        node = Criterion(new_id(), title, kind, code=code, parent_id=ids.get(parent) if parent else None, **extra)
        clusters.add_criterion(uow.fresh(), season_id, node)
        ids[path] = node.id
    return ids


def _kind_of(path: str) -> Kind:
    return next(k for p, _, k, _ in TABLE if p == path)


def load_demo(uow: UnitOfWork) -> tuple[str, str]:
    """Load the demo into the database behind `uow`; returns the 2017 and 2018 season ids.

    Loading twice is harmless: the existing demo cluster is found and left as it is.
    """
    try:
        cluster = clusters.create_cluster(uow.fresh(), CLUSTER)
    except Duplicate:
        cluster = find_cluster(uow.fresh(), CLUSTER)
        refs = {r.year: r.id for r in clusters.list_seasons(uow.fresh(), cluster.id)}
        if 2017 in refs and 2018 in refs:
            return refs[2017], refs[2018]
        raise
    season = clusters.create_season(uow.fresh(), cluster.id, 2017,
                                    [(m, f"Liên minh HTX tỉnh {m}") for m in MEMBERS])
    sid = season.id
    member = {m.short_name: m.id for m in season.members}
    mid = [member[m] for m in MEMBERS]
    ids = _build_table(uow.fresh(), sid)
    clusters.set_settings(uow.fresh(), sid, SeasonSettings(
        tie_breakers=(TieBreaker(TieBreakerKind.GROUP_SCORE, ids["II"]), TieBreaker(TieBreakerKind.MORE_BONUS),
                      TieBreaker(TieBreakerKind.FEWER_DEDUCTIONS)),
        classes=SETTINGS_CLASSES,
        vote_rule=VoteRule(Comparison.MORE_THAN, Fraction(1, 2)),
    ), expected=SeasonSettings())
    outcome.advance(uow.fresh(), sid, State.SCORING, expected=State.DRAFT)
    _enter_figures(uow.fresh(), sid, ids, mid, FIGURES_2017)
    entries = []
    for path, values in MANUAL_2017.items():
        for m, value in zip(mid, values):
            if path == "II.4":
                entries.append((m, ids[f"II.4.{value}"], None, D({"a": 4, "b": 3, "c": 2}[value])))
            else:
                entries.append((m, ids[path], None, D(value)))
    scoring.record_scores(uow.fresh(), sid, entries, ScoreKind.AGREED)
    # members self-scored a little more generously than the cluster agreed
    season = clusters.open_season(uow.fresh(), sid)
    self_entries = []
    alternatives = {ids["II.4.a"], ids["II.4.b"], ids["II.4.c"]}
    for i, m in enumerate(mid):
        for j, leaf in enumerate(season.criteria.leaves()):
            agreed = season.cell(m, leaf.id).agreed_points
            if agreed is None:
                continue
            generous = (leaf.method is Method.MANUAL and leaf.id not in alternatives and (i + j) % 3 == 0
                        and agreed + leaf.step <= leaf.leaf_maximum())
            self_entries.append((m, leaf.id, None, agreed + leaf.step if generous else agreed))
    scoring.record_scores(uow.fresh(), sid, self_entries, ScoreKind.SELF)
    scoring.record_note(uow.fresh(), sid, member["Quảng Ninh"], ids["II.1"],
                        "86 HTX thành lập mới theo báo cáo của Sở Kế hoạch và Đầu tư tỉnh", expected="")
    outcome.advance(uow.fresh(), sid, State.VOTING, expected=State.SCORING)

    flag = AwardType(new_id(), "Cờ thi đua của Liên minh HTX Việt Nam", 1, quota_count=1, max_rank=1,
                     min_classification="Xuất sắc", exclusive=True, from_ranking=True)
    certificate = AwardType(new_id(), "Giấy khen của Liên minh HTX Việt Nam", 2, exclusive=False,
                            from_ranking=False)
    outcome.put_award_type(uow.fresh(), sid, flag, expected=None)
    outcome.put_award_type(uow.fresh(), sid, certificate, expected=None)
    nominees = outcome.propose_awards(uow.fresh(), sid)
    coop_hd = outcome.add_nominee(uow.fresh(), sid, "HTX Dịch vụ Thương mại Thành Đông", NomineeKind.COOPERATIVE,
                                  certificate.id, member["Hải Dương"],
                                  "HTX phi nông nghiệp tiêu biểu, doanh thu tăng 25% so với năm 2016")
    coop_hn = outcome.add_nominee(uow.fresh(), sid, "HTX Nông nghiệp Nhân Chính", NomineeKind.COOPERATIVE,
                                  certificate.id, member["Hà Nam"],
                                  "HTX nông nghiệp kiểu mới, liên kết tiêu thụ sản phẩm cho 600 hộ thành viên")
    present = [m for m in mid if m != member["Hưng Yên"]]
    for n in nominees:
        outcome.record_vote(uow.fresh(), sid, n.id, VoteMethod.SECRET_BALLOT, 8, 1, 7, 0, 1, expected=None)
    for n in (coop_hd, coop_hn):
        outcome.record_vote(uow.fresh(), sid, n.id, VoteMethod.SHOW_OF_HANDS, 8, 1, 8, 0, 0, expected=None)
    attendance = tuple((m, "Chủ tịch Liên minh HTX tỉnh" if m != member["Thái Bình"] else
                        "Phó Chủ tịch Liên minh HTX tỉnh") for m in present)
    names = tuple((m, name) for m, name in zip(mid, ATTENDEES) if m in present)
    clusters.set_meeting(uow.fresh(), sid, Meeting(
        date=dt.date(2017, 12, 15), start_time="8 giờ 30", place="Ninh Bình",
        venue="Hội trường Liên minh HTX tỉnh Ninh Bình", host_member_id=member["Ninh Bình"],
        heads=(member["Ninh Bình"],), deputy_id=member["Nam Định"],
        chair="Nguyễn Văn Hòa", chair_title="Chủ tịch Liên minh HTX tỉnh Ninh Bình, Cụm trưởng",
        secretary="Trần Thị Mai", secretary_title="Trưởng phòng Tổng hợp, Liên minh HTX tỉnh Ninh Bình",
        attendance=attendance, attendee_names=names,
        guests="Đại diện Ban Thi đua - Khen thưởng Liên minh HTX Việt Nam",
        agenda="1. Tổng kết phong trào thi đua năm 2017 của Cụm.\n"
               "2. Chấm điểm, xếp hạng và bình xét khen thưởng năm 2017.\n"
               "3. Ký giao ước thi đua năm 2018; bầu Cụm trưởng, Cụm phó năm 2018.",
        conclusions="Hội nghị thống nhất kết quả chấm điểm, xếp hạng các đơn vị thành viên năm 2017; "
                    "đề nghị Liên minh HTX Việt Nam tặng Cờ thi đua cho Liên minh HTX tỉnh Ninh Bình và "
                    "Giấy khen cho 02 hợp tác xã tiêu biểu. Thống nhất Liên minh HTX tỉnh Thái Bình và "
                    "Liên minh HTX tỉnh Quảng Ninh cùng làm Cụm trưởng năm 2018.",
        next_heads=(member["Thái Bình"], member["Quảng Ninh"]), next_deputy_id=member["Hải Dương"],
        minutes_number="01/BB-CTĐ", submission_number="02/TTr-CTĐ",
        grounds="Căn cứ Luật Thi đua, Khen thưởng; căn cứ Quy chế hoạt động của Cụm thi đua các tỉnh "
                "Đồng bằng sông Hồng; căn cứ kết quả chấm điểm và Biên bản họp bình xét thi đua ngày "
                "15/12/2017 của Cụm.",
        covenant_number="01/GƯ-CTĐ", covenant_date=dt.date(2017, 2, 24),
    ), expected=Meeting())

    nxt = clusters.start_next_season(uow.fresh(), sid)
    nid = nxt.id
    season18 = clusters.open_season(uow.fresh(), nid)
    # the 2018 covenant was signed at the 2017 meeting, by the members present there
    clusters.set_meeting(uow.fresh(), nid, replace(
        season18.meeting, place="Ninh Bình", covenant_number="03/GƯ-CTĐ", covenant_date=dt.date(2017, 12, 15),
        covenant_signers=tuple((m, title, dict(names).get(m, "")) for m, title in attendance)),
        expected=season18.meeting)
    ids18 = {path: season18.criteria.find_code(path).id for path, *_ in TABLE
             if _kind_of(path) is not L or not path.startswith("II.4.")}
    outcome.advance(uow.fresh(), nid, State.SCORING, expected=State.DRAFT)
    for path, targets in FIGURES_2018_TARGETS.items():
        for m, target in zip(mid, targets):
            scoring.record_figures(uow.fresh(), nid, m, ids18[path], target=D(target), expected=None)
    half = []
    for path, values in MANUAL_2017.items():
        if path.startswith(("I.", "IV.")):
            for m, value in zip(mid, values):
                half.append((m, ids18[path], None, D(value)))
    scoring.record_scores(uow.fresh(), nid, half, ScoreKind.AGREED)
    scoring.record_scores(uow.fresh(), nid, [(m, ids18["III.2"], None, D("3.5")) for m in mid[:5]], ScoreKind.SELF)
    return sid, nid



# who attended the 2017 meeting for each member, in MEMBERS order (made up; Hưng Yên was absent)
ATTENDEES = ("Nguyễn Văn Hòa", "Trần Văn Bình", "Lê Thị Thu", "Phạm Quốc Hưng", "Đỗ Minh Tuấn", "Ngô Thị Lan",
             "Vũ Đức Thắng", "Hoàng Văn Nam", "Bùi Thị Hạnh")


def _enter_figures(uow: UnitOfWork, season_id: str, ids: dict[str, str], member_ids: list[str],
                   figures: dict[str, tuple]) -> None:
    rows = []
    for path, (targets, actuals) in figures.items():
        for n, m in enumerate(member_ids):
            rows.append((m, ids[path], D(targets[n]) if targets else None, D(actuals[n]), None))
    scoring.record_figure_rows(uow.fresh(), season_id, rows)
