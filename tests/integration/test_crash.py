"""Kill the writer at random moments: the file stays whole, no committed edit is lost, the log stays chained."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from decimal import Decimal as D

from thidua.services import clusters
from thidua.services.audit import verify_log
from thidua.storage.database import Database

WRITER = textwrap.dedent("""
    import sys
    from decimal import Decimal as D
    from thidua.services import clusters, scoring
    from thidua.storage.database import Database

    db = Database(sys.argv[1], actor="Thư ký")
    sid = sys.argv[2]
    season = clusters.open_season(db.uow(), sid)
    leaves = [l for l in season.criteria.leaves() if l.method.value == "manual" and l.step <= D("0.5")][:6]
    cells = [(m.id, l.id) for m in season.members for l in leaves]
    seen = {c: season.cell(*c).agreed_points for c in cells}
    i = int(sys.argv[3])
    while True:
        cell = cells[i % len(cells)]
        value = D("0.5") if seen[cell] != D("0.5") else D(0)
        print(f"try {cell[0]} {cell[1]} {value}", flush=True)
        scoring.record_score(db.uow(), sid, *cell, value, expected=seen[cell])
        seen[cell] = value
        print(f"ok {cell[0]} {cell[1]} {value}", flush=True)
        if i % 7 == 0:      # a block now and then, so a kill can land inside a bigger transaction
            block = [(m, l, seen[(m, l)], D(0) if seen[(m, l)] else D("0.5")) for m, l in cells[:8]]
            print("tryblock " + " ".join(f"{m} {l} {v}" for m, l, _, v in block), flush=True)
            scoring.record_scores(db.uow(), sid, block)
            for m, l, _, v in block:
                seen[(m, l)] = v
            print("okblock", flush=True)
        i += 1
""")


def test_killing_the_writer_loses_no_committed_edit(demo_copy, tmp_path):
    db, _, second = demo_copy
    path = db.engine.url.database
    db.close()
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    rnd = random.Random(20261122)
    committed: dict[tuple[str, str], D] = {}
    for kill in range(10):
        proc = subprocess.Popen([sys.executable, str(script), path, second, str(kill * 11)],
                                stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        started = time.monotonic()
        first_line = proc.stdout.readline()       # the writer is up and writing
        assert first_line.startswith("try"), first_line
        time.sleep(rnd.uniform(0.0, 0.4))
        os.kill(proc.pid, signal.SIGKILL)
        rest = proc.stdout.read()
        proc.wait()
        assert time.monotonic() - started < 60
        pending: dict[tuple[str, str], D] = {}
        for line in (first_line + rest).splitlines():
            word, *parts = line.split()
            if word == "try":
                pending = {(parts[0], parts[1]): D(parts[2])}
            elif word == "tryblock":
                pending = {(parts[k], parts[k + 1]): D(parts[k + 2]) for k in range(0, len(parts), 3)}
            elif word in ("ok", "okblock"):
                committed.update(pending)
                pending = {}
        con = sqlite3.connect(path)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
        check = Database(path)
        season = clusters.open_season(check.uow(), second)
        # the edit under way may have committed in the instant before the kill, unreported: all of it or none
        landed = [season.cell(*c).agreed_points == v for c, v in pending.items()]
        assert len(set(landed)) <= 1, (kill, pending)
        if pending and all(landed):
            committed.update(pending)
        for cell, value in committed.items():
            assert season.cell(*cell).agreed_points == value, (kill, cell, value)
        assert verify_log(check.uow(), second).whole
        check.close()
    assert len(committed) > 10
