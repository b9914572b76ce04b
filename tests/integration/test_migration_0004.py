"""Schema 0004 (score columns of the review panel and council, the higher council's decisions) on an old file."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal as D

from thidua.domain.awards import AwardType, NomineeKind
from thidua.domain.scoring import ScoreKind
from thidua.domain.season import CouncilDecision, State
from thidua.services import clusters, outcome, scoring
from thidua.services.clusters import find_season
from thidua.storage.database import Database, current_revision, head_revision

from .test_migrations import make_0001_database


def test_an_old_database_upgrades_and_takes_the_new_columns_and_decisions(tmp_path):
    path = tmp_path / "old.sqlite"
    make_0001_database(path)
    db = Database(f"sqlite:///{path}", actor="Thư ký")
    assert current_revision(db.engine) == head_revision() >= "0004"
    sid = find_season(db.uow(), "tay nguyen", 2019).season_id
    season = clusters.open_season(db.uow(), sid)
    assert season.cell("m1", "k1").review_points is None and season.council == {}
    clusters.set_settings(db.uow(), sid, replace(season.settings, **{
                                                                      "panels": (ScoreKind.COUNCIL,)}),
                          expected=season.settings)
    scoring.record_score(db.uow(), sid, "m1", "k1", D("8.5"), ScoreKind.COUNCIL, expected=None)
    award = AwardType("a1", "Cờ thi đua", 1)
    outcome.put_award_type(db.uow(), sid, award, expected=None)
    nominee = outcome.add_nominee(db.uow(), sid, "Liên minh HTX tỉnh Kon Tum", NomineeKind.MEMBER, "a1", "m2")
    outcome.advance(db.uow(), sid, State.VOTING, expected=State.SCORING)
    outcome.record_council_decision(db.uow(), sid, nominee.id, CouncilDecision(True, "9/QĐ", dt.date(2020, 1, 5)),
                                    expected=None)
    db.close()
    again = Database(f"sqlite:///{path}")
    s = clusters.open_season(again.uow(), sid)
    assert s.cell("m1", "k1").council_points == D("8.5")
    assert s.council[nominee.id] == CouncilDecision(True, "9/QĐ", dt.date(2020, 1, 5))
    years = outcome.member_over_years(again.uow(), s.cluster_id, "m2")
    assert years[0].awards[0].decision.number == "9/QĐ"
    again.close()
