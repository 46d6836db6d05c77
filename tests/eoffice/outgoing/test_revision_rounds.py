"""Many return-and-resubmit rounds keep the instance healthy (the engine compacts its history)."""
from __future__ import annotations

from tests.eoffice.outgoing.helpers import PASSPHRASE, act, draft


def test_thirty_return_and_resubmit_rounds_then_signing_still_works(client, token):
    letter_id = draft(client, token, login="kabid.aptika")["id"]
    for round_ in range(30):
        act(client, token, "kadis.kominfo", letter_id, {"action": "return", "note": f"Perbaiki ({round_})"})
        act(client, token, "kabid.aptika", letter_id, {"action": "resubmit", "subject": f"Perihal revisi {round_}"})
    act(client, token, "kadis.kominfo", letter_id, {"action": "sign", "passphrase": PASSPHRASE})
    body = client.get(f"/api/v1/letters/outgoing/{letter_id}", headers=token("kabid.aptika")).get_json()
    assert body["status"] == "signed" and body["revision"] == 31 and body["number"]
    assert body["subject"] == "Perihal revisi 29"
    assert sum(1 for r in body["reviews"] if r["action"] == "return") == 30
