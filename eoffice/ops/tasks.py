"""The operations probe: a slow job with a visible effect, for the killed-worker test."""
from __future__ import annotations

import time

from flask import current_app

from eoffice.app.extensions import db
from eoffice.audit import services as audit_services
from eoffice.jobs.registry import job


@job("eoffice.jobs.probe", key=lambda key, seconds=0.0: f"probe:{key}")
def probe(key: str, seconds: float = 0.0) -> str:
    """Counts its attempts in Redis (when configured), sleeps, then appends one audit event to
    the chain `ops.probe:<key>` in the same transaction as its `job_run` row.
    """
    url = current_app.config.get("REDIS_URL")
    if url:
        import redis

        redis.Redis.from_url(url).incr(f"eoffice:probe:{key}:attempts")
    time.sleep(seconds)
    audit_services.record(db.session, f"ops.probe:{key}", "ops.probe", data={"key": key})
    return key
