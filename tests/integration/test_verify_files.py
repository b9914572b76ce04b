"""`thidua verify`: signed-off PDFs and workbooks check out; a changed byte, an edited cell, a reopened revision do not."""

from __future__ import annotations

import hashlib

import openpyxl
import pytest
from openpyxl.packaging.custom import StringProperty

from thidua.cli import main
from thidua.documents.signoff import marks as mk
from thidua.documents.pdf.page import SEAL_PREFIX, SEAL_RE
from thidua.documents.registry import load_writers
from thidua.services.clusters import open_season
from thidua.domain.season import State
from thidua.services.outcome import reopen, sign_off
from thidua.storage.database import Database

from ..certificates import make_p12


@pytest.fixture
def signed(demo_copy, tmp_path):
    """The demo 2017 season signed off, its minutes written; (db file, season id, minutes path, sign-off)."""
    db, first, _ = demo_copy
    result = sign_off(db.uow(), first, "Nguyễn Văn Hòa")
    season = open_season(db.uow(), first)
    path = tmp_path / "minutes-2017.pdf"
    load_writers()["minutes"].writers["pdf"](season, path)
    db.close()
    return tmp_path / "demo.sqlite", first, path, result


def _verify(path, db_file=None, *extra):
    args = (["--db", str(db_file)] if db_file else []) + ["verify", str(path), *extra]
    return main(args)


def _cert_pem(p12, password, target):
    """The certificate of a .p12 as a PEM file, to pass with --trust."""
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

    cert = pkcs12.load_key_and_certificates(p12.read_bytes(), password)[1]
    target.write_bytes(cert.public_bytes(Encoding.PEM))
    return target


def _flip(path, at: float):
    data = bytearray(path.read_bytes())
    i = int(len(data) * at)
    data[i] ^= 0x01
    out = path.with_name("tampered-" + path.name)
    out.write_bytes(bytes(data))
    return out


def _reseal(data: bytes) -> bytes:
    """What a forger who knows the format does: recompute the seal after editing."""
    body = data[:SEAL_RE.search(data).start()]
    return body + SEAL_PREFIX + hashlib.sha256(body).hexdigest().encode() + b"\n"


def test_signed_off_pdf_reports_revision_signer_time_hash_and_checks_out(signed, capsys):
    db_file, _, path, result = signed
    assert _verify(path, db_file) == 0
    out = capsys.readouterr().out
    assert "Văn bản: Biên bản họp bình xét thi đua" in out
    assert f"Ký duyệt lần: {result.revision}" in out
    assert "Người ký duyệt: Nguyễn Văn Hòa" in out
    assert f"Thời điểm ký duyệt: {result.signed_at:%H:%M ngày %d/%m/%Y}" in out
    assert f"Mã SHA-256 của nội dung: {result.sha256}" in out
    assert "[Đạt] Mã niêm phong khớp" in out
    assert "[Đạt] Mã SHA-256 khớp với lần ký duyệt thứ 1 trong cơ sở dữ liệu" in out
    assert "[Đạt] Văn bản trùng khớp từng byte" in out
    assert "[Không kiểm tra được] Văn bản không có chữ ký số" in out
    assert "HỢP LỆ" in out and "KHÔNG HỢP LỆ" not in out


def test_without_db_or_signature_nothing_is_confirmed(signed, capsys):
    _, _, path, _ = signed
    assert _verify(path) == 3          # nothing changed that the seal can see, but nothing vouches for it
    out = capsys.readouterr().out
    assert "Chưa đối chiếu với cơ sở dữ liệu" in out and "Kết luận: CHƯA XÁC MINH ĐƯỢC" in out


@pytest.mark.parametrize("where", [0.02, 0.3, 0.6, 0.97])
def test_a_single_changed_byte_is_reported(signed, where, capsys):
    _, _, path, _ = signed
    assert _verify(_flip(path, where)) == 1
    out = capsys.readouterr().out
    assert "KHÔNG" in out
    assert "Kết luận: văn bản KHÔNG HỢP LỆ" in out


