"""Plugs model administration into the process runtime: versions in the model detail, no starts when retired."""
from __future__ import annotations

from flask import Flask

from eoffice.admin import services


def enrich_model_detail(session, detail: dict) -> None:
    """Adds `"versions": [...]` (newest first) and `"retired"` to GET /api/v1/process-models/<id>."""
    detail["versions"] = services.versions_of(session, detail["id"])
    detail["retired"] = services.is_retired(session, detail["id"])


def init_app(app: Flask) -> None:
    from eoffice.app.capabilities import module

    hooks = module("processes", "hooks")
    if hooks is None:
        return
    enrichers = getattr(hooks, "MODEL_ENRICHERS", None)
    if enrichers is not None and enrich_model_detail not in enrichers:
        enrichers.append(enrich_model_detail)
    start_checks = getattr(hooks, "START_CHECKS", None)
    if start_checks is not None and services.refuse_retired not in start_checks:
        start_checks.append(services.refuse_retired)
