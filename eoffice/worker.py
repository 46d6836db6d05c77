"""Celery entry point: `celery -A eoffice.worker worker` and `celery -A eoffice.worker beat`.

Builds the Flask app from the environment (same variables as the web processes) and binds
the Celery app to it; each task runs in that app's context.
"""
from __future__ import annotations

from celery import signals

from eoffice import create_app
from eoffice.app.celery_app import celery

flask_app = create_app()  # not named `app`: `celery -A` would take a Flask object for the Celery app


@signals.worker_process_init.connect
def _fresh_connections(**_kw):
    """A forked pool process must not share its parent's database connections."""
    from eoffice.app.extensions import db

    with flask_app.app_context():
        db.engine.dispose(close=False)


@signals.worker_process_shutdown.connect
def _metrics_process_dead(pid=None, **_kw):
    import os

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid or os.getpid())


__all__ = ["celery", "flask_app"]
