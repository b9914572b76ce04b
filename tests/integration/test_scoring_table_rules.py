"""The scoring table says how the criteria with their own rules score: bands, the extra, points per item."""

from __future__ import annotations

from pypdf import PdfReader

from thidua.documents.content import build
from thidua.documents.content.model import Para
from thidua.documents.registry import load_writers
from thidua.services.clusters import open_season


def _notes(season) -> list[str]:
    return [b.text for b in build("scoring-table", season).body if isinstance(b, Para)]


def test_the_scoring_table_states_the_bands_and_the_extra_for_exceeding(demo_copy, tmp_path):
    db, first, _second = demo_copy
    season = open_season(db.uow(), first)
    notes = _notes(season)
    assert "Tiêu chí III.4: theo mức (≥ 50%: 4 đ; 30–50%: 3 đ; 0–30%: 2 đ)." in notes
    assert "Tiêu chí II.1: theo tỷ lệ thực hiện/chỉ tiêu, tối đa 12 đ; vượt chỉ tiêu cộng thêm tối đa 3 đ." in notes
    # the per-item rows already say "(1 điểm/lần)" in their text: not said twice
    assert not [n for n in notes if n.startswith("Tiêu chí VI.") or n.startswith("Tiêu chí VII.")]
    path = tmp_path / "scoring-table.pdf"
    load_writers()["scoring-table"].writers["pdf"](season, path)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())
    assert "Tiêu chí III.4: theo mức (≥ 50%: 4 đ; 30–50%: 3 đ; 0–30%: 2 đ)." in text


def test_a_per_item_rule_its_text_does_not_state_is_spelled_out(demo_copy):
    db, _first, second = demo_copy
    season = open_season(db.uow(), second)          # 2018 is still being scored: its table can change
    leaf = season.criteria.find_code("VII.2")
    season.update_criterion(leaf.id, title="Bị cấp có thẩm quyền nhắc nhở do vi phạm quy định")
    assert "Tiêu chí VII.2: trừ 1 đ/lần, tối đa 3 đ." in _notes(season)
