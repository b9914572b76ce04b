"""Scoring-table workbooks recalculated by LibreOffice give exactly the app's subtotals, totals and ranks."""

from __future__ import annotations

import os
import shutil
import subprocess
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from thidua.documents.signoff import marks as mk
from thidua.documents.xlsx.scoring import write_scoring_table
from thidua.domain.criteria import Criterion, Kind, Method, Role, new_id
from thidua.domain.points import quantize
from thidua.domain.scoring import ScoreKind
from thidua.domain.season import State
from thidua.services import clusters, outcome, scoring

IN_CI = os.environ.get("CI", "").lower() == "true"


def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        if IN_CI:
            pytest.fail("LibreOffice (soffice) is required under CI")
        pytest.skip("LibreOffice (soffice) is not installed")
    return exe


def recalc(paths: list[Path], outdir: Path) -> dict[Path, Path]:
    """Open and re-save every file in one LibreOffice run (recalculating formulas)."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / "profile"
    subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(outdir), *map(str, paths)],
                   check=True, capture_output=True, timeout=180)
    return {p: outdir / p.name for p in paths}


def build_tricky(db) -> str:
    """A season exercising caps, a deduction inside a normal group, alternatives, bonus,
    a tie nothing breaks and a tie the committee decided."""
    c = clusters.create_cluster(db.uow(), "Cụm thử nghiệm công thức")
    season = clusters.create_season(db.uow(), c.id, 2024, [("An", ""), ("Bình", ""), ("Cường", ""), ("Dũng", "")])
    sid = season.id
    ids = {}

    def add(key, title, kind, parent=None, **kw):
        node = clusters.add_criterion(db.uow(), sid, Criterion(new_id(), title, kind, code=key.split(".")[-1],
                                                               parent_id=ids.get(parent), **kw))
        ids[key] = node.id

    add("I", "=SUM(1;2) nhóm có giới hạn", Kind.GROUP, max_points=D(10))
    add("I.1", "Tiêu chí một", Kind.LEAF, "I", method=Method.MANUAL, max_points=D(8), step=D("0.25"))
    add("I.2", "+ tiêu chí hai", Kind.LEAF, "I", method=Method.MANUAL, max_points=D(8), step=D("0.25"))
    add("II", "Nhóm có điểm trừ bên trong", Kind.GROUP)
    add("II.1", "Tiêu chí", Kind.LEAF, "II", method=Method.MANUAL, max_points=D(10), step=D("0.01"))
    add("II.2", "Tỷ lệ", Kind.CHOICE, "II")
    add("II.2.a", "Từ 80%", Kind.LEAF, "II.2", method=Method.MANUAL, max_points=D(5), step=D(5))
    add("II.2.b", "Dưới 80%", Kind.LEAF, "II.2", method=Method.MANUAL, max_points=D(3), step=D(3))
    add("II.3", "Vi phạm", Kind.LEAF, "II", role=Role.DEDUCTION, method=Method.DEDUCTION_PER_ITEM,
        max_points=D(2), per_item=D("0.5"))
    add("III", "Điểm thưởng", Kind.GROUP, role=Role.BONUS, max_points=D(3))
    add("III.1", "Khen thưởng", Kind.LEAF, "III", method=Method.MANUAL, max_points=D(2), step=D("0.5"))
    add("III.2", "Mô hình", Kind.LEAF, "III", method=Method.MANUAL, max_points=D(2), step=D("0.5"))
    add("IV", "Điểm trừ", Kind.GROUP, role=Role.DEDUCTION)
    add("IV.1", "Chậm báo cáo", Kind.LEAF, "IV", method=Method.MANUAL, max_points=D(4), step=D("0.5"))
    s = clusters.open_season(db.uow(), sid)
    m = [x.id for x in s.members]
    rows = {  # I.1 I.2 II.1 choice(a/b) II.3 III.1 III.2 IV.1
        m[0]: ("7.25", "6", "8.33", "a", "0.5", "2", "1.5", "1"),
        m[1]: ("7.25", "6", "8.33", "a", "0.5", "2", "1.5", "1"),
        m[2]: ("3", "2.75", "9.01", "b", "1", "0.5", "0", "0.5"),
        m[3]: ("3", "2.75", "9.01", "b", "1", "0.5", "0", "0.5"),
    }
    entries = []
    for member, (i1, i2, ii1, ch, ii3, b1, b2, d1) in rows.items():
        entries += [(member, ids["I.1"], D(i1)), (member, ids["I.2"], D(i2)), (member, ids["II.1"], D(ii1)),
                    (member, ids[f"II.2.{ch}"], D(5 if ch == "a" else 3)), (member, ids["II.3"], D(ii3)),
                    (member, ids["III.1"], D(b1)), (member, ids["III.2"], D(b2)), (member, ids["IV.1"], D(d1))]
    scoring.record_scores(db.uow(), sid, [(m_, c, None, v) for m_, c, v in entries], ScoreKind.AGREED)
    # ties are ordered in Bình xét
    outcome.advance(db.uow(), sid, State.SCORING, expected=State.DRAFT)
    outcome.advance(db.uow(), sid, State.VOTING, expected=State.SCORING)
    outcome.decide_tie(db.uow(), sid, [m[3], m[2]], "Cụm biểu quyết", expected=None)
    return sid


@pytest.fixture(scope="module")
def written(tmp_path_factory, demo_template):
    """The demo's two seasons (one signed off) and the tricky season, written and recalculated once."""
    from thidua.storage.database import Database

    tmp = tmp_path_factory.mktemp("recalc")
    src, (first, second) = demo_template
    path = tmp / "demo.sqlite"
    shutil.copy(src, path)
    db = Database(f"sqlite:///{path}", actor="tester")
    outcome.sign_off(db.uow(), first, "Nguyễn Văn Hòa")
    tricky = build_tricky(db)
    # the regulations' rules: rank by rate with a criterion not assigned, floors, scoring against the leader
    from thidua.services.season_file import import_season
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "season-rules-tay-nguyen-2025.json"
    rules = import_season(db.uow(), fixture.read_bytes()).season_id
    seasons = {name: clusters.open_season(db.uow(), sid)
               for name, sid in (("signed", first), ("half", second), ("tricky", tricky), ("rules", rules))}
    files, layouts = {}, {}
    for name, season in seasons.items():
        files[name] = tmp / f"{name}.xlsx"
        layouts[name] = write_scoring_table(season, files[name])
    out = recalc(list(files.values()), tmp / "out")
    yield seasons, files, layouts, {k: out[v] for k, v in files.items()}
    db.close()


