"""Timer events on the injectable clock: boundary timers (interrupting and not) with helper expressions."""
from __future__ import annotations

from datetime import timedelta

from workflows.workitems import instance_items, open_items

from .conftest import START, add_working_days, start_revisi


def _submit(engine, session, instance):
    submit = open_items(session, instance.id)[0]
    return engine.complete(session, submit.id, {"subject": "Cuti tahunan"}, actor="budi")


def test_review_due_date_uses_working_day_helper(engine, session, deployed):
    instance = start_revisi(engine, session)
    review = _submit(engine, session, instance).next_items[0]
    assert review.due_at == add_working_days(START, 2)


def test_next_timer_at_is_the_earliest_waiting_timer(engine, session, deployed):
    instance = start_revisi(engine, session)
    assert instance.next_timer_at == START + timedelta(days=1)  # the reminder on submit
    _submit(engine, session, instance)
    assert instance.next_timer_at == add_working_days(START, 3)  # the review deadline


def test_timers_do_not_fire_before_they_are_due(engine, session, clock, deployed):
    start_revisi(engine, session)
    clock.advance(hours=23)
    assert engine.fire_due_timers(session) == 0


def test_interrupting_boundary_timer_cancels_review_and_ends_expired(engine, session, clock, listener, deployed):
    instance = start_revisi(engine, session)
    review = _submit(engine, session, instance).next_items[0]
    clock.now = add_working_days(START, 3) + timedelta(minutes=1)
    assert engine.fire_due_timers(session) == 1
    session.commit()
    assert review.state == "cancelled"
    assert instance.status == "completed" and instance.result == "end_expired"
    assert "review_timer" in instance.path and "expire" in instance.path
    assert ("timer_fired", instance.id, {"data": {"element": "review_timer", "name": "Batas waktu periksa"}}) \
        in listener.events
    assert listener.actions()[-1] == "instance_completed"


def test_non_interrupting_timer_keeps_submit_open(engine, session, clock, deployed):
    instance = start_revisi(engine, session)
    clock.advance(days=1, minutes=1)
    assert engine.fire_due_timers(session) == 1
    session.commit()
    assert [i.task_name for i in open_items(session, instance.id)] == ["submit"]
    assert instance.status == "running" and "remind" in instance.path
    assert engine.instance_data(session, instance).get("subject") is None


def test_fired_timer_does_not_fire_twice(engine, session, clock, deployed):
    start_revisi(engine, session)
    clock.advance(days=1, minutes=1)
    assert engine.fire_due_timers(session) == 1
    assert engine.fire_due_timers(session) == 0


def test_completed_review_closes_its_timer(engine, session, clock, deployed):
    instance = start_revisi(engine, session)
    review = _submit(engine, session, instance).next_items[0]
    engine.complete(session, review.id, {"decision": "approve"}, actor="siti")
    clock.advance(days=30)
    assert engine.fire_due_timers(session) == 0
    assert instance.next_timer_at is None
    assert [i.state for i in instance_items(session, instance.id)] == ["completed", "completed"]


def test_fire_due_timers_at_an_explicit_instant(engine, session, clock, deployed):
    instance = start_revisi(engine, session)
    later = START + timedelta(days=1, minutes=1)
    assert engine.fire_due_timers(session, now=later) == 1
    assert "remind" in instance.path and clock.now == START
