"""Optimistic locking: two sessions completing the same task — exactly one wins, never a second step."""
from __future__ import annotations

import threading

import pytest

from workflows.errors import TaskConflict
from workflows.models import ProcessInstance, WorkItem
from workflows.workitems import instance_items, open_items

from .conftest import start_revisi


def _started(engine, make_session):
    with make_session() as setup:
        instance = start_revisi(engine, setup)
        setup.commit()
        return open_items(setup, instance.id)[0].id, instance.id, instance.lock_version


def _load(session, item_id):
    """Read the item and its instance, as a web request does before acting."""
    item = session.get(WorkItem, item_id)
    return item.instance.state


def test_stale_session_completing_after_another_raises_task_conflict(engine, make_session, deployed):
    item_id, instance_id, lock_before = _started(engine, make_session)
    with make_session() as first, make_session() as second:
        _load(first, item_id)
        _load(second, item_id)
        engine.complete(first, item_id, {"subject": "dari sesi satu"}, actor="budi")
        first.commit()
        with pytest.raises(TaskConflict):
            engine.complete(second, item_id, {"subject": "dari sesi dua"}, actor="budi")
        second.rollback()
    with make_session() as check:
        items = instance_items(check, instance_id)
        assert [(i.task_name, i.state, i.completed_by) for i in items] == [
            ("submit", "completed", "budi"), ("review", "ready", None)]
        assert check.get(ProcessInstance, instance_id).lock_version == lock_before + 1


def test_two_threads_completing_same_task_concurrently_exactly_one_succeeds(engine, make_session, deployed):
    item_id, instance_id, _ = _started(engine, make_session)
    barrier, outcomes = threading.Barrier(2), []

    def worker(name):
        with make_session() as session:
            _load(session, item_id)
            barrier.wait()
            try:
                engine.complete(session, item_id, {"subject": f"dari {name}"}, actor=name)
                session.commit()
                outcomes.append("ok")
            except TaskConflict:
                session.rollback()
                outcomes.append("conflict")

    threads = [threading.Thread(target=worker, args=(n,)) for n in ("ani", "budi")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["conflict", "ok"]
    with make_session() as check:
        items = instance_items(check, instance_id)
        assert [(i.task_name, i.state) for i in items] == [("submit", "completed"), ("review", "ready")]
