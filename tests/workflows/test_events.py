"""Listener events for the audit chain, cancellation, errors and stored instance fields."""
from __future__ import annotations

from types import MappingProxyType

import pytest

from workflows.errors import InstanceNotRunning, TaskConflict
from workflows.registry import ModelPackage
from workflows.versions import deploy
from workflows.workitems import instance_items, open_items

from .conftest import start_revisi


def test_events_follow_the_instance_story(engine, session, listener, deployed):
    instance = start_revisi(engine, session)
    submit = open_items(session, instance.id)[0]
    review = engine.complete(session, submit.id, {"subject": "abc"}, actor="budi", acting_for="user:ani").next_items[0]
    engine.complete(session, review.id, {"decision": "approve"}, actor="siti")
    assert listener.actions() == ["instance_started", "task_completed", "task_completed", "instance_completed"]
    started, completed = listener.events[0][2], listener.events[1][2]
    assert started["actor"] == "budi" and started["data"]["requester"] == "budi"
    assert completed["task"] is submit and completed["acting_for"] == "user:ani"
    assert completed["data"] == {"subject": "abc"}
    assert listener.events[-1][2]["data"] == {"result": "end_approved"}


def test_cancel_closes_open_items_and_emits_event(engine, session, listener, deployed):
    instance = start_revisi(engine, session)
    engine.cancel(session, instance.id, actor="admin", reason="salah input")
    session.commit()
    assert instance.status == "cancelled" and instance.ended_at is not None
    assert [i.state for i in instance_items(session, instance.id)] == ["cancelled"]
    assert listener.events[-1][0] == "instance_cancelled"
    assert listener.events[-1][2]["data"] == {"reason": "salah input"}
    assert instance.next_timer_at is None


def test_cancelled_instance_cannot_be_cancelled_or_completed(engine, session, deployed):
    instance = start_revisi(engine, session)
    item = open_items(session, instance.id)[0]
    engine.cancel(session, instance.id, actor="admin")
    with pytest.raises(InstanceNotRunning):
        engine.cancel(session, instance.id, actor="admin")
    with pytest.raises(TaskConflict):
        engine.complete(session, item.id, {"subject": "abc"}, actor="budi")


def test_failing_script_puts_instance_in_error_with_event(engine, session, listener, revisi_pkg):
    files = dict(revisi_pkg.files)
    files["process.bpmn"] = files["process.bpmn"].replace(b"reminded = True", b"reminded = 1 / 0")
    deploy(session, ModelPackage("revisi", MappingProxyType(files)))
    instance = start_revisi(engine, session)
    engine.clock.advance(days=2)
    engine.fire_due_timers(session)
    assert instance.status == "error" and "ZeroDivisionError" in instance.error
    assert listener.actions()[-1] == "instance_error"


def test_summary_and_started_fields_are_stored(engine, session, clock, deployed):
    instance = start_revisi(engine, session)
    instance.summary = {"perihal": "Cuti"}
    session.commit()
    session.expire_all()
    assert instance.summary == {"perihal": "Cuti"} and instance.started_by == "budi"
    assert instance.started_at == clock.now and "spec" not in instance.state


def test_retry_runs_an_errored_instance_again(engine, session, listener, revisi_pkg):
    files = dict(revisi_pkg.files)
    files["process.bpmn"] = files["process.bpmn"].replace(b"reminded = True", b"reminded = flaky()")
    deploy(session, ModelPackage("revisi", MappingProxyType(files)))
    calls = []

    def flaky():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("layanan sementara tidak tersedia")
        return True

    engine.helpers["flaky"] = flaky
    instance = start_revisi(engine, session)
    engine.clock.advance(days=2)
    engine.fire_due_timers(session)
    assert instance.status == "error"
    engine.retry(session, instance.id, actor="admin")
    assert instance.status == "running" and instance.error is None
    assert "remind" in instance.path and listener.actions()[-1] == "instance_retried"
