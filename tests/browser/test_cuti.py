"""A leave request in a real browser: staff submits, the head of section approves, staff sees it done;
the pages fit a phone screen (375×740) without horizontal scrolling."""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import sign_in, sign_out

pytestmark = pytest.mark.browser


def _submit_leave(page, base_url: str) -> str:
    page.goto(f"{base_url}/processes")
    page.click("[data-testid=start-cuti]")
    page.select_option("#leave_type", "tahunan")
    page.fill("#start_date", "2026-03-02")
    page.fill("#end_date", "2026-03-04")
    page.fill("#reason", "Menghadiri pernikahan adik")
    page.click("[data-testid=submit]")
    page.wait_for_url(re.compile(r"/instances/\d+$"))
    return page.url


def test_staff_requests_leave_head_of_section_approves_staff_sees_it_completed(page, live_server):
    sign_in(page, live_server, "staf.egov1")
    instance_url = _submit_leave(page, live_server)
    assert page.text_content("[data-testid=status]") == "Berjalan"
    sign_out(page, live_server)

    sign_in(page, live_server, "kasi.egov")
    page.goto(f"{live_server}/inbox")
    page.click("[data-testid=inbox] a.list-group-item")
    assert "Menghadiri pernikahan adik" in page.inner_text("[data-testid=request]")
    assert page.locator("[data-testid=diagram] svg").count() == 1
    page.check("#decision-approve")
    page.click("[data-testid=submit]")
    page.wait_for_load_state()
    sign_out(page, live_server)

    sign_in(page, live_server, "staf.egov1")
    page.goto(f"{live_server}/requests")
    assert "Selesai" in page.text_content("[data-testid^=request-]")
    page.goto(instance_url)
    assert page.text_content("[data-testid=result]") == "Disetujui"
    assert "kasi.egov" in page.inner_text("[data-testid=steps]")


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_leave_pages_fit_a_phone_screen(phone_page, live_server):
    sign_in(phone_page, live_server, "staf.egov1")
    for path in ("/processes", "/processes/cuti/start", "/requests", "/inbox"):
        phone_page.goto(f"{live_server}{path}")
        assert _fits(phone_page), path
    instance_url = _submit_leave(phone_page, live_server)
    assert _fits(phone_page), instance_url
    sign_out(phone_page, live_server)
    sign_in(phone_page, live_server, "kasi.egov")
    phone_page.goto(f"{live_server}/inbox")
    assert _fits(phone_page)
    phone_page.click("[data-testid=inbox] a.list-group-item")
    assert _fits(phone_page), phone_page.url
    sign_out(phone_page, live_server)
    sign_in(phone_page, live_server, "auditor.inspektorat")
    phone_page.goto(f"{live_server}/audit")
    assert _fits(phone_page)
