"""Every route under /api/v1 is described in /api/v1/openapi.json."""
from __future__ import annotations

import re


def test_every_api_route_is_in_the_openapi_document(app, client):
    documented = client.get("/api/v1/openapi.json").get_json()["paths"]
    missing = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule[len("/api/v1"):])
        methods = {m.lower() for m in rule.methods - {"HEAD", "OPTIONS"}}
        if path not in documented or not methods <= set(documented[path]):
            missing.append((path, sorted(methods)))
    assert missing == []


def test_process_paths_are_documented_with_their_error_codes(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    complete = paths["/tasks/{work_item_id}/complete"]["post"]["responses"]
    assert {"200", "403", "404", "409", "422"} <= set(complete)
    assert "/instances/{instance_id}/audit" in paths and "/process-models/{model_id}/instances" in paths
