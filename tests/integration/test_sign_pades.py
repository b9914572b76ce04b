"""`thidua sign-off`: locking the season and signing its PDFs with a PKCS#12 certificate made here."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from thidua.cli import main
from thidua.documents.content import KINDS
from thidua.services.clusters import open_season

from ..certificates import PASSWORD, make_p12

IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    return make_p12(tmp_path_factory.mktemp("cert") / "ky-so.p12")


@pytest.fixture
def demo_file(demo_copy, tmp_path):
    db, first, second = demo_copy
    db.close()
    return tmp_path / "demo.sqlite", first


def _sign_off(db_file, *extra):
    return main(["--db", str(db_file), "sign-off", "--cluster", "Hồng", "--year", "2017",
                 "--by", "Nguyễn Văn Hòa", *extra])


def test_sign_off_with_certificate_writes_every_pdf_signed(demo_file, certificate, capsys):
    from pyhanko.pdf_utils.reader import PdfFileReader

    db_file, _ = demo_file
    p12, pw = certificate
    assert _sign_off(db_file, "--certificate", str(p12), "--password-file", str(pw)) == 0
    out = capsys.readouterr().out
    assert "Đã ký duyệt Cụm thi đua các tỉnh Đồng bằng sông Hồng năm 2017: lần 1" in out
    folder = db_file.parent / "van-ban-ky-so-2017-lan-1"
    assert str(folder) in out
    for kind in KINDS:
        path = folder / f"{kind}-2017.pdf"
        with path.open("rb") as fh:
            sigs = PdfFileReader(fh).embedded_signatures
            assert len(sigs) == 1, kind
            assert str(sigs[0].sig_object["/Name"]) == "Nguyễn Văn Hòa"
            assert "/AP" in sigs[0].sig_field or "/AP" in sigs[0].sig_field.get("/Kids", [{}])[0]
        text = " ".join(PdfReader(path).pages[0].extract_text().split())
        assert "Ký duyệt lần 1" in text and "DỰ THẢO" not in text


def test_signature_sits_in_the_signing_space_and_shows_the_signer(demo_file, certificate, tmp_path):
    """The widget lies in the blank between 'CHỦ TRÌ' and the name; rendering shows ink there."""
    db_file, first = demo_file
    p12, pw = certificate
    assert _sign_off(db_file, "--certificate", str(p12), "--password-file", str(pw)) == 0
    signed = db_file.parent / "van-ban-ky-so-2017-lan-1" / "minutes-2017.pdf"
    reader = PdfReader(signed)
    widgets = [(i, a.get_object()) for i, page in enumerate(reader.pages) for a in page.get("/Annots", []) or []
               if a.get_object().get("/FT") == "/Sig" or a.get_object().get("/Subtype") == "/Widget"]
    assert len(widgets) == 1
    page_index, widget = widgets[0]
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    assert page_index == len(reader.pages) - 1
    # centred in the right-hand (chair's) half of the text width: 30 mm margin + 3/4 of 165 mm
    centre = (30 + 165 * 0.75) * 72 / 25.4
    assert (x1 + x2) / 2 == pytest.approx(centre, abs=1) and x2 - x1 == pytest.approx(190, abs=1)
    # the stamp names the signer and the signing time in ISO 8601 with the Vietnamese time zone
    from thidua.documents.signoff.signing import stamp_lines
    when = dt.datetime(2017, 12, 15, 3, 5, 9, tzinfo=dt.timezone.utc)
    assert stamp_lines("Nguyễn Văn Hòa", when)[1:] == ["Nguyễn Văn Hòa", "2017-12-15T10:05:09+07:00"]
    assert widget["/T"] == "ChuKySo"          # the chair's field
    if shutil.which("pdftoppm") is None:
        if IN_CI:
            pytest.fail("pdftoppm is required under CI")
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    from PIL import Image

    prefix = tmp_path / "page"
    subprocess.run(["pdftoppm", "-png", "-r", "72", "-f", str(page_index + 1), "-l", str(page_index + 1),
                    str(signed), str(prefix)], check=True)
    img = Image.open(next(tmp_path.glob("page-*.png"))).convert("L")
    h = img.size[1]
    box = img.crop((int(x1) + 4, int(h - y2) + 4, int(x2) - 4, int(h - y1) - 4))
    assert box.getextrema()[0] < 120        # the stamp's text and frame are drawn


def test_wrong_password_leaves_the_season_unlocked(demo_file, certificate, tmp_path, capsys):
    from thidua.storage.database import Database

    db_file, first = demo_file
    p12, _pw = certificate
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("sai", encoding="utf-8")
    assert _sign_off(db_file, "--certificate", str(p12), "--password-file", str(wrong)) == 1
    err = capsys.readouterr().err
    assert "sai mật khẩu" in err and "chưa bị khóa" in err
    db = Database(f"sqlite:///{db_file}")
    assert open_season(db.uow(), first).state.value == "voting"
    db.close()


def test_expired_certificate_is_refused_before_locking(demo_file, tmp_path, capsys):
    db_file, _ = demo_file
    p12, pw = make_p12(tmp_path / "old.p12", start_days=-400, valid_days=30)
    assert _sign_off(db_file, "--certificate", str(p12), "--password-file", str(pw)) == 1
    assert "đã hết hạn" in capsys.readouterr().err


def test_password_file_without_certificate_is_a_usage_error(demo_file, tmp_path, capsys):
    db_file, _ = demo_file
    pw = tmp_path / "pw.txt"
    pw.write_text("x")
    assert _sign_off(db_file, "--password-file", str(pw)) == 2


def test_plain_sign_off_locks_then_a_certificate_signs_that_revision(demo_file, certificate, capsys):
    db_file, _ = demo_file
    p12, pw = certificate
    assert _sign_off(db_file) == 0
    assert "lần 1" in capsys.readouterr().out
    assert _sign_off(db_file) == 1                       # already signed off: refused, in Vietnamese
    assert "Kỳ thi đua đã ký duyệt. Muốn thay đổi, hãy mở lại" in capsys.readouterr().err
    assert _sign_off(db_file, "--certificate", str(p12), "--password-file", str(pw)) == 0
    out = capsys.readouterr().out
    assert "chỉ ký số lại" in out
    assert (db_file.parent / "van-ban-ky-so-2017-lan-1" / "submission-2017.pdf").exists()


def test_chair_and_secretary_both_sign_the_minutes(demo_file, certificate, tmp_path, capsys):
    """The secretary signs beside the chair, each stamp centred in its own block; both signatures hold."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    db_file, _ = demo_file
    p12, pw = certificate
    secretary, spw = make_p12(tmp_path / "thu-ky.p12", name="Trần Thị Mai")
    out = tmp_path / "signed"
    assert _sign_off(db_file, "--certificate", str(p12), "--password-file", str(pw), "--out", str(out),
                     "--secretary-certificate", str(secretary), "--secretary-password-file", str(spw)) == 0
    assert "Thư ký “Trần Thị Mai” đã ký thêm vào biên bản" in capsys.readouterr().out
    minutes = out / "minutes-2017.pdf"
    with minutes.open("rb") as fh:
        sigs = PdfFileReader(fh).embedded_signatures
        assert [str(s.sig_object["/Name"]) for s in sigs] == ["Nguyễn Văn Hòa", "Trần Thị Mai"]
        for sig in sigs:
            # the signatures themselves (their signers' trust is verify's part, tested with it)
            status = validate_pdf_signature(sig, ValidationContext(trust_roots=[], allow_fetching=False))
            assert status.intact and status.valid
    reader = PdfReader(minutes)
    rects = {str(a.get_object()["/T"]): [float(v) for v in a.get_object()["/Rect"]]
             for page in reader.pages for a in page.get("/Annots", []) or []}
    width = 165 * 72 / 25.4
    left = 30 * 72 / 25.4
    secretary_x = (rects["ChuKySoThuKy"][0] + rects["ChuKySoThuKy"][2]) / 2
    chair_x = (rects["ChuKySo"][0] + rects["ChuKySo"][2]) / 2
    assert secretary_x == pytest.approx(left + width / 4, abs=1)     # THƯ KÝ: the left block
    assert chair_x == pytest.approx(left + width * 3 / 4, abs=1)     # CHỦ TRÌ: the right block
    # a second signature in the same block is refused in a sentence
    assert main(["sign", str(minutes), "--certificate", str(secretary), "--password-file", str(spw),
                 "--as", "secretary"]) == 1
    assert "đã có chữ ký số ở ô của thư ký" in capsys.readouterr().err
