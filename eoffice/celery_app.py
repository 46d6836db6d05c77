"""The Celery application: eager in-process on the embedded default, Redis broker in production.

Workers start with `celery -A eoffice.worker worker`; every task runs inside the Flask app context.
"""
from __future__ import annotations

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


def init_app(app: Flask) -> Celery:
    redis_url = app.config.get("REDIS_URL") or ""
    celery.conf.update(
        broker_url=redis_url or "memory://",
        result_backend=redis_url or None,
        task_always_eager=app.config["CELERY_EAGER"],
        task_eager_propagates=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_transport_options={"visibility_timeout": 300},
        task_serializer="json",
        accept_content=["json"],
        timezone="Asia/Jakarta",
        enable_utc=True,
    )
    celery.flask_app = app
    app.extensions["celery"] = celery
    return celery
