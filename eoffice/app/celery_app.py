"""The Celery application: eager in-process on the embedded default, Redis broker in production.

Workers start with `celery -A eoffice.worker worker`, the scheduler with `celery -A eoffice.worker
beat`; every task runs inside the Flask app context. Delivery is at-least-once (`acks_late`,
`reject_on_worker_lost`: a job whose worker dies is delivered again), so every job is written to
be idempotent (see `eoffice.jobs`).
"""
from __future__ import annotations

from pathlib import Path

from celery import Celery, Task
from flask import Flask, has_app_context



class AppContextTask(Task):
    def __call__(self, *args, **kwargs):
        if has_app_context():
            return self.run(*args, **kwargs)
        with self.app.flask_app.app_context():
            return self.run(*args, **kwargs)


celery = Celery("eoffice", task_cls=AppContextTask)
celery.flask_app = None


def setting(config, key: str, default: str) -> str:
    """A deployment setting: the app config (tests) first, then the environment `EOFFICE_<key>`."""
    import os

    if config.get(key) is not None:
        return str(config[key])
    return os.environ.get(f"EOFFICE_{key}", default)


def beat_schedule(config) -> dict:
    """The periodic jobs: fire due timers every few seconds; every few minutes re-send failed
    e-mail and checkpoint the audit trail."""
    timer_every = float(setting(config, "TIMER_INTERVAL_SECONDS", "5"))
    checkpoint_every = float(setting(config, "AUDIT_CHECKPOINT_SECONDS", "300"))
    return {
        "fire-due-timers": {"task": "eoffice.jobs.fire_due_timers", "schedule": timer_every,
                            "options": {"expires": max(timer_every * 2, 10)}},
        "resend-failed-email": {"task": "eoffice.jobs.resend_failed_email",
                                "schedule": float(setting(config, "EMAIL_RESEND_SECONDS", "300")),
                                "options": {"expires": 300}},
        "audit-checkpoint": {"task": "eoffice.audit.checkpoint", "schedule": checkpoint_every,
                             "options": {"expires": max(checkpoint_every, 60)}},
    }


def init_app(app: Flask) -> Celery:
    redis_url = app.config.get("REDIS_URL") or ""
    visibility = int(setting(app.config, "VISIBILITY_TIMEOUT", "3600"))
    transport = {"visibility_timeout": visibility}
    prefix = setting(app.config, "BROKER_KEYPREFIX", "")
    if prefix:  # several offices (or test stacks) sharing one Redis database keep apart
        transport["global_keyprefix"] = prefix
    celery.conf.update(
        broker_url=redis_url or "memory://",
        result_backend=redis_url or None,
        task_always_eager=app.config["CELERY_EAGER"],
        task_eager_propagates=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_acks_on_failure_or_timeout=True,
        worker_prefetch_multiplier=1,
        # A job unacknowledged this long (its worker died) is delivered again.
        broker_transport_options=transport,
        result_backend_transport_options=transport,
        result_expires=24 * 3600,
        broker_connection_retry_on_startup=True,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        timezone="Asia/Jakarta",
        enable_utc=True,
        worker_hijack_root_logger=False,
        beat_schedule=beat_schedule(app.config),
        beat_schedule_filename=str(Path(app.config["VAR_DIR"]) / "celerybeat-schedule"),
    )
    celery.flask_app = app
    app.extensions["celery"] = celery
    _import_tasks()
    return celery


def _import_tasks() -> None:
    """Every capability's `tasks` module registers its jobs (processes: timers, audit: checkpoints, …)."""
    from eoffice.app.capabilities import modules

    modules("tasks")
