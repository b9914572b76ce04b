"""Two secretaries, two processes, one database — PostgreSQL and one SQLite file — on every write path.

For each path: ≥ 50 rounds where both change the same thing at the same moment, ≥ 50 where one
changes it after the other saw it (stale), and ≥ 50 where they change different things at once.
Nothing is ever lost silently: on the same thing exactly one edit lands and the other editor is
told who changed it; on different things both land and nobody is refused.
"""

from __future__ import annotations

import pytest

from thidua.services import clusters
from thidua.storage.database import Database

from ..conftest import drop_pg_schema, pg_schema_url
from .two_editors import ACTORS, PATHS, Editors, build_playground, prepare_round, season_for

ROUNDS = 50


def holds(season, claim) -> bool:
    """Does the stored season show what an edit that landed wrote?"""
    kind, *rest = claim
    if kind == "score":
        m, c, v = rest
        return season.cell(m, c).agreed_points == v
    if kind == "self":
        m, c, v = rest
        return season.cell(m, c).self_points == v
    if kind == "review":
        m, c, v = rest
        return season.cell(m, c).review_points == v
    if kind == "council":
        nominee, number = rest
        return season.council[nominee].number == number
    if kind == "cross":
        m, c, scorer, v = rest
        return season.cross.get((m, c), {}).get(scorer) == v
    if kind == "figure":
        m, c, name, v = rest
        return getattr(season.figure(m, c), name) == v
    if kind == "member":
        m, name = rest
        return season.member(m).short_name == name
    if kind == "member_full":
        m, full = rest
        return season.member(m).full_name == full
    if kind == "member_named":
        return any(m.short_name == rest[0] for m in season.members)
    if kind == "member_gone":
        return all(m.id != rest[0] for m in season.members)
    if kind == "moved":
        m, order, position = rest
        moved = [x for x in order if x != m]
        moved.insert(position, m)
        want = moved[moved.index(m) - 1] if moved.index(m) else ""
        return season.value_of("member", (m,), "after") == want
    if kind == "criterion":
        node, name, value = rest
        return getattr(season.criteria.get(node), name) == value
    if kind == "criterion_moved":
        return rest[0] in season.criteria
    if kind == "settings":
        name, value = rest
        return getattr(season.settings, name) == value
    if kind == "award":
        award, name, value = rest
        return getattr(season.award_types[award], name) == value
    if kind == "nominee_named":
        return any(n.name == rest[0] for n in season.nominees.values())
    if kind == "nominee_gone":
        return rest[0] not in season.nominees
    if kind == "ballot":
        nominee, votes_for = rest
        return season.ballots[nominee].votes_for == votes_for
    if kind == "meeting":
        name, value = rest
        return getattr(season.meeting, name) == value
    if kind == "decision":
        key, order = rest
        return season.value_of("decision", key, "order").member_ids == order
    raise AssertionError(f"no check for {kind}")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)], scope="module")
def shared(request, tmp_path_factory):
    """The playground season on a shared database, and two editor processes with their own Database."""
    if request.param == "sqlite":
        url, schema = f"sqlite:///{tmp_path_factory.mktemp('two') / 'shared.sqlite'}", None
    else:
        url, schema = pg_schema_url()
    db = Database(url, actor="Người dựng")
    sid, ids = build_playground(db)
    editors = Editors(url, sid, ids)
    yield db, sid, editors, ids
    editors.close()
    db.close()
    if schema:
        drop_pg_schema(schema)


SAME = [p for p, (same, _) in PATHS.items() if same]
DIFFERENT = [p for p, (_, different) in PATHS.items() if different]


@pytest.mark.parametrize("path", SAME)
def test_the_same_thing_one_lands_the_other_is_told(shared, path):
    db, sid, editors, ids = shared
    lost, told = [], 0
    for rnd in range(2 * ROUNDS):
        order = "race" if rnd % 2 == 0 else "stale"
        prepare_round(db, sid, path, "same")
        editors.see(path, "same", rnd)
        results = editors.write(path, rnd, order)
        statuses = [s for s, _ in results]
        assert sorted(statuses) == ["conflict", "ok"], (rnd, order, results)
        winner = statuses.index("ok")
        loser = 1 - winner
        if order == "stale":
            assert winner == 0, results                       # A wrote first; B's view was stale
        assert results[loser][1]["by"] == ACTORS[winner], results
        told += 1
        final = clusters.open_season(db.uow(), season_for(ids, sid, path))
        if not holds(final, results[winner][1]):
            lost.append((rnd, order, results[winner][1]))
    assert lost == []
    assert told == 2 * ROUNDS


@pytest.mark.parametrize("path", DIFFERENT)
def test_different_things_both_land(shared, path):
    db, sid, editors, ids = shared
    for rnd in range(ROUNDS):
        prepare_round(db, sid, path, "different")
        editors.see(path, "different", rnd)
        results = editors.write(path, rnd, "race")
        assert [s for s, _ in results] == ["ok", "ok"], (rnd, results)
        final = clusters.open_season(db.uow(), season_for(ids, sid, path))
        assert all(holds(final, claim) for _, claim in results), (rnd, results)
