"""The process jobs: fire due BPMN timers (celery beat, every few seconds)."""
from __future__ import annotations

from eoffice.jobs.registry import job
from eoffice.processes.runtime import fire_due_timers


@job("eoffice.jobs.fire_due_timers")
def fire_due_timers_job(limit: int = 200) -> int:
    """Fire due BPMN timers; safe when several beat or worker processes run it at once."""
    return fire_due_timers(limit=limit)
