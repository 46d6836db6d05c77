"""Fixtures for the signatures tests: one development PKI and two signers per session."""

import io

import pytest
from reportlab.pdfgen import canvas

from signatures import (
    LocalPadesSigner, LocalTimestampAuthority, SignRequest, certificate_identity,
    generate_development_pki, issue_signer_certificate,
)

PASSPHRASE = "kata-sandi-ttd-2026"
NIK_HEAD = "3671010101800001"
NIK_SEKRETARIS = "3671010101850002"


@pytest.fixture(scope="session")
def pki():
    return generate_development_pki()


@pytest.fixture(scope="session")
def other_pki():
    """A second, unrelated CA: nothing it issues may be trusted under ``pki``."""
    return generate_development_pki(organization="Kota Lain")


@pytest.fixture(scope="session")
def head_credential(pki):
    return issue_signer_certificate(
        pki.root, "Drs. Budi Santoso, M.Si.", "197501012000031001", NIK_HEAD,
        "Kepala Dinas Komunikasi dan Informatika", "Dinas Komunikasi dan Informatika",
        "budi.santoso@tangerangkota.go.id", passphrase=PASSPHRASE)


@pytest.fixture(scope="session")
def secretary_credential(pki):
    return issue_signer_certificate(
        pki.root, "Siti Rahmawati, S.T.", "198502022010012002", NIK_SEKRETARIS,
        "Sekretaris Dinas Komunikasi dan Informatika", "Dinas Komunikasi dan Informatika",
        passphrase=PASSPHRASE)


@pytest.fixture(scope="session")
def local_signer(pki):
    return LocalPadesSigner(chain_pem=(pki.root.cert_pem,))


@pytest.fixture(scope="session")
def timestamping_signer(pki):
    tsa = LocalTimestampAuthority(pki.tsa, chain_pem=(pki.root.cert_pem,))
    return LocalPadesSigner(chain_pem=(pki.root.cert_pem,), timestamp_authority=tsa)


def make_request(credential, **kw) -> SignRequest:
    return SignRequest(signer=certificate_identity(credential.cert_pem), credential=credential,
                       passphrase=kw.pop("passphrase", PASSPHRASE), **kw)


@pytest.fixture(scope="session")
def request_for():
    """``request_for(credential, reason=..., placement=...)`` → a SignRequest."""
    return make_request


@pytest.fixture(scope="session")
def plain_pdf():
    """A small two-page PDF, uncompressed so a test can find and flip a content byte."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pageCompression=0)
    c.drawString(72, 760, "Surat uji tanda tangan elektronik Diskominfo")
    c.showPage()
    c.drawString(72, 760, "Halaman kedua")
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture(scope="session")
def signed_pdf(plain_pdf, local_signer, head_credential):
    return local_signer.sign(plain_pdf, make_request(head_credential, reason="Menyetujui surat"))
