"""The season file: every demo season round-trips byte for byte; hostile files are refused whole, naming the place."""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import text

from thidua.cli import main
from thidua.documents.registry import load_writers
from thidua.domain.canonical import canonical_json, content_hash
from thidua.domain.errors import Duplicate, EditConflict, SeasonLocked
from thidua.services import clusters, outcome, scoring
from thidua.services.season_file import (SCHEMA, SeasonFileRefused, export_season, export_text, import_season)
from thidua.storage.database import Database
from thidua.wording import explain_lines

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DOCS_SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "season.schema.json"


def documents_text(season, folder: Path) -> dict[str, str]:
    """Every document of a season as its content says it and as each file shows it: PDF pages, workbook
    cells sheet by sheet, Word paragraphs and table cells."""
    from docx import Document as Word

    from thidua.documents.content import BUILDERS, build

    folder.mkdir(parents=True, exist_ok=True)
    out = {kind: "\n".join(build(kind, season).texts()) for kind in BUILDERS}
    for kind in load_writers().values():
        for fmt, writer in kind.writers.items():
            path = folder / f"{kind.name}.{fmt}"
            writer(season, path)
            if fmt == "pdf":
                out[path.name] = "\n".join(p.extract_text() for p in PdfReader(path).pages)
            elif fmt == "xlsx":
                wb = load_workbook(path)
                out[path.name] = "\n".join(f"{ws.title}!{c.coordinate}={c.value}" for ws in wb.worksheets
                                           for row in ws.iter_rows() for c in row if c.value is not None)
            elif fmt == "docx":
                doc = Word(path)
                out[path.name] = "\n".join([p.text for p in doc.paragraphs] +
                                           [c.text for t in doc.tables for row in t.rows for c in row.cells])
    return out


def test_the_schema_in_docs_is_the_one_shipped():
    assert DOCS_SCHEMA.read_bytes() == SCHEMA.read_bytes()


def test_every_demo_season_survives_export_and_import_byte_for_byte(demo_copy, db, tmp_path):
    src, first, second = demo_copy
    signed = outcome.sign_off(src.uow(), first, "Nguyễn Văn Hòa")    # 2017 signed off, 2018 still scoring
    for season_id in (first, second):
        exported = export_season(src.uow(), season_id)
        assert export_season(src.uow(), season_id) == exported          # two exports: the same bytes
        done = import_season(db.uow(), exported.encode("utf-8"), file="kỳ.json")
        assert export_season(db.uow(), done.season_id) == exported
        assert scoring.rank_season(db.uow(), done.season_id) == scoring.rank_season(src.uow(), season_id)
        before, after = clusters.open_season(src.uow(), season_id), clusters.open_season(db.uow(), done.season_id)
        assert documents_text(after, tmp_path / f"b{season_id}") == documents_text(before, tmp_path / f"a{season_id}")
    imported = clusters.open_season(db.uow(), first)
    assert imported.signed.sha256 == signed.sha256 == content_hash(canonical_json(imported))
    with db.uow() as uow:
        assert uow.audit.verify(first).whole


def test_the_import_logs_every_value_in_the_seasons_audit_chain(demo_copy, sqlite_db):
    src, first, _ = demo_copy
    done = import_season(sqlite_db.uow(), export_season(src.uow(), first), file="dbsh-2017.json")
    log = outcome.history(sqlite_db.uow(), done.season_id, limit=100000)
    season = clusters.open_season(sqlite_db.uow(), done.season_id)
    scores = [r for r in log if r.entity == "score" and r.field in ("self", "agreed")]
    assert len(scores) == sum(len(c.values()) for c in season.scores.values())
    created = [r for r in log if r.field == "created"]
    assert created[0].reason == "nhập từ tệp dbsh-2017.json"
    with sqlite_db.uow() as uow:
        assert uow.audit.verify(done.season_id).whole


def refused(doc, db, **kw) -> list[str]:
    with pytest.raises(SeasonFileRefused) as err:
        import_season(db.uow(), json.dumps(doc, ensure_ascii=False), file="tệp.json", **kw)
    return explain_lines(err.value)


def counts(db) -> tuple[int, int, int]:
    with db.engine.connect() as conn:
        return tuple(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in ("clusters", "seasons", "audit"))


@pytest.fixture
def demo_file(demo_copy):
    src, first, _ = demo_copy
    return json.loads(export_season(src.uow(), first))


