"""The public verification endpoints have a budget per client address: past it, 429 with
Retry-After, a JSON error in the API and a Bahasa Indonesia page in the browser. Each test lowers
the limit for itself and calls from its own address (the suite's own limits are set high)."""
from __future__ import annotations

import io

import pytest


@pytest.fixture
def low_limits(app, monkeypatch):
    monkeypatch.setitem(app.config, "VERIFY_TOKEN_RATE_LIMIT", "3/minute")
    monkeypatch.setitem(app.config, "VERIFY_UPLOAD_RATE_LIMIT", "2/minute")


def _from(address: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": address}}


def test_token_lookups_past_the_limit_are_429_with_retry_after(client, low_limits):
    me, other = _from("198.51.100.21"), _from("198.51.100.22")
    for _ in range(2):
        assert client.get("/api/v1/verify/bukan-token", **me).status_code == 404
    assert client.get("/verify/bukan-token", **me).status_code == 404  # page and API share the budget
    refused = client.get("/api/v1/verify/bukan-token", **me)
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    body = refused.get_json()
    assert body["error"] == "too many requests" and abs(body["retry_after"] - int(refused.headers["Retry-After"])) <= 1
    assert "Terlalu banyak permintaan dari alamat Anda" in body["message"]
    page = client.get("/verify/bukan-token", **me)
    assert page.status_code == 429 and "Retry-After" in page.headers
    assert "Terlalu banyak permintaan dari alamat Anda. Coba lagi dalam" in page.get_data(as_text=True)
    assert client.get("/api/v1/verify/bukan-token", **other).status_code == 404  # another address is not held


def test_uploads_past_the_limit_are_429_on_the_page_and_the_api_alike(client, low_limits):
    me = _from("198.51.100.31")

    def upload(path):
        return client.post(path, data={"file": (io.BytesIO(b"bukan pdf"), "x.pdf")},
                           content_type="multipart/form-data", **me)

    assert upload("/api/v1/verify").status_code == 415
    assert upload("/verify").status_code == 415
    assert upload("/api/v1/verify").status_code == 429
    page = upload("/verify")
    assert page.status_code == 429 and "Terlalu banyak permintaan" in page.get_data(as_text=True)
    assert client.get("/verify", **me).status_code == 200  # the empty form is not limited


def test_the_limits_default_to_ten_uploads_and_sixty_lookups_a_minute(monkeypatch):
    from eoffice import create_app

    for name in ("VERIFY_UPLOAD_RATE_LIMIT", "VERIFY_TOKEN_RATE_LIMIT", "RATELIMIT_STORAGE_URI"):
        monkeypatch.delenv(name, raising=False)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["VERIFY_UPLOAD_RATE_LIMIT"] == "10/minute"
    assert app.config["VERIFY_TOKEN_RATE_LIMIT"] == "60/minute"
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"


def test_production_counts_in_redis_shared_by_every_web_process():
    from eoffice.app.config import from_environment

    config = from_environment({"EOFFICE_PROFILE": "production", "REDIS_URL": "redis://cache:6379/3"})
    assert config["RATELIMIT_STORAGE_URI"] == "redis://cache:6379/3"
    assert from_environment({})["RATELIMIT_STORAGE_URI"] == "memory://"
