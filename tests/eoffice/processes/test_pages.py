"""The leave request through the web pages: catalogue, start form, task page, my requests, instance page."""
from __future__ import annotations

import re

from .leave import SHORT, start_leave, task_of


def test_catalogue_offers_the_leave_request(client, login):
    login("staf.egov1")
    page = client.get("/processes").get_data(as_text=True)
    assert "Permohonan Cuti" in page and "/processes/cuti/start" in page


def test_start_form_is_rendered_from_the_schema(client, login):
    login("staf.egov1")
    page = client.get("/processes/cuti/start").get_data(as_text=True)
    assert '<select class="form-select" id="leave_type" name="leave_type">' in page
    assert 'type="date" id="start_date"' in page and "<textarea" in page
    assert "Cuti karena alasan penting" in page and 'name="csrf_token"' in page


def test_bad_start_form_shows_indonesian_errors_next_to_fields_and_keeps_input(client, login, db_session):
    login("staf.egov1")
    response = client.post("/processes/cuti/start", data={
        "leave_type": "sakit", "start_date": "2026-03-10", "end_date": "2026-03-02", "reason": "Demam tinggi"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'data-error="end_date">Tanggal selesai tidak boleh sebelum tanggal mulai' in page
    assert '<option value="sakit" selected>' in page and "Demam tinggi" in page and 'value="2026-03-10"' in page
    response = client.post("/processes/cuti/start", data={"leave_type": "", "reason": "x"})
    page = response.get_data(as_text=True)
    assert 'data-error="leave_type">wajib diisi' in page and 'data-error="reason">terlalu pendek' in page


def test_starting_from_the_form_leads_to_the_instance_and_my_requests(client, login):
    login("staf.egov1")
    response = client.post("/processes/cuti/start", data=SHORT)
    assert response.status_code == 302
    instance_url = response.headers["Location"]
    page = client.get(instance_url).get_data(as_text=True)
    assert "<svg" in page and "Putuskan permohonan cuti" in page and "Cuti tahunan" in page
    assert 'data-testid="chain-ok"' in page
    requests = client.get("/requests").get_data(as_text=True)
    assert instance_url.rsplit("/", 1)[1] in requests and "Berjalan" in requests


def test_superior_decides_from_the_task_page_with_diagram(client, login, token):
    instance_id = start_leave(client, token("staf.egov1"))
    task = task_of(client, token("kasi.egov"), instance_id)
    login("kasi.egov")
    inbox = client.get("/inbox").get_data(as_text=True)
    assert f"/tasks/{task['id']}" in inbox and 'data-testid="count-total">Menunggu: 1' in inbox
    page = client.get(f"/tasks/{task['id']}").get_data(as_text=True)
    assert re.search(r'<g class="[^"]*\bwaiting\b[^"]*" data-element="review">', page)
    assert re.search(r'<g class="[^"]*\btaken\b[^"]*" data-element="set_approver">', page)
    assert "Acara keluarga" in page and 'type="radio" name="decision"' in page
    bad = client.post(f"/tasks/{task['id']}", data={"decision": "reject"})
    assert bad.status_code == 422 and 'data-error="note">wajib diisi' in bad.get_data(as_text=True)
    assert client.post(f"/tasks/{task['id']}", data={"decision": "approve"}).status_code == 302
    login("staf.egov1")
    page = client.get(f"/instances/{instance_id}").get_data(as_text=True)
    assert 'data-testid="result">Disetujui' in page and "kasi.egov" in page


def test_returned_request_shows_the_superiors_note_and_prefills_the_form(client, login, token):
    instance_id = start_leave(client, token("staf.egov1"))
    task = task_of(client, token("kasi.egov"), instance_id)
    login("kasi.egov")
    client.post(f"/tasks/{task['id']}", data={"decision": "revise", "note": "Lampirkan surat dokter"})
    revise = task_of(client, token("staf.egov1"), instance_id, "revise")
    login("staf.egov1")
    page = client.get(f"/tasks/{revise['id']}").get_data(as_text=True)
    assert "Lampirkan surat dokter" in page and ">Acara keluarga</textarea>" in page


def test_strangers_get_404_on_instance_and_task_pages(client, login, token):
    instance_id = start_leave(client, token("staf.egov1"))
    task = task_of(client, token("kasi.egov"), instance_id)
    login("staf.egov2")
    assert client.get(f"/instances/{instance_id}").status_code == 404
    assert client.get(f"/tasks/{task['id']}").status_code == 404
    assert client.post(f"/tasks/{task['id']}", data={"decision": "approve"}).status_code == 404


def test_pages_need_a_login(client):
    for url in ("/processes", "/requests", "/inbox", "/audit", "/instances/1", "/tasks/1"):
        assert client.get(url).status_code == 302
