"""The work-item index: candidate normalisation and the inbox as one indexed query."""
from __future__ import annotations

import pytest
from sqlalchemy import event

from workflows.workitems import candidate_keys, may_act, open_items, ready_items

from .conftest import start_revisi


def test_candidate_values_normalise_to_kind_value_pairs():
    assert candidate_keys([12, "position:7", "user:budi", "role:sekretaris", 12]) == [
        ("position", "12"), ("position", "7"), ("user", "budi"), ("role", "sekretaris")]
    assert candidate_keys(None) == []


@pytest.mark.parametrize("bad", ["budi", "group:x", "user:", True, 1.5, {"a": 1}])
def test_unknown_candidate_values_are_refused(bad):
    with pytest.raises(ValueError):
        candidate_keys(bad)


def test_ready_items_matches_any_key_and_skips_other_people(engine, session, deployed):
    first = start_revisi(engine, session, requester="budi")
    start_revisi(engine, session, requester="ani")
    assert [i.instance_id for i in ready_items(session, [("user", "budi"), ("role", "tamu")])] == [first.id]
    assert ready_items(session, [("user", "cici")]) == []
    assert ready_items(session, []) == []


def test_ready_items_is_one_query_using_the_ready_candidate_index(engine, session, db_engine, deployed):
    for n in range(5):
        start_revisi(engine, session, requester=f"user{n}")
    session.commit()
    session.expunge_all()
    statements = []
    event.listen(db_engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    items = ready_items(session, [("user", "user3"), ("position", "99")])
    assert [i.instance.business_key for i in items] == ["letter:12"]
    assert len(statements) == 1
    if db_engine.dialect.name != "sqlite":
        return
    sql_plan = " ".join(str(r) for r in session.connection().exec_driver_sql(
        "EXPLAIN QUERY PLAN SELECT work_item_id FROM wf_work_item_candidate WHERE ready = 1 AND kind = ? AND value = ?",
        ("user", "user3")))
    assert "ix_wf_work_item_candidate_ready_key" in sql_plan


def test_may_act_checks_candidates(engine, session, deployed):
    instance = start_revisi(engine, session)
    item = open_items(session, instance.id)[0]
    assert may_act(item, [("user", "budi")]) and not may_act(item, [("user", "ani")])


def test_ready_work_items_have_a_partial_index_limited_to_the_ready_state(engine, session, db_engine, deployed):
    start_revisi(engine, session, requester="budi")
    session.commit()
    conn = session.connection()
    if db_engine.dialect.name == "sqlite":
        definition = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'ix_wf_work_item_ready'").scalar()
    else:
        definition = conn.exec_driver_sql(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_wf_work_item_ready'").scalar()
    assert "WHERE" in definition.upper() and "'ready'" in definition


def test_completed_items_leave_the_inbox_index_but_keep_their_candidates(engine, session, deployed):
    from sqlalchemy import select

    from workflows.models import WorkItemCandidate

    instance = start_revisi(engine, session, requester="budi")
    submit = open_items(session, instance.id)[0]
    engine.complete(session, submit.id, {"subject": "Cuti tahunan"}, actor="budi")
    session.commit()
    rows = session.execute(select(WorkItemCandidate.work_item_id, WorkItemCandidate.ready)).all()
    assert (submit.id, False) in rows  # history: budi was offered the submit task
    assert any(ready for item_id, ready in rows if item_id != submit.id)  # the review task is ready
    assert [i.id for i in ready_items(session, [("user", "budi")])] == []
    assert [i.task_name for i in ready_items(session, [("position", "12")])] == ["review"]
