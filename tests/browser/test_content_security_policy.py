"""The Content-Security-Policy breaks nothing: the pages people use load without a single
violation (scripts, styles, the process diagram, the verification page), and the menu still opens
on a phone (Bootstrap's script runs)."""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def _watch(page) -> list[str]:
    seen: list[str] = []
    page.on("console", lambda m: seen.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: seen.append(str(e)))
    return seen


def test_pages_load_without_policy_violations(page, live_server):
    violations = _watch(page)
    sign_in(page, live_server, "staf.egov1")
    page.goto(f"{live_server}/processes/cuti/start")
    page.select_option("#leave_type", "tahunan")
    page.fill("#start_date", "2026-03-02")
    page.fill("#end_date", "2026-03-04")
    page.fill("#reason", "Acara keluarga")
    page.click("[data-testid=submit]")
    page.wait_for_url(re.compile(r"/instances/\d+$"))
    assert page.locator("[data-testid=diagram] svg").count() == 1
    for path in ("/inbox", "/outgoing/new", "/outgoing/", "/requests", "/verify"):
        page.goto(f"{live_server}{path}")
    assert violations == []


def test_the_menu_opens_on_a_phone(phone_page, live_server):
    violations = _watch(phone_page)
    sign_in(phone_page, live_server, "staf.egov1")
    toggler = phone_page.locator(".navbar-toggler")
    toggler.click()
    phone_page.wait_for_selector(".navbar-collapse.show")
    assert violations == []