def test_a_resealed_forgery_is_caught_by_the_database(signed, capsys):
    db_file, _, path, _ = signed
    data = path.read_bytes()
    # any edit at all (here one letter of the producer comment), then the seal recomputed
    forged = data.replace(b"PDF document", b"PDF Document", 1)
    assert forged != data
    target = path.with_name("forged.pdf")
    target.write_bytes(_reseal(forged))
    assert _verify(target) == 3          # the seal alone cannot tell: the output says so
    assert "người cố ý giả mạo có thể tính lại" in capsys.readouterr().out
    assert _verify(target, db_file) == 1
    assert "[KHÔNG ĐẠT] Văn bản KHÁC với văn bản tạo lại" in capsys.readouterr().out


def test_a_reopened_revision_no_longer_verifies(signed, capsys):
    db_file, first, path, _ = signed
    db = Database(f"sqlite:///{db_file}")
    reopen(db.uow(), first, "Trần Thị Mai", "Sửa điểm tiêu chí II.1 của Hà Nam")
    db.close()
    assert _verify(path, db_file) == 1
    out = capsys.readouterr().out
    assert "đã được Trần Thị Mai mở lại" in out and "Sửa điểm tiêu chí II.1 của Hà Nam" in out


def test_a_hash_from_another_revision_is_reported(signed, tmp_path, capsys):
    db_file, first, path, _ = signed
    db = Database(f"sqlite:///{db_file}")
    reopen(db.uow(), first, "Trần Thị Mai", "Bổ sung", to=State.VOTING)   # a vote is recorded in Bình xét
    from thidua.domain.votes import VoteMethod
    from thidua.services.outcome import record_vote
    season = open_season(db.uow(), first)
    coop = next(n for n in season.nominees.values() if n.name == "HTX Nông nghiệp Nhân Chính")
    record_vote(db.uow(), first, coop.id, VoteMethod.SHOW_OF_HANDS, 8, 1, 7, 1, 0,
                expected=season.ballots.get(coop.id))
    sign_off(db.uow(), first, "Nguyễn Văn Hòa")
    season = open_season(db.uow(), first)
    new = tmp_path / "minutes-r2.pdf"
    load_writers()["minutes"].writers["pdf"](season, new)
    db.close()
    assert _verify(new, db_file) == 0
    assert "Ký duyệt lần: 2" in capsys.readouterr().out
    assert _verify(path, db_file) == 1      # revision 1 was reopened


def test_a_draft_does_not_verify(demo_copy, tmp_path, capsys):
    db, first, _ = demo_copy
    path = tmp_path / "draft.pdf"
    load_writers()["ranking"].writers["pdf"](open_season(db.uow(), first), path)
    assert _verify(path) == 1
    assert "DỰ THẢO" in capsys.readouterr().out


def test_pades_signed_pdf_verifies_only_with_a_trusted_signer(signed, tmp_path, capsys):
    from thidua.documents.signoff.signing import load_certificate, sign_pdf

    db_file, _, path, _ = signed
    p12, pw = make_p12(tmp_path / "c.p12")
    password = pw.read_bytes().rstrip(b"\n")
    cert = load_certificate(p12, password)
    target = tmp_path / "signed.pdf"
    sign_pdf(path, target, cert)
    # intact, matching the database, but signed by an authority nobody said to trust
    assert _verify(target, db_file) == 3
    out = capsys.readouterr().out
    assert "[Đạt] Chữ ký số nguyên vẹn: ký bởi “Nguyễn Văn Hòa”" in out
    assert "không xác minh được người ký" in out and "--trust" in out and "trusted_roots" in out
    pem = _cert_pem(p12, password, tmp_path / "root.pem")
    assert _verify(target, db_file, "--trust", str(pem)) == 0
    assert "Người ký “Nguyễn Văn Hòa” được xác minh" in capsys.readouterr().out
    # a byte inside the signed content (not the seal region): the signature and the seal both object
    assert _verify(_flip(target, 0.4), db_file, "--trust", str(pem)) == 1
    out = capsys.readouterr().out
    assert "KHÔNG" in out
    # appending an update after signing is reported too
    appended = tmp_path / "appended.pdf"
    appended.write_bytes(target.read_bytes() + b"\n% added later\n")
    assert _verify(appended, None, "--trust", str(pem)) == 1


