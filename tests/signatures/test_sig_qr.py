"""QR tokens: ES256 only, refusing none/HS256/other algorithms and tampering; QR output."""

import base64
import hashlib
import hmac
import io
import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jose import jws
from reportlab.pdfgen import canvas

from signatures import InvalidToken
from signatures.qr import (
    LetterToken, QrFlowable, document_digest, draw_qr, generate_token_key, make_token, qr_matrix,
    qr_png, read_token, verification_url,
)

PAYLOAD = LetterToken("surat-42", "000.8.3.3/15/DISKOMINFO/2026", document_digest(b"isi surat"),
                      1767225600)


@pytest.fixture(scope="module")
def keys():
    return generate_token_key()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _forge(header: dict, claims: dict, signature: bytes = b"", hmac_key: bytes | None = None):
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
    if hmac_key is not None:
        signature = hmac.new(hmac_key, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(signature)}"


CLAIMS = {"id": "surat-42", "no": "palsu/1/2026", "h": "x"}


def test_token_round_trip_returns_the_payload(keys):
    private, public = keys
    assert read_token(make_token(PAYLOAD, private), public) == PAYLOAD


def test_token_header_says_es256(keys):
    token = make_token(PAYLOAD, keys[0], kid="2026-1")
    header = jws.get_unverified_header(token)
    assert header["alg"] == "ES256" and header["kid"] == "2026-1"


def test_token_is_compact_enough_for_a_small_qr(keys):
    assert len(make_token(PAYLOAD, keys[0])) < 320


def test_alg_none_token_is_refused(keys):
    with pytest.raises(InvalidToken, match="refused"):
        read_token(_forge({"alg": "none", "typ": "JWT"}, CLAIMS), keys[1])


def test_hs256_token_keyed_with_the_public_key_is_refused(keys):
    forged = _forge({"alg": "HS256", "typ": "JWT"}, CLAIMS, hmac_key=keys[1])
    with pytest.raises(InvalidToken, match="refused"):
        read_token(forged, keys[1])


def test_token_signed_with_another_algorithm_is_refused(keys):
    p384 = ec.generate_private_key(ec.SECP384R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()).decode()
    token = jws.sign(json.dumps(CLAIMS).encode(), p384, algorithm="ES384")
    with pytest.raises(InvalidToken, match="refused"):
        read_token(token, keys[1])


def test_tampered_payload_is_refused(keys):
    header, _, signature = make_token(PAYLOAD, keys[0]).split(".")
    other = _b64(json.dumps({"id": "surat-42", "no": "000/99/X/2026", "h": PAYLOAD.document_hash},
                            separators=(",", ":")).encode())
    with pytest.raises(InvalidToken, match="does not verify"):
        read_token(f"{header}.{other}.{signature}", keys[1])


def test_token_from_another_server_key_is_refused(keys):
    stranger_private, _ = generate_token_key()
    with pytest.raises(InvalidToken):
        read_token(make_token(PAYLOAD, stranger_private), keys[1])


def test_token_with_unexpected_header_fields_is_refused(keys):
    forged = _forge({"alg": "ES256", "jku": "https://evil.example/keys"}, CLAIMS, b"x" * 64)
    with pytest.raises(InvalidToken, match="header"):
        read_token(forged, keys[1])


def test_garbage_and_oversized_tokens_are_refused(keys):
    for bad in ("", "abc", "a.b.c", "x" * 5000):
        with pytest.raises(InvalidToken):
            read_token(bad, keys[1])


def test_verification_url_joins_public_url_and_token():
    assert verification_url("https://eoffice.tangerangkota.go.id/", "abc.def.ghi") == \
        "https://eoffice.tangerangkota.go.id/verify/abc.def.ghi"


def test_qr_matrix_is_square_with_finder_patterns():
    matrix = qr_matrix("https://eoffice.example/verify/abc")
    n = len(matrix)
    assert all(len(row) == n for row in matrix) and (n - 21) % 4 == 0
    # each finder pattern has a 7-module dark outer ring row at the top
    assert all(matrix[0][:7]) and all(matrix[0][n - 7:]) and all(matrix[n - 1][:7])


def test_qr_png_is_a_png_image():
    assert qr_png("https://eoffice.example/verify/abc").startswith(b"\x89PNG\r\n\x1a\n")


def test_qr_flowable_and_draw_qr_render_into_a_pdf():
    flowable = QrFlowable("https://eoffice.example/verify/abc", size=80)
    assert flowable.wrap(500, 500) == (80, 80)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pageCompression=0)
    draw_qr(c, flowable.matrix, 100, 600, 80)
    c.save()
    assert b" re" in buf.getvalue()  # rectangles of dark runs were drawn