def unsigned(doc):
    return {**doc, "state": "voting", "revisions": []}


HOSTILE = [
    ("a number where text is wanted",
     lambda d: d["criteria"][1].__setitem__("max_points", 5),
     "criteria[1].max_points: cần một số viết trong dấu ngoặc kép"),
    ("a misspelt field", lambda d: d["members"][0].__setitem__("shortname", "x"),
     "members[0].shortname: không có mục này"),
    ("a missing field", lambda d: d["members"][0].pop("short_name"), "members[0].short_name: thiếu mục này"),
    ("a year out of range", lambda d: d.__setitem__("year", 3000), "year: cần một số nguyên từ 1900 đến 2200"),
    ("a state that does not exist", lambda d: d.__setitem__("state", "done"),
     "state: cần một trong: draft, scoring, voting, signed_off"),
    ("points above the maximum", lambda d: d["scores"][0].__setitem__("agreed", "99"),
     "scores[0].agreed: Điểm 99 vượt điểm tối đa"),
    ("a score for a member not in the file", lambda d: d["scores"][3].__setitem__("member", "nobody"),
     "scores[3].agreed: Không tìm thấy đơn vị thành viên “nobody”"),
    ("a criterion under a missing parent", lambda d: d["criteria"][1].__setitem__("parent", "nowhere"),
     "criteria[1]: Không tìm thấy tiêu chí “nowhere”"),
    ("two members with one name", lambda d: d["members"][1].__setitem__("short_name", "Ninh Bình"),
     "members[1]: Đã có đơn vị thành viên “Ninh Bình”"),
    ("a day that does not exist", lambda d: d["meeting"].__setitem__("date", "2017-02-30"),
     "meeting.date: “2017-02-30” không phải là một ngày có thật"),
    ("impossible vote figures", lambda d: d["nominees"][0]["ballot"].__setitem__("for", 9),
     "nominees[0].ballot: Số phiếu đồng ý (9)"),
    ("1e30 points", lambda d: d["scores"][0].__setitem__("agreed", "1" + "0" * 30), "scores[0].agreed: cần một số"),
    ("a share divided by zero", lambda d: d["settings"]["vote_rule"].__setitem__("share", "1/0"),
     "settings.vote_rule.share: cần một tỷ lệ"),
    ("a review score in a season that keeps no review column",
     lambda d: d["scores"][0].__setitem__("review", "1"), "scores[0].review: Kỳ thi đua này không dùng cột điểm đó"),
    ("a council decision before the meeting",
     lambda d: (d.__setitem__("state", "scoring"),
                d["nominees"][0].__setitem__("council_decision", {"approved": True, "number": "1/QĐ"})),
     "nominees[0].council_decision: Quyết định khen thưởng của cấp trên chỉ ghi được sau hội nghị"),
    ("two alternatives of one set both scored",
     lambda d: d["scores"].insert(0, {"member": d["members"][0]["id"], "criterion": next(
         c["id"] for c in d["criteria"] if c["title"] == "Từ 60% đến dưới 80%"), "agreed": "3"}),
     "đơn vị đã có điểm ở một phương án khác của cùng nhóm chọn một mức"),
    ("a signed revision in a season not signed off",
     lambda d: d["revisions"].append({"number": 1, "signed_by": "X", "signed_at": "2017-12-15T10:00:00",
                                      "sha256": "0" * 64, "content": "{}"}),
     "state: Không thể chuyển từ “Dự thảo” sang “Bình xét, bỏ phiếu”"),
]


