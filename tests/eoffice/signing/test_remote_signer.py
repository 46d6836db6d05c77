"""The app signs through a BSrE-style remote service (`SIGNER=remote`), tested against the stand-in."""
from __future__ import annotations

import pytest

import signatures as sig
from eoffice.app.extensions import db
from eoffice.org.services import employee_by_login
from eoffice.signing import services
from tests.eoffice.outgoing.helpers import PASSPHRASE, complete, draft, signed_pdf, tasks_of
from tests.signatures.standin_bsre import StandinBSrE


@pytest.fixture
def remote(app):
    kadis = employee_by_login(db.session, "kadis.kominfo")
    row = services.issue_key(db.session, kadis)
    db.session.commit()
    accounts = {kadis.nik: sig.SignerCredential(row.cert_pem, row.encrypted_key_pem)}
    with StandinBSrE(accounts, sig.LocalPadesSigner(chain_pem=services.chain_pems(db.session))) as service:
        app.config.update(SIGNER="remote", BSRE_URL=service.url, BSRE_USERNAME="eoffice",
                          BSRE_PASSWORD="rahasia-klien", BSRE_ISSUER_LABEL="BSrE BSSN")
        yield service
    app.config.update(SIGNER="local", BSRE_URL="", BSRE_USERNAME=None, BSRE_PASSWORD=None,
                      BSRE_ISSUER_LABEL="BSrE")


def test_letter_signed_through_remote_service_is_intact_and_trusted(client, token, remote):
    letter_id = draft(client, token, login="kabid.aptika")["id"]
    task = tasks_of(client, token("kadis.kominfo"), letter_id)[0]["id"]
    response = complete(client, token("kadis.kominfo"), task, {"action": "sign", "passphrase": PASSPHRASE})
    assert response.status_code == 200, response.get_json()
    assert remote.requests and remote.requests[0]["nik"] == employee_by_login(db.session, "kadis.kominfo").nik
    report = sig.verify_pdf(signed_pdf(client, token, letter_id), services.trust_roots(db.session))
    assert report.valid


def test_wrong_passphrase_at_remote_service_is_403_and_takes_no_number(client, token, remote):
    letter_id = draft(client, token, login="kabid.aptika")["id"]
    task = tasks_of(client, token("kadis.kominfo"), letter_id)[0]["id"]
    response = complete(client, token("kadis.kominfo"), task, {"action": "sign", "passphrase": "salah-sekali"})
    assert response.status_code == 403
    body = client.get(f"/api/v1/letters/outgoing/{letter_id}", headers=token("kabid.aptika")).get_json()
    assert body["number"] is None and body["status"] == "awaiting_signature"


def test_the_footer_of_a_remotely_signed_letter_names_the_configured_issuer(client, token, remote):
    import io

    from pypdf import PdfReader

    letter_id = draft(client, token, login="kabid.aptika")["id"]
    task = tasks_of(client, token("kadis.kominfo"), letter_id)[0]["id"]
    assert complete(client, token("kadis.kominfo"), task,
                    {"action": "sign", "passphrase": PASSPHRASE}).status_code == 200
    pdf = signed_pdf(client, token, letter_id)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "diterbitkan oleh BSrE BSSN sesuai ketentuan UU Nomor 11 Tahun 2008" in text
    assert "PENGEMBANGAN" not in text
