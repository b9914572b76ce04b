"""Last years' tables in the shapes clusters keep them: each imports with the right totals and ranks,
or is refused in one sentence naming the cell (tests/fixtures/make_tables.py made them)."""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import pytest

from thidua import wording
from thidua.cli import main
from thidua.documents.readers.safe import WorkbookError
from thidua.documents.readers.table import parse_table
from thidua.domain.text import fold
from thidua.services import clusters
from thidua.services.imports import TableHasProblems, TotalsDiffer, import_table, plan_table
from thidua.storage.database import Database

TABLES = Path(__file__).resolve().parents[1] / "fixtures" / "tables"
EXPECTED = json.loads((TABLES / "expected.json").read_text(encoding="utf-8"))
IMPORTED = sorted(k for k, v in EXPECTED.items() if "refused" not in v)
REFUSED = sorted(k for k, v in EXPECTED.items() if "refused" in v)


def test_the_corpus_is_broad_enough():
    assert len(IMPORTED) >= 12 and {Path(n).suffix for n in IMPORTED} == {".xlsx", ".xls", ".ods"}
    assert len(REFUSED) >= 3


@pytest.mark.parametrize("name", IMPORTED)
def test_each_layout_imports_with_the_right_totals_and_ranks(name):
    want = EXPECTED[name]
    parsed = parse_table(TABLES / name)
    assert [m.short_name for m in parsed.members] == want["members"]
    # a name printed in capitals cannot say which words were capitalised; it matches the cluster folded
    assert (fold(parsed.cluster_hint), parsed.year_hint) == (fold(want["cluster"]), want["year"])
    plan = plan_table(parsed, want["cluster"], want["year"])
    assert plan.agrees, [wording.total_difference(c) for c in plan.differences]
    season = plan.season
    results = season.results()
    names = {m.id: m.short_name for m in season.members}
    assert {names[i]: t.total for i, t in results.tallies.items()} == {k: D(v) for k, v in want["totals"].items()}
    assert {names[r.member_id]: r.rank for r in results.ranking.rows} == want["ranks"]
    assert season.criteria.max_total() == D(want["max_total"])
    if "self_totals" in want:
        assert {c.member: c.computed for c in plan.self_checks} == {k: D(v) for k, v in want["self_totals"].items()}
        assert plan.self_scores > 0 and all(c.printed is not None for c in plan.self_checks)
    # every printed total was checked, and group subtotals where the table prints them
    assert all(c.printed is not None for c in plan.checks)


@pytest.mark.parametrize("name", REFUSED)
def test_a_table_that_is_off_is_refused_in_one_sentence_naming_the_cell(name, tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'db.sqlite'}", actor="tester")
    try:
        with pytest.raises((WorkbookError, TableHasProblems, TotalsDiffer)) as err:
            parsed = parse_table(TABLES / name)
            import_table(db.uow(), parsed, "Cụm thử", 2022)
        lines = wording.explain_lines(err.value)
        assert len(lines) == 1, lines
        for part in EXPECTED[name]["refused"]:
            assert part in lines[0], (part, lines[0])
        assert clusters.list_clusters(db.uow()) == []     # nothing written
    finally:
        db.close()


def test_self_and_agreed_sub_columns_land_as_both_kinds(tmp_path):
    name = "tu-cham-cum-cham.xls"
    parsed = parse_table(TABLES / name)
    roles = {c.column: c.role for c in parsed.columns}
    assert (roles["D"], roles["E"], roles["F"], roles["G"]) == ("self", "agreed", "self", "agreed")
    assert [m.short_name for m in parsed.members][:2] == ["Thanh Hóa", "Nghệ An"]
    db = Database(f"sqlite:///{tmp_path / 'db.sqlite'}", actor="tester")
    done = import_table(db.uow(), parsed, "Cụm thi đua các tỉnh Bắc Trung Bộ", 2021)
    season = clusters.open_season(db.uow(), done.season_id)
    leaf = season.criteria.leaves()[0]
    first = season.members[0]
    node = parsed.nodes[1]
    assert season.cell(first.id, leaf.id).self_points == node.self_values[0]
    assert season.cell(first.id, leaf.id).agreed_points == node.values[0]
    db.close()


def test_the_cli_shows_which_column_is_which_before_writing(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    assert main(["--db", url, "import-table", str(TABLES / "tu-cham-cum-cham.xlsx"), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "cột D: tự chấm — Tỉnh Thanh Hóa" in out and "cột E: cụm chấm — Tỉnh Thanh Hóa" in out
    assert "Điểm cộng nhóm:" in out and "(--dry-run: chưa ghi gì)" in out
    assert main(["--db", url, "ranking", "--cluster", "Bắc Trung Bộ", "--year", "2021"]) == 1
    capsys.readouterr()
    assert main(["--db", url, "import-table", str(TABLES / "lech-nhom.xlsx")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "điểm nhóm" in err


def test_members_as_rows_become_criteria_groups():
    parsed = parse_table(TABLES / "tong-hop-theo-hang.xls")
    assert parsed.layout == "rows" and parsed.sheet == "Tổng hợp"
    assert [(n.code, n.title, n.role, n.max_points) for n in parsed.nodes][3:] == [
        ("IV", "Công tác nội bộ", "normal", D(20)), ("", "Điểm thưởng", "bonus", D(5)),
        ("", "Điểm trừ", "deduction", D(5))]
    assert parsed.members[0].header == "Tỉnh Thanh Hóa" and parsed.members[1].header == "LMHTX Nghệ An"


def test_a_merged_title_above_the_header_is_not_taken_for_it():
    parsed = parse_table(TABLES / "mau-04-tieu-de-gop.xlsx")
    assert parsed.header_row == 7 and [c.role for c in parsed.columns][:3] == ["stt", "content", "maximum"]
    assert parsed.problems == []
