"""Browser tier: a real server on a seeded SQLite database (CSRF on) and Debian's Chromium via Playwright.

The server runs once per test worker; each test starts from the seeded data, restored from the
worker's template (`tests.conftest.SeededDatabase`). These tests fail (never skip) when Chromium
is missing: `make test` installs it. Every page a test opens must live with the app's
Content-Security-Policy: a violation Chromium reports fails the test.
"""
from __future__ import annotations

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

from tests.conftest import SeededDatabase

CHROMIUM = os.environ.get("EOFFICE_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
PHONE = {"width": 375, "height": 740}


@pytest.fixture(scope="session")
def _live_app(tmp_path_factory):
    from eoffice import create_app
    from eoffice.app.extensions import db

    base = tmp_path_factory.mktemp("live")
    app = create_app({
        "TESTING": False,
        "SECRET_KEY": "browser-test-secret-key-long-enough-123",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{base / 'live.sqlite'}",
        "STORAGE_DIR": str(base / "files"),
        "WTF_CSRF_ENABLED": True,
        "CELERY_EAGER": True,
        "PUBLIC_URL": "http://127.0.0.1",
        # every test shares one client address: limits high enough never to trip across tests
        # (tests of the limiter lower them for themselves and use their own address)
        "VERIFY_UPLOAD_RATE_LIMIT": "100000/minute",
        "VERIFY_TOKEN_RATE_LIMIT": "100000/minute",
    })
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    app.config["PUBLIC_URL"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, app.config["PUBLIC_URL"]
    server.shutdown()


@pytest.fixture(scope="session")
def _live_seeded(_live_app):
    return SeededDatabase(_live_app[0])


@pytest.fixture
def live_server(_live_app, _live_seeded):
    """Base URL of the running office, its data restored to the seeded template for this test."""
    _live_seeded.fresh()
    return _live_app[1]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert os.path.exists(CHROMIUM), f"Chromium not found at {CHROMIUM}; `make test` installs Debian's chromium"
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield instance
        instance.close()


def _watched_page(context):
    """A page whose Content-Security-Policy violations (Chromium's console reports) are collected."""
    pg = context.new_page()
    pg.set_default_timeout(15000)
    pg.csp_violations = []
    pg.on("console", lambda m: pg.csp_violations.append(m.text) if "Content Security Policy" in m.text else None)
    return pg


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    pg = _watched_page(context)
    yield pg
    context.close()
    assert pg.csp_violations == []


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="id-ID")
    pg = _watched_page(context)
    yield pg
    context.close()
    assert pg.csp_violations == []


def sign_in(page, base_url: str, username: str, password: str = "eoffice-demo") -> None:
    page.goto(f"{base_url}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def sign_out(page, base_url: str) -> None:
    page.context.clear_cookies()
