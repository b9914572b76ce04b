"""PDF documents of the demo season: the words, figures and votes a reader checks, the fonts, the page layout."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from decimal import Decimal

import pytest
from pypdf import PdfReader

from thidua.documents.content import KINDS
from thidua.documents.registry import load_writers
from thidua.services.clusters import open_season
from thidua.services.outcome import sign_off
from thidua.wording import p

IN_CI = os.environ.get("CI", "").lower() == "true"


def _write_all(season, folder):
    writers = load_writers()
    out = {}
    for kind in KINDS:
        path = folder / f"{kind}.pdf"
        writers[kind].writers["pdf"](season, path)
        out[kind] = path
    return out


def _text(path) -> str:
    reader = PdfReader(path)
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def draft_docs(demo_copy, tmp_path):
    db, first, _second = demo_copy
    season = open_season(db.uow(), first)
    return season, _write_all(season, tmp_path)


def test_every_pdf_kind_is_registered():
    kinds = load_writers()
    for kind in ("scoring-table", "ranking", "minutes", "submission", "covenant"):
        assert "pdf" in kinds[kind].writers, kind


def test_fonts_are_embedded_and_only_the_bundled_family(draft_docs):
    _season, docs = draft_docs
    for kind, path in docs.items():
        reader = PdfReader(path)
        fonts = {}
        for page in reader.pages:
            for f in page["/Resources"]["/Font"].values():
                f = f.get_object()
                fonts[str(f["/BaseFont"])] = f
        assert fonts, kind
        for name, f in fonts.items():
            assert "LiberationSerif" in name, (kind, name)
            descriptor = f["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, (kind, name)   # the TrueType program is inside the file


def test_minutes_record_meeting_attendance_votes_and_next_heads(draft_docs):
    season, docs = draft_docs
    text = " ".join(_text(docs["minutes"]).split())
    for phrase in ("BIÊN BẢN", "Họp bình xét thi đua năm 2017", "Số: 01/BB-CTĐ",
                   "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                   "Ninh Bình, ngày 15 tháng 12 năm 2017", "8 giờ 30",
                   "Hội trường Liên minh HTX tỉnh Ninh Bình", "Nguyễn Văn Hòa", "Trần Thị Mai",
                   "có mặt: 8/9", "vắng mặt: 1/9", "Liên minh HTX tỉnh Hưng Yên",
                   "Bỏ phiếu kín", "Biểu quyết giơ tay", "trên một nửa số thành viên có mặt",
                   "HTX Dịch vụ Thương mại Thành Đông", "HTX Nông nghiệp Nhân Chính",
                   "CHỦ TRÌ", "THƯ KÝ", "Nơi nhận:", "Cụm trưởng, Cụm phó năm 2018",
                   "Liên minh HTX tỉnh Thái Bình và Liên minh HTX tỉnh Quảng Ninh cùng làm Cụm trưởng",
                   "Liên minh HTX tỉnh Hải Dương làm Cụm phó"):
        assert phrase in text, phrase
    flat = text
    # the flag's secret ballot: 8 of 9 present, 7 for (87,5 %), 0 against, 1 blank, 5 needed
    assert "8/9 7 (87,5%) 0 1 Đạt (cần 5)" in flat
    # the certificates went by show of hands, 8 of 8
    assert flat.count("8/9 8 (100%) 0 0 Đạt (cần 5)") == 2


def test_minutes_and_ranking_print_the_computed_totals(draft_docs):
    season, docs = draft_docs
    results = season.results()
    names = {m.id: m.display_full for m in season.members}
    for kind in ("minutes", "ranking"):
        flat = " ".join(_text(docs[kind]).split())
        for row in results.ranking.rows:
            assert f"{row.rank} {names[row.member_id]} {p(row.total)}" in flat, (kind, row)
    assert "99,5" in _text(docs["ranking"])   # Ninh Bình's total as the scoring engine computed it


def test_scoring_table_has_subtotals_totals_rank_and_class(draft_docs):
    season, docs = draft_docs
    text = " ".join(_text(docs["scoring-table"]).split())
    flat = text
    results = season.results()
    order = [m.id for m in season.members]
    totals = " ".join(p(results.tallies[m].total) for m in order)
    assert f"Tổng cộng 100 {totals}" in flat
    ranks = " ".join(str(results.ranking.by_member()[m].rank) for m in order)
    assert f"Xếp hạng {ranks}" in flat
    group = season.criteria.find_code("II")
    subtotals = " ".join(p(results.tallies[m].subtotals[group.id]) for m in order)
    assert f"{p(season.criteria.maximum(group.id))} {subtotals}" in flat
    assert "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA" in text
    assert "Kèm theo Biên bản số 01/BB-CTĐ ngày 15/12/2017" in text


def test_scoring_table_is_landscape_and_repeats_its_header_on_every_page(draft_docs):
    _season, docs = draft_docs
    reader = PdfReader(docs["scoring-table"])
    assert len(reader.pages) >= 2
    for number, page in enumerate(reader.pages, 1):
        box = page.mediabox
        assert float(box.width) > float(box.height)
        text = page.extract_text()
        assert "Nội dung và chỉ tiêu thi đua" in text
        if number > 1:
            assert text.lstrip().startswith(str(number)) or f"\n{number}\n" in text


def test_submission_lists_nominees_with_awards_recipient_and_distribution(draft_docs):
    _season, docs = draft_docs
    text = _text(docs["submission"])
    flat = " ".join(text.split())
    for phrase in ("TỜ TRÌNH", "Về việc đề nghị khen thưởng năm 2017", "Số: 02/TTr-CTĐ",
                   "Kính gửi: Hội đồng Thi đua - Khen thưởng Liên minh Hợp tác xã Việt Nam",
                   "Nơi nhận:", "TM. CỤM THI ĐUA", "CỤM TRƯỞNG", "cho 03 tập thể, cá nhân sau"):
        assert phrase in flat, phrase
    assert "Liên minh HTX tỉnh Ninh Bình Cờ thi đua của Liên minh HTX Việt Nam" in flat
    assert "HTX phi nông nghiệp tiêu biểu" in flat
    assert flat.count("Giấy khen của Liên minh HTX Việt Nam") == 2


def test_submission_leaves_out_a_nominee_the_vote_rejected(demo_copy, tmp_path):
    from thidua.domain.votes import VoteMethod
    from thidua.services.outcome import record_vote

    db, first, _ = demo_copy
    season = open_season(db.uow(), first)
    coop = next(n for n in season.nominees.values() if n.name == "HTX Nông nghiệp Nhân Chính")
    record_vote(db.uow(), first, coop.id, VoteMethod.SHOW_OF_HANDS, 8, 1, 3, 5, 0,
                expected=season.ballots.get(coop.id))
    season = open_season(db.uow(), first)
    path = tmp_path / "s.pdf"
    load_writers()["submission"].writers["pdf"](season, path)
    flat = " ".join(_text(path).split())
    assert "HTX Nông nghiệp Nhân Chính" not in flat
    assert "cho 02 tập thể, cá nhân sau" in flat
    load_writers()["minutes"].writers["pdf"](season, path)
    flat = " ".join(_text(path).split())
    assert "8/9 3 (37,5%) 5 0 Không đạt (cần 5)" in flat


def test_covenant_lists_each_members_targets(draft_docs):
    season, docs = draft_docs
    flat = " ".join(_text(docs["covenant"]).split())
    assert "BẢN GIAO ƯỚC THI ĐUA" in flat and "Năm 2017" in flat
    # Quảng Ninh signed up to 40 new cooperatives; Bắc Ninh's officials trained: 700
    leaf = season.criteria.find_code("II.1")
    targets = " ".join(str(int(season.figure(m.id, leaf.id).target)) for m in season.members)
    assert f"HTX {targets}" in flat
    assert "ĐẠI DIỆN CÁC ĐƠN VỊ THÀNH VIÊN KÝ GIAO ƯỚC" in flat
    assert "LIÊN MINH HTX TỈNH QUẢNG NINH" in flat


def test_draft_says_du_thao_and_signed_carries_the_marks_on_every_page(demo_copy, tmp_path):
    db, first, _ = demo_copy
    season = open_season(db.uow(), first)
    draft = tmp_path / "draft.pdf"
    load_writers()["minutes"].writers["pdf"](season, draft)
    for page in PdfReader(draft).pages:
        assert "DỰ THẢO" in page.extract_text()
    result = sign_off(db.uow(), first, "Nguyễn Văn Hòa")
    season = open_season(db.uow(), first)
    for kind, path in _write_all(season, tmp_path).items():
        reader = PdfReader(path)
        for page in reader.pages:
            text = " ".join(page.extract_text().split())
            assert "DỰ THẢO" not in text, kind
            assert f"Ký duyệt lần {result.revision}" in text, kind
            assert "Người ký duyệt: Nguyễn Văn Hòa" in text, kind
            assert f"{result.signed_at:%H:%M ngày %d/%m/%Y}" in text, kind
            assert result.sha256 in text.replace(" ", ""), kind


def test_a_signed_document_is_rebuilt_byte_for_byte(demo_copy, tmp_path):
    db, first, _ = demo_copy
    sign_off(db.uow(), first, "Nguyễn Văn Hòa")
    season = open_season(db.uow(), first)
    writer = load_writers()["scoring-table"].writers["pdf"]
    writer(season, tmp_path / "a.pdf")
    writer(open_season(db.uow(), first), tmp_path / "b.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


def test_page_numbers_start_on_page_two(draft_docs):
    _season, docs = draft_docs
    reader = PdfReader(docs["minutes"])
    assert len(reader.pages) >= 2
    first = reader.pages[0].extract_text().split("\n")
    assert first[0].strip() != "1"
    second = [line.strip() for line in reader.pages[1].extract_text().split("\n")]
    assert "2" in second[:3]


def test_demo_out_writes_the_pdfs(tmp_path, monkeypatch):
    from thidua.cli import main

    monkeypatch.setenv("THIDUA_DB", str(tmp_path / "demo.sqlite"))
    assert main(["demo", "--out", str(tmp_path / "out")]) == 0
    for kind in KINDS:
        path = tmp_path / "out" / f"{kind}-2017.pdf"
        assert path.exists() and path.read_bytes().startswith(b"%PDF"), kind
    assert "HTX" in _text(tmp_path / "out" / "covenant-2018.pdf")


def test_pages_render_and_ink_stays_inside_the_decree_margins(draft_docs, tmp_path):
    if shutil.which("pdftoppm") is None:
        if IN_CI:
            pytest.fail("pdftoppm is required under CI")
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    from PIL import Image

    _season, docs = draft_docs
    for kind in ("minutes", "scoring-table"):
        prefix = tmp_path / kind
        subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(docs[kind]), str(prefix)],
                       check=True)
        png = next(tmp_path.glob(f"{kind}-*1.png"))
        img = Image.open(png).convert("L")
        w, h = img.size
        mm = w / (297 if w > h else 210)
        # left 30 mm and right 15 mm margins hold no ink except the draft label
        left = img.crop((0, 0, int(29 * mm), h))
        assert left.getextrema()[0] > 200, kind
        body = img.crop((int(31 * mm), int(30 * mm), w - int(16 * mm), h - int(30 * mm)))
        assert body.getextrema()[0] < 100, kind      # there is text on the page
