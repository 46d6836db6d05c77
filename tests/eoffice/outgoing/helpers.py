"""Small helpers for the outgoing-letter tests: positions by code, drafting and task completion via the API."""
from __future__ import annotations

from sqlalchemy import select

from eoffice.app.extensions import db
from eoffice.org.models import Position

PASSPHRASE = "tte-demo"


def pos(code: str) -> int:
    return db.session.scalar(select(Position.id).where(Position.code == code))


def draft_payload(**overrides) -> dict:
    payload = {
        "type": "surat_dinas", "subject": "Undangan rapat koordinasi SPBE",
        "body": "Dengan hormat,\n\nKami mengundang Bapak/Ibu menghadiri rapat koordinasi SPBE.\n\nAtas perhatiannya kami ucapkan terima kasih.",
        "classification": "000.8.3.3", "sifat": "biasa", "urgency": "segera",
        "recipients": [{"kind": "internal", "position_id": pos("KADIS.BKPSDM")},
                       {"kind": "external", "name": "Direktur PT Contoh", "address": "Jl. Merdeka 1, Jakarta",
                        "email": "direktur@contoh.co.id"}],
        "tembusan": [{"kind": "internal", "position_id": pos("SEKDA")}],
        "signer_position_id": pos("KADIS.KOMINFO"),
    }
    payload.update(overrides)
    return payload


def tasks_of(client, headers, letter_id=None) -> list[dict]:
    response = client.get("/api/v1/tasks", headers=headers)
    assert response.status_code == 200, response.get_json()
    rows = response.get_json()
    return [r for r in rows if letter_id is None or r.get("letter_id") == letter_id]


def complete(client, headers, task_id: int, data: dict):
    return client.post(f"/api/v1/tasks/{task_id}/complete", json={"data": data}, headers=headers)


def act(client, token, login: str, letter_id: int, data: dict, name: str | None = None) -> dict:
    """Complete the login's open task on the letter; returns the JSON answer (asserting 200)."""
    headers = token(login)
    rows = [r for r in tasks_of(client, headers, letter_id) if name is None or r["name"] == name]
    assert rows, f"{login} has no task on letter {letter_id}"
    response = complete(client, headers, rows[0]["id"], data)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def draft(client, token, login: str = "staf.egov1", **overrides) -> dict:
    response = client.post("/api/v1/letters/outgoing", json=draft_payload(**overrides), headers=token(login))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def signed_letter(client, token, **overrides) -> dict:
    """A letter drafted by kabid.aptika and signed by kadis.kominfo (no verifier in between)."""
    created = draft(client, token, login="kabid.aptika", **overrides)
    act(client, token, "kadis.kominfo", created["id"], {"action": "sign", "passphrase": PASSPHRASE})
    return client.get(f"/api/v1/letters/outgoing/{created['id']}", headers=token("kabid.aptika")).get_json()


def signed_pdf(client, token, letter_id: int, login: str = "kabid.aptika") -> bytes:
    response = client.get(f"/api/v1/letters/{letter_id}/pdf", headers=token(login))
    assert response.status_code == 200
    return response.data
