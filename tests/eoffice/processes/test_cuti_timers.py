"""Reminder after 3 working days (non-interrupting) and escalation after 5 (interrupting), on a moved clock."""
from __future__ import annotations

from datetime import timedelta

from eoffice.core import clock
from eoffice.calendar import services as calendar
from eoffice.processes.runtime import fire_due_timers

from .leave import decide, instance, start_leave, task_of


def _move_to(db_session, working_days: int, started) -> None:
    target = calendar.add_working_days(db_session, started, working_days) + timedelta(minutes=1)
    clock.advance(target - clock.now())


def test_no_timer_fires_before_three_working_days(client, token, db_session):
    started = clock.now()
    start_leave(client, token("staf.egov1"))
    _move_to(db_session, 2, started)
    assert fire_due_timers() == 0


def test_reminder_after_three_working_days_keeps_the_task_with_the_superior(client, token, db_session):
    staff, kasi = token("staf.egov1"), token("kasi.egov")
    started = clock.now()
    instance_id = start_leave(client, staff)
    review = task_of(client, kasi, instance_id)
    _move_to(db_session, 3, started)
    assert fire_due_timers() == 1
    kasi, staff = token("kasi.egov"), token("staf.egov1")  # tokens expire as the clock moves
    assert task_of(client, kasi, instance_id)["id"] == review["id"]
    audit = client.get(f"/api/v1/instances/{instance_id}/audit", headers=staff).get_json()
    reminders = [e for e in audit["events"] if e["action"] == "task_reminder"]
    assert len(reminders) == 1 and reminders[0]["task"] == "review"
    assert reminders[0]["detail"]["recipients"] == [f"position:{review['acting_for'].split(':')[1]}"]
    assert audit["verified"] is True
    assert fire_due_timers() == 0


def test_reminder_is_an_in_app_notification_for_the_superior(client, token, db_session):
    from eoffice.notifications import services as notifications
    from eoffice.org.services import employee_by_login

    started = clock.now()
    instance_id = start_leave(client, token("staf.egov1"))
    review = task_of(client, token("kasi.egov"), instance_id)
    _move_to(db_session, 3, started)
    fire_due_timers()
    kasi = employee_by_login(db_session, "kasi.egov")
    reminders = [n for n in notifications.list_for(db_session, kasi.id) if n.kind == "task_reminder"]
    assert len(reminders) == 1
    assert reminders[0].link == f"/tasks/{review['id']}" and "Putuskan permohonan cuti" in reminders[0].title


def test_escalation_after_five_working_days_reassigns_to_the_next_superior(client, token, db_session):
    started = clock.now()
    instance_id = start_leave(client, token("staf.egov1"))
    _move_to(db_session, 3, started)
    fire_due_timers()
    _move_to(db_session, 5, started)
    assert fire_due_timers() == 1
    staff, kasi, kabid = token("staf.egov1"), token("kasi.egov"), token("kabid.aptika")
    assert [t for t in client.get("/api/v1/tasks", headers=kasi).get_json() if t["instance_id"] == instance_id] == []
    escalated = task_of(client, kabid, instance_id)
    assert decide(client, kabid, instance_id, "approve").status_code == 200
    result = instance(client, staff, instance_id)
    assert result["result"] == "approved"
    assert [(t["state"], t["completed_by"]) for t in result["tasks"]] == [("cancelled", None), ("completed", "kabid.aptika")]
    audit = client.get(f"/api/v1/instances/{instance_id}/audit", headers=staff).get_json()
    fired = [e["detail"]["data"]["element"] for e in audit["events"] if e["action"] == "timer_fired"]
    assert fired == ["reminder_timer", "escalation_timer"]
    assert escalated["id"] in [e["detail"]["work_item_id"] for e in audit["events"] if e["action"] == "task_ready"]


def test_a_decided_request_has_no_timers_left(client, token, db_session):
    started = clock.now()
    instance_id = start_leave(client, token("staf.egov1"))
    decide(client, token("kasi.egov"), instance_id, "approve")
    _move_to(db_session, 6, started)
    assert fire_due_timers() == 0
