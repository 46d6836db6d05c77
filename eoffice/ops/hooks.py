"""Request plumbing of operations: latency metrics, JSON access logs, a clean 503 when the database drops."""
from __future__ import annotations

import re
import time

from flask import Flask, g, jsonify, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError, PendingRollbackError

from eoffice.app.celery_app import setting
from eoffice.app.extensions import db
from eoffice.ops import logs, metrics

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def init_app(app: Flask) -> None:
    json_logs = setting(app.config, "LOG_JSON", "1" if app.config.get("PROFILE") == "production" else "0")
    logs.init_app(app, json_logs.lower() in {"1", "true", "yes", "on"})
    app.before_request(_start_timer)
    app.after_request(_record_request)
    # PendingRollbackError: the connection broke earlier in this request and something caught it
    for error in (OperationalError, InterfaceError, DisconnectionError, PendingRollbackError):
        app.register_error_handler(error, _database_unavailable)


def _start_timer() -> None:
    g.ops_started = time.perf_counter()
    # the id comes from the client or the proxy: keep it only when it is short and plain
    if not _REQUEST_ID.match(g.get("request_id") or ""):
        import uuid

        g.request_id = uuid.uuid4().hex


def _record_request(response):
    started = g.get("ops_started")
    if started is not None:
        rule = request.url_rule.rule if request.url_rule is not None else "unmatched"
        metrics.observe_request(request.method, rule, response.status_code, time.perf_counter() - started)
        logs.log_request(response, started)
    response.headers["X-Request-ID"] = g.get("request_id", "")
    return response


def _database_unavailable(exc):
    """The database connection failed mid-request: nothing was committed; answer 503, retry later."""
    from flask import current_app

    try:
        db.session.rollback()
    except Exception:  # the connection is gone; dropping the session is enough
        pass
    db.session.remove()
    current_app.logger.warning("database unavailable: %s", type(exc).__name__, exc_info=exc)
    headers = {"Retry-After": "1"}
    message = _("Basis data sedang tidak dapat dihubungi. Silakan coba lagi sebentar lagi.")
    if request.path.startswith("/api/"):
        return jsonify(error="service unavailable", message=message), 503, headers
    return render_template("error.html", title=_("Layanan sedang tidak tersedia"), message=message,
                           errors=[]), 503, headers
