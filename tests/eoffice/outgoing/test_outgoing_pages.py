"""The outgoing-letter pages: draft with the form, preview (KONSEP, no number), paraf, sign."""
from __future__ import annotations

import io
import re

from pypdf import PdfReader

from eoffice.app.extensions import db
from eoffice.outgoing.models import OutgoingLetter
from tests.eoffice.outgoing.helpers import PASSPHRASE, pos


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def _pdf_attachment() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 720, "Lampiran")
    c.showPage()
    c.save()
    return buf.getvalue()


def test_drafter_uses_the_form_previews_konsep_and_the_chain_initials_and_signs_on_the_letter_page(client, login):
    login("kasi.egov")
    form = client.get("/outgoing/new")
    assert form.status_code == 200 and 'name="csrf_token"' in form.get_data(as_text=True)
    response = client.post("/outgoing/new", data={
        "type": "nota_dinas", "sifat": "biasa", "urgency": "biasa", "subject": "Laporan uji aplikasi",
        "classification": "000.8.3.3", "body": "Dengan hormat,\n\nBersama ini kami laporkan hasil uji.",
        "recipient_positions": [str(pos("KADIS.KOMINFO"))], "recipients_external": "",
        "tembusan_external": "Kepala BSSN | Jakarta | kontak@bssn.go.id",
        "signer_position_id": str(pos("KADIS.KOMINFO")), "submit": "1",
        "attachments": (io.BytesIO(_pdf_attachment()), "lampiran.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    letter_id = int(re.search(r"/outgoing/(\d+)", response.headers["Location"]).group(1))
    preview = client.get(f"/outgoing/{letter_id}/preview.pdf")
    assert preview.status_code == 200 and "KONSEP" in _text(preview.data)
    assert "000.8.3.3/" not in _text(preview.data)

    login("kabid.aptika")
    page = client.get(f"/outgoing/{letter_id}").get_data(as_text=True)
    task_id = int(re.search(rf"/outgoing/{letter_id}/tasks/(\d+)", page).group(1))
    assert client.post(f"/outgoing/{letter_id}/tasks/{task_id}", data={"action": "approve"}).status_code == 302

    login("kadis.kominfo")
    page = client.get(f"/outgoing/{letter_id}").get_data(as_text=True)
    task_id = int(re.search(rf"/outgoing/{letter_id}/tasks/(\d+)", page).group(1))
    wrong = client.post(f"/outgoing/{letter_id}/tasks/{task_id}", data={"action": "sign", "passphrase": "keliru-123"})
    assert wrong.status_code == 403
    ok = client.post(f"/outgoing/{letter_id}/tasks/{task_id}", data={"action": "sign", "passphrase": PASSPHRASE})
    assert ok.status_code == 302
    db.session.expire_all()
    letter = db.session.get(OutgoingLetter, letter_id)
    assert letter.number and letter.status == "signed"
    assert letter.delivered[-1]["kind"] == "external" and letter.delivered[-1]["emailed"] is True
    signed = _text(client.get(f"/outgoing/{letter_id}/preview.pdf").data)
    assert letter.number in signed
    # the development PKI signed it: the footer says so and names that CA, never "issued by BSrE"
    assert "sertifikat PENGEMBANGAN (bukan BSrE)" in signed and "tidak sah untuk keperluan resmi" in signed
    assert "Penerbit sertifikat: DEVELOPMENT" in signed and "diterbitkan oleh BSrE" not in signed


def test_letter_page_of_a_confidential_letter_is_not_found_for_others(client, token, login):
    from tests.eoffice.outgoing.helpers import draft

    letter_id = draft(client, token, sifat="rahasia")["id"]
    login("staf.ikp1")
    assert client.get(f"/outgoing/{letter_id}").status_code == 404
    login("kasi.egov")
    assert client.get(f"/outgoing/{letter_id}").status_code == 200


def test_draft_with_bad_fields_is_422_with_every_field_error_and_nothing_saved(client, token):
    headers = token("staf.egov1")
    response = client.post("/api/v1/letters/outgoing", headers=headers, json={
        "type": "surat_cinta", "subject": "", "body": "x", "classification": "999.9",
        "recipients": [{"kind": "internal", "position_id": 99999}, {"kind": "pos"}],
        "signer_position_id": pos("KADIS.BKPSDM")})
    assert response.status_code == 422
    fields = {e["field"] for e in response.get_json()["errors"]}
    assert {"type", "subject", "classification", "recipients[0].position_id", "recipients[1]",
            "signer_position_id"} <= fields
    assert db.session.query(OutgoingLetter).count() == 0
    assert client.post("/api/v1/letters/outgoing", headers=headers, data="nope").status_code == 422


def test_verifier_chain_is_capped_at_three_levels_nearest_first(client, token):
    from tests.eoffice.outgoing.helpers import draft

    created = draft(client, token, login="staf.egov1", signer_position_id=pos("SEKDA"))
    body = client.get(f"/api/v1/letters/outgoing/{created['id']}", headers=token("staf.egov1")).get_json()
    assert body["verifiers"] == [pos("KASI.EGOV"), pos("KABID.APTIKA"), pos("KADIS.KOMINFO")]


def test_return_without_note_is_422(client, token):
    from tests.eoffice.outgoing.helpers import complete, draft, tasks_of

    letter_id = draft(client, token)["id"]
    task = tasks_of(client, token("kasi.egov"), letter_id)[0]["id"]
    response = complete(client, token("kasi.egov"), task, {"action": "return"})
    assert response.status_code == 422 and response.get_json()["errors"][0]["field"] == "note"


def _task_url(client, letter_id: int) -> str:
    page = client.get(f"/outgoing/{letter_id}")
    assert page.status_code == 200, page.get_data(as_text=True)[:500]
    return re.search(rf"/outgoing/{letter_id}/tasks/\d+", page.get_data(as_text=True)).group(0)


def test_a_returned_letter_shows_the_drafter_the_revision_form_filled_with_the_letter(client, token, login):
    from tests.eoffice.outgoing.helpers import act, draft

    letter_id = draft(client, token, login="kabid.aptika", subject="Perihal sebelum revisi")["id"]
    act(client, token, "kadis.kominfo", letter_id, {"action": "return", "note": "Perbaiki dasar hukum"})
    login("kabid.aptika")
    page = client.get(f"/outgoing/{letter_id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'value="Perihal sebelum revisi"' in html and 'value="resubmit"' in html
    assert html.count("Perbaiki dasar hukum") == 2  # the returning note, above the form and in the history
    login("kadis.kominfo")
    assert client.get(f"/outgoing/{letter_id}").status_code == 200  # the signer waits: no form


def test_a_refused_revision_keeps_what_was_typed_on_the_same_form(client, token, login):
    from tests.eoffice.outgoing.helpers import act, draft

    letter_id = draft(client, token, login="kabid.aptika")["id"]
    act(client, token, "kadis.kominfo", letter_id, {"action": "return", "note": "Perbaiki"})
    login("kabid.aptika")
    url = _task_url(client, letter_id)
    refused = client.post(url, data={"action": "resubmit", "type": "surat_dinas", "subject": "",
                                     "body": "Isi yang baru diketik", "classification": "000.8.3.3",
                                     "sifat": "biasa", "urgency": "biasa", "note": "Catatan saya",
                                     "signer_position_id": str(pos("KADIS.KOMINFO")),
                                     "recipient_positions": [str(pos("KADIS.BKPSDM"))]})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'data-testid="task-error"' in html and "Perihal: " in html
    assert "Isi yang baru diketik</textarea>" in html and "Catatan saya</textarea>" in html


def test_a_wrong_passphrase_is_shown_on_the_signing_form_with_the_note_kept_and_counted(client, token, login):
    from eoffice.signing.models import SigningLock
    from tests.eoffice.outgoing.helpers import draft

    letter_id = draft(client, token, login="kabid.aptika")["id"]
    login("kadis.kominfo")
    url = _task_url(client, letter_id)
    wrong = client.post(url, data={"action": "sign", "passphrase": "keliru-123", "note": "Sudah saya baca"})
    html = wrong.get_data(as_text=True)
    assert wrong.status_code == 403
    assert 'data-testid="task-error"' in html and "Frasa sandi tanda tangan salah" in html
    assert "Sudah saya baca</textarea>" in html and "keliru-123" not in html
    assert 'data-testid="sign"' in html  # the same form, ready for another try
    db.session.expire_all()
    assert db.session.query(SigningLock).one().failures == 1  # counted towards the lockout
    assert client.post(url, data={"action": "sign", "passphrase": PASSPHRASE}).status_code == 302
