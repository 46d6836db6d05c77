"""The whole outgoing-letter flow over the API: draft, paraf chain, coordination, return and
resubmission, signing with number and QR, delivery to another OPD's inbox."""
from __future__ import annotations

import re

from sqlalchemy import select

from eoffice.app.extensions import db
from eoffice.letters.models import Letter
from tests.eoffice.outgoing.helpers import PASSPHRASE, act, draft, pos, tasks_of


def test_letter_goes_through_two_verifiers_coordination_return_and_is_signed_and_delivered(client, token):
    created = draft(client, token, coordinators=[pos("KABID.IKP")])
    letter_id = created["id"]
    assert created["instance_id"]
    # chain: kasi.egov then kabid.aptika (positions between staf.egov1 and kadis.kominfo)
    assert [r["name"] for r in tasks_of(client, token("kasi.egov"), letter_id)] == ["paraf"]
    assert tasks_of(client, token("kabid.aptika"), letter_id) == []
    act(client, token, "kasi.egov", letter_id, {"action": "approve"})
    act(client, token, "kabid.aptika", letter_id, {"action": "approve"})
    act(client, token, "kabid.ikp", letter_id, {"action": "return", "note": "Tambahkan agenda rapat."},
        name="koordinasi")
    detail = client.get(f"/api/v1/letters/outgoing/{letter_id}", headers=token("staf.egov1")).get_json()
    assert detail["status"] == "returned"
    act(client, token, "staf.egov1", letter_id, {"action": "resubmit", "body": "Dengan hormat,\n\nAgenda: SPBE."})
    act(client, token, "kasi.egov", letter_id, {"action": "approve"})
    act(client, token, "kabid.aptika", letter_id, {"action": "approve"})
    act(client, token, "kabid.ikp", letter_id, {"action": "approve"}, name="koordinasi")
    rows = tasks_of(client, token("kadis.kominfo"), letter_id)
    assert [r["name"] for r in rows] == ["tanda_tangan"] and rows[0]["letter_id"] == letter_id
    act(client, token, "kadis.kominfo", letter_id, {"action": "sign", "passphrase": PASSPHRASE})

    body = client.get(f"/api/v1/letters/{letter_id}", headers=token("staf.egov1")).get_json()
    assert re.fullmatch(r"000\.8\.3\.3/1/DISKOMINFO/\d{4}", body["number"])
    assert body["signer"]["name"] == "Ir. Rina Kartikasari, M.T." and body["signed_at"]
    assert body["verification_url"].startswith("http://testserver/verify/")
    pdf = client.get(f"/api/v1/letters/{letter_id}/pdf", headers=token("staf.egov1"))
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    incoming = db.session.scalars(select(Letter).where(Letter.direction == "masuk", Letter.source == "internal")).all()
    bkpsdm = [l for l in incoming if l.addressed_to_position_id == pos("KADIS.BKPSDM")]
    assert len(bkpsdm) == 1 and bkpsdm[0].letter_number == body["number"] and bkpsdm[0].agenda_number is None
    inbox = client.get("/api/v1/letters?box=masuk", headers=token("kadis.bkpsdm")).get_json()
    assert [r["source"] for r in inbox if r["id"] == bkpsdm[0].id] == ["internal"]   # delivered, not a task
