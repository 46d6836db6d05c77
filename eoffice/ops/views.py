"""Probes for load balancers and orchestrators, and the Prometheus scrape endpoint.

These answer without a login (like /static): a probe carries no user. They reveal no data;
/metrics can be limited to a scraper with EOFFICE_METRICS_TOKEN (bearer token).
"""
from __future__ import annotations

import hmac

from flask import Blueprint, Response, current_app, jsonify, request

from eoffice.app.celery_app import setting
from eoffice.ops import metrics, readiness

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
def healthz():
    """200 whenever the process runs (liveness)."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    """200 when the database and the broker answer, else 503 with what failed."""
    ready, checks = readiness.readiness(current_app.config)
    return jsonify(status="ready" if ready else "unavailable", checks=checks), (200 if ready else 503)


@bp.get("/metrics")
def metrics_view():
    token = setting(current_app.config, "METRICS_TOKEN", "")
    if token and not hmac.compare_digest(request.headers.get("Authorization", ""), f"Bearer {token}"):
        return jsonify(error="authentication required"), 401
    return Response(metrics.exposition(current_app.config.get("REDIS_URL") or None),
                    mimetype=metrics.CONTENT_TYPE)