def test_a_changed_byte_inside_the_signature_value_is_named(signed, tmp_path, capsys):
    from pyhanko.pdf_utils.reader import PdfFileReader

    from thidua.documents.signoff.signing import load_certificate, sign_pdf

    _, _, path, _ = signed
    p12, pw = make_p12(tmp_path / "c.p12")
    password = pw.read_bytes().rstrip(b"\n")
    target = tmp_path / "signed.pdf"
    sign_pdf(path, target, load_certificate(p12, password))
    data = bytearray(target.read_bytes())
    with target.open("rb") as fh:
        a, b, c, _d = (int(x) for x in PdfFileReader(fh).embedded_signatures[0].sig_object["/ByteRange"])
    i = a + b + 1 + (c - a - b) // 4          # inside the hex string of /Contents, which the digest skips
    data[i] = ord("0") if data[i] != ord("0") else ord("1")
    tampered = tmp_path / "t.pdf"
    tampered.write_bytes(bytes(data))
    pem = _cert_pem(p12, password, tmp_path / "root.pem")
    assert _verify(tampered, None, "--trust", str(pem)) == 1
    out = capsys.readouterr().out
    assert f"/Contents (byte {a + b}–{c - 1})" in out
    assert "Kết luận: văn bản KHÔNG HỢP LỆ" in out
    assert "không byte nào" not in out      # the seal only speaks for the bytes thidua wrote


def test_a_changed_byte_in_the_signature_region_is_reported(signed, tmp_path, capsys):
    from thidua.documents.signoff.signing import load_certificate, sign_pdf

    _, _, path, _ = signed
    p12, pw = make_p12(tmp_path / "c.p12")
    target = tmp_path / "signed.pdf"
    sign_pdf(path, target, load_certificate(p12, pw.read_bytes().rstrip(b"\n")))
    data = bytearray(target.read_bytes())
    sealed_end = SEAL_RE.search(bytes(data)).end()
    # a byte in the incremental update pyHanko appended (after the seal)
    i = sealed_end + (len(data) - sealed_end) // 3
    data[i] ^= 0x01
    tampered = tmp_path / "t.pdf"
    tampered.write_bytes(bytes(data))
    assert _verify(tampered) == 1


