"""Shared steps of the letter and disposition tests: a real scanned-letter PDF, registration, tasks."""
from __future__ import annotations

import io

from reportlab.pdfgen import canvas
from sqlalchemy import select


def sample_pdf(text: str = "Surat undangan rapat koordinasi") -> bytes:
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    pdf.drawString(72, 760, text)
    pdf.save()
    return buf.getvalue()


def position_id(code: str) -> int:
    from eoffice.app.extensions import db
    from eoffice.org.models import Position

    return db.session.scalar(select(Position.id).where(Position.code == code))


def letter_fields(**overrides) -> dict:
    fields = {"sender": "Kementerian Komunikasi dan Digital", "letter_number": "B-123/KOMDIGI/2026",
              "letter_date": "2026-11-20", "received_date": "2026-11-23", "subject": "Undangan rapat SPBE",
              "summary": "Rapat koordinasi evaluasi SPBE", "sifat": "biasa", "urgency": "biasa",
              "classification": "000.1.2", "attachments_count": "1",
              "addressed_to": str(position_id("KADIS.KOMINFO"))}
    fields.update(overrides)
    return {k: v for k, v in fields.items() if v is not None}


def register(client, headers, pdf: bytes | None = None, filename: str = "surat.pdf", **overrides):
    data = letter_fields(**overrides)
    data["file"] = (io.BytesIO(sample_pdf() if pdf is None else pdf), filename)
    return client.post("/api/v1/letters/incoming", data=data, headers=headers, content_type="multipart/form-data")


def registered_letter(client, token, **overrides) -> dict:
    response = register(client, token("tu.kominfo"), **overrides)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def tasks_of(client, headers) -> list[dict]:
    response = client.get("/api/v1/tasks", headers=headers)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    return body["items"] if isinstance(body, dict) else body


def task_for_letter(client, headers, letter_id: int) -> dict:
    found = [t for t in tasks_of(client, headers) if t.get("letter_id") == letter_id]
    assert found, f"no task for letter {letter_id}"
    return found[0]


def complete(client, headers, task_id: int, data: dict):
    return client.post(f"/api/v1/tasks/{task_id}/complete", json={"data": data}, headers=headers)
