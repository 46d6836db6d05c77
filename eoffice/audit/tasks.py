"""The audit job: checkpoint the events written since the last checkpoint (celery beat)."""
from __future__ import annotations

from flask import current_app

from eoffice.app.extensions import db
from eoffice.audit.checkpoints import checkpoint_now
from eoffice.jobs.registry import job


@job("eoffice.audit.checkpoint")
def checkpoint_job() -> int | None:
    """Periodic job (celery beat): checkpoint the audit events written since the last one."""
    cp = checkpoint_now(db.session, current_app.config)
    return cp.seq if cp else None
