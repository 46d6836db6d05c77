"""Health, readiness and metrics endpoints, request ids and the clean 503 when the database is gone."""
from __future__ import annotations

import json
import logging

import pytest

from eoffice import create_app

UNREACHABLE_PG = "postgresql+psycopg://nobody@127.0.0.1:1/nothing"


def _app_with(**overrides):
    config = {"TESTING": True, "SECRET_KEY": "test-secret-key-that-is-long-enough-for-hs256",
              "CELERY_EAGER": True, **overrides}
    app = create_app(config)
    return app


def _restore_celery(app):
    from eoffice.app import celery_app

    celery_app.init_app(app)


def test_healthz_answers_ok_while_the_process_runs(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_readyz_is_200_when_database_and_broker_answer(client):
    response = client.get("/readyz")
    body = response.get_json()
    assert response.status_code == 200
    assert body["status"] == "ready" and body["checks"]["database"] == "ok"


def test_readyz_is_503_json_when_database_is_unreachable(app):
    broken = _app_with(SQLALCHEMY_DATABASE_URI=UNREACHABLE_PG)
    try:
        with broken.app_context():
            response = broken.test_client().get("/readyz")
    finally:
        _restore_celery(app)
    assert response.status_code == 503
    assert response.get_json()["checks"]["database"].startswith("error")


def test_readyz_is_503_when_the_broker_is_unreachable(app, database_url):
    broken = _app_with(SQLALCHEMY_DATABASE_URI=database_url, REDIS_URL="redis://127.0.0.1:1/0",
                       CELERY_EAGER=False)
    try:
        with broken.app_context():
            response = broken.test_client().get("/readyz")
    finally:
        _restore_celery(app)
    assert response.status_code == 503
    body = response.get_json()
    assert body["checks"]["broker"].startswith("error") and body["checks"]["database"] == "ok"


def test_api_request_during_database_outage_gets_503_json_not_a_500_page(app):
    broken = _app_with(SQLALCHEMY_DATABASE_URI=UNREACHABLE_PG)
    try:
        with broken.app_context():
            response = broken.test_client().post(
                "/api/v1/auth/token", json={"username": "kadis.kominfo", "password": "eoffice-demo"})
    finally:
        _restore_celery(app)
    assert response.status_code == 503
    assert response.is_json and response.get_json()["error"] == "service unavailable"
    assert response.headers["Retry-After"] == "1"


def test_metrics_expose_request_latency_histogram_by_route(client):
    client.get("/healthz")
    text = client.get("/metrics").get_data(as_text=True)
    assert 'eoffice_http_request_duration_seconds_bucket{endpoint="/healthz"' in text
    assert "eoffice_work_items_completed_total" in text and "eoffice_job_failures_total" in text


def test_metrics_token_when_configured_is_required(app, client):
    app.config["METRICS_TOKEN"] = "scrape-me"
    try:
        assert client.get("/metrics").status_code == 401
        assert client.get("/metrics", headers={"Authorization": "Bearer scrape-me"}).status_code == 200
    finally:
        app.config.pop("METRICS_TOKEN")


@pytest.fixture
def production_metrics(app):
    """The test app answering /metrics as in the production profile, with settings to try."""
    saved = {k: app.config.get(k) for k in ("PROFILE", "METRICS_TOKEN", "METRICS_ALLOW")}

    def configure(token="", allow=""):
        app.config.update(PROFILE="production", METRICS_TOKEN=token, METRICS_ALLOW=allow)

    yield configure
    app.config.update(saved)


def _scrape(client, address="203.0.113.9", token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get("/metrics", headers=headers, environ_base={"REMOTE_ADDR": address})


def test_production_metrics_want_the_bearer_token(client, production_metrics):
    production_metrics(token="t" * 32)
    refused = _scrape(client)
    assert refused.status_code == 401 and refused.headers["WWW-Authenticate"] == "Bearer"
    assert refused.is_json and refused.get_json()["message"]
    assert _scrape(client, token="salah" * 8).status_code == 401
    assert _scrape(client, token="t" * 32).status_code == 200
    assert client.get("/metrics", headers={"Authorization": "Bearer \u00e9\u00e9"}).status_code == 401  # not a 500


def test_production_metrics_answer_only_the_allowed_networks(client, production_metrics):
    production_metrics(allow="10.0.0.0/8, 192.0.2.7")
    assert _scrape(client, "10.20.30.40").status_code == 200
    assert _scrape(client, "192.0.2.7").status_code == 200
    refused = _scrape(client, "203.0.113.9")
    assert refused.status_code == 403 and refused.get_json()["error"] == "forbidden"
    production_metrics(token="t" * 32, allow="10.0.0.0/8")  # either will do
    assert _scrape(client, "10.1.1.1").status_code == 200
    assert _scrape(client, "203.0.113.9", token="t" * 32).status_code == 200
    assert _scrape(client, "203.0.113.9").status_code == 401


def test_production_metrics_with_neither_setting_refuse_everyone(client, production_metrics):
    production_metrics()  # the profile refuses to start like this; if it ran, nobody would scrape
    assert _scrape(client, "127.0.0.1").status_code == 403


def test_response_carries_the_callers_request_id(client):
    response = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert response.headers["X-Request-ID"] == "abc-123"


def test_unsafe_request_id_is_replaced_with_a_fresh_one(client):
    response = client.get("/healthz", headers={"X-Request-ID": "bad id <script>" + "x" * 200})
    assert "<" not in response.headers["X-Request-ID"]
    assert len(response.headers["X-Request-ID"]) == 32


def test_json_log_line_carries_request_id_and_access_fields(app, client):
    from eoffice.ops.logs import ACCESS, JsonFormatter

    lines = []

    class Capture(logging.Handler):
        def emit(self, record):
            lines.append(JsonFormatter().format(record))

    handler, level = Capture(), ACCESS.level
    ACCESS.addHandler(handler)
    ACCESS.setLevel(logging.INFO)
    try:
        client.get("/login", headers={"X-Request-ID": "req-42"})
    finally:
        ACCESS.removeHandler(handler)
        ACCESS.setLevel(level)
    entry = json.loads(lines[-1])
    assert entry["request_id"] == "req-42" and entry["path"] == "/login"
    assert entry["status"] == 200 and entry["duration_ms"] >= 0 and entry["level"] == "INFO"
