"""Every paper says the same thing in every format — PDF, workbook, Word — in Vietnamese, with the app in English.

One content per paper (documents/content) is rendered by each format; here each rendering is read
back with a text extractor of its own (pypdf, openpyxl, python-docx) and compared with the content:
everything the content says is in the file, and the workbook and the Word file say nothing else.
"""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from pypdf import PdfReader

from thidua import wording
from thidua.documents.content import KINDS, build, words
from thidua.documents.content.model import Table, plain
from thidua.documents.docx.render import texts as docx_texts
from thidua.documents.registry import load_writers
from thidua.services.clusters import open_season
from thidua.services.outcome import sign_off

ENGLISH_ONLY = ("Secret ballot", "Show of hands", "Equal total", "settled by", "Shared rank", "members present",
                "Ordered by", "scores missing", "Rank", "Total")


@pytest.fixture(scope="module")
def seasons(tmp_path_factory):
    """The demo's 2017 season signed off, its 2018 season still a draft, and a season using the regulations'
    rules (tests/fixtures: floors, rate, criteria not assigned, score columns, vote base and quorum, quotas)."""
    from pathlib import Path

    from thidua.services.demo import load_demo
    from thidua.services.season_file import import_season
    from thidua.storage.database import Database

    db = Database(f"sqlite:///{tmp_path_factory.mktemp('agree') / 'demo.sqlite'}", actor="tester")
    first, second = load_demo(db.uow())
    sign_off(db.uow(), first, "Nguyễn Văn Hòa")
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "season-rules-tay-nguyen-2025.json"
    rules = import_season(db.uow(), fixture.read_bytes()).season_id
    out = [open_season(db.uow(), first), open_season(db.uow(), second), open_season(db.uow(), rules)]
    db.close()
    return out


@pytest.fixture
def english():
    wording.set_language("en")
    yield
    wording.set_language("vi")


def _squash(text: str) -> str:
    return "".join(text.split())


def _cell_text(value) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        return words.points(Decimal(str(value)))
    return str(value)


