"""Model administration in the runtime: versions in the model detail, no starts while retired."""
from __future__ import annotations

from eoffice.admin import services
from eoffice.app.plugins import Plugin


def enrich_model_detail(session, detail: dict) -> None:
    """Adds `"versions": [...]` (newest first) and `"retired"` to GET /api/v1/process-models/<id>."""
    detail["versions"] = services.versions_of(session, detail["id"])
    detail["retired"] = services.is_retired(session, detail["id"])


PLUGIN = Plugin("admin", model_enrichers=(enrich_model_detail,), start_checks=(services.refuse_retired,))