# ---- workbooks ---------------------------------------------------------------------------------
def _forge(path, coordinate, value):
    """What the issue's forger did: change a cell, then recompute the workbook's own checksum property."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    ws[coordinate] = value
    wb.custom_doc_props.props = [p for p in wb.custom_doc_props.props if p.name != mk.PROP_CELLS]
    wb.custom_doc_props.append(StringProperty(name=mk.PROP_CELLS, value=mk.cells_digest(wb)))
    out = path.with_name("forged-" + path.name)
    wb.save(out)
    return out


@pytest.mark.parametrize("kind", ["scoring-table", "ranking", "covenant"])
def test_a_forged_workbook_with_its_checksum_recomputed_is_caught(signed, tmp_path, capsys, kind):
    db_file, first, _, result = signed
    db = Database(f"sqlite:///{db_file}")
    season = open_season(db.uow(), first)
    db.close()
    path = tmp_path / f"{kind}.xlsx"
    load_writers()[kind].writers["xlsx"](season, path)
    assert _verify(path, db_file) == 0
    out = capsys.readouterr().out
    assert "Người ký duyệt: Nguyễn Văn Hòa" in out and result.sha256 in out
    assert "[Đạt] Mọi ô của sổ tính khớp với sổ tính tạo lại từ cơ sở dữ liệu" in out
    ws = openpyxl.load_workbook(path).worksheets[0]
    cell = next(c for row in ws.iter_rows() for c in row
                if isinstance(c.value, (int, float)) and c.value > 1 or
                isinstance(c.value, str) and c.value.isdigit() and int(c.value) > 1)
    forged = _forge(path, cell.coordinate, 99)
    assert _verify(forged, db_file) == 1
    out = capsys.readouterr().out
    assert "[Đạt] Mã kiểm tra các ô khớp" in out          # the forger's checksum is right…
    sheet = ws.title
    assert f"[KHÔNG ĐẠT] Số liệu KHÁC với cơ sở dữ liệu: trang tính “{sheet}”, ô {cell.coordinate}: " in out
    assert "→ 99" in out                                  # …but the cell is named, old → new
    # without the database: the signed content carried in the file gives the cell away as well
    assert _verify(forged) == 1
    out = capsys.readouterr().out
    assert f"ô {cell.coordinate}: " in out and "nội dung ký duyệt mang trong tệp" in out
    assert _verify(path) == 3                             # genuine, but unconfirmed without the database


def test_workbook_written_by_the_excel_writer(signed, tmp_path, capsys):
    db_file, first, _, _ = signed
    writer = load_writers()["scoring-table"].writers.get("xlsx")
    if writer is None:
        pytest.skip("the Excel scoring-table writer is not in this build")
    db = Database(f"sqlite:///{db_file}")
    season = open_season(db.uow(), first)
    db.close()
    path = tmp_path / "scoring-table-2017.xlsx"
    writer(season, path)
    assert _verify(path, db_file) == 0, capsys.readouterr().out
    capsys.readouterr()
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    cell = next(c for row in ws.iter_rows() for c in row if isinstance(c.value, (int, float)) and c.value > 1)
    ws[cell.coordinate] = cell.value + 1
    wb.save(path)
    assert _verify(path, db_file) == 1


def test_other_files_and_missing_files(tmp_path, capsys):
    other = tmp_path / "note.txt"
    other.write_text("không phải văn bản", encoding="utf-8")
    assert _verify(other) == 1
    assert "không phải PDF hay Excel" in capsys.readouterr().out
    assert _verify(tmp_path / "none.pdf") == 1
    assert "Không tìm thấy tệp" in capsys.readouterr().err
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really")
    assert _verify(broken) == 1


def test_trust_list_in_a_folder_makes_a_listed_signer_pass(signed, tmp_path, monkeypatch, capsys):
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

    from thidua.documents.signoff.signing import load_certificate, sign_pdf

    _, _, path, _ = signed
    p12, pw = make_p12(tmp_path / "c.p12")
    password = pw.read_bytes().rstrip(b"\n")
    target = tmp_path / "signed.pdf"
    sign_pdf(path, target, load_certificate(p12, password))
    other, _ = make_p12(tmp_path / "other.p12")
    roots = tmp_path / "roots"
    roots.mkdir()
    _cert_pem(other, password, roots / "other.pem")
    # the folder named in the user settings ([signing] trusted_roots), as the app writes them
    config = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    (config / "thidua").mkdir(parents=True)
    (config / "thidua" / "thidua.ini").write_text(f"[signing]\ntrusted_roots={roots}\n", encoding="utf-8")
    assert _verify(target) == 3
    assert "Không xác minh được người ký “Nguyễn Văn Hòa”" in capsys.readouterr().out
    own = pkcs12.load_key_and_certificates(p12.read_bytes(), password)[1]
    (roots / "own.cer").write_bytes(own.public_bytes(Encoding.DER))
    assert _verify(target) == 0, capsys.readouterr().out
    assert _verify(target, None, "--trust", str(tmp_path / "none.pem")) == 1
    assert "Không tìm thấy chứng thư gốc" in capsys.readouterr().err


# ---- papers laid out by an older thidua --------------------------------------------------------
def _with_layout(path, number: str | None):
    """The workbook as an older thidua wrote it: its layout property another number, or none at all."""
    wb = openpyxl.load_workbook(path)
    wb.custom_doc_props.props = [p for p in wb.custom_doc_props.props if p.name != mk.PROP_LAYOUT]
    if number is not None:
        wb.custom_doc_props.append(StringProperty(name=mk.PROP_LAYOUT, value=number))
    out = path.with_name("older-" + path.name)
    wb.save(out)
    return out


def test_a_covenant_workbook_laid_out_by_an_older_thidua_is_not_called_forged(signed, tmp_path, capsys):
    from thidua.documents.registry import layout

    db_file, first, _, _ = signed
    db = Database(f"sqlite:///{db_file}")
    season = open_season(db.uow(), first)
    db.close()
    path = tmp_path / "covenant.xlsx"
    load_writers()["covenant"].writers["xlsx"](season, path)
    assert openpyxl.load_workbook(path).custom_doc_props["thidua_layout"].value == str(layout("covenant", "xlsx"))
    assert layout("covenant", "xlsx") == 2
    older = _with_layout(path, None)          # written before papers carried their layout: layout 1
    assert _verify(older, db_file) == 3
    out = capsys.readouterr().out
    assert "[Đạt] Mã kiểm tra các ô khớp" in out
    assert "[Đạt] Mã SHA-256 khớp với lần ký duyệt thứ 1" in out
    assert ("[Không kiểm tra được] Văn bản được trình bày theo mẫu số 1 của thidua; phiên bản này trình bày "
            "bản giao ước thi đua theo mẫu số 2, nên không so sánh từng ô với bản tạo lại được.") in out
    assert "Kết luận: CHƯA XÁC MINH ĐƯỢC — không thấy chỗ nào bị sửa, nhưng văn bản được trình bày theo mẫu" in out
    assert "KHÔNG HỢP LỆ" not in out
    # an edit to such a paper is still caught by its cells' checksum
    wb = openpyxl.load_workbook(older)
    ws = wb.worksheets[0]
    cell = next(c for row in ws.iter_rows(min_row=10) for c in row if c.value not in (None, ""))
    ws[cell.coordinate] = f"{cell.value} (đã sửa)"
    wb.save(older)
    assert _verify(older, db_file) == 1
    assert "[KHÔNG ĐẠT] Mã kiểm tra các ô KHÔNG khớp" in capsys.readouterr().out
    # a layout number no thidua wrote is never compared either
    assert _verify(_with_layout(path, "bảy"), db_file) == 3


def test_a_pdf_laid_out_by_an_older_thidua_is_not_called_forged(signed, monkeypatch, capsys):
    from thidua.documents import registry

    db_file, _, path, _ = signed
    # this thidua lays the minutes out anew: the PDF written before is of the older layout
    monkeypatch.setitem(registry.LAYOUTS, ("minutes", "pdf"), 2)
    assert _verify(path, db_file) == 3
    out = capsys.readouterr().out
    assert "[Đạt] Mã niêm phong khớp" in out
    assert "theo mẫu số 1 của thidua; phiên bản này trình bày biên bản họp bình xét thi đua theo mẫu số 2, " \
           "nên không so sánh từng byte với bản tạo lại được." in out
    assert "Văn bản trùng khớp từng byte" not in out
    # a paper of the current layout carries its number, and compares byte for byte as before
    db = Database(f"sqlite:///{db_file}")
    season = open_season(db.uow(), signed[1])
    db.close()
    newer = path.with_name("minutes-layout-2.pdf")
    load_writers()["minutes"].writers["pdf"](season, newer)
    assert _verify(newer, db_file) == 0
    assert "[Đạt] Văn bản trùng khớp từng byte" in capsys.readouterr().out
