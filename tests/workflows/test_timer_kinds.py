"""Intermediate duration timers with helper timedeltas and repeating (cycle) boundary timers."""
from __future__ import annotations

from datetime import timedelta

import pytest

from workflows.registry import load_model_dir
from workflows.runtime import Engine
from workflows.versions import deploy
from workflows.workitems import open_items

from .conftest import MODELS, START


@pytest.fixture
def pengingat_engine(session, clock, listener):
    deploy(session, load_model_dir(MODELS / "pengingat"))
    return Engine(helpers={"hours": lambda n: timedelta(hours=n)}, clock=clock, listener=listener)


def test_intermediate_timer_waits_for_helper_duration(pengingat_engine, session, clock):
    instance = pengingat_engine.start(session, "pengingat", {}, started_by="budi")
    assert open_items(session, instance.id) == [] and instance.waiting == ["wait"]
    assert instance.next_timer_at == START + timedelta(hours=2)
    clock.advance(hours=2)
    assert pengingat_engine.fire_due_timers(session) == 1
    [item] = open_items(session, instance.id)
    assert item.task_name == "tindak" and item.due_at == clock.now + timedelta(hours=8)


def test_cycle_boundary_timer_fires_each_period_and_keeps_task_open(pengingat_engine, session, clock, listener):
    instance = pengingat_engine.start(session, "pengingat", {}, started_by="budi")
    clock.advance(hours=2)
    pengingat_engine.fire_due_timers(session)
    fired = []
    for _ in range(4):
        clock.advance(hours=1, seconds=1)
        fired.append(pengingat_engine.fire_due_timers(session))
    assert fired == [1, 1, 0, 0]
    assert [e[2]["data"]["element"] for e in listener.events if e[0] == "timer_fired"] == [
        "wait", "every_hour", "every_hour"]
    [item] = open_items(session, instance.id)
    pengingat_engine.complete(session, item.id, {}, actor="staf1")
    assert instance.status == "completed" and instance.result == "end"
