"""The sign-in page works in a real browser, on a phone-sized screen too, with local assets only."""
from __future__ import annotations

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def test_staff_signs_in_and_sees_their_name(page, live_server):
    sign_in(page, live_server, "staf.egov1")
    assert "Rudi Hartono" in page.inner_text("[data-testid=whoami]")


def test_login_page_fits_a_phone_screen_and_loads_no_remote_assets(phone_page, live_server):
    remote = []
    phone_page.on("request", lambda r: remote.append(r.url) if not r.url.startswith(live_server) else None)
    phone_page.goto(f"{live_server}/login")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    assert remote == []
    assert phone_page.evaluate("getComputedStyle(document.querySelector('.btn-primary')).display") != ""


def test_wrong_password_shows_an_indonesian_message(page, live_server):
    page.goto(f"{live_server}/login")
    page.fill("#username", "staf.egov1")
    page.fill("#password", "salah")
    page.click("button[type=submit]")
    assert "Nama pengguna atau kata sandi salah" in page.inner_text(".alert-danger")


def test_a_content_security_policy_violation_is_noticed(page, live_server):
    """The watch the fixtures keep on every page works: an inline style is refused and reported."""
    page.goto(f"{live_server}/login")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<div style=\"color: red\">x</div>')")
    page.wait_for_timeout(200)
    assert any("style-src" in text for text in page.csp_violations)
    page.csp_violations.clear()
