"""Run an effect once per idempotency key: the effect and its `job_run` row commit together.

A job killed before its commit left nothing behind and runs again; a job delivered twice (or
two workers racing on one key) finds the row, or loses the primary-key race and rolls back.
The effect must only write through the given session and must not commit itself.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from eoffice.core import clock
from eoffice.jobs.models import JobRun


@dataclass(frozen=True)
class JobOutcome:
    ran: bool          # False when an earlier run had already committed the effect
    result: Any


def already_done(session: Session, key: str) -> bool:
    return session.get(JobRun, key) is not None


def run_once(session: Session, key: str, name: str, effect: Callable[[], Any]) -> JobOutcome:
    """Call `effect()` and commit it with the key's `job_run` row, unless the key is done."""
    done = session.get(JobRun, key)
    if done is not None:
        return JobOutcome(False, (done.result or {}).get("value"))
    try:
        value = effect()
        session.add(JobRun(key=key, name=name, finished_at=clock.now(), result={"value": _plain(value)}))
        session.commit()
    except IntegrityError:
        session.rollback()
        done = session.get(JobRun, key)
        if done is None:
            raise
        return JobOutcome(False, (done.result or {}).get("value"))
    except BaseException:
        session.rollback()
        raise
    return JobOutcome(True, value)


def _plain(value):
    """JSON-storable form of a job's return value (None, numbers, strings, lists, dicts)."""
    if value is None or isinstance(value, (bool, int, float, str, list, dict)):
        return value
    return str(value)
