"""Sign-off with a certificate from the app: refused before locking when it cannot sign, else signed PDFs."""

from __future__ import annotations


import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from thidua.domain.season import State
from thidua.ui.dialogs import SignOffDialog

from ..certificates import PASSWORD
from ..certificates import make_p12 as shared_p12



def make_p12(path, **kw):
    return str(shared_p12(path, **kw)[0])


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    folder = tmp_path_factory.mktemp("certs")
    return make_p12(folder / "ky-so.p12"), make_p12(folder / "het-han.p12", valid_days=10, start_days=-40)


def test_wrong_password_or_expired_certificate_refused_before_locking(make_window, certificates, tmp_path):
    good, expired = certificates
    window = make_window(year=2017)
    assert not window.sign_off("Nguyễn Văn An", (good, "sai mật khẩu", str(tmp_path)))
    assert "sai mật khẩu" in window.last_error and "chưa bị khóa" in window.last_error
    assert not window.sign_off("Nguyễn Văn An", (expired, PASSWORD, str(tmp_path)))
    assert "đã hết hạn" in window.last_error
    assert window.session.season.state is State.VOTING
    assert not list(tmp_path.glob("*.pdf"))


def test_sign_off_writes_signed_pdfs(make_window, certificates, tmp_path, qtbot):
    good, _expired = certificates
    window = make_window(year=2017)
    folder = tmp_path / "van-ban-ky-so"

    def answer():
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, SignOffDialog) and w.isVisible())
        assert dialog.certificate.folder.text().endswith("van-ban-ky-so-2017-lan-1")   # beside the database
        assert not dialog.certificate.password.isEnabled()
        dialog.signer.setText("Nguyễn Văn An")
        dialog.certificate.path.setText(good)
        dialog.certificate.password.setText(PASSWORD)
        dialog.certificate.folder.setText(str(folder))
        dialog.accept()

    QTimer.singleShot(0, answer)
    assert window.sign_off()
    assert window.session.season.state is State.SIGNED_OFF
    qtbot.waitUntil(lambda: window.last_signed is not None, timeout=60_000)
    names = sorted(p.name for p in window.last_signed)
    assert "minutes-2017.pdf" in names and len(names) >= 3
    for path in window.last_signed:
        data = path.read_bytes()
        assert path.parent == folder
        assert b"/ByteRange" in data and b"ETSI.CAdES.detached" in data      # a PAdES signature
    assert "Đã ký số" in window.statusBar().currentMessage()
    assert window.act_resign.isEnabled()


def test_the_secretary_signs_the_minutes_beside_the_chair(make_window, certificates, tmp_path, qtbot):
    from pyhanko.pdf_utils.reader import PdfFileReader

    good, _expired = certificates
    secretary = make_p12(tmp_path / "thu-ky.p12", name="Trần Thị Mai")
    window = make_window(year=2017)
    tab = window.views["minutes"]
    assert not tab.btn_secretary.isEnabled()                 # nothing to sign before sign-off
    folder = tmp_path / "ky-so"
    assert window.sign_off("Nguyễn Văn An", (good, PASSWORD, str(folder)))
    qtbot.waitUntil(lambda: window.last_signed is not None, timeout=60_000)
    assert tab.btn_secretary.isEnabled()
    tab.sign_as_secretary((secretary, PASSWORD, str(folder)))
    qtbot.waitUntil(lambda: "đã ký số biên bản" in window.statusBar().currentMessage(), timeout=30_000)
    with (folder / "minutes-2017.pdf").open("rb") as fh:
        names = [str(s.sig_object["/Name"]) for s in PdfFileReader(fh).embedded_signatures]
    assert names == ["Nguyễn Văn Hòa", "Trần Thị Mai"]
    tab.sign_as_secretary((secretary, PASSWORD, str(folder)))     # once is enough
    qtbot.waitUntil(lambda: window.last_error is not None, timeout=30_000)
    assert "đã có chữ ký số của thư ký" in window.last_error
