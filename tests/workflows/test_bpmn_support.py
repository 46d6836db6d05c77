"""BPMN features the app's models rely on: parallel gateways, script tasks, parallel multi-instance user tasks."""
from __future__ import annotations

import pytest

from workflows.registry import load_model_dir
from workflows.versions import deploy
from workflows.workitems import open_items, ready_items

from .conftest import MODELS


@pytest.fixture
def paralel(session):
    version = deploy(session, load_model_dir(MODELS / "paralel"))
    session.commit()
    return version


def _start(engine, session, reviewers=("ani", "budi")):
    return engine.start(session, "paralel", {"reviewers": list(reviewers)}, started_by="sekretaris")


def test_parallel_split_opens_one_item_per_reviewer_and_the_other_branch(engine, session, paralel):
    instance = _start(engine, session)
    items = open_items(session, instance.id)
    assert sorted((i.task_name, c.value) for i in items for c in i.candidates) == [
        ("catat", "agendaris"), ("paraf", "ani"), ("paraf", "budi")]
    assert [i.title for i in ready_items(session, [("user", "ani")])] == ["Paraf"]


def test_join_waits_for_all_branches_then_script_sets_result(engine, session, paralel):
    instance = _start(engine, session)
    for item in open_items(session, instance.id):
        data = {"approved": True} if item.task_name == "paraf" else {"agenda_no": "001"}
        engine.complete(session, item.id, data, actor="x")
        if instance.status == "running":
            assert open_items(session, instance.id)
    assert instance.status == "completed"
    assert instance.result == "approved"
    data = engine.instance_data(session, instance)
    assert data["approvals"] == [True, True] and data["agenda_no"] == "001"


def test_one_rejection_in_multi_instance_gives_rejected(engine, session, paralel):
    instance = _start(engine, session, reviewers=("ani", "budi", "cici"))
    for item in open_items(session, instance.id):
        approved = item.candidates[0].value != "budi"
        engine.complete(session, item.id, {"approved": approved} if item.task_name == "paraf" else {}, actor="x")
    assert instance.result == "rejected"
    assert "join" in instance.path and "summarize" in instance.path
