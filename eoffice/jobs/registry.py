"""`job(name, key=…)`: register an idempotent Celery task, retried with exponential backoff.

    @job("notifications.send_email", key=lambda notification_id: f"email:{notification_id}")
    def send_email(notification_id): ...          # writes through db.session, never commits

With a key the body runs inside `run_once` (its effect commits once per key); without one the
body must be idempotent by itself (e.g. timer firing under row locks) and commits its own work.
Transient failures (database or broker connection lost, timeouts) are retried with backoff.
"""
from __future__ import annotations

import smtplib
from typing import Callable

from redis.exceptions import ConnectionError as RedisConnectionError, TimeoutError as RedisTimeoutError
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError

from eoffice.app.celery_app import celery
from eoffice.app.extensions import db
from eoffice.jobs.idempotency import run_once

TRANSIENT_ERRORS = (OperationalError, InterfaceError, DisconnectionError, RedisConnectionError,
                    RedisTimeoutError, ConnectionError, TimeoutError, smtplib.SMTPServerDisconnected,
                    smtplib.SMTPConnectError)

RETRY_OPTIONS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 2,          # 2 s, 4 s, 8 s, … with jitter
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 8,
}


def job(name: str, *, key: Callable[..., str] | None = None, **options):
    """Decorate a function as the Celery task `name` (at-least-once delivery, effect once per key)."""

    def decorate(fn):
        def run(*args, **kwargs):
            try:
                if key is None:
                    return fn(*args, **kwargs)
                return run_once(db.session, key(*args, **kwargs), name, lambda: fn(*args, **kwargs)).result
            except BaseException:
                db.session.rollback()
                raise

        run.__name__, run.__doc__, run.__module__ = fn.__name__, fn.__doc__, fn.__module__
        return celery.task(name=name, **{**RETRY_OPTIONS, **options})(run)

    return decorate
