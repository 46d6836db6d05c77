"""E-mails leave only after the use case's transaction committed (the outbox is dispatched from
the session's after-commit event and forgotten on rollback)."""
from __future__ import annotations

from flask import Flask
from sqlalchemy import event
from sqlalchemy.orm import Session

from eoffice.notifications import tasks
from eoffice.notifications.services import PENDING_KEY


def _after_commit(session) -> None:
    if session.info.get(PENDING_KEY):
        tasks.dispatch_pending(session)


def _after_rollback(session, _transaction) -> None:
    session.info.pop(PENDING_KEY, None)


def init_app(app: Flask) -> None:
    # SQLAlchemy's own listener registry is process-wide; `contains` keeps a second app from
    # adding the same listener twice.
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", _after_rollback)
