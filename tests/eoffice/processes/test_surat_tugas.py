"""The surat tugas request: the superior approves, rejects, or returns it for revision; the
requester revises it (the form filled with the request) and it goes to the superior again."""
from __future__ import annotations

from tests.eoffice.admin.helpers import surat_tugas_data
from tests.eoffice.processes.leave import instance


def _start(client, headers) -> int:
    response = client.post("/api/v1/process-models/surat_tugas/instances", json={"data": surat_tugas_data()},
                           headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def _task(client, headers, instance_id: int, name: str) -> dict:
    tasks = [t for t in client.get("/api/v1/tasks", headers=headers).get_json()
             if t["instance_id"] == instance_id and t["name"] == name]
    assert len(tasks) == 1, tasks
    return tasks[0]


def _complete(client, headers, task: dict, data: dict):
    return client.post(f"/api/v1/tasks/{task['id']}/complete", json={"data": data}, headers=headers)


def test_a_returned_request_is_revised_by_the_requester_and_then_approved(client, token):
    staff, head = token("staf.egov1"), token("kasi.egov")
    instance_id = _start(client, staff)
    returned = _complete(client, head, _task(client, head, instance_id, "approve"), {"decision": "revise"})
    assert returned.status_code == 422  # a return needs a note
    assert _complete(client, head, _task(client, head, instance_id, "approve"),
                     {"decision": "revise", "note": "Tujuan kurang lengkap"}).status_code == 200
    revise = _task(client, staff, instance_id, "revise")
    detail = client.get(f"/api/v1/tasks/{revise['id']}", headers=staff).get_json()
    assert detail["data"]["note"] == "Tujuan kurang lengkap" and detail["data"]["destination"] == "Serang"
    revised = {**surat_tugas_data(), "destination": "Serang, Kantor Gubernur Banten"}
    assert _complete(client, staff, revise, revised).status_code == 200
    assert _complete(client, head, _task(client, head, instance_id, "approve"),
                     {"decision": "approve"}).status_code == 200
    body = instance(client, staff, instance_id)
    assert body["status"] == "completed" and body["result"] == "disetujui"
    assert [t["name"] for t in body["tasks"]] == ["approve", "revise", "approve"]
