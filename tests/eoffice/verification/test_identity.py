"""The public report says whether the signer's identity is verified: a name under a certificate
that does not chain to the trust roots is shown as claimed, never as the signer; confidential
letters show no name at all."""
from __future__ import annotations

import io
import json

import pytest

import signatures as sig
from tests.eoffice.outgoing.helpers import signed_letter, signed_pdf
from tests.signatures.conftest import make_request
from tests.signatures.test_sig_render import _letter

IMPOSTOR = "Drs. Penipu Santoso, M.Si."


def _token(url: str) -> str:
    return url.rsplit("/verify/", 1)[1]


def _upload(client, path: str, pdf: bytes):
    return client.post(path, data={"file": (io.BytesIO(pdf), "surat.pdf")}, content_type="multipart/form-data")


@pytest.fixture(scope="module")
def foreign_pdf() -> bytes:
    """A letter signed under a CA the office does not trust, claiming an official's name."""
    other = sig.generate_development_pki(organization="Kota Lain")
    credential = sig.issue_signer_certificate(
        other.root, IMPOSTOR, "197501012000031009", "3671010101800009", "Kepala Dinas Komunikasi dan Informatika",
        "Dinas Komunikasi dan Informatika", passphrase="kata-sandi-lain-2026")
    signer = sig.LocalPadesSigner(chain_pem=(other.root.cert_pem,))
    letter = sig.render_letter(_letter(), verification_url="https://contoh/verify/x").pdf
    return signer.sign(letter, make_request(credential, passphrase="kata-sandi-lain-2026"))


def test_our_signed_letter_reports_a_verified_identity(client, token):
    letter = signed_letter(client, token)
    body = client.get(f"/api/v1/verify/{_token(letter['verification_url'])}").get_json()
    assert body["identity_verified"] is True and "Identitas penandatangan terverifikasi." in body["summary"]
    (one,) = body["signatures"]
    assert one["identity_verified"] is True
    assert one["claimed_signer"] == one["signer"] == "Ir. Rina Kartikasari, M.T."
    assert one["identity_status"].startswith("Identitas penandatangan terverifikasi")
    html = client.get(f"/verify/{_token(letter['verification_url'])}").get_data(as_text=True)
    assert "diklaim, tidak terverifikasi" not in html and "terverifikasi" in html


def test_a_name_under_an_untrusted_certificate_is_shown_as_claimed_and_unverified(client, foreign_pdf):
    body = _upload(client, "/api/v1/verify", foreign_pdf).get_json()
    assert body["intact"] is True and body["trusted"] is False and body["identity_verified"] is False
    assert "tidak terverifikasi" in body["summary"]
    (one,) = body["signatures"]
    assert one["identity_verified"] is False and one["claimed_signer"] == IMPOSTOR
    assert "hanya nama yang diklaim" in one["identity_status"]
    html = _upload(client, "/verify", foreign_pdf).get_data(as_text=True)
    assert "Identitas penandatangan tidak terverifikasi." in html
    assert f'{IMPOSTOR} <span class="badge text-bg-warning" data-testid="claimed">diklaim, tidak terverifikasi</span>' in html
    assert "Tanda tangan sah." not in html


def test_a_confidential_letter_reports_identity_without_any_name(client, token):
    letter = signed_letter(client, token, sifat="rahasia", subject="Rencana mutasi pejabat rahasia")
    body = client.get(f"/api/v1/verify/{_token(letter['verification_url'])}").get_json()
    (one,) = body["signatures"]
    assert one["identity_verified"] is True and one["claimed_signer"] is None and one["signer"] is None
    assert one["identity_status"] == "Identitas penandatangan terverifikasi."
    assert "Rina" not in json.dumps(body) and "Rencana mutasi" not in json.dumps(body)
    pdf = signed_pdf(client, token, letter["id"])
    uploaded = _upload(client, "/api/v1/verify", pdf).get_json()
    assert uploaded["confidential"] and "Rina" not in json.dumps(uploaded)