def _xlsx_texts(data: bytes) -> tuple[list[str], set[str]]:
    """Visible cell texts (numbers as a Vietnamese paper prints them) and the coordinates holding formulas."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    out, formulas = [], set()
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    formulas.add(c.coordinate)
                elif c.value is not None:
                    out.append(_cell_text(c.value))
    return out, formulas


def _expected(doc) -> list[str]:
    return [t for t in doc.texts() if t.strip()]


def _allowed(doc) -> set[str]:
    """What a rendering may print besides the content: the marks, page numbers, 'continued' lines."""
    extra = {words.footer(doc.marks), "DỰ THẢO", "2"}
    for t in doc.tables():
        if t.fixed:
            for first in range(1, t.members + 1):
                for last in range(first, t.members + 1):
                    extra.add(words.continued(t.continued, first, last, t.members))
    return extra


@pytest.mark.parametrize("kind", KINDS)
def test_every_format_says_what_the_content_says(seasons, english, tmp_path, kind):
    writers = load_writers()[kind].writers
    assert set(writers) >= {"pdf", "xlsx", "docx"}
    for season in seasons:
        doc = build(kind, season)
        expected = _expected(doc)
        wording.set_language("vi")
        assert build(kind, season).texts() == doc.texts()       # the screen language changes nothing
        wording.set_language("en")
        files = {}
        for fmt in ("pdf", "xlsx", "docx"):
            path = tmp_path / f"{kind}-{season.year}.{fmt}"
            writers[fmt](season, path)
            files[fmt] = path.read_bytes()

        pdf = _squash("".join(page.extract_text() for page in PdfReader(io.BytesIO(files["pdf"])).pages))
        missing = [t for t in expected if _squash(t) not in pdf]
        assert missing == [], f"{kind} {season.year} PDF lacks {missing[:5]}"

        cells, formulas = _xlsx_texts(files["xlsx"])
        in_cells = set(cells)
        computed = {plain(c) for t in doc.tables() if t.fixed and kind == "scoring-table"
                    for r in t.rows for c in r.cells[t.fixed:]} | {plain(r.cells[2]) for t in doc.tables()
                                                                    for r in t.rows if kind == "scoring-table"}
        missing = [t for t in expected if t not in in_cells and not (formulas and t in computed)]
        assert missing == [], f"{kind} {season.year} workbook lacks {missing[:5]}"
        allowed = set(expected) | _allowed(doc)
        extra = [t for t in cells if t not in allowed]
        assert extra == [], f"{kind} {season.year} workbook says more: {extra[:5]}"

        paragraphs = docx_texts(files["docx"])
        in_docx = set(paragraphs)
        missing = [t for t in expected if t not in in_docx]
        assert missing == [], f"{kind} {season.year} Word lacks {missing[:5]}"
        extra = [t for t in paragraphs if t not in allowed and t.strip("\u00a0")]
        assert extra == [], f"{kind} {season.year} Word says more: {extra[:5]}"

        for fmt, text in (("pdf", pdf), ("xlsx", "".join(cells)), ("docx", "".join(paragraphs))):
            for english_word in ENGLISH_ONLY:
                assert _squash(english_word) not in (text if fmt == "pdf" else _squash(text)), (kind, fmt)


def test_numbers_and_dates_are_vietnamese_whatever_the_language(seasons, english):
    signed, draft, _rules = seasons
    ranking = build("ranking", signed)
    assert "99,5" in ranking.texts() and "99.5" not in " ".join(ranking.texts())
    minutes = build("minutes", signed)
    assert minutes.header.dateline == "Ninh Bình, ngày 15 tháng 12 năm 2017"
    covenant = build("covenant", draft)
    assert covenant.header.number == "Số: 03/GƯ-CTĐ"
    assert covenant.header.dateline == "Ninh Bình, ngày 15 tháng 12 năm 2017"
    text = " ".join(build("minutes", signed).texts())
    assert text.count("Bỏ phiếu kín") == 1 and text.count("Biểu quyết giơ tay") == 2


def test_the_covenant_names_each_members_signer_and_numbers_its_rows(seasons):
    _signed, draft, _rules = seasons
    doc = build("covenant", draft)
    grid = doc.body[-1]
    first = grid.signers[0]
    assert first.titles == ("LIÊN MINH HTX TỈNH NINH BÌNH", "CHỦ TỊCH LIÊN MINH HTX TỈNH")
    assert first.name == "Nguyễn Văn Hòa"
    table = next(t for t in doc.tables() if isinstance(t, Table))
    numbers = [plain(r.cells[0]) for r in table.rows]
    # I, 1, 2, 3, II, 1, 2 — counted over the rows printed, never jumping
    tops = [n for n in numbers if not n.isdigit()]
    assert tops == ["I", "II"][:len(tops)]
    run = []
    for n in numbers:
        if n.isdigit():
            run.append(int(n))
        else:
            assert run == list(range(1, len(run) + 1))
            run = []
    assert run == list(range(1, len(run) + 1))


def test_a_season_without_a_meeting_prints_no_empty_counts(seasons):
    import copy

    from thidua.domain.season import Meeting

    draft = copy.copy(seasons[1])
    draft.meeting = Meeting()
    text = " ".join(build("minutes", draft).texts() + build("submission", draft).texts())
    assert "0/9" not in text and "cho 00" not in text
    assert "Thành phần các đơn vị thành viên dự họp: chưa ghi nhận" in text
    # and the 2018 season's own minutes do not borrow the covenant's signers as attendees
    assert "Thành phần các đơn vị thành viên dự họp: chưa ghi nhận" in " ".join(build("minutes", seasons[1]).texts())
    # the numbering of the sections under II starts at 1 when the agenda is empty
    assert "1. Kết quả chấm điểm, xếp hạng, xếp loại" in text and "2. Chương trình họp" not in text


def test_minutes_without_a_start_hour_leave_dots_for_it(demo_copy):
    """A meeting date with no hour recorded prints the hour as dots to fill in, never "Vào hồi ngày …"."""
    import datetime as dt
    from dataclasses import replace

    from thidua.documents.content.model import Para
    from thidua.services import clusters

    db, first, _second = demo_copy
    season = clusters.open_season(db.uow(), first)
    season.meeting = replace(season.meeting, date=dt.date(2025, 12, 15), start_time="")
    opening = next(b.text for b in build("minutes", season).body if isinstance(b, Para))
    assert opening.startswith(f"Vào hồi {words.DOTS} giờ {words.DOTS}, ngày 15 tháng 12 năm 2025, tại ")
    season.meeting = replace(season.meeting, start_time="8 giờ 00")
    opening = next(b.text for b in build("minutes", season).body if isinstance(b, Para))
    assert opening.startswith("Vào hồi 8 giờ 00, ngày 15 tháng 12 năm 2025, tại ")
