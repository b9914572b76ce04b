"""Test signing certificates, made in the test run (self-signed, in password-protected PKCS#12 files)."""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

PASSWORD = "mật-khẩu 2017"


def make_p12(path, name="Nguyễn Văn Hòa", password=PASSWORD, valid_days=365, start_days=-1):
    """A self-signed signing certificate in a password-protected PKCS#12 file."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Liên minh HTX tỉnh Ninh Bình"),
                         x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now + dt.timedelta(days=start_days))
            .not_valid_after(now + dt.timedelta(days=start_days + valid_days))
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
            .sign(key, hashes.SHA256()))
    data = pkcs12.serialize_key_and_certificates(b"thidua-test", key, cert, None,
                                                 serialization.BestAvailableEncryption(password.encode()))
    path.write_bytes(data)
    pw = path.with_suffix(".pw")
    pw.write_text(password + "\n", encoding="utf-8")
    return path, pw
