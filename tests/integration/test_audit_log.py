"""The record a committee can trust: every change is in the log with its old value, and a tampered log is caught."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal as D

import pytest

from thidua.cli import main
from thidua.domain import restore as rs
from thidua.services import clusters, deletions, outcome, scoring
from thidua.services.audit import season_log, verify_log
from thidua.storage.database import Database


def audit(capsys, db_path, *extra) -> tuple[int, str, str]:
    code = main(["--db", str(db_path), "audit", "--cluster", "hong", "--year", "2017", *extra])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_file(demo_copy):
    db, first, second = demo_copy
    path = db.engine.url.database
    return db, first, second, path


def test_every_kind_of_change_lands_in_the_log_with_its_old_value(db):
    from thidua.services.demo import load_demo

    first, second = load_demo(db.uow())
    s = clusters.open_season(db.uow(), second)
    ids = [m.id for m in s.members]
    clusters.move_member(db.uow(), second, ids[0], 3, expected_order=ids)
    node = s.criteria.find_code("I.2")
    clusters.move_criterion(db.uow(), second, node.id, node.parent_id, 0, expected_parent=node.parent_id,
                            expected_after=s.value_of("criterion", (node.id,), "after"),
                            expected_siblings=[c.id for c in s.criteria.children(node.parent_id)])
    leaf = s.criteria.find_code("I.1").id
    scored = s.cell(ids[4], leaf).agreed_points
    deletions.remove_member(db.uow(), second, ids[4], expected=s.member(ids[4]),
                            expected_loss=rs.member_loss(s, ids[4]))
    f = clusters.open_season(db.uow(), first)
    nominee = next(n for n in f.nominees.values() if n.id in f.ballots)
    deletions.remove_nominee(db.uow(), first, nominee.id, expected=nominee, expected_ballot=f.ballots[nominee.id])

    log = season_log(db.uow(), second)
    fields = {(r.entity, r.field) for r in log}
    assert ("season", "created") in fields
    moves = [r for r in log if r.entity == "member" and r.field == "position" and r.key == ids[0]]
    assert (moves[-1].old, moves[-1].new) == ("1", "4")
    crit = [r for r in log if r.entity == "criterion" and r.field == "position" and r.key == node.id]
    assert crit[-1].old.endswith("/ 2") and crit[-1].new.endswith("/ 1")
    gone = [r for r in log if r.key == f"{ids[4]}/{leaf}" and r.field == "agreed"]
    assert gone[-1].old == f"{scored:f}" and gone[-1].new is None and gone[-1].reason.startswith("xóa đơn vị")
    assert any(r.entity == "member" and r.field == "removed" and r.key == ids[4] for r in log)
    log17 = season_log(db.uow(), first)
    ballot = [r for r in log17 if r.entity == "ballot" and r.key == nominee.id][-1]
    assert ballot.new is None and json.loads(ballot.old)["votes_for"] == f.ballots[nominee.id].votes_for
    assert all(r.actor == "tester" and r.os_user for r in log)
    assert verify_log(db.uow(), first).whole and verify_log(db.uow(), second).whole


def test_cluster_creation_is_in_the_database_chain(sqlite_db):
    record = clusters.create_cluster(sqlite_db.uow(), "Cụm thi đua các tỉnh Tây Nguyên")
    with sqlite_db.engine.connect() as conn:
        row = conn.exec_driver_sql("SELECT chain, seq, entity, field, new FROM audit").one()
    assert tuple(row) == ("", 1, "cluster", "added", record.name)


def test_the_log_of_the_demo_is_whole_and_listed(capsys, demo_file):
    db, first, _, path = demo_file
    db.close()
    code, out, err = audit(capsys, path, "--verify")
    assert code == 0 and "nguyên vẹn" in out and err == ""
    code, out, _ = audit(capsys, path, "--format", "json")
    rows = json.loads(out)
    assert code == 0 and [r["seq"] for r in rows] == list(range(1, len(rows) + 1))
    assert {"at", "actor", "os_user", "what", "old", "new", "reason"} <= set(rows[0])
    code, out, _ = audit(capsys, path)
    assert "Ninh Bình · I.1 · điểm cụm chấm" in out


def _tamper(path, sql: str, *args) -> None:
    con = sqlite3.connect(path)
    con.execute(sql, args)
    con.commit()
    con.close()


def _first_season_chain(path) -> tuple[str, int]:
    con = sqlite3.connect(path)
    chain, rows = con.execute("SELECT chain, max(seq) FROM audit WHERE chain != '' GROUP BY chain "
                              "ORDER BY min(id) LIMIT 1").fetchone()
    con.close()
    return chain, rows


@pytest.mark.parametrize("tampering,says", [
    ("UPDATE audit SET new = '9.00' WHERE chain = :chain AND seq = 40", "dòng thứ 40"),
    ("UPDATE audit SET actor = 'Người khác' WHERE chain = :chain AND seq = 12", "dòng thứ 12"),
    ("DELETE FROM audit WHERE chain = :chain AND seq = 30", "dòng thứ 30 đã bị xóa"),
    ("DELETE FROM audit WHERE chain = :chain AND seq = :last", "từ dòng thứ"),
    ("INSERT INTO audit (at, actor, season_id, entity, key, field, old, new, reason, chain, os_user) "
     "VALUES ('2017-12-20 10:00:00', 'Ai đó', :chain, 'score', 'x/y', 'agreed', '1', '10', NULL, '', '')",
     "chèn thêm"),
    ("UPDATE audit_heads SET hash = '0' || substr(hash, 2) WHERE chain = :chain", "dấu kiểm tra cuối"),
])
def test_a_forged_removed_or_inserted_row_is_caught(capsys, demo_file, tampering, says):
    db, first, _, path = demo_file
    db.close()
    chain, last = _first_season_chain(path)
    con = sqlite3.connect(path)
    con.execute(tampering, {"chain": chain, "last": last})
    con.commit()
    con.close()
    code, out, err = audit(capsys, path, "--verify")
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "không còn nguyên vẹn" in lines[0] and says in lines[0]


def test_a_row_rewritten_with_its_own_hash_recomputed_still_breaks_the_link(capsys, demo_file):
    """Someone who knows the formula recomputes the edited row's hash: the next row no longer links to it."""
    from thidua.storage.audit_chain import row_hash

    db, first, _, path = demo_file
    db.close()
    chain, _ = _first_season_chain(path)
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    row = dict(con.execute("SELECT * FROM audit WHERE chain = ? AND seq = 50", (chain,)).fetchone())
    row["new"] = "10.00"
    import datetime as dt
    row["at"] = dt.datetime.fromisoformat(row["at"])
    con.execute("UPDATE audit SET new = ?, hash = ? WHERE id = ?", ("10.00", row_hash(row["prev_hash"], row), row["id"]))
    con.commit()
    con.close()
    code, _, err = audit(capsys, path, "--verify")
    assert code == 1 and "dòng thứ 51" in err


@pytest.mark.postgres
def test_the_chain_holds_on_postgresql_under_two_writers():
    from thidua.services.demo import load_demo

    from ..conftest import drop_pg_schema, pg_schema_url

    url, schema = pg_schema_url()
    a, b = Database(url, actor="A"), Database(url, actor="B")
    _, second = load_demo(a.uow())
    s = clusters.open_season(a.uow(), second)
    leaf = s.criteria.find_code("III.2").id
    import threading
    def write(db, member):
        for k in range(10):
            scoring.record_score(db.uow(), second, member, leaf, D(k % 5), expected=None if k == 0 else D((k - 1) % 5))
    threads = [threading.Thread(target=write, args=(a, s.members[0].id)),
               threading.Thread(target=write, args=(b, s.members[1].id))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    verdict = verify_log(a.uow(), second)
    assert verdict.whole, verdict.breaks
    assert [r.seq for r in season_log(a.uow(), second)] == list(range(1, verdict.rows + 1))
    a.close()
    b.close()
    drop_pg_schema(schema)
