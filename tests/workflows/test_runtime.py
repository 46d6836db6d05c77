"""Start, complete, forms and results of a simple process on SQLite."""
from __future__ import annotations

import pytest

from workflows.errors import FormInvalid, ModelNotFound, TaskConflict
from workflows.workitems import open_items, ready_items

from .conftest import start_revisi


def test_start_creates_ready_submit_item_for_requester(engine, session, deployed):
    instance = start_revisi(engine, session)
    session.commit()
    items = ready_items(session, [("user", "budi")])
    assert [i.task_name for i in items] == ["submit"]
    assert items[0].instance_id == instance.id
    assert items[0].lane == "Pemohon"
    assert instance.status == "running" and instance.business_key == "letter:12"


def test_complete_submit_then_approve_completes_instance_with_result(engine, session, deployed):
    instance = start_revisi(engine, session)
    submit = open_items(session, instance.id)[0]
    completion = engine.complete(session, submit.id, {"subject": "Cuti tahunan"}, actor="budi")
    assert [i.task_name for i in completion.next_items] == ["review"]
    review = completion.next_items[0]
    assert {(c.kind, c.value) for c in review.candidates} == {("position", "12"), ("role", "sekretaris")}
    done = engine.complete(session, review.id, {"decision": "approve"}, actor="siti", acting_for="position:12")
    session.commit()
    assert done.instance.status == "completed"
    assert done.instance.result == "end_approved"
    assert done.next_items == []
    assert review.state == "completed" and review.completed_by == "siti"
    assert review.acting_for == "position:12"


def test_start_with_unknown_model_raises_model_not_found(engine, session, deployed):
    with pytest.raises(ModelNotFound):
        engine.start(session, "tidak-ada", {}, started_by="budi")


def test_start_form_errors_are_field_messages(engine, session, deployed):
    with pytest.raises(FormInvalid) as info:
        engine.start(session, "revisi", {"requester": "budi"}, started_by="budi")
    assert info.value.errors == [{"field": "reviewer_position", "message": "wajib diisi"}]


def test_complete_with_invalid_form_keeps_item_ready(engine, session, deployed):
    instance = start_revisi(engine, session)
    submit = open_items(session, instance.id)[0]
    with pytest.raises(FormInvalid) as info:
        engine.complete(session, submit.id, {"subject": "ab"}, actor="budi")
    assert info.value.errors[0]["field"] == "subject"
    assert submit.state == "ready"


def test_date_order_rule_rejects_end_before_start(engine, session, deployed):
    instance = start_revisi(engine, session)
    submit = open_items(session, instance.id)[0]
    data = {"subject": "Cuti", "start_date": "2024-03-10", "end_date": "2024-03-08"}
    with pytest.raises(FormInvalid) as info:
        engine.complete(session, submit.id, data, actor="budi")
    assert info.value.errors == [{"field": "end_date",
                                  "message": "Tanggal selesai tidak boleh sebelum tanggal mulai"}]


def test_repeated_completion_raises_task_conflict(engine, session, deployed):
    instance = start_revisi(engine, session)
    submit = open_items(session, instance.id)[0]
    engine.complete(session, submit.id, {"subject": "Cuti tahunan"}, actor="budi")
    session.commit()
    with pytest.raises(TaskConflict):
        engine.complete(session, submit.id, {"subject": "Cuti tahunan"}, actor="budi")


def test_start_with_items_gives_the_ready_items_and_stores_the_summary_in_one_insert(engine, session, deployed):
    from sqlalchemy import event

    statements = []
    listener = lambda *args: statements.append(args[2].split()[0])  # noqa: E731
    event.listen(session.get_bind(), "before_cursor_execute", listener)
    try:
        started = engine.start_with_items(session, "revisi", {"requester": "budi", "reviewer_position": 12},
                                          started_by="budi", summary={"requester_name": "Budi"})
        session.flush()
    finally:
        event.remove(session.get_bind(), "before_cursor_execute", listener)
    assert [i.task_name for i in started.next_items] == ["submit"]
    assert started.next_items == open_items(session, started.instance.id)
    assert started.instance.summary == {"requester_name": "Budi"} and started.instance.lock_version == 1
    assert "UPDATE" not in statements
