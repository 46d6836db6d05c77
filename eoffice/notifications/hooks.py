"""E-mails leave only after the use case's transaction committed; the runtime's reminders notify."""
from __future__ import annotations

from flask import Flask
from sqlalchemy import event
from sqlalchemy.orm import Session

_installed = False


def _after_commit(session) -> None:
    if session.info.get("eoffice.outbox"):
        from eoffice.notifications.tasks import dispatch_pending

        dispatch_pending(session)


def _after_rollback(session) -> None:
    session.info.pop("eoffice.outbox", None)


def init_app(app: Flask) -> None:
    global _installed
    from eoffice.notifications import services, tasks  # noqa: F401  (registers the Celery task)
    from eoffice.processes import hooks

    hooks.REMINDER_NOTIFIER = services.remind
    if not _installed:
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", lambda s, _tx: _after_rollback(s))
        _installed = True
