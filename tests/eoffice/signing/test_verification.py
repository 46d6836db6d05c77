"""Verifying signed letters: pyHanko trust under the development root, the public page and API,
tampering (flipped byte, incremental update), forged QR tokens, confidential letters."""
from __future__ import annotations

import base64
import io
import json

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature

import signatures as sig
from eoffice.app.extensions import db
from eoffice.signing import services
from tests.eoffice.outgoing.helpers import signed_letter, signed_pdf


def _token(url: str) -> str:
    return url.rsplit("/verify/", 1)[1]


def test_signed_letter_validates_with_pyhanko_as_intact_and_trusted_under_the_development_root(client, token):
    letter = signed_letter(client, token)
    pdf = signed_pdf(client, token, letter["id"])
    context = sig.validation_context(services.trust_roots(db.session))
    embedded = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    status = validate_pdf_signature(embedded[0], context)
    assert status.intact and status.valid and status.trusted
    assert status.timestamp_validity is not None  # the embedded development TSA
    report = sig.verify_pdf(pdf, services.trust_roots(db.session))
    assert report.signatures[0].signer_name == "Ir. Rina Kartikasari, M.T."
    assert report.signatures[0].position == "Kepala Dinas Komunikasi dan Informatika"


def test_verify_page_by_qr_token_shows_number_signer_and_intact_without_login(client, token):
    letter = signed_letter(client, token)
    tok = _token(letter["verification_url"])
    client.post("/logout")
    page = client.get(f"/verify/{tok}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert letter["number"] in html and "Ir. Rina Kartikasari, M.T." in html and "Tanda tangan sah." in html
    body = client.get(f"/api/v1/verify/{tok}").get_json()
    assert body["intact"] and body["trusted"] and not body["modified_after_signing"]
    assert body["letter_number"] == letter["number"]
    one = body["signatures"][0]
    assert one["signer"] == "Ir. Rina Kartikasari, M.T." and one["issuer"].startswith("DEVELOPMENT")
    assert one["valid_from"] and one["valid_to"] and one["signed_at"] and one["intact"] and one["trusted"]


def test_uploaded_pdf_with_one_flipped_byte_is_reported_changed(client, token):
    letter = signed_letter(client, token)
    pdf = bytearray(signed_pdf(client, token, letter["id"]))
    start = pdf.index(b"stream", len(pdf) // 10) + 20
    pdf[start] ^= 0x01
    body = client.post("/api/v1/verify", data={"file": (io.BytesIO(bytes(pdf)), "x.pdf")},
                       content_type="multipart/form-data").get_json()
    assert body["intact"] is False


def test_uploaded_original_pdf_is_intact_and_names_its_number(client, token):
    letter = signed_letter(client, token)
    pdf = signed_pdf(client, token, letter["id"])
    body = client.post("/api/v1/verify", data={"file": (io.BytesIO(pdf), "x.pdf")},
                       content_type="multipart/form-data").get_json()
    assert body["intact"] and body["trusted"] and body["letter_number"] == letter["number"]


def test_incremental_update_appended_after_signing_is_reported_as_modification(client, token):
    letter = signed_letter(client, token)
    pdf = signed_pdf(client, token, letter["id"])
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.content import RawContent
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    stream = generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 100 Td (PALSU) Tj ET")
    ref = writer.add_object(stream)
    contents = page["/Contents"]
    page["/Contents"] = generic.ArrayObject(([contents] if not isinstance(contents, generic.ArrayObject) else list(contents)) + [ref])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    body = client.post("/api/v1/verify", data={"file": (io.BytesIO(out.getvalue()), "x.pdf")},
                       content_type="multipart/form-data").get_json()
    assert body["modified_after_signing"] is True


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_forged_qr_tokens_are_refused(client, token):
    letter = signed_letter(client, token)
    genuine = _token(letter["verification_url"])
    header, payload, signature = genuine.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    none_token = f"{_b64(json.dumps({'alg': 'none'}).encode())}.{payload}."
    from jose import jws
    public = services.ensure_qr_key(db.session).public_pem.decode()
    import hmac, hashlib
    hs_header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    mac = hmac.new(public.encode(), f"{hs_header}.{payload}".encode(), hashlib.sha256).digest()
    hs_token = f"{hs_header}.{payload}.{_b64(mac)}"
    tampered = f"{header}.{_b64(json.dumps({**claims, 'no': 'X/1/DISKOMINFO/2026'}).encode())}.{signature}"
    for forged in (none_token, hs_token, tampered, "not-a-token"):
        assert client.get(f"/api/v1/verify/{forged}").status_code == 404, forged
        assert client.get(f"/verify/{forged}").status_code == 404
    assert client.get(f"/api/v1/verify/{genuine}").status_code == 200
    assert jws  # python-jose is what the server verifies with


def test_confidential_letter_verification_shows_validity_but_never_its_subject(client, token):
    letter = signed_letter(client, token, sifat="rahasia", subject="Rencana mutasi pejabat rahasia")
    tok = _token(letter["verification_url"])
    body = client.get(f"/api/v1/verify/{tok}").get_json()
    assert body["intact"] and body["trusted"] and body["confidential"]
    assert "Rencana mutasi" not in json.dumps(body)
    html = client.get(f"/verify/{tok}").get_data(as_text=True)
    assert "Tanda tangan sah." in html and "Rencana mutasi" not in html
    assert client.get(f"/verify/{tok}/pdf").status_code == 404


def test_uploading_something_that_is_not_a_pdf_is_refused_with_415(client):
    response = client.post("/api/v1/verify", data={"file": (io.BytesIO(b"hello"), "x.txt")},
                           content_type="multipart/form-data")
    assert response.status_code == 415
