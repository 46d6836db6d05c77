"""Plugs the SPBE registry into the process runtime: the deploy check and the model detail enricher."""
from __future__ import annotations

from flask import Flask

from eoffice.spbe.checks import deploy_check


def enrich_model_detail(session, detail: dict) -> None:
    """Adds `"spbe": {domain: [codes]}` of the model's current version to GET /process-models/<id>."""
    from eoffice.spbe.wiring import model_spbe

    detail["spbe"] = model_spbe(session, detail["id"])


def init_app(app: Flask) -> None:
    from eoffice.app.capabilities import module

    hooks = module("processes", "hooks")
    if hooks is None:
        return
    if deploy_check not in hooks.DEPLOY_CHECKS:
        hooks.DEPLOY_CHECKS.append(deploy_check)
    enrichers = getattr(hooks, "MODEL_ENRICHERS", None)
    if enrichers is not None and enrich_model_detail not in enrichers:
        enrichers.append(enrich_model_detail)
