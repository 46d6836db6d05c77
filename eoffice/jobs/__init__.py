"""Background jobs that are safe to run twice: idempotency keys, retries with backoff, timer firing.

Celery delivers at least once (a job whose worker died is delivered again), so a job's effect
is made to happen once by committing it together with a `job_run` row keyed by an idempotency
key (`run_once`). `job(name, key=…)` registers such a task with retries and backoff.
"""
from eoffice.jobs.idempotency import JobOutcome, already_done, run_once
from eoffice.jobs.registry import TRANSIENT_ERRORS, job

__all__ = ["JobOutcome", "TRANSIENT_ERRORS", "already_done", "job", "run_once"]
