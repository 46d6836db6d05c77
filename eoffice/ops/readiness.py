"""Readiness: can this process reach its database and its broker right now?"""
from __future__ import annotations

from sqlalchemy import text

from eoffice.app.extensions import db


def check_database() -> str:
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return "ok"
    except Exception as exc:  # any failure means "not ready"; the reason goes in the answer
        return f"error: {type(exc).__name__}"


def check_broker(config) -> str:
    if config.get("CELERY_EAGER") or not config.get("REDIS_URL"):
        return "ok (eager, no broker)"
    from eoffice.ops.metrics import _redis

    try:
        _redis(config["REDIS_URL"]).ping()
        return "ok"
    except Exception as exc:
        return f"error: {type(exc).__name__}"


def readiness(config) -> tuple[bool, dict]:
    checks = {"database": check_database(), "broker": check_broker(config)}
    return all(v.startswith("ok") for v in checks.values()), checks
