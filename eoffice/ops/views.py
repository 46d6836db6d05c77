"""Probes for load balancers and orchestrators, and the Prometheus scrape endpoint.

These answer without a login (like /static): a probe carries no user. They reveal no data.
/metrics is for the scraper: with EOFFICE_METRICS_TOKEN it wants `Authorization: Bearer <token>`,
with EOFFICE_METRICS_ALLOW (addresses or CIDRs) it answers clients from those networks; with both,
either will do. Outside production, with neither, it is open; production refuses to start
without one of them (`eoffice.app.profile`), and would refuse every scrape if it did.
"""
from __future__ import annotations

import hmac

from flask import Blueprint, Response, current_app, jsonify, request
from flask_babel import gettext as _

from eoffice.app.celery_app import setting
from eoffice.core.http import address_in, networks
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
    refusal = _scrape_refusal()
    if refusal is not None:
        return refusal
    return Response(metrics.exposition(current_app.config.get("REDIS_URL") or None),
                    mimetype=metrics.CONTENT_TYPE)


def _scrape_refusal():
    """None when this client may scrape, else the JSON refusal (401 asks for the token)."""
    config = current_app.config
    token, allow = setting(config, "METRICS_TOKEN", ""), setting(config, "METRICS_ALLOW", "")
    presented = request.headers.get("Authorization", "").encode("utf-8", "surrogateescape")
    if token and hmac.compare_digest(presented, f"Bearer {token}".encode()):
        return None
    if allow and _from_allowed_network(allow):
        return None
    if not token and not allow and config.get("PROFILE") != "production":
        return None
    if token:
        return (jsonify(error="authentication required",
                        message=_("Metrik memerlukan token pembaca (Authorization: Bearer).")),
                401, {"WWW-Authenticate": "Bearer"})
    return jsonify(error="forbidden", message=_("Alamat ini tidak diizinkan membaca metrik.")), 403


def _from_allowed_network(allow: str) -> bool:
    try:
        return address_in(request.remote_addr, networks(allow))
    except ValueError:  # a bad list admits nobody (production refuses to start with one)
        return False
