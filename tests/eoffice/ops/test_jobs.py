"""Idempotent jobs: an effect commits once per key, a failed attempt leaves nothing, retries back off."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from eoffice.audit import services as audit
from eoffice.audit.models import AuditEvent
from eoffice.jobs import TRANSIENT_ERRORS, run_once
from eoffice.jobs.models import JobRun


def _events(session, chain):
    return session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.chain == chain))


def test_effect_runs_once_per_key_and_second_run_returns_stored_result(db_session):
    calls = []

    def effect():
        calls.append(1)
        audit.record(db_session, "job-test", "effect")
        return 7

    first = run_once(db_session, "k1", "test.effect", effect)
    second = run_once(db_session, "k1", "test.effect", effect)
    assert (first.ran, first.result) == (True, 7)
    assert (second.ran, second.result) == (False, 7)
    assert len(calls) == 1 and _events(db_session, "job-test") == 1


def test_failed_attempt_leaves_no_effect_and_no_key_so_the_retry_runs(db_session):
    def failing():
        audit.record(db_session, "job-fail", "effect")
        raise ConnectionError("broker lost")

    with pytest.raises(ConnectionError):
        run_once(db_session, "k2", "test.effect", failing)
    assert _events(db_session, "job-fail") == 0 and db_session.get(JobRun, "k2") is None
    outcome = run_once(db_session, "k2", "test.effect", lambda: audit.record(db_session, "job-fail", "effect") and 1)
    assert outcome.ran and _events(db_session, "job-fail") == 1


def test_two_workers_racing_on_one_key_commit_the_effect_once(app, make_session):
    barrier, outcomes = threading.Barrier(2), []

    def worker():
        with app.app_context(), make_session() as session:
            def effect():  # both workers are past the "already done?" check before either writes
                barrier.wait(timeout=10)
                audit.record(session, f"race-{threading.get_ident()}", "effect")
                return "done"

            outcomes.append(run_once(session, "race-key", "test.race", effect).ran)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    with make_session() as check:
        chains = check.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.chain.like("race-%")))
        rows = check.scalar(select(func.count()).select_from(JobRun).where(JobRun.key == "race-key"))
    assert sorted(outcomes) == [False, True] and chains == 1 and rows == 1


def test_probe_job_runs_eagerly_and_a_redelivery_does_not_repeat_its_effect(db_session):
    from eoffice.ops.tasks import probe

    assert probe.delay("p1").get() == "p1"
    assert probe.delay("p1").get() == "p1"
    assert _events(db_session, "ops.probe:p1") == 1


def test_jobs_acknowledge_late_requeue_on_worker_loss_and_retry_transient_errors_with_backoff():
    from eoffice.audit.tasks import checkpoint_job
    from eoffice.ops.tasks import probe
    from eoffice.processes.tasks import fire_due_timers_job as fire_due_timers

    for task in (probe, fire_due_timers, checkpoint_job):
        assert task.acks_late and task.reject_on_worker_lost
        assert task.autoretry_for == TRANSIENT_ERRORS and task.retry_backoff and task.max_retries >= 5


def test_finished_jobs_are_counted_in_metrics(client, db_session):
    from eoffice.ops.tasks import probe

    probe.delay("metrics-probe").get()
    text = client.get("/metrics").get_data(as_text=True)
    assert 'eoffice_jobs_completed_total{job="eoffice.jobs.probe"}' in text


def test_worker_and_beat_share_one_celery_app_with_the_periodic_jobs():
    from eoffice.app.celery_app import celery

    schedule = celery.conf.beat_schedule
    assert schedule["fire-due-timers"]["task"] == "eoffice.jobs.fire_due_timers"
    assert schedule["fire-due-timers"]["schedule"] <= 10
    assert schedule["audit-checkpoint"]["task"] == "eoffice.audit.checkpoint"
    assert {"eoffice.jobs.fire_due_timers", "eoffice.audit.checkpoint"} <= set(celery.tasks)


def test_failed_email_resend_is_scheduled_and_runs_without_error():
    from eoffice.app.celery_app import celery
    from eoffice.notifications.tasks import resend_failed as resend_failed_email

    assert celery.conf.beat_schedule["resend-failed-email"]["task"] == "eoffice.jobs.resend_failed_email"
    assert resend_failed_email.delay().get() == 0
