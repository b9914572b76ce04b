"""Core speed on a 63-member × 200-criterion season: ranking, loading from SQLite, one edit + re-rank.

Targets (issue 2): ranking ≤ 20 ms, loading ≤ 150 ms, recording one score and re-ranking ≤ 5 ms.
Each figure is shown next to the obvious alternative measured in the same run.
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from decimal import Decimal as D
from pathlib import Path

from season_63x200 import build

from thidua.services import clusters, scoring
from thidua.storage.database import Database


def timed(fn, runs: int) -> float:
    """Median wall time of `fn` in milliseconds."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="thidua-bench-"))
    path = folder / "bench.sqlite"
    t0 = time.perf_counter()
    db = Database(f"sqlite:///{path}", actor="bench")
    sid = build(db)
    print(f"built 63 × 200 season (12,600 scores) in {time.perf_counter() - t0:.1f} s: {path}")

    season = clusters.open_season(db.uow(), sid)

    def full_rank():
        season._dirty()                  # cold: every member's subtotals from the leaves
        season.results()
    rank_ms = timed(full_rank, 30)

    def float_rank():                    # the spreadsheet way: float sums, no caps, no tie rules
        totals = {m.id: sum(float(season.final(m.id, leaf.id) or 0) for leaf in season.criteria.leaves())
                  for m in season.members}
        sorted(totals.items(), key=lambda kv: -kv[1])
    float_ms = timed(float_rank, 10)

    def load_cold():
        fresh = Database(f"sqlite:///{path}", actor="bench")
        clusters.open_season(fresh.uow(), sid)
        fresh.close()
    load_ms = timed(load_cold, 10)

    def raw_fetch():                     # the floor: sqlite3 fetching the same rows, no objects built
        con = sqlite3.connect(path)
        con.execute("SELECT * FROM scores WHERE season_id=?", (sid,)).fetchall()
        con.execute("SELECT * FROM criteria WHERE season_id=?", (sid,)).fetchall()
        con.close()
    raw_ms = timed(raw_fetch, 10)

    member = season.members[5].id
    leaf = season.criteria.leaves()[17].id
    values = [D("1.25"), D("3.5")]
    counter = iter(range(10**6))

    def edit_and_rank():
        i = next(counter)
        value, before = values[i % 2], values[(i + 1) % 2] if i else season.cell(member, leaf).agreed_points
        scoring.record_score(db.uow(), sid, member, leaf, value, expected=before)
        clusters.open_season(db.uow(), sid).results()
    edit_ms = timed(edit_and_rank, 50)

    def edit_full_recompute():           # the same edit, recomputing every member from scratch
        i = next(counter)
        value, before = values[i % 2], values[(i + 1) % 2]
        scoring.record_score(db.uow(), sid, member, leaf, value, expected=before)
        s = clusters.open_season(db.uow(), sid)
        s._dirty()
        s.results()
    edit_full_ms = timed(edit_full_recompute, 20)

    rows = [
        ("ranking from stored scores", rank_ms, 20, f"float sums without rules: {float_ms:.1f} ms"),
        ("loading the season from SQLite", load_ms, 150, f"raw sqlite3 fetch of the rows: {raw_ms:.1f} ms"),
        ("recording one score + re-ranking", edit_ms, 5, f"with a full recompute: {edit_full_ms:.1f} ms"),
    ]
    print(f"{'measure':36} {'median':>9} {'target':>8}  alternative")
    for name, ms, target, alt in rows:
        flag = "ok" if ms <= target else "SLOW"
        print(f"{name:36} {ms:7.1f}ms {target:6d}ms  {alt}  [{flag}]")
    db.close()


if __name__ == "__main__":
    main()
