"""A Plh receives an absent official's leave decisions; the audit records the person and the position."""
from __future__ import annotations

from datetime import timedelta

from eoffice.core import clock

from .leave import decide, instance, position_id, start_leave, task_of


def _plh(client, token, position_code: str, delegate: str) -> None:
    admin = token("admin")
    today = clock.local(clock.now()).date()
    response = client.post("/api/v1/delegations", headers=admin, json={
        "position_id": position_id(client, admin, position_code), "delegate_login": delegate, "kind": "plh",
        "start": today.isoformat(), "end": (today + timedelta(days=5)).isoformat(), "decree": "800/7/DISKOMINFO/2026"})
    assert response.status_code == 201, response.get_json()


def test_plh_finds_the_officials_task_in_the_inbox_and_decides_it(client, token):
    _plh(client, token, "KASI.EGOV", "staf.egov2")
    staff, plh = token("staf.egov1"), token("staf.egov2")
    instance_id = start_leave(client, staff)
    task = task_of(client, plh, instance_id)
    kasi_position = position_id(client, plh, "KASI.EGOV")
    assert task["acting_for"] == f"position:{kasi_position}"
    assert decide(client, plh, instance_id, "approve").status_code == 200
    done = instance(client, staff, instance_id)
    assert done["result"] == "approved"
    assert done["tasks"][0]["completed_by"] == "staf.egov2"
    assert done["tasks"][0]["acting_for"] == f"position:{kasi_position}"
    audit = client.get(f"/api/v1/instances/{instance_id}/audit", headers=staff).get_json()
    completed = next(e for e in audit["events"] if e["action"] == "task_completed")
    assert (completed["actor"], completed["acting_for"]) == ("staf.egov2", f"position:{kasi_position}")
    assert completed["acting_for_title"] == "Kepala Seksi E-Government"


def test_the_official_still_sees_the_task_while_the_plh_acts(client, token):
    _plh(client, token, "KASI.EGOV", "staf.egov2")
    instance_id = start_leave(client, token("staf.egov1"))
    assert task_of(client, token("kasi.egov"), instance_id)["acting_for"].startswith("position:")


def test_plh_cannot_decide_their_own_leave_request_as_their_own_superior(client, token):
    _plh(client, token, "KASI.EGOV", "staf.egov2")
    plh, kasi = token("staf.egov2"), token("kasi.egov")
    instance_id = start_leave(client, plh)
    assert decide(client, plh, instance_id, "approve").status_code == 403
    assert decide(client, kasi, instance_id, "approve").status_code == 200
    assert instance(client, plh, instance_id)["tasks"][0]["completed_by"] == "kasi.egov"
