"""Prometheus metrics: request latency, work-item completions, jobs (done, failed, retried), queue depth.

With PROMETHEUS_MULTIPROC_DIR set (gunicorn, Celery prefork) every process writes its samples
to that directory and /metrics sums them; gunicorn.conf.py marks dead workers. Counting is a
few microseconds per request: no locks, no I/O on the request path.
"""
from __future__ import annotations

import os

from celery import signals
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)

REQUEST_SECONDS = Histogram(
    "eoffice_http_request_duration_seconds", "Time to answer an HTTP request.",
    ["method", "endpoint", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0))
WORK_ITEMS_COMPLETED = Counter("eoffice_work_items_completed_total", "Human tasks (work items) completed.")
INSTANCES_COMPLETED = Counter("eoffice_process_instances_completed_total", "Process instances that reached an end.")
JOBS_COMPLETED = Counter("eoffice_jobs_completed_total", "Background jobs that finished.", ["job"])
JOB_FAILURES = Counter("eoffice_job_failures_total", "Background jobs that failed for good.", ["job"])
JOB_RETRIES = Counter("eoffice_job_retries_total", "Background job attempts that will be retried.", ["job"])

CONTENT_TYPE = CONTENT_TYPE_LATEST


def multiprocess() -> bool:
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


def observe_request(method: str, endpoint: str, status: int, seconds: float) -> None:
    REQUEST_SECONDS.labels(method, endpoint, str(status)).observe(seconds)


# --- work items and instances: counted when the transaction that completed them commits --------
def _changed_to(obj, attribute: str, value: str) -> bool:
    history = inspect(obj).attrs[attribute].history
    return value in (history.added or ())


@event.listens_for(Session, "after_flush")
def _count_completions(session, _context) -> None:
    from workflows.models import ProcessInstance, WorkItem

    items = instances = 0
    for obj in session.dirty:
        if isinstance(obj, WorkItem) and _changed_to(obj, "state", "completed"):
            items += 1
        elif isinstance(obj, ProcessInstance) and _changed_to(obj, "status", "completed"):
            instances += 1
    if items or instances:
        pending = session.info.setdefault("eoffice_completions", [0, 0])
        pending[0] += items
        pending[1] += instances


@event.listens_for(Session, "after_commit")
def _commit_completions(session) -> None:
    pending = session.info.pop("eoffice_completions", None)
    if pending:
        WORK_ITEMS_COMPLETED.inc(pending[0])
        INSTANCES_COMPLETED.inc(pending[1])


@event.listens_for(Session, "after_rollback")
def _drop_completions(session) -> None:
    session.info.pop("eoffice_completions", None)


# --- jobs --------------------------------------------------------------------------------------
def _job_name(sender) -> str:
    return getattr(sender, "name", None) or str(sender)


@signals.task_success.connect
def _job_done(sender=None, **_kw):
    JOBS_COMPLETED.labels(_job_name(sender)).inc()


@signals.task_failure.connect
def _job_failed(sender=None, **_kw):
    JOB_FAILURES.labels(_job_name(sender)).inc()


@signals.task_retry.connect
def _job_retried(sender=None, **_kw):
    JOB_RETRIES.labels(_job_name(sender)).inc()


class QueueDepthCollector:
    """Jobs waiting in the Redis broker per queue, and jobs delivered but not yet acknowledged."""

    def __init__(self, redis_url: str, queues=("celery",)):
        self.redis_url, self.queues = redis_url, queues

    def collect(self):
        depth = GaugeMetricFamily("eoffice_job_queue_depth", "Jobs waiting in the broker.", labels=["queue"])
        unacked = GaugeMetricFamily("eoffice_jobs_unacked", "Jobs delivered to a worker, not yet acknowledged.")
        try:
            client = _redis(self.redis_url)
            pipe = client.pipeline()
            for queue in self.queues:
                pipe.llen(queue)
            pipe.hlen("unacked")
            *lengths, unacked_count = pipe.execute()
        except Exception:  # the broker being down must not break /metrics; /readyz reports it
            return
        for queue, length in zip(self.queues, lengths):
            depth.add_metric([queue], length)
        unacked.add_metric([], unacked_count)
        yield depth
        yield unacked


_clients: dict = {}


def _redis(url: str):
    import redis

    if url not in _clients:
        _clients[url] = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
    return _clients[url]


def exposition(redis_url: str | None) -> bytes:
    """The text exposition of every metric (summed over processes in multiprocess mode)."""
    if multiprocess():
        from prometheus_client import multiprocess as mp

        registry = CollectorRegistry()
        mp.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    out = generate_latest(registry)
    if redis_url:
        queue_registry = CollectorRegistry()
        queue_registry.register(QueueDepthCollector(redis_url))
        out += generate_latest(queue_registry)
    return out
