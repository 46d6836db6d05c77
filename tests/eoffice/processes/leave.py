"""Helpers for the leave-request (cuti) stories told through the JSON API."""
from __future__ import annotations

SHORT = {"leave_type": "tahunan", "start_date": "2026-03-02", "end_date": "2026-03-04", "reason": "Acara keluarga"}
LONG = {"leave_type": "tahunan", "start_date": "2026-03-02", "end_date": "2026-03-10", "reason": "Pulang kampung"}


def start_leave(client, headers, data=None) -> int:
    response = client.post("/api/v1/process-models/cuti/instances", json={"data": data or SHORT}, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def task_of(client, headers, instance_id: int, name: str = "review") -> dict:
    tasks = [t for t in client.get("/api/v1/tasks", headers=headers).get_json()
             if t["instance_id"] == instance_id and t["name"] == name]
    assert len(tasks) == 1, tasks
    return tasks[0]


def decide(client, headers, instance_id: int, decision: str, note: str | None = None):
    task = task_of(client, headers, instance_id)
    data = {"decision": decision, **({"note": note} if note else {})}
    return client.post(f"/api/v1/tasks/{task['id']}/complete", json={"data": data}, headers=headers)


def instance(client, headers, instance_id: int) -> dict:
    response = client.get(f"/api/v1/instances/{instance_id}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def position_id(client, headers, code: str) -> int:
    return next(p["id"] for p in client.get("/api/v1/org/positions", headers=headers).get_json() if p["code"] == code)
