"""Anonymous attacks on the public verification: a PDF built to make verification expensive is
refused fast with 422 while the server keeps answering, and each client address has a budget."""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

import signatures as sig
from tests.security.conftest import from_address, new_address
from tests.signatures.conftest import make_request
from tests.signatures.test_sig_render import _letter
from tests.signatures.test_sig_verify_limits import shared_signature_fields

pytestmark = pytest.mark.security
PASSPHRASE = "kata-sandi-serangan-2026"


@pytest.fixture(scope="module")
def attack_pdf() -> bytes:
    """A signed letter plus 400 signature fields pointing at its one signature value (44 KiB; before
    the caps it cost about 5 s of CPU per upload, 1,300 fields about 71 s)."""
    pki = sig.generate_development_pki(organization="Penyerang")
    credential = sig.issue_signer_certificate(
        pki.root, "Penyerang", "199001012020011001", "3671010101900001", "Staf", "Dinas Contoh",
        passphrase=PASSPHRASE)
    letter = sig.render_letter(_letter(), verification_url="https://contoh/verify/x").pdf
    signed = sig.LocalPadesSigner(chain_pem=(pki.root.cert_pem,)).sign(
        letter, make_request(credential, passphrase=PASSPHRASE))
    return shared_signature_fields(signed, 400)


def _upload(url: str, pdf: bytes, address: str) -> tuple[requests.Response, float]:
    started = time.monotonic()
    response = requests.post(f"{url}/api/v1/verify", files={"file": ("serangan.pdf", pdf, "application/pdf")},
                             headers=from_address(address), timeout=60)
    return response, time.monotonic() - started


def test_a_pdf_with_hundreds_of_fields_sharing_one_signature_is_refused_fast_while_healthz_answers(
        server, health, attack_pdf):
    warm_up = new_address()  # each worker starts its verifying forkserver once, on its first upload
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: _upload(server.url, attack_pdf, warm_up), range(4)))
    address = new_address()
    with health() as probe, ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: _upload(server.url, attack_pdf, address), range(4)))
    for response, _elapsed in answers:
        assert response.status_code == 422, response.text[:500]
        body = response.json()
        assert body["reason"] == "too_many_signatures" and body["errors"][0]["field"] == "file"
    slowest = max(elapsed for _response, elapsed in answers)
    assert slowest < 5 and probe.latencies and not probe.failures and max(probe.latencies) < 1, (
        f"slowest refusal {slowest:.2f} s; healthz: {probe.summary()}")


def test_the_upload_page_shows_the_refusal_in_bahasa_indonesia(server, attack_pdf):
    session = requests.Session()
    form = session.get(f"{server.url}/verify", timeout=30).text
    csrf = form.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = session.post(f"{server.url}/verify", data={"csrf_token": csrf},
                            files={"file": ("serangan.pdf", attack_pdf, "application/pdf")},
                            headers=from_address(new_address()), timeout=60)
    assert response.status_code == 422
    assert "Dokumen tidak diverifikasi." in response.text and "terlalu banyak kolom tanda tangan" in response.text


def test_token_lookups_past_sixty_a_minute_are_429_for_that_address_across_both_workers(server):
    address, bystander = new_address(), new_address()

    def look_up(_):
        return requests.get(f"{server.url}/api/v1/verify/bukan-token", headers=from_address(address), timeout=30)

    with ThreadPoolExecutor(8) as pool:
        statuses = [r.status_code for r in pool.map(look_up, range(75))]
    assert statuses.count(404) == 60 and statuses.count(429) == 15, statuses
    refused = look_up(None)
    assert refused.status_code == 429 and 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.json()["error"] == "too many requests"
    page = requests.get(f"{server.url}/verify/bukan-token", headers=from_address(address), timeout=30)
    assert page.status_code == 429 and "Terlalu banyak permintaan dari alamat Anda" in page.text
    assert requests.get(f"{server.url}/api/v1/verify/bukan-token", headers=from_address(bystander),
                        timeout=30).status_code == 404


def test_uploads_past_ten_a_minute_are_429(server):
    address = new_address()
    statuses = [requests.post(f"{server.url}/api/v1/verify", files={"file": ("x.pdf", b"bukan pdf")},
                              headers=from_address(address), timeout=30).status_code for _ in range(11)]
    assert statuses == [415] * 10 + [429], statuses
