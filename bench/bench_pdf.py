"""Benchmark: every PDF document for a 63-member, 200-criterion season (target ≤ 1 s each); prints figures."""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from decimal import Decimal as D
from pathlib import Path

from thidua.documents.content import KINDS
from thidua.documents.registry import load_writers
from thidua.domain.awards import AwardType, NomineeKind
from thidua.domain.criteria import Criterion, Kind, Method, new_id
from thidua.domain.scoring import ScoreKind
from thidua.domain.season import Meeting, State
from thidua.domain.votes import VoteMethod
from thidua.services import clusters, outcome, scoring
from thidua.storage.database import Database

MEMBERS, GROUPS, LEAVES_PER_GROUP = 63, 10, 19     # 10 groups + 190 leaves = 200 criteria


def build(db: Database) -> str:
    cluster = clusters.create_cluster(db.uow(), "Cụm thi đua đo hiệu năng toàn quốc")
    season = clusters.create_season(db.uow(), cluster.id, 2024,
                                     [(f"Tỉnh số {i:02d}", f"Liên minh HTX tỉnh số {i:02d}") for i in range(1, MEMBERS + 1)])
    sid = season.id
    leaves = []
    for g in range(GROUPS):
        group = Criterion(new_id(), f"Nhóm tiêu chí {g + 1}: phát triển kinh tế tập thể, hợp tác xã", Kind.GROUP,
                          code=str(g + 1))
        clusters.add_criterion(db.uow(), sid, group)
        for j in range(LEAVES_PER_GROUP):
            method = Method.RATIO if j % 4 == 0 else Method.MANUAL
            leaf = Criterion(new_id(), f"Tiêu chí {g + 1}.{j + 1}: thành lập mới, củng cố, nâng cao hiệu quả HTX",
                             Kind.LEAF, code=str(j + 1), parent_id=group.id, method=method,
                             max_points=D("0.5"), step=D("0.25"), unit="HTX")
            clusters.add_criterion(db.uow(), sid, leaf)
            leaves.append(leaf)
    outcome.advance(db.uow(), sid, State.SCORING, expected=State.DRAFT)
    season = clusters.open_season(db.uow(), sid)
    figures, entries = [], []
    for i, m in enumerate(season.members):
        for k, leaf in enumerate(leaves):
            if leaf.method is Method.RATIO:
                figures.append((m.id, leaf.id, D(10 + k % 7), D(5 + (i + k) % 9), None))
            else:
                entries.append((m.id, leaf.id, None, D("0.25") * ((i + k) % 3)))
    scoring.record_figure_rows(db.uow(), sid, figures)
    scoring.record_scores(db.uow(), sid, entries, ScoreKind.AGREED)
    outcome.advance(db.uow(), sid, State.VOTING, expected=State.SCORING)
    flag = AwardType(new_id(), "Cờ thi đua của Liên minh HTX Việt Nam", 1, quota_count=3)
    outcome.put_award_type(db.uow(), sid, flag, expected=None)
    for n in outcome.propose_awards(db.uow(), sid):
        outcome.record_vote(db.uow(), sid, n.id, VoteMethod.SECRET_BALLOT, 60, 3, 50, 6, 4, expected=None)
    extra = outcome.add_nominee(db.uow(), sid, "HTX Dịch vụ tổng hợp Thành Công", NomineeKind.COOPERATIVE, flag.id,
                                season.members[5].id, "Doanh thu tăng 30%")
    outcome.record_vote(db.uow(), sid, extra.id, VoteMethod.SHOW_OF_HANDS, 60, 3, 40, 20, 0, expected=None)
    members = clusters.open_season(db.uow(), sid).members
    clusters.set_meeting(db.uow(), sid, Meeting(
        date=dt.date(2024, 12, 20), start_time="8 giờ 00", place="Hà Nội", venue="Hội trường lớn",
        heads=(members[0].id,), chair="Nguyễn Văn A", secretary="Trần Thị B",
        attendance=tuple((m.id, "Chủ tịch") for m in members[:60]), minutes_number="01/BB-CTĐ",
        submission_number="02/TTr-CTĐ", next_heads=(members[1].id, members[2].id)), expected=Meeting())
    return sid


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = Database(f"sqlite:///{folder / 'bench.sqlite'}", actor="bench")
        started = time.perf_counter()
        sid = build(db)
        print(f"season built: {MEMBERS} members × {GROUPS + GROUPS * LEAVES_PER_GROUP} criteria "
              f"in {time.perf_counter() - started:.1f} s")
        outcome.sign_off(db.uow(), sid, "Nguyễn Văn A")
        season = clusters.open_season(db.uow(), sid)
        writers = load_writers()
        writers["minutes"].writers["pdf"](season, folder / "warm.pdf")   # font loading, imports
        worst = 0.0
        for kind in KINDS:
            path = folder / f"{kind}.pdf"
            t = time.perf_counter()
            writers[kind].writers["pdf"](season, path)
            elapsed = time.perf_counter() - t
            worst = max(worst, elapsed)
            from pypdf import PdfReader
            pages = len(PdfReader(path).pages)
            verdict = "ok" if elapsed <= 1.0 else "SLOW (> 1 s)"
            print(f"{kind:14s} {elapsed * 1000:7.0f} ms  {pages:3d} pages  {path.stat().st_size / 1024:7.0f} KiB  {verdict}")
        print(f"slowest document: {worst * 1000:.0f} ms (target ≤ 1000 ms)")
        db.close()


if __name__ == "__main__":
    main()