@pytest.mark.parametrize("what,mutate,expected", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_file_is_refused_whole_naming_the_place(demo_file, sqlite_db, what, mutate, expected):
    doc = unsigned(demo_file)
    mutate(doc)
    before = counts(sqlite_db)
    lines = refused(doc, sqlite_db)
    assert lines[0].startswith("Tệp “tệp.json” có ") and "chưa nhập gì" in lines[0]
    assert any(expected in line for line in lines[1:]), lines
    assert counts(sqlite_db) == before      # nothing written: no cluster, no season, no audit row


def test_not_json_a_newer_layout_and_a_signed_file_edited_after_signing(demo_copy, sqlite_db):
    src, first, _ = demo_copy
    outcome.sign_off(src.uow(), first, "Nguyễn Văn Hòa")
    doc = json.loads(export_season(src.uow(), first))
    with pytest.raises(SeasonFileRefused) as err:
        import_season(sqlite_db.uow(), b'{"thidua_season": 1, "cluster": ', file="x.json")
    assert "JSON hỏng ở dòng 1" in explain_lines(err.value)[0]
    assert "phiên bản thidua mới hơn" in refused({**doc, "thidua_season": 2}, sqlite_db)[0]
    tampered = json.loads(json.dumps(doc))
    tampered["scores"][0]["agreed"] = "4.5"      # Ninh Bình's I.1 was 5 when it was signed
    lines = refused(tampered, sqlite_db)
    assert "không còn khớp với nội dung đã ký duyệt" in lines[1]
    assert "không nhập dưới tên cụm hoặc năm khác" in refused(doc, sqlite_db, year=2019)[0]
    assert counts(sqlite_db)[1] == 0


def test_an_existing_season_is_replaced_only_when_asked_and_never_once_signed(demo_copy):
    db, first, second = demo_copy
    doc = json.loads(export_season(db.uow(), second))
    doc["scores"][0]["agreed"] = "4"
    with pytest.raises(Duplicate):
        import_season(db.uow(), json.dumps(doc), file="2018.json")
    done = import_season(db.uow(), json.dumps(doc), file="2018.json", replace_existing=True)
    assert done.replaced and done.season_id == second
    s = clusters.open_season(db.uow(), second)
    assert s.cell(doc["scores"][0]["member"], doc["scores"][0]["criterion"]).agreed_points == 4
    with db.uow() as uow:
        assert uow.audit.verify(second).whole    # one chain: the season's history, then its replacement
        assert any(r.field == "replaced" for r in uow.audit.entries(second))
    outcome.sign_off(db.uow(), first, "Nguyễn Văn Hòa")
    with pytest.raises(SeasonLocked):
        import_season(db.uow(), export_season(db.uow(), first), replace_existing=True)


def test_a_file_imported_again_under_another_year_gets_fresh_ids(demo_copy):
    db, _, second = demo_copy
    exported = export_season(db.uow(), second)
    done = import_season(db.uow(), exported, year=2019)
    assert done.renamed_ids and done.season_id != second
    a, b = clusters.open_season(db.uow(), second), clusters.open_season(db.uow(), done.season_id)
    assert not {n.id for n in a.criteria.nodes()} & {n.id for n in b.criteria.nodes()}
    assert [(r.member, r.total) for r in scoring.ranking_of(a).rows] == \
        [(r.member, r.total) for r in scoring.ranking_of(b).rows]
    assert json.loads(export_text(b))["criteria"][0]["title"] == json.loads(exported)["criteria"][0]["title"]


def test_a_replace_refused_when_the_season_changed_since_it_was_shown(demo_copy):
    db, _, second = demo_copy
    shown = clusters.open_season(db.uow(), second)
    other = Database(db.url, actor="Thư ký B")
    leaf = shown.criteria.find_code("III.2").id
    scoring.record_score(other.uow(), second, shown.members[6].id, leaf, D(3), expected=None)
    with pytest.raises(EditConflict) as err:
        import_season(db.uow(), export_text(shown), replace_existing=True, expected_version=shown.version)
    assert err.value.data["by"] == "Thư ký B"
    assert clusters.open_season(db.uow(), second).cell(shown.members[6].id, leaf).agreed_points == 3
    other.close()


# ---- the command line ---------------------------------------------------------------------
def test_export_season_and_import_season_on_the_command_line(tmp_path, capsys):
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    assert main(["--db", str(a), "demo"]) == 0
    out = tmp_path / "kỳ 2017.json"
    assert main(["--db", str(a), "export", "season", "--cluster", "dong bang", "--year", "2017",
                 "--out", str(out)]) == 0
    assert main(["--db", str(b), "import-season", str(out)]) == 0
    assert "Đã nhập kỳ thi đua Cụm thi đua các tỉnh Đồng bằng sông Hồng (cụm mới) năm 2017" in capsys.readouterr().out
    again = tmp_path / "again.json"
    assert main(["--db", str(b), "export", "season", "--cluster", "dong bang", "--year", "2017",
                 "--out", str(again)]) == 0
    assert again.read_bytes() == out.read_bytes()
    capsys.readouterr()
    assert main(["--db", str(b), "import-season", str(out)]) == 1
    assert "thêm --replace" in capsys.readouterr().err
    assert main(["--db", str(b), "import-season", str(out), "--replace"]) == 0
    assert main(["--db", str(b), "import-season", str(out), "--as-cluster", "Cụm thử", "--year", "2030"]) == 0
    assert main(["--db", str(b), "export", "season", "--cluster", "dong bang", "--year", "2017",
                 "--out", str(tmp_path)]) == 1                   # a folder, not a file
    assert "là một thư mục" in capsys.readouterr().err


def test_import_season_refusals_exit_1_and_bad_arguments_exit_2(tmp_path, capsys):
    db = tmp_path / "d.sqlite"
    bad = tmp_path / "bad.json"
    bad.write_text('{"thidua_season": 1, "cluster": "Cụm", "year": 2020, "members": [], "criteria": []}',
                   encoding="utf-8")
    assert main(["--db", str(db), "import-season", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "có 2 chỗ chưa đúng" in err and "members: cần ít nhất 1 mục, tệp có 0" in err
    assert main(["--db", str(db), "import-season", str(tmp_path / "none.json")]) == 1
    for argv in (["import-season"], ["import-season", str(bad), "--year", "abc"],
                 ["export", "season", "--cluster", "x", "--year", "2020"]):
        with pytest.raises(SystemExit) as exc:
            main(["--db", str(db), *argv])
        assert exc.value.code == 2
    # documents still need their format
    assert main(["--db", str(db), "export", "ranking", "--cluster", "x", "--year", "2020", "--out", "r.pdf"]) == 2


# ---- a season using every rule, written by hand ---------------------------------------------------
def test_a_hand_written_season_with_every_rule_imports_ranks_and_prints_its_rules(sqlite_db, tmp_path):
    path = FIXTURES / "season-rules-tay-nguyen-2025.json"
    done = import_season(sqlite_db.uow(), path.read_bytes(), file=path.name)
    assert (done.state, done.members, done.criteria) == ("voting", 5, 6)
    result = scoring.rank_season(sqlite_db.uow(), done.season_id)
    # hand computation in tests/unit/test_rules.py and the comments of the file's figures:
    # Đắk Nông 14 + 10 + 38 + 28 = 90 (90 %); Kon Tum 20 + 34 + 26 = 80 of 90 (88,89 %); Đắk Lắk 20 + 8 + 38 + 22 = 88;
    # Lâm Đồng 9 + 10 + 35 + 28 = 82; Gia Lai 15 + 7,5 + 30 + 25 = 77,5
    assert [(r.member, str(r.total), str(r.rate), r.rank, r.classification) for r in result.rows] == [
        ("Đắk Nông", "90.00", "90.00", 1, "Hoàn thành"), ("Kon Tum", "80.00", "88.89", 2, "Hoàn thành tốt"),
        ("Đắk Lắk", "88.00", "88.00", 3, "Hoàn thành"), ("Lâm Đồng", "82.00", "82.00", 4, "Không hoàn thành"),
        ("Gia Lai", "77.50", "77.50", 5, "Hoàn thành")]
    season = clusters.open_season(sqlite_db.uow(), done.season_id)
    # the Government flag (20 % of 5 = 1) is counted inside the Alliance flag's 40 % of 5 = 2: one each
    assert [(p.member_id, p.award_type_id) for p in season.proposals()] == [("kt", "co-cp"), ("dn", "co-lm")]
    docs = documents_text(season, tmp_path / "docs")
    ranking = docs["ranking.pdf"].replace("\n", " ")
    for said in ("tỷ lệ đạt 88,89% của 90 điểm được giao", "không được giao I.2",
                 "đủ điểm “Hoàn thành xuất sắc” nhưng chưa đạt 85% điểm tối đa ở I.1 14/20"):
        assert said in ranking, said
    minutes = docs["minutes.pdf"].replace("\n", " ")
    for said in ("từ 70% số thành viên có mặt và ý kiến bằng văn bản của thành viên vắng mặt trở lên",
                 "cuộc họp chỉ biểu quyết khi có mặt từ 2/3 tổng số thành viên trở lên"):
        assert said in minutes, said
    # and the file goes round again unchanged once in thidua's own layout
    again = export_text(season)
    other = Database(f"sqlite:///{tmp_path / 'other.sqlite'}")
    assert export_season(other.uow(), import_season(other.uow(), again).season_id) == again
    other.close()
