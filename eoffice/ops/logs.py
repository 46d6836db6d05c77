"""Structured logs: one JSON object per line, carrying the request id of the request being served.

Enabled by EOFFICE_LOG_JSON=1 (default in the production profile). Every request also writes
one access line (method, path, status, duration, actor) on the `eoffice.access` logger.
"""
from __future__ import annotations

import json
import logging
import sys
import time

from flask import Flask, g, has_request_context, request

ACCESS = logging.getLogger("eoffice.access")
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON line: time, level, logger, message, request id, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        if has_request_context():
            entry["request_id"] = g.get("request_id")
        else:
            task = _current_task_id()
            if task:
                entry["task_id"] = task
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def _current_task_id() -> str | None:
    from celery import current_task

    request = getattr(current_task, "request", None) if current_task else None
    return getattr(request, "id", None)


def configure(level: str = "INFO") -> None:
    """Send the root logger's output to stderr as JSON lines (idempotent)."""
    root = logging.getLogger()
    if any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("gunicorn.error", "gunicorn.access", "celery"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True


def log_request(response, started: float) -> None:
    """The access line of one request (skipped for the probes, which run every few seconds)."""
    if request.path in ("/healthz", "/readyz", "/metrics") or not ACCESS.isEnabledFor(logging.INFO):
        return
    actor = g.get("actor")
    ACCESS.info("%s %s %s", request.method, request.path, response.status_code, extra={
        "method": request.method, "path": request.path, "status": response.status_code,
        "duration_ms": round((time.perf_counter() - started) * 1000, 2),
        "actor": getattr(actor, "login", None),
        "remote": request.headers.get("X-Forwarded-For", request.remote_addr)})


def init_app(app: Flask, enabled: bool) -> None:
    if enabled:
        configure(app.config.get("LOG_LEVEL", "INFO"))
        app.logger.handlers[:] = []
        app.logger.propagate = True

