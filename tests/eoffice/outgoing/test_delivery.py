"""Delivering a signed letter (SRIKANDI practice): an internal recipient position receives it directly in
its Naskah masuk, a tembusan position in its Tembusan list; neither is registered by the pencatat, takes
an agenda number, or creates a task, deadline or overdue mark. A letter to a person reaches that person.
An external recipient is e-mailed the verification link, from which the signed PDF downloads."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from eoffice.app.extensions import db
from eoffice.letters.models import AgendaCounter, Letter
from eoffice.notifications.models import EmailOutbox
from eoffice.org.services import opd_of_position
from tests.eoffice.outgoing.helpers import pos, signed_letter, signed_pdf, tasks_of


def _copies(letter_id: int) -> dict[int, Letter]:
    rows = db.session.scalars(select(Letter).where(Letter.direction == "masuk", Letter.source_ref == str(letter_id)))
    return {l.addressed_to_position_id: l for l in rows}


def _box(client, headers, name: str) -> list[dict]:
    response = client.get(f"/api/v1/letters?box={name}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_internal_recipient_gets_it_in_naskah_masuk_without_agenda_number_or_task(client, token):
    agendas_before = db.session.scalar(select(func.coalesce(func.sum(AgendaCounter.value), 0)))
    letter = signed_letter(client, token)
    copies = _copies(letter["id"])
    assert set(copies) == {pos("KADIS.BKPSDM"), pos("SEKDA")}
    internal = copies[pos("KADIS.BKPSDM")]
    assert internal.opd_unit_id == opd_of_position(db.session, pos("KADIS.BKPSDM")).id
    assert internal.source == "internal" and internal.agenda_number is None and internal.instance_id is None
    assert internal.deadline is None and internal.letter_number == letter["number"]
    assert db.session.scalar(select(func.coalesce(func.sum(AgendaCounter.value), 0))) == agendas_before
    headers = token("kadis.bkpsdm")
    assert not [r for r in tasks_of(client, headers) if r.get("letter_id") == internal.id]
    row = next(r for r in _box(client, headers, "masuk") if r["id"] == internal.id)
    assert row["source"] == "internal" and row["agenda_number"] is None and row["read"] is False
    assert internal.id not in {r["id"] for r in _box(client, headers, "tembusan")}


def test_tembusan_is_for_information_unread_first_and_reading_marks_it(client, token):
    letter = signed_letter(client, token)
    copy = _copies(letter["id"])[pos("SEKDA")]
    assert copy.source == "tembusan" and copy.agenda_number is None and copy.deadline is None
    headers = token("sekda")
    assert not [r for r in tasks_of(client, headers) if r.get("letter_id") == copy.id]
    counters = client.get("/api/v1/dispositions/counters", headers=headers).get_json()
    assert counters["tembusan_unread"] == 1 and counters["overdue"] == 0 and counters["pending"] == 0
    rows = _box(client, headers, "tembusan")
    assert [r["id"] for r in rows] == [copy.id] and rows[0]["read"] is False and rows[0]["source"] == "internal"
    assert copy.id not in {r["id"] for r in _box(client, headers, "masuk")}
    assert client.get(f"/api/v1/letters/{copy.id}", headers=headers).status_code == 200   # opening reads it
    assert _box(client, headers, "tembusan")[0]["read"] is True
    assert client.get("/api/v1/dispositions/counters", headers=headers).get_json()["tembusan_unread"] == 0
    second = signed_letter(client, token, subject="Kedua")
    newer = _copies(second["id"])[pos("SEKDA")]
    assert client.post(f"/api/v1/letters/{copy.id}/read", headers=headers).get_json()["read"] is True
    assert [r["id"] for r in _box(client, headers, "tembusan")] == [newer.id, copy.id]   # unread first


def test_the_tembusan_recipient_may_dispose_it_within_their_unit_by_choice(client, token):
    letter = signed_letter(client, token)
    copy = _copies(letter["id"])[pos("SEKDA")]
    refused = client.post(f"/api/v1/letters/{copy.id}/dispose", json={"recipients": [pos("KADIS.KOMINFO")],
                                                                      "instructions": []}, headers=token("sekda"))
    assert refused.status_code == 422 and {e["field"] for e in refused.get_json()["errors"]} == {"instructions"}
    other = client.post(f"/api/v1/letters/{copy.id}/dispose", json={"recipients": [pos("KADIS.KOMINFO")],
                                                                    "instructions": ["Untuk diketahui"]},
                        headers=token("kadis.bkpsdm"))
    assert other.status_code in (403, 404)
    response = client.post(f"/api/v1/letters/{copy.id}/dispose", json={
        "recipients": [pos("KADIS.BKPSDM")], "instructions": ["Untuk diketahui"]}, headers=token("sekda"))
    assert response.status_code == 201, response.get_json()
    assert any(r.get("letter_id") == copy.id for r in tasks_of(client, token("kadis.bkpsdm")))


def test_a_letter_to_a_staff_member_reaches_that_person_not_the_signer(client, token):
    letter = signed_letter(client, token, type="surat_tugas", body="", recipients=[
        {"kind": "internal", "position_id": pos("STAF.EGOV1")}], tembusan=[],
        dasar=["DPA Diskominfo 2026"], kepada=["Rudi Hartono, S.Kom."], untuk=["Mengikuti bimtek SPBE"])
    copies = _copies(letter["id"])
    assert set(copies) == {pos("STAF.EGOV1")}
    assert [r["id"] for r in _box(client, token("staf.egov1"), "masuk")] == [copies[pos("STAF.EGOV1")].id]
    assert _box(client, token("kadis.kominfo"), "masuk") == []


def test_spbe_evidence_counts_registered_and_internal_letters_apart(client, token):
    from eoffice.evaluation.evidence import letter_counts

    before = dict(letter_counts(db.session))
    signed_letter(client, token)
    after = dict(letter_counts(db.session))
    assert after["Surat masuk teregistrasi"] == before["Surat masuk teregistrasi"]
    assert after["Naskah masuk internal (diterima langsung)"] == before["Naskah masuk internal (diterima langsung)"] + 1
    assert after["Tembusan internal"] == before["Tembusan internal"] + 1


def test_unknown_box_is_a_422(client, token):
    response = client.get("/api/v1/letters?box=sampah", headers=token("sekda"))
    assert response.status_code == 422 and response.get_json()["errors"][0]["field"] == "box"


def test_external_recipient_is_emailed_a_link_from_which_the_signed_pdf_downloads(client, token):
    letter = signed_letter(client, token)
    mail = db.session.scalar(select(EmailOutbox).where(EmailOutbox.to_address == "direktur@contoh.co.id"))
    assert mail is not None and letter["number"] in mail.subject
    link = re.search(r"http://testserver(/verify/\S+)", mail.body).group(1)
    client.post("/logout")
    download = client.get(f"{link}/pdf")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert download.data == signed_pdf(client, token, letter["id"])
