"""Bad input, forbidden and stale requests on the process API: clear status codes, nothing saved."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from workflows.models import ProcessInstance, WorkItem

from .leave import SHORT, decide, start_leave, task_of


def _instances(db_session) -> int:
    return db_session.scalar(select(func.count(ProcessInstance.id)))


@pytest.mark.parametrize("data, fields", [
    ({}, {"leave_type", "start_date", "end_date", "reason"}),
    ({**SHORT, "leave_type": "liburan"}, {"leave_type"}),
    ({**SHORT, "start_date": "2026-02-30"}, {"start_date"}),
    ({**SHORT, "end_date": "kemarin"}, {"end_date"}),
    ({**SHORT, "start_date": "2026-03-10", "end_date": "2026-03-02"}, {"end_date"}),
    ({**SHORT, "reason": ""}, {"reason"}),
    ({**SHORT, "approver": 1}, {"approver"}),
    ({**SHORT, "requester_position": 1}, {"requester_position"}),
])
def test_bad_start_form_gets_field_errors_and_saves_nothing(client, token, db_session, data, fields):
    response = client.post("/api/v1/process-models/cuti/instances", json={"data": data}, headers=token("staf.egov1"))
    assert response.status_code == 422
    assert {e["field"] for e in response.get_json()["errors"]} == fields
    assert _instances(db_session) == 0


@pytest.mark.parametrize("body", [[1, 2], {"data": "teks"}, {"data": [1]}])
def test_malformed_bodies_are_422_not_500(client, token, db_session, body):
    response = client.post("/api/v1/process-models/cuti/instances", json=body, headers=token("staf.egov1"))
    assert response.status_code == 422
    assert _instances(db_session) == 0


def test_unknown_model_is_404(client, token):
    headers = token("staf.egov1")
    assert client.get("/api/v1/process-models/tidak-ada", headers=headers).status_code == 404
    assert client.post("/api/v1/process-models/tidak-ada/instances", json={"data": {}}, headers=headers).status_code == 404


def test_auditor_may_not_start_or_decide(client, token):
    auditor = token("auditor.inspektorat")
    response = client.post("/api/v1/process-models/cuti/instances", json={"data": SHORT}, headers=auditor)
    assert response.status_code == 403
    instance_id = start_leave(client, token("staf.egov1"))
    task = task_of(client, token("kasi.egov"), instance_id)
    assert client.post(f"/api/v1/tasks/{task['id']}/complete", json={"data": {"decision": "approve"}},
                       headers=auditor).status_code == 403


def test_api_requires_a_bearer_token(client):
    assert client.get("/api/v1/tasks").status_code == 401


@pytest.mark.parametrize("data, fields", [
    ({}, {"decision"}),
    ({"decision": "mungkin"}, {"decision"}),
    ({"decision": "reject"}, {"note"}),
    ({"decision": "revise", "note": ""}, {"note"}),
    ({"decision": "approve", "result": "approved"}, {"result"}),
])
def test_bad_decision_gets_field_errors_and_the_task_stays_ready(client, token, db_session, data, fields):
    instance_id = start_leave(client, token("staf.egov1"))
    kasi = token("kasi.egov")
    task = task_of(client, kasi, instance_id)
    response = client.post(f"/api/v1/tasks/{task['id']}/complete", json={"data": data}, headers=kasi)
    assert response.status_code == 422
    assert {e["field"] for e in response.get_json()["errors"]} == fields
    db_session.expire_all()
    assert db_session.get(WorkItem, task["id"]).state == "ready"
    assert task_of(client, kasi, instance_id)["id"] == task["id"]


def test_someone_not_offered_the_task_gets_403(client, token):
    instance_id = start_leave(client, token("staf.egov1"))
    task = task_of(client, token("kasi.egov"), instance_id)
    response = client.post(f"/api/v1/tasks/{task['id']}/complete", json={"data": {"decision": "approve"}},
                           headers=token("kasi.infra"))
    assert response.status_code == 403


def test_completing_twice_is_409(client, token):
    instance_id = start_leave(client, token("staf.egov1"))
    kasi = token("kasi.egov")
    task = task_of(client, kasi, instance_id)
    url = f"/api/v1/tasks/{task['id']}/complete"
    assert client.post(url, json={"data": {"decision": "approve"}}, headers=kasi).status_code == 200
    assert client.post(url, json={"data": {"decision": "approve"}}, headers=kasi).status_code == 409


def test_unknown_task_and_instance_are_404(client, token):
    headers = token("kasi.egov")
    assert client.get("/api/v1/tasks/99999", headers=headers).status_code == 404
    assert client.post("/api/v1/tasks/99999/complete", json={"data": {}}, headers=headers).status_code == 404
    assert client.get("/api/v1/instances/99999", headers=headers).status_code == 404
    assert client.get("/api/v1/instances/99999/audit", headers=headers).status_code == 404


@pytest.mark.parametrize("login, status", [
    ("staf.egov1", 200), ("kasi.egov", 200), ("auditor.inspektorat", 200), ("admin", 200),
    ("staf.egov2", 404), ("kabid.aptika", 404), ("kadis.bkpsdm", 404),
])
def test_who_may_see_an_instance(client, token, login, status):
    instance_id = start_leave(client, token("staf.egov1"))
    headers = token(login)
    assert client.get(f"/api/v1/instances/{instance_id}", headers=headers).status_code == status
    assert client.get(f"/api/v1/instances/{instance_id}/audit", headers=headers).status_code == status


def test_a_former_actor_still_sees_the_instance(client, token):
    instance_id = start_leave(client, token("staf.egov1"))
    decide(client, token("kasi.egov"), instance_id, "approve")
    assert client.get(f"/api/v1/instances/{instance_id}", headers=token("kasi.egov")).status_code == 200


def test_task_detail_has_form_and_data_for_the_candidate_only(client, token):
    instance_id = start_leave(client, token("staf.egov1"))
    kasi = token("kasi.egov")
    task = task_of(client, kasi, instance_id)
    detail = client.get(f"/api/v1/tasks/{task['id']}", headers=kasi).get_json()
    assert detail["form"]["required"] == ["decision"]
    assert detail["data"]["leave_type"] == "tahunan" and detail["data"]["requester"] == "staf.egov1"
    assert set(task) >= {"id", "instance_id", "model_id", "name", "title", "due_at", "acting_for"}
    assert client.get(f"/api/v1/tasks/{task['id']}", headers=token("staf.egov2")).status_code == 404


def test_error_answers_carry_a_clear_message_in_the_callers_language(app, client, token):
    staff, stranger = token("staf.egov1"), token("kadis.bkpsdm")
    instance_id = start_leave(client, staff)
    task = task_of(client, token("kasi.egov"), instance_id)
    forbidden = client.post(f"/api/v1/tasks/{task['id']}/complete", json={"data": {"decision": "approve"}},
                            headers=stranger).get_json()
    assert forbidden["message"] == "Anda tidak berwenang melakukan tindakan ini."
    hidden = client.get(f"/api/v1/instances/{instance_id}", headers=stranger).get_json()
    assert hidden["message"] == "Halaman atau data yang Anda cari tidak ditemukan."
    assert client.get("/api/v1/tasks/99999", headers=staff).get_json()["message"] == hidden["message"]
    invalid = client.post("/api/v1/process-models/cuti/instances", json={"data": {}}, headers=staff).get_json()
    assert invalid["message"] == "Isian tidak valid" and invalid["errors"]
    assert client.get("/api/v1/tasks").get_json()["message"].startswith("Token akses tidak ada")
    bad_login = client.post("/api/v1/auth/token", json={"username": "staf.egov1", "password": "salah"})
    assert bad_login.status_code == 401 and bad_login.get_json()["message"] == "Nama pengguna atau kata sandi salah."
    with app.app_context():  # a fresh context, as every real request has: the language is chosen anew
        english = client.get(f"/api/v1/instances/{instance_id}?lang=en", headers=stranger).get_json()
    assert english["message"] == "The page or data you are looking for was not found."
