"""Two completions of one task at the same time: exactly one wins, the other gets 409."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy.orm import Session

from eoffice.core.errors import Conflict
from eoffice.processes import runtime
from eoffice.auth.guards import load_actor
from workflows.models import WorkItem

from .leave import instance, start_leave, task_of


def test_two_concurrent_http_completions_one_200_one_409(app, client, token):
    instance_id = start_leave(client, token("staf.egov1"))
    kasi = token("kasi.egov")
    task = task_of(client, kasi, instance_id)
    barrier, statuses = threading.Barrier(2), []

    def complete():
        own_client = app.test_client()
        barrier.wait()
        response = own_client.post(f"/api/v1/tasks/{task['id']}/complete",
                                   json={"data": {"decision": "approve"}}, headers=kasi)
        statuses.append(response.status_code)

    threads = [threading.Thread(target=complete) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(statuses) == [200, 409]
    result = instance(client, token("staf.egov1"), instance_id)
    assert result["status"] == "completed" and len(result["tasks"]) == 1
    audit = client.get(f"/api/v1/instances/{instance_id}/audit", headers=token("staf.egov1")).get_json()
    assert [e["action"] for e in audit["events"]].count("task_completed") == 1 and audit["verified"]


def test_a_completion_that_read_the_task_before_another_committed_loses(app, client, token, db_session):
    from eoffice.app.extensions import db

    instance_id = start_leave(client, token("staf.egov1"))
    task_id = task_of(client, token("kasi.egov"), instance_id)["id"]
    kasi = load_actor("kasi.egov")
    with Session(db.engine) as first, Session(db.engine) as second:
        assert second.get(WorkItem, task_id).state == "ready"  # read before the other commits
        runtime.complete_task(first, kasi, task_id, {"decision": "approve"})
        first.commit()
        with pytest.raises(Conflict):
            runtime.complete_task(second, kasi, task_id, {"decision": "reject", "note": "terlambat"})
        second.rollback()
    assert instance(client, token("staf.egov1"), instance_id)["result"] == "approved"
