"""Optimistic locking: two sessions completing the same task — exactly one wins, never a second step."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

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


@pytest.mark.parametrize("same_content", [True, False])
def test_deploys_of_one_model_at_once_wait_for_each_other(make_session, revisi_pkg, same_content):
    """Two sessions deploy the model at once (its first deploy, both holding their transaction a
    while): no unique-constraint error; the same content is one version, new content the next number."""
    import time
    from types import MappingProxyType

    from workflows.models import ProcessModel, ProcessVersion
    from workflows.registry import ModelPackage
    from workflows.versions import deploy

    def package(i):
        if same_content:
            return revisi_pkg
        files = dict(revisi_pkg.files)
        files["model.toml"] = files["model.toml"].replace(b'title = "', f'title = "{i} '.encode(), 1)
        return ModelPackage(revisi_pkg.model_id, MappingProxyType(files))

    barrier, failures = threading.Barrier(2), []

    def worker(i):
        with make_session() as session:
            barrier.wait()
            try:
                deploy(session, package(i))
                time.sleep(0.2)
                session.commit()
            except Exception as exc:
                session.rollback()
                failures.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert failures == []
    with make_session() as check:
        numbers = sorted(check.scalars(select(ProcessVersion.number).where(ProcessVersion.model_id == revisi_pkg.model_id)))
        assert numbers == ([1] if same_content else [1, 2])
        assert check.get(ProcessModel, revisi_pkg.model_id).current_version_id is not None
