"""Word papers: laid out to Decree 30 by python-docx, or filled into a cluster's own docxtpl template."""

from __future__ import annotations

import docx
import pytest
from docx.shared import Mm

from thidua.cli import main
from thidua.documents.registry import load_writers
from thidua.services.clusters import open_season


@pytest.fixture
def season(demo_copy):
    db, first, _ = demo_copy
    return open_season(db.uow(), first)


def test_minutes_docx_page_header_and_signatures(season, tmp_path):
    path = tmp_path / "minutes.docx"
    load_writers("docx")["minutes"].writers["docx"](season, path)
    word = docx.Document(str(path))
    section = word.sections[0]
    # Word keeps lengths in twentieths of a point: compare to a tenth of a millimetre
    sizes = (section.page_width, section.page_height, section.left_margin, section.right_margin, section.top_margin)
    assert all(abs(got - want) < Mm(0.1) for got, want in zip(sizes, (Mm(210), Mm(297), Mm(30), Mm(15), Mm(20))))
    # page numbers from page 2 at the top centre (a PAGE field), DỰ THẢO on every page until sign-off
    assert section.different_first_page_header_footer
    head = section.header._element.xml
    assert "PAGE" in head and "DỰ THẢO" in head and "DỰ THẢO" in section.first_page_header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml
    assert word.styles["Normal"].font.name == "Times New Roman"
    # the Decree-30 header: two cells, the motto underlined, the dateline in italics
    left, right = word.tables[0].rows[0].cells
    assert left.paragraphs[1].text == "CỤM THI ĐUA CÁC TỈNH\nĐỒNG BẰNG SÔNG HỒNG" and left.paragraphs[-1].text == "Số: 01/BB-CTĐ"
    motto = next(p for p in right.paragraphs if p.text == "Độc lập - Tự do - Hạnh phúc")
    assert all(r.underline for r in motto.runs)
    assert all(r.italic for r in right.paragraphs[-1].runs)
    signers = word.tables[-1].rows[0].cells
    assert signers[0].paragraphs[0].text == "THƯ KÝ" and signers[0].paragraphs[-1].text == "Trần Thị Mai"
    assert signers[1].paragraphs[0].text == "CHỦ TRÌ" and signers[1].paragraphs[-1].text == "Nguyễn Văn Hòa"


def _template(path, body: list[str]):
    word = docx.Document()
    for line in body:
        word.add_paragraph(line)
    word.save(str(path))
    return path


def test_a_clusters_own_template_is_filled_from_the_same_content(demo_copy, tmp_path, capsys):
    db, _first, _ = demo_copy
    template = _template(tmp_path / "mau.docx", [
        "{{ co_quan_ban_hanh }}", "{{ so }} — {{ dia_danh_ngay }}", "{{ ten_van_ban }}: {{ trich_yeu }}",
        "Chủ trì: {{ chu_tri }}; thư ký: {{ thu_ky }}",
        "{% for ky in nguoi_ky %}{{ ky.chuc_danh }}: {{ ky.ho_ten }}; {% endfor %}"])
    out = tmp_path / "bien-ban.docx"
    url = str(db.engine.url)
    assert main(["--db", url, "export", "minutes", "--cluster", "hong", "--year", "2017", "--format", "docx",
                 "--out", str(out), "--template", str(template)]) == 0
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert texts[:5] == ["CỤM THI ĐUA CÁC TỈNH ĐỒNG BẰNG SÔNG HỒNG",
                         "Số: 01/BB-CTĐ — Ninh Bình, ngày 15 tháng 12 năm 2017", "BIÊN BẢN: Họp bình xét thi đua năm 2017",
                         "Chủ trì: Nguyễn Văn Hòa; thư ký: Trần Thị Mai", "THƯ KÝ: Trần Thị Mai; CHỦ TRÌ: Nguyễn Văn Hòa; "]
    broken = _template(tmp_path / "hong.docx", ["{{ ten_van_ban "])
    target = tmp_path / "x.docx"
    assert main(["--db", url, "export", "minutes", "--cluster", "hong", "--year", "2017", "--format", "docx",
                 "--out", str(target), "--template", str(broken)]) == 1
    assert "mẫu Word" in capsys.readouterr().err and not target.exists()
    assert main(["--db", url, "export", "minutes", "--cluster", "hong", "--year", "2017", "--format", "pdf",
                 "--out", str(target), "--template", str(template)]) == 2


def test_the_settings_folder_of_templates_is_used_without_an_option(demo_copy, tmp_path, monkeypatch):
    db, _first, _ = demo_copy
    folder = tmp_path / "mau"
    folder.mkdir()
    _template(folder / "submission.docx", ["Riêng của cụm: {{ ten_van_ban }}"])
    config = tmp_path / "config"
    (config / "thidua").mkdir(parents=True)
    (config / "thidua" / "thidua.ini").write_text(f"[documents]\nword_templates={folder}\n", encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    out = tmp_path / "to-trinh.docx"
    assert main(["--db", str(db.engine.url), "export", "submission", "--cluster", "hong", "--year", "2017",
                 "--format", "docx", "--out", str(out)]) == 0
    assert [p.text for p in docx.Document(str(out)).paragraphs] == ["Riêng của cụm: TỜ TRÌNH"]