@pytest.mark.parametrize("name", ["signed", "half", "tricky", "rules"])
def test_recalculated_figures_equal_the_apps(written, name):
    seasons, _files, layouts, recalced = written
    season, layout = seasons[name], layouts[name]
    ws = openpyxl.load_workbook(recalced[name], data_only=True).active
    results = season.results()
    ranks = results.ranking.by_member()
    for m in season.members:
        col = layout.member_cols[m.id]
        tally = results.tallies[m.id]
        total = ws.cell(layout.total_row, col).value
        assert quantize(D(repr(total))) == tally.total, (m.short_name, total, tally.total)
        assert ws.cell(layout.rank_row, col).value == ranks[m.id].rank, m.short_name
        if layout.rate_row:
            assert quantize(D(repr(ws.cell(layout.rate_row, col).value))) == ranks[m.id].rate, m.short_name
        for node in season.criteria.nodes():
            got = ws.cell(layout.node_rows[node.id], col).value
            want = tally.subtotals[node.id]
            if node.id in season.criteria.exempt(m.id):
                assert got == "—"     # not assigned to this member
                continue
            if node.kind is Kind.LEAF and season.final(m.id, node.id) is None:
                assert got is None
                continue
            assert quantize(D(repr(got))) == want, (m.short_name, node.code, node.title, got, want)
        if layout.class_row:
            assert (ws.cell(layout.class_row, col).value or None) == ranks[m.id].classification


def test_the_tricky_ranks_show_the_shared_and_the_decided_ties(written):
    seasons, _f, layouts, recalced = written
    season, layout = seasons["tricky"], layouts["tricky"]
    ws = openpyxl.load_workbook(recalced["tricky"], data_only=True).active
    got = [ws.cell(layout.rank_row, layout.member_cols[m.id]).value for m in season.members]
    assert got == [1, 1, 4, 3]   # An and Bình share 1st; the committee put Dũng before Cường


def test_formulas_are_live_and_text_stays_text(written):
    seasons, files, layouts, _r = written
    season, layout = seasons["tricky"], layouts["tricky"]
    ws = openpyxl.load_workbook(files["tricky"]).active
    group = season.criteria.roots()[0]
    col = layout.member_cols[season.members[0].id]
    assert ws.cell(layout.node_rows[group.id], col).value.startswith("=ROUND(MIN(10,")
    assert ws.cell(layout.total_row, col).value.startswith("=ROUND(")
    assert ws.cell(layout.rank_row, col).value.startswith("=RANK(")
    title = ws.cell(layout.node_rows[group.id], 2)
    assert title.value == "=SUM(1;2) nhóm có giới hạn" and title.data_type == "s"


