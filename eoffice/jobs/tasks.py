"""The jobs this package schedules: fire due timers (every few seconds) and a test probe."""
from __future__ import annotations

import time

from flask import current_app

from eoffice.audit import services as audit_services
from eoffice.extensions import db
from eoffice.jobs import timers
from eoffice.jobs.registry import job


def _engine():
    """The app's engine (processes capability), or None while it is not installed."""
    from eoffice.capabilities import module

    runtime = module("processes", "runtime")
    return getattr(runtime, "get_engine", lambda: None)() if runtime else None


@job("eoffice.jobs.fire_due_timers")
def fire_due_timers(limit: int = 200) -> int:
    """Fire due BPMN timers; safe when several beat or worker processes run it at once."""
    engine = _engine()
    if engine is None:
        return 0
    return timers.fire_due_timers(db.session, engine, limit=limit)


@job("eoffice.jobs.probe", key=lambda key, seconds=0.0: f"probe:{key}")
def probe(key: str, seconds: float = 0.0) -> str:
    """A slow job with a visible effect (one audit event), for the killed-worker test.

    Counts its attempts in Redis (when configured), sleeps, then appends one audit event to
    the chain `ops.probe:<key>` in the same transaction as its `job_run` row.
    """
    url = current_app.config.get("REDIS_URL")
    if url:
        import redis

        redis.Redis.from_url(url).incr(f"eoffice:probe:{key}:attempts")
    time.sleep(seconds)
    audit_services.record(db.session, f"ops.probe:{key}", "ops.probe", data={"key": key})
    return key


@job("eoffice.jobs.resend_failed_email")
def resend_failed_email(limit: int = 100) -> int:
    """Hand e-mails that failed or whose sender died back to the notifications job (its outbox
    claim keeps sending idempotent); a no-op while notifications is not installed."""
    from eoffice.capabilities import module

    tasks = module("notifications", "tasks")
    resend = getattr(tasks, "resend_failed", None)
    return resend(limit) if resend else 0
