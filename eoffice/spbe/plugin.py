"""The SPBE registry in the runtime: the deploy check (a model's links must name registered
records) and the model detail's `"spbe"` key."""
from __future__ import annotations

from eoffice.app.plugins import Plugin
from eoffice.spbe.checks import deploy_check
from eoffice.spbe.wiring import model_spbe


def enrich_model_detail(session, detail: dict) -> None:
    """Adds `"spbe": {domain: [codes]}` of the model's current version to GET /process-models/<id>."""
    detail["spbe"] = model_spbe(session, detail["id"])


PLUGIN = Plugin("spbe", deploy_checks=(deploy_check,), model_enrichers=(enrich_model_detail,))