def test_marks_draft_and_signed(written):
    seasons, files, _l, _r = written
    for name in ("signed", "tricky"):
        wb = openpyxl.load_workbook(files[name])
        props = {p.name: p.value for p in wb.custom_doc_props.props}
        season = seasons[name]
        assert props[mk.PROP_KIND] == "scoring-table"
        assert props[mk.PROP_YEAR] == str(season.year)
        assert props[mk.PROP_CELLS] == mk.cells_digest(wb)
        shown = " ".join(str(c.value) for row in wb.active.iter_rows(max_row=8) for c in row if c.value)
        if name == "signed":
            assert props[mk.PROP_SHA256] == season.signed.sha256 and props[mk.PROP_REVISION] == "1"
            assert season.signed.sha256 in shown and "Nguyễn Văn Hòa" in shown
        else:
            # openpyxl reads an empty string property back as None
            assert (props[mk.PROP_SHA256] or "") == "" and "DỰ THẢO" in shown


def test_print_setup(written):
    _s, files, layouts, _r = written
    ws = openpyxl.load_workbook(files["signed"]).active
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 and ws.page_setup.orientation == "landscape"
    # never shrunk to fit: printed at full size (11 pt in the table), member columns split across pages; no
    # scale written is the file format's default, 100 %
    assert not ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.scale is None
    fonts = {c.font.sz for row in ws.iter_rows() for c in row if c.value is not None}
    assert min(fonts) >= 10
    assert ws.page_margins.left == pytest.approx(30 / 25.4) and ws.page_margins.right == pytest.approx(15 / 25.4)
    header = layouts["signed"].header_row
    assert ws.print_title_rows == f"${header}:${header}" and ws.print_title_cols == "$A:$C"
    assert ws.freeze_panes == f"D{header + 1}"
    # signed: no DỰ THẢO in the page header; the marks (revision, hash) in every page footer
    assert ws.oddHeader.right.text in ("", None) and "SHA-256" in ws.oddFooter.left.text
    # pages numbered from the sheet's own first page: no first number written is the format's default, 1
    assert ws.page_setup.useFirstPageNumber and ws.page_setup.firstPageNumber is None


def test_our_own_table_imports_back_with_the_same_totals(written):
    """A table we wrote, once Excel/LibreOffice has calculated it, reads back into the same figures."""
    from thidua.documents.readers.table import parse_table
    from thidua.services.imports import plan_table

    seasons, _f, _l, recalced = written
    season = seasons["signed"]
    parsed = parse_table(recalced["signed"])
    assert parsed.year_hint == season.year and [m.short_name for m in parsed.members] == \
        [m.short_name for m in season.members]
    plan = plan_table(parsed, season.cluster_name, season.year)
    assert plan.agrees, [c for c in plan.checks if not c.agrees]
    want = {m.short_name: season.results().tallies[m.id].total for m in season.members}
    assert {c.member: c.computed for c in plan.checks} == want
    assert plan.season.criteria.max_total() == season.criteria.max_total()


def test_member_columns_past_the_first_page_print_without_cut_header_lines(demo_copy, tmp_path):
    """Twelve members need two printed runs of columns. The later run is its own print area (table rows
    only, the STT/criterion columns and the header row repeated), so its pages carry no cut-off left
    end of the paper's header, title or notes — and the signatures print once, closing the first run."""
    from pypdf import PdfReader

    db, _first, second = demo_copy
    for name in ("Hà Nội", "Hải Phòng", "Bắc Giang", "Phú Thọ"):
        clusters.add_member(db.uow(), second, name)
    season = clusters.open_season(db.uow(), second)
    book = tmp_path / "bang-12.xlsx"
    layout = write_scoring_table(season, book)
    ws = openpyxl.load_workbook(book).worksheets[0]
    areas = ws.print_area.replace(f"'{ws.title}'!", "").split(",")
    assert len(areas) == 2 and areas[0].startswith("$A$1:")
    assert areas[1].split(":")[0].endswith(f"${layout.header_row + 1}")   # the later run: table rows only

    pdf_dir = tmp_path / "pdf"
    subprocess.run([soffice(), f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(pdf_dir), str(book)],
                   check=True, capture_output=True, timeout=180)
    pages = [p.extract_text() for p in PdfReader(pdf_dir / "bang-12.pdf").pages]
    later = [i for i, text in enumerate(pages) if "Phú Thọ" in text]
    assert later and all("Ninh Bình" not in pages[i] for i in later)        # a run of its own
    assert sum("LIÊN MINH HTX VIỆT NAM" in text for text in pages) == 1     # the header once, uncut
    assert sum("CỤM TRƯỞNG" in text for text in pages) == 1                 # the signatures once
    assert all("CỘNG HÒA" not in pages[i] for i in later)
