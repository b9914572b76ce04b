"""Builds the benchmark season: 63 members × 200 scored criteria, every score entered, via the services."""

from __future__ import annotations

import random
from decimal import Decimal as D

from thidua.domain.criteria import Criterion, Kind, Method, Role, new_id
from thidua.domain.season import State
from thidua.services import clusters, outcome, scoring

PROVINCES = ["Hà Giang", "Cao Bằng", "Lào Cai", "Bắc Kạn", "Lạng Sơn", "Tuyên Quang", "Yên Bái", "Thái Nguyên",
             "Phú Thọ", "Bắc Giang", "Quảng Ninh", "Hòa Bình", "Sơn La", "Điện Biên", "Lai Châu", "Hà Nội",
             "Hải Phòng", "Vĩnh Phúc", "Bắc Ninh", "Hải Dương", "Hưng Yên", "Thái Bình", "Hà Nam", "Nam Định",
             "Ninh Bình", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Bình", "Quảng Trị", "Thừa Thiên Huế",
             "Đà Nẵng", "Quảng Nam", "Quảng Ngãi", "Bình Định", "Phú Yên", "Khánh Hòa", "Ninh Thuận",
             "Bình Thuận", "Kon Tum", "Gia Lai", "Đắk Lắk", "Đắk Nông", "Lâm Đồng", "Bình Phước", "Tây Ninh",
             "Bình Dương", "Đồng Nai", "Bà Rịa - Vũng Tàu", "TP Hồ Chí Minh", "Long An", "Tiền Giang",
             "Bến Tre", "Trà Vinh", "Vĩnh Long", "Đồng Tháp", "An Giang", "Kiên Giang", "Cần Thơ", "Hậu Giang",
             "Sóc Trăng", "Bạc Liêu", "Cà Mau"]


def build(db, members: int = 63, groups: int = 20, leaves_per_group: int = 10, seed: int = 7) -> str:
    """Create the season in `db` and return its id (scores random but reproducible)."""
    rnd = random.Random(seed)
    cluster = clusters.create_cluster(db.uow(), f"Cụm thi đua thử nghiệm {new_id()[:6]}")
    season = clusters.create_season(db.uow(), cluster.id, 2024, [(p, "") for p in PROVINCES[:members]])
    uow = db.uow()
    with uow:
        s = uow.seasons.get(season.id)
        for g in range(groups):
            role = Role.DEDUCTION if g == groups - 1 else Role.NORMAL
            group = s.add_criterion(Criterion(new_id(), f"Nhóm tiêu chí số {g + 1}", Kind.GROUP, code=str(g + 1),
                                              role=role))
            for n in range(leaves_per_group):
                method = Method.DEDUCTION_PER_ITEM if role is Role.DEDUCTION else Method.MANUAL
                s.add_criterion(Criterion(new_id(), f"Nội dung {g + 1}.{n + 1} của tiêu chí thi đua", Kind.LEAF,
                                          code="-", parent_id=group.id, method=method, max_points=D(5),
                                          step=D("0.25"), per_item=D("0.25")))
        uow.commit()
    outcome.advance(db.uow(), season.id, State.SCORING, expected=State.DRAFT)
    s = clusters.open_season(db.uow(), season.id)
    entries = [(m.id, leaf.id, None, D(rnd.randint(0, 20)) / 4) for m in s.members for leaf in s.criteria.leaves()]
    scoring.record_scores(db.uow(), season.id, entries)
    return season.id
