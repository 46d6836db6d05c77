"""A document the verifier refuses past its caps is 422 with the reason: JSON in the API, the
message on the upload page; never a 500, and the message speaks the request's language."""
from __future__ import annotations

import io

import pytest

import signatures as sig
from eoffice.verification.services import refusal_message
from tests.eoffice.outgoing.helpers import signed_letter, signed_pdf
from tests.signatures.test_sig_verify_limits import shared_signature_fields


def _upload(client, path: str, pdf: bytes):
    return client.post(path, data={"file": (io.BytesIO(pdf), "lampiran.pdf")}, content_type="multipart/form-data")


@pytest.fixture
def attack(client, token) -> bytes:
    """A signed letter plus 300 signature fields all pointing at its one signature value."""
    letter = signed_letter(client, token)
    return shared_signature_fields(signed_pdf(client, token, letter["id"]), 300)


def test_the_api_refuses_hundreds_of_fields_sharing_one_signature_with_422_and_the_reason(app, client, attack):
    response = _upload(client, "/api/v1/verify", attack)
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "verification refused" and body["reason"] == "too_many_signatures"
    assert "terlalu banyak kolom tanda tangan" in body["message"] and "20" in body["message"]
    assert body["errors"] == [{"field": "file", "message": body["message"]}]
    assert body["limit"] == 20
    with app.app_context():  # a fresh context, as every real request has: the language is chosen anew
        english = _upload(client, "/api/v1/verify?lang=en", attack).get_json()
    assert english["reason"] == "too_many_signatures" and "too many signature fields" in english["message"]


def test_the_upload_page_shows_why_the_document_was_not_verified(client, attack):
    response = _upload(client, "/verify", attack)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'data-testid="refusal"' in html and "Dokumen tidak diverifikasi." in html
    assert "terlalu banyak kolom tanda tangan" in html
    assert 'name="file"' in html  # the form is there for another file


@pytest.mark.parametrize("refused, indonesian, english", [
    (sig.VerificationRefused("too_many_signatures", limit=20, found=300), "Ditemukan 300; paling banyak 20.",
     "Found 300; at most 20."),
    (sig.VerificationRefused("too_many_revisions", limit=50, found=52), "terlalu banyak revisi", "too many revisions"),
    (sig.VerificationRefused("too_many_objects", limit=50_000), "Paling banyak 50000.", "At most 50000."),
    (sig.VerificationRefused("too_deep", limit=64), "Paling dalam 64 tingkat.", "At most 64 levels deep."),
    (sig.VerificationRefused("reference_loop"), "melingkar", "loop"),
    (sig.VerificationRefused("time_budget", limit=10.0), "Batas waktu: 10 detik.", "Time limit: 10 seconds."),
    (sig.VerificationRefused("resources"), "batas sumber daya", "resource limits"),
])
def test_every_refusal_reason_has_a_message_in_both_languages(app, refused, indonesian, english):
    with app.app_context(), app.test_request_context("/verify"):
        assert indonesian.lower() in refusal_message(refused).lower()
    with app.app_context(), app.test_request_context("/verify?lang=en"):
        assert english.lower() in refusal_message(refused).lower()
