"""The leave request (cuti) from start to decision through the JSON API."""
from __future__ import annotations

from .leave import LONG, SHORT, decide, instance, start_leave, task_of


def test_process_catalogue_lists_cuti_with_its_version(client, token):
    models = client.get("/api/v1/process-models", headers=token("staf.egov1")).get_json()
    cuti = next(m for m in models if m["id"] == "cuti")
    assert cuti == {"id": "cuti", "title": "Permohonan Cuti", "version": 1}
    detail = client.get("/api/v1/process-models/cuti", headers=token("staf.egov1")).get_json()
    assert detail["start_form"]["properties"]["leave_type"]["enum"][0] == "tahunan"


def test_short_leave_needs_only_the_direct_superior(client, token):
    staff, kasi = token("staf.egov1"), token("kasi.egov")
    instance_id = start_leave(client, staff, SHORT)
    assert client.get("/api/v1/tasks", headers=token("kabid.aptika")).get_json() == []
    response = decide(client, kasi, instance_id, "approve")
    assert response.status_code == 200
    body = response.get_json()
    assert body["instance"]["status"] == "completed" and body["next_tasks"] == []
    result = instance(client, staff, instance_id)
    assert result["status"] == "completed" and result["result"] == "approved"
    assert result["started_by"] == "staf.egov1" and result["ended_at"]
    assert [(t["name"], t["state"], t["completed_by"]) for t in result["tasks"]] == [
        ("review", "completed", "kasi.egov")]


def test_start_answers_with_the_task_it_made_ready_for_the_superior(client, token):
    staff, kasi = token("staf.egov1"), token("kasi.egov")
    started = client.post("/api/v1/process-models/cuti/instances", json={"data": SHORT}, headers=staff).get_json()
    assert [(t["name"], t["title"]) for t in started["next_tasks"]] == [("review", "Putuskan permohonan cuti")]
    assert started["next_tasks"][0]["due_at"]
    assert started["next_tasks"][0]["id"] == task_of(client, kasi, started["id"])["id"]
    done = client.post(f"/api/v1/tasks/{started['next_tasks'][0]['id']}/complete",
                       json={"data": {"decision": "approve"}}, headers=kasi)
    assert done.status_code == 200 and done.get_json()["instance"]["status"] == "completed"


def test_leave_longer_than_five_working_days_needs_the_next_superior_too(client, token):
    staff, kasi, kabid = token("staf.egov1"), token("kasi.egov"), token("kabid.aptika")
    instance_id = start_leave(client, staff, LONG)
    first = decide(client, kasi, instance_id, "approve").get_json()
    assert first["instance"]["status"] == "running" and len(first["next_tasks"]) == 1
    assert instance(client, staff, instance_id)["result"] is None
    decide(client, kabid, instance_id, "approve")
    result = instance(client, staff, instance_id)
    assert result["status"] == "completed" and result["result"] == "approved"
    assert [t["completed_by"] for t in result["tasks"]] == ["kasi.egov", "kabid.aptika"]


def test_rejection_ends_the_request_as_rejected(client, token):
    staff, kasi = token("staf.egov1"), token("kasi.egov")
    instance_id = start_leave(client, staff)
    assert decide(client, kasi, instance_id, "reject", "Sedang ada audit BPK").status_code == 200
    result = instance(client, staff, instance_id)
    assert result["status"] == "completed" and result["result"] == "rejected"


def test_returned_request_goes_back_to_the_requester_as_often_as_needed(client, token):
    staff, kasi = token("staf.egov1"), token("kasi.egov")
    instance_id = start_leave(client, staff)
    for round_no in range(4):
        assert decide(client, kasi, instance_id, "revise", f"Perbaiki alasan ({round_no})").status_code == 200
        revise = task_of(client, staff, instance_id, "revise")
        detail = client.get(f"/api/v1/tasks/{revise['id']}", headers=staff).get_json()
        assert detail["data"]["note"] == f"Perbaiki alasan ({round_no})"
        assert detail["form"]["properties"]["reason"]["title"] == "Alasan"
        edited = {**SHORT, "reason": f"Alasan diperbaiki {round_no}"}
        done = client.post(f"/api/v1/tasks/{revise['id']}/complete", json={"data": edited}, headers=staff)
        assert done.status_code == 200, done.get_json()
    decide(client, kasi, instance_id, "approve")
    result = instance(client, staff, instance_id)
    assert result["result"] == "approved"
    assert [t["name"] for t in result["tasks"]] == ["review", "revise"] * 4 + ["review"]


def test_revised_dates_can_turn_a_short_leave_into_a_two_level_one(client, token):
    staff, kasi = token("staf.egov1"), token("kasi.egov")
    instance_id = start_leave(client, staff, SHORT)
    decide(client, kasi, instance_id, "revise", "Sekalian ambil satu minggu")
    revise = task_of(client, staff, instance_id, "revise")
    client.post(f"/api/v1/tasks/{revise['id']}/complete", json={"data": LONG}, headers=staff)
    decide(client, kasi, instance_id, "approve")
    assert task_of(client, token("kabid.aptika"), instance_id)["name"] == "review"


def test_audit_chain_records_each_step_with_person_and_position(client, token):
    staff, kasi = token("staf.egov1"), token("kasi.egov")
    instance_id = start_leave(client, staff)
    decide(client, kasi, instance_id, "approve")
    audit = client.get(f"/api/v1/instances/{instance_id}/audit", headers=staff).get_json()
    assert audit["verified"] is True and audit["first_bad_seq"] is None
    actions = [e["action"] for e in audit["events"]]
    assert actions == ["instance_started", "task_ready", "task_completed", "instance_completed"]
    completed = audit["events"][2]
    assert completed["actor"] == "kasi.egov" and completed["acting_for"].startswith("position:")
    assert completed["acting_for_title"] == "Kepala Seksi E-Government"
    assert completed["task"] == "review" and completed["detail"]["data"] == {"decision": "approve"}
    assert [e["seq"] for e in audit["events"]] == [1, 2, 3, 4]
