"""The `thidua` command line as other tools drive it: output contract and exit codes."""

import json
import os
import subprocess
import sys

import pytest

from thidua.cli import main


def run(*args, db=None):
    argv = (["--db", str(db)] if db else []) + list(args)
    return main(argv)


def test_demo_prints_2017_ranking_with_ninh_binh_first(tmp_path, capsys):
    assert run("demo", "--out", str(tmp_path / "out"), db=tmp_path / "d.sqlite") == 0
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.strip().startswith("1 ")]
    assert "Ninh Bình" in lines[0] and "99,5" in lines[0]
    assert (tmp_path / "out" / "ranking-2017.json").exists() and (tmp_path / "out" / "ranking-2018.json").exists()


def test_ranking_json_contract(tmp_path, capsys):
    db = tmp_path / "d.sqlite"
    run("demo", db=db)
    capsys.readouterr()
    assert run("ranking", "--cluster", "dong bang song hong", "--year", "2017", "--format", "json", db=db) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["cluster", "year", "max_total", "rows"]
    assert data["cluster"] == "Cụm thi đua các tỉnh Đồng bằng sông Hồng" and data["year"] == 2017
    assert data["max_total"] == 100 and isinstance(data["max_total"], int)
    assert [list(r) for r in data["rows"]][0] == ["member", "total", "rank", "classification", "tie"]
    assert data["rows"][0] == {"member": "Ninh Bình", "total": 99.5, "rank": 1, "classification": "Xuất sắc",
                               "tie": False}
    assert [r["rank"] for r in data["rows"]] == sorted(r["rank"] for r in data["rows"])
    for row in data["rows"]:
        assert round(row["total"], 2) == row["total"]


def test_ranking_json_marks_shared_ranks(tmp_path, capsys):
    db = tmp_path / "d.sqlite"
    run("demo", db=db)
    capsys.readouterr()
    run("ranking", "--cluster", "Hồng", "--year", "2018", "--format", "json", db=db)
    rows = json.loads(capsys.readouterr().out)["rows"]
    tied = [r for r in rows if r["tie"]]
    assert len(tied) == 2 and tied[0]["rank"] == tied[1]["rank"] == 4
    assert all(r["classification"] is None for r in rows)   # scores still missing: not classified


def test_user_errors_exit_1_with_one_vietnamese_line(tmp_path, capsys):
    db = tmp_path / "d.sqlite"
    run("demo", db=db)
    capsys.readouterr()
    assert run("ranking", "--cluster", "Tây Bắc", "--year", "2017", db=db) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["thidua: Không tìm thấy cụm thi đua “Tây Bắc”."]
    assert run("ranking", "--cluster", "hong", "--year", "2030", db=db) == 1
    assert "kỳ thi đua" in capsys.readouterr().err


def test_bad_arguments_exit_2(tmp_path):
    with pytest.raises(SystemExit) as exc:
        run("ranking", "--cluster", "x", db=tmp_path / "d.sqlite")
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        run("frobnicate")
    assert exc.value.code == 2


def test_sign_off_then_changes_are_refused(tmp_path, capsys):
    db = tmp_path / "d.sqlite"
    run("demo", db=db)
    assert run("sign-off", "--cluster", "hong", "--year", "2017", "--by", "Nguyễn Văn Hòa", db=db) == 0
    assert "Nguyễn Văn Hòa" in capsys.readouterr().out
    assert run("sign-off", "--cluster", "hong", "--year", "2017", "--by", "X", db=db) == 1
    assert capsys.readouterr().err.startswith("thidua: Kỳ thi đua đã ký duyệt. Muốn thay đổi, hãy mở lại")


def test_sign_off_from_scoring_is_refused_with_the_step(tmp_path, capsys):
    db = tmp_path / "d.sqlite"
    run("demo", db=db)
    capsys.readouterr()
    # the demo's 2018 season is still being scored
    assert run("sign-off", "--cluster", "hong", "--year", "2018", "--by", "Nguyễn Văn Hòa", db=db) == 1
    assert capsys.readouterr().err == ("thidua: Chỉ ký duyệt được ở bước Bình xét, sau khi Cụm đã bình xét và bỏ "
                                       "phiếu. Hãy chuyển sang bước bình xét trước (Kỳ thi đua → Chuyển sang bước "
                                       "bình xét, bỏ phiếu).\n")


