"""Sign-off with a certificate from the app: refused before locking when it cannot sign, else signed PDFs."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from thidua.domain.season import State
from thidua.ui.dialogs import SignOffDialog

PASSWORD = "mật-khẩu 2017"


def make_p12(path, name="Nguyễn Văn Hòa", valid_days=365, start_days=-1):
    """A self-signed signing certificate in a password-protected PKCS#12 file."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name),
                         x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now + dt.timedelta(days=start_days))
            .not_valid_after(now + dt.timedelta(days=start_days + valid_days))
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
            .sign(key, hashes.SHA256()))
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"thidua-test", key, cert, None, serialization.BestAvailableEncryption(PASSWORD.encode())))
    return str(path)


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
