"""Firing due BPMN timers safely from any number of beat and worker processes.

Each due instance is fired in its own transaction after locking its row with
`SELECT … FOR UPDATE SKIP LOCKED` (PostgreSQL): a second worker skips an instance another one
is firing, and re-reads it after that commit (the timer is no longer due). On SQLite, which
has no row locks, the instance's optimistic lock (`lock_version`) makes the slower of two
firings fail with `TaskConflict` and roll back. Either way no timer fires twice.
"""
from __future__ import annotations

import logging

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from workflows.errors import TaskConflict
from workflows.models import ProcessInstance

log = logging.getLogger(__name__)


def fire_due(session: Session, engine, limit: int = 200) -> int:
    """Fire every due timer (one transaction per instance); returns how many timers fired."""
    due = engine.due_instances(session, limit=limit)
    session.rollback()
    fired = 0
    for instance_id in due:
        fired += fire_instance_timers(session, engine, instance_id)
    return fired


def fire_instance_timers(session: Session, engine, instance_id: int) -> int:
    """Lock one instance (skipping it when another process holds it), fire its timers, commit."""
    try:
        locked = session.get(ProcessInstance, instance_id, populate_existing=True,
                             with_for_update={"skip_locked": True})
        if locked is None or locked.status != "running":
            session.rollback()
            return 0
        fired = engine.fire_timers(session, instance_id)
        session.commit()
        return fired
    except (TaskConflict, StaleDataError):  # completed meanwhile; the next run sees the new state
        session.rollback()
        return 0
    except Exception:
        session.rollback()
        log.exception("firing timers of instance %s failed", instance_id)
        return 0