def test_reopen_returns_to_the_step_asked_and_says_what_is_editable(tmp_path, capsys):
    from thidua.domain.season import Area, State
    from thidua.services import clusters
    from thidua.storage.database import Database

    db = tmp_path / "d.sqlite"
    run("demo", db=db)
    assert run("reopen", "--cluster", "hong", "--year", "2017", "--by", "Trần Thị Mai", "--reason", "Sửa điểm",
               db=db) == 1   # not signed off yet
    assert "Chỉ mở lại được kỳ thi đua đã ký duyệt; kỳ này đang ở bước Bình xét." in capsys.readouterr().err
    run("sign-off", "--cluster", "hong", "--year", "2017", "--by", "Nguyễn Văn Hòa", db=db)
    capsys.readouterr()
    assert run("reopen", "--cluster", "hong", "--year", "2017", "--by", "Trần Thị Mai",
               "--reason", "Sửa điểm II.1 của Hà Nam", db=db) == 0
    out = capsys.readouterr().out
    assert "ở bước Chấm điểm: có thể sửa điểm, danh sách đơn vị và tiêu chí." in out
    store = Database(f"sqlite:///{db}")
    info = clusters.find_season(store.uow(), "hong", 2017)
    season = clusters.open_season(store.uow(), info.season_id)
    assert season.state is State.SCORING and season.can(Area.SCORES)
    store.close()
    # only the steps a season can return to are offered
    with pytest.raises(SystemExit) as exc:
        run("reopen", "--cluster", "hong", "--year", "2017", "--by", "A", "--reason", "x", "--to", "ky-duyet", db=db)
    assert exc.value.code == 2


def test_newer_database_is_refused_with_exit_1(tmp_path, capsys):
    from sqlalchemy import create_engine, text
    db = tmp_path / "d.sqlite"
    run("demo", db=db)
    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num='0999'"))
    engine.dispose()
    capsys.readouterr()
    assert run("ranking", "--cluster", "hong", "--year", "2017", db=db) == 1
    assert "phiên bản thidua mới hơn" in capsys.readouterr().err


def test_installed_entry_point_runs(tmp_path):
    exe = os.path.join(os.path.dirname(sys.executable), "thidua")
    result = subprocess.run([exe, "--db", str(tmp_path / "d.sqlite"), "demo"], capture_output=True, text=True,
                            timeout=120, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert result.returncode == 0, result.stderr
    assert "Ninh Bình" in result.stdout.splitlines()[3]


def test_verify_takes_db_before_or_after_the_command(tmp_path, capsys):
    db = tmp_path / "d.sqlite"
    run("demo", db=db)
    run("sign-off", "--cluster", "hong", "--year", "2017", "--by", "Nguyễn Văn Hòa", db=db)
    pdf = tmp_path / "minutes.pdf"
    assert run("export", "minutes", "--cluster", "hong", "--year", "2017", "--format", "pdf", "--out", str(pdf),
               db=db) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "verify", str(pdf)]) == 0
    before = capsys.readouterr().out
    assert main(["verify", "--db", str(db), str(pdf)]) == 0
    assert capsys.readouterr().out == before
    assert "Nguyễn Văn Hòa" in before


def test_step_moves_a_season_between_steps_as_the_domain_allows(tmp_path, capsys):
    """A season imported or built on the command line reaches Bình xét (and so sign-off) without the window."""
    from thidua.domain.season import State
    from thidua.services import clusters, outcome
    from thidua.storage.database import Database

    db = tmp_path / "d.sqlite"
    run("demo", db=db)
    capsys.readouterr()
    assert run("step", "--cluster", "hong", "--year", "2018", "--to", "binh-xet", "--by", "Trần Thị Mai", db=db) == 0
    assert "đã chuyển sang bước Bình xét" in capsys.readouterr().out
    assert run("step", "--cluster", "hong", "--year", "2018", "--to", "du-thao", db=db) == 1   # not from Bình xét
    err = capsys.readouterr().err
    assert err.startswith("thidua: ") and err.count("\n") == 1
    assert run("step", "--cluster", "hong", "--year", "2018", "--to", "cham-diem", db=db) == 0
    database = Database(f"sqlite:///{db}")
    try:
        info = clusters.find_season(database.uow(), "hong", 2018)
        assert clusters.open_season(database.uow(), info.season_id).state is State.SCORING
        actors = {r.actor for r in outcome.history(database.uow(), info.season_id, "season") if r.field == "state"}
        assert "Trần Thị Mai" in actors
    finally:
        database.close()
