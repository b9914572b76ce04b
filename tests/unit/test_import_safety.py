"""Untrusted workbooks: refusals in Vietnamese, never a crash, never anything written (fuzzed with hypothesis)."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from thidua.documents.readers import safe as xlsx_safe
from thidua.documents.readers.safe import WorkbookError
from thidua.documents.readers.table import parse_table

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "tables" / "bang-cham-diem-tay-nam-bo-2023.xlsx"
DATA = SAMPLE.read_bytes()


def _parse_bytes(tmp_path: Path, data: bytes):
    path = tmp_path / "f.xlsx"
    path.write_bytes(data)
    return parse_table(path)


def test_password_protected(tmp_path):
    # what Excel writes for an encrypted workbook: an OLE container holding EncryptedPackage
    blob = xlsx_safe.CFB_MAGIC + b"\0" * 512 + "EncryptionInfo".encode("utf-16-le") + \
        "EncryptedPackage".encode("utf-16-le") + b"\0" * 512
    with pytest.raises(WorkbookError) as err:
        _parse_bytes(tmp_path, blob)
    assert err.value.reason == "password" and "mật khẩu" in err.value.sentence()


def test_an_ole_container_that_is_no_workbook(tmp_path):
    # .xls files are read (xlrd); an OLE container holding anything else is refused as damaged
    with pytest.raises(WorkbookError) as err:
        _parse_bytes(tmp_path, xlsx_safe.CFB_MAGIC + b"\0" * 2048)
    assert err.value.reason == "corrupt" and "bị hỏng" in err.value.sentence()


@pytest.mark.parametrize("data,reason", [(b"", "empty"), (b"STT,Noi dung\n1,abc\n", "not_workbook"),
                                         (b"PK\x03\x04garbage", "corrupt")])
def test_not_a_workbook(tmp_path, data, reason):
    with pytest.raises(WorkbookError) as err:
        _parse_bytes(tmp_path, data)
    assert err.value.reason == reason


def test_missing_file(tmp_path):
    with pytest.raises(WorkbookError) as err:
        parse_table(tmp_path / "không có.xlsx")
    assert "Không tìm thấy tệp “không có.xlsx”" in err.value.sentence()


def test_huge_file_and_zip_bomb(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_safe, "MAX_FILE_BYTES", 1000)
    with pytest.raises(WorkbookError) as err:
        parse_table(SAMPLE)
    assert err.value.reason == "too_big" and "quá lớn" in err.value.sentence()
    monkeypatch.undo()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", b" " * (xlsx_safe.MAX_UNPACKED_BYTES + 1))
    with pytest.raises(WorkbookError) as err:
        _parse_bytes(tmp_path, buf.getvalue())
    assert err.value.reason == "too_big"


def test_macros_and_external_links_are_not_kept(tmp_path):
    # a macro-enabled copy of the sample with a vbaProject part and an external link
    src = zipfile.ZipFile(io.BytesIO(DATA))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for item in src.infolist():
            zf.writestr(item, src.read(item.filename))
        zf.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 Sub Auto_Open(): Shell \"calc\": End Sub")
        zf.writestr("xl/externalLinks/externalLink1.xml",
                    '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>')
    path = tmp_path / "macro.xlsm"
    path.write_bytes(buf.getvalue())
    t = parse_table(path)
    assert len(t.members) == 7
    assert "macro đã được bỏ qua, không chạy" in " ".join(t.warnings)


def test_formulas_are_read_as_cached_values_never_evaluated(tmp_path):
    wb = openpyxl.load_workbook(SAMPLE)
    wb.active["D8"] = "=WEBSERVICE(\"http://example.invalid/\")"   # no cached value: read as nothing
    wb.save(tmp_path / "f.xlsx")
    t = parse_table(tmp_path / "f.xlsx")
    assert t.nodes[0].values[0] is None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=len(DATA) - 1))
def test_truncated_files_are_refused_cleanly(tmp_path, cut):
    with pytest.raises(WorkbookError) as err:
        _parse_bytes(tmp_path, DATA[:cut])
    assert err.value.sentence()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flips=st.lists(st.tuples(st.integers(min_value=0, max_value=len(DATA) - 1),
                                st.integers(min_value=0, max_value=255)), min_size=1, max_size=8))
def test_corrupted_files_either_parse_or_are_refused(tmp_path, flips):
    data = bytearray(DATA)
    for pos, byte in flips:
        data[pos] = byte
    try:
        _parse_bytes(tmp_path, bytes(data))
    except WorkbookError as err:
        assert err.sentence()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.tuples(st.integers(1, 40), st.integers(1, 12),
                                st.one_of(st.none(), st.text(max_size=12), st.integers(-5, 200),
                                          st.floats(allow_nan=True, allow_infinity=True),
                                          st.sampled_from(["STT", "Nội dung", "Điểm tối đa", "Tổng cộng", "I",
                                                           "-", "a)", "Điểm trừ", "15,5", "Xếp hạng"]))),
                      max_size=80))
def test_random_sheets_never_crash_the_table_reader(tmp_path, cells):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A3"], ws["B3"], ws["C3"], ws["D3"] = "STT", "Nội dung tiêu chí", "Điểm tối đa", "Hà Nam"
    for r, c, v in cells:
        if isinstance(v, str):
            v = openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE.sub("", v)
            if v.startswith("="):
                v = " " + v
        ws.cell(r, c).value = v
    wb.save(tmp_path / "r.xlsx")
    try:
        parse_table(tmp_path / "r.xlsx")
    except WorkbookError as err:
        assert err.sentence()


# ---- files that cannot hurt -----------------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev/zero are POSIX")
def test_a_fifo_or_a_device_is_refused_before_reading(tmp_path):
    fifo = tmp_path / "bang.xlsx"
    os.mkfifo(fifo)   # nothing ever writes to it: reading it would wait forever
    for path in (fifo, Path("/dev/zero"), tmp_path):
        with pytest.raises(WorkbookError) as err:
            parse_table(path)
        assert err.value.reason == "not_regular" and "không phải là một tệp thông thường" in err.value.sentence()


def test_a_merge_over_the_whole_sheet_is_kept_as_four_numbers(tmp_path):
    import tracemalloc

    from tests.mutants import inject_merges
    from thidua.documents.readers.grid import load_book

    path = tmp_path / "merge.xlsx"
    path.write_bytes(inject_merges(DATA, ["A1:XFD1048576", "A40:XFD1048576"]))
    tracemalloc.start()
    try:
        book = load_book(path)
        sheet = book.sheets[0]
        assert sheet.merges == [(1, 1, 1048576, 16384), (40, 1, 1048576, 16384)]
        band = sheet.merged_in(1, 10)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(band) == 10 * xlsx_safe.MAX_COLS and peak < 64 * 1024 * 1024
    with pytest.raises(WorkbookError) as err:   # everything merged into A1: no header left to find
        parse_table(path)
    assert "Không tìm thấy bảng chấm điểm" in err.value.sentence()


def test_cells_named_far_away_do_not_build_a_dense_grid(tmp_path):
    from tests.mutants import pack

    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
        '<office:spreadsheet><table:table table:name="S"><table:table-row><table:table-cell office:value-type='
        '"string"><text:p>STT</text:p></table:table-cell></table:table-row><table:table-row '
        'table:number-rows-repeated="1048574"><table:table-cell/></table:table-row><table:table-row>'
        '<table:table-cell table:number-columns-repeated="999"/><table:table-cell office:value-type="float" '
        'office:value="1"><text:p>1</text:p></table:table-cell></table:table-row></table:table>'
        '</office:spreadsheet></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                'opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/"'
                ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>')
    path = tmp_path / "far.ods"
    path.write_bytes(pack({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                           "content.xml": content.encode(), "META-INF/manifest.xml": manifest.encode()}))
    assert path.stat().st_size < 2000
    with pytest.raises(WorkbookError) as err:   # a dense reader would ask for a billion cells here
        parse_table(path)
    assert err.value.reason == "sheet_too_big" and "hàng 1048576, cột 1000" in err.value.sentence()
    # an .xls naming cell IV65536: rows stay ragged, nothing near 16 million cells is built
    far = Path(__file__).resolve().parents[1] / "fixtures" / "hostile" / "far-cell.xls"
    with pytest.raises(WorkbookError) as err:
        parse_table(far)
    assert err.value.reason == "no_criteria"


def test_no_xml_entity_is_ever_expanded(tmp_path):
    import openpyxl.xml
    import openpyxl.xml.functions
    from defusedxml import EntitiesForbidden

    from tests.mutants import pack, parts

    # openpyxl (which reads thidua's own workbooks back, e.g. to verify them) streams sheets through
    # defusedxml's parser once defusedxml is installed (a dependency); its other parts go through lxml
    # with entity resolution off. The table reader refuses any part that declares a DTD at all.
    assert openpyxl.xml.DEFUSEDXML and openpyxl.xml.functions.iterparse.__module__.startswith("defusedxml")
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">'
            b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]>')
    for part in ("xl/worksheets/sheet1.xml", "xl/workbook.xml"):
        files = parts(DATA)
        body = files[part].split(b"?>", 1)[1] if files[part].startswith(b"<?xml") else files[part]
        files[part] = bomb + body.replace(b"<sheetData>", b"<sheetData>&lol3;", 1)
        path = tmp_path / "lol.xlsx"
        path.write_bytes(pack(files))
        if part.endswith("sheet1.xml"):
            with pytest.raises(ValueError) as raised:   # openpyxl itself refuses to expand them
                list(openpyxl.load_workbook(path, read_only=True).active.iter_rows(values_only=True))
            assert isinstance(raised.value.__cause__ or raised.value.__context__, EntitiesForbidden)
        with pytest.raises(WorkbookError) as err:
            parse_table(path)
        assert err.value.reason == "corrupt"


def test_a_zip_that_lies_about_its_size_is_refused(tmp_path):
    import random

    from tests.mutants import zip_bomb

    rnd = random.Random(3)
    for _ in range(4):
        path = tmp_path / "bomb.xlsx"
        path.write_bytes(zip_bomb(DATA, rnd, 70_000_000))
        with pytest.raises(WorkbookError) as err:
            parse_table(path)
        assert err.value.reason in ("too_big", "corrupt")


def test_work_beyond_the_time_bound_stops_with_a_sentence(monkeypatch):
    with pytest.raises(WorkbookError) as err:
        parse_table(SAMPLE, seconds=-1)
    assert err.value.reason == "too_slow" and "giây nên đã dừng" in err.value.sentence()


@pytest.mark.parametrize("value", ["1e30", "inf", "-1e30", "NaN", "1" + "0" * 400])
def test_huge_or_non_finite_numbers_are_one_sentence_naming_the_cell(tmp_path, value):
    wb = openpyxl.load_workbook(SAMPLE)
    wb.active["E9"] = value
    wb.save(tmp_path / "n.xlsx")
    t = parse_table(tmp_path / "n.xlsx")
    from thidua import wording
    from thidua.services.imports import TableHasProblems, plan_table

    with pytest.raises(TableHasProblems) as err:
        plan_table(t, "X", 2023)
    (line,) = wording.explain_lines(err.value)
    assert "hàng 9, cột E" in line and (f"“{value[:40]}” quá lớn" in line or "không phải là số" in line)
