"""In a real browser: a drafter drafts an outgoing letter, the verifiers initial it, the head signs
with the signing passphrase, and anyone verifies it from its QR link without logging in."""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import sign_in, sign_out

pytestmark = pytest.mark.browser



def test_draft_initial_sign_and_verify_in_the_browser(page, live_server):
    sign_in(page, live_server, "staf.egov1")
    page.goto(f"{live_server}/outgoing/new")
    page.select_option("#type", "surat_dinas")
    page.fill("#subject", "Undangan rapat evaluasi SPBE")
    page.fill("#body", "Dengan hormat,\n\nKami mengundang Bapak/Ibu pada rapat evaluasi SPBE.")
    page.select_option("#recipient_positions", label="Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia")
    page.select_option("#signer_position_id", label="Kepala Dinas Komunikasi dan Informatika")
    page.click("[data-testid=submit-draft]")
    page.wait_for_url(re.compile(r".*/outgoing/\d+$"))
    letter_url = page.url
    assert page.get_attribute("[data-testid=status]", "data-status") == "in_review"

    for login in ("kasi.egov", "kabid.aptika"):
        sign_out(page, live_server)
        sign_in(page, live_server, login)
        page.goto(letter_url)
        with page.expect_navigation():
            page.click("[data-testid=approve]")
        assert page.locator("[data-testid=approve]").count() == 0

    sign_out(page, live_server)
    sign_in(page, live_server, "kadis.kominfo")
    page.goto(letter_url)
    page.fill("#passphrase", "tte-demo")
    with page.expect_navigation():
        page.click("[data-testid=sign]")
    assert page.get_attribute("[data-testid=status]", "data-status") == "signed"
    number = page.inner_text("[data-testid=number]")
    assert re.fullmatch(r"000\.8\.3\.3/\d+/DISKOMINFO/\d{4}", number)
    verify = page.get_attribute("[data-testid=verify-link]", "href")

    fresh = page.context.browser.new_context()
    anonymous = fresh.new_page()
    anonymous.goto(verify)
    assert "Tanda tangan sah." in anonymous.inner_text("[data-testid=verdict]")
    assert anonymous.inner_text("[data-testid=letter-number]") == number
    fresh.close()
