"""Untrusted workbooks: refusals in Vietnamese, never a crash, never anything written (fuzzed with hypothesis)."""

from __future__ import annotations

import io
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
