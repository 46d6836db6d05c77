"""In a real browser, tata naskah dinas: an undangan is drafted with its event fields and signed; the
signed letter reaches its internal recipient's Naskah masuk without an agenda number, and the
tembusan recipient's Tembusan list with an unread count that goes down once it is read."""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import sign_in, sign_out

pytestmark = pytest.mark.browser

EVENT = {"hari_tanggal": "Senin, 19 Januari 2026", "waktu": "09.00 WIB", "tempat": "Aula Diskominfo",
         "acara": "Rapat evaluasi SPBE"}
SUBJECT = "Undangan rapat evaluasi SPBE"


def _draft_and_sign_undangan(page, live_server) -> str:
    sign_in(page, live_server, "kabid.aptika")
    page.goto(f"{live_server}/outgoing/new")
    assert not page.locator("[data-testid=type-fields-surat_undangan]").is_visible()
    page.select_option("#type", "surat_undangan")
    assert page.locator("[data-testid=type-fields-surat_undangan]").is_visible()
    assert not page.locator("[data-testid=type-fields-surat_tugas]").is_visible()
    page.fill("#subject", SUBJECT)
    page.fill("#body", "Dengan hormat,\nkami mengundang Bapak/Ibu pada:")
    for name, value in EVENT.items():
        page.fill(f"#surat_undangan-{name}", value)
    page.select_option("#recipient_positions", label="Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia")
    page.select_option("#tembusan_positions", label="Sekretaris Daerah")
    page.select_option("#signer_position_id", label="Kepala Dinas Komunikasi dan Informatika")
    page.click("[data-testid=submit-draft]")
    page.wait_for_url(re.compile(r".*/outgoing/\d+$"))
    letter_url = page.url
    for name, value in EVENT.items():
        assert page.inner_text(f"[data-field={name}]") == value
    sign_out(page, live_server)
    sign_in(page, live_server, "kadis.kominfo")
    page.goto(letter_url)
    page.fill("#passphrase", "tte-demo")
    with page.expect_navigation():
        page.click("[data-testid=sign]")
    assert page.get_attribute("[data-testid=status]", "data-status") == "signed"
    return page.inner_text("[data-testid=number]")


def test_undangan_drafted_with_its_fields_reaches_naskah_masuk_and_tembusan(page, live_server):
    number = _draft_and_sign_undangan(page, live_server)

    # internal recipient: directly in Naskah masuk, marked internal, no agenda number
    sign_out(page, live_server)
    sign_in(page, live_server, "kadis.bkpsdm")
    page.goto(f"{live_server}/letters/box/masuk")
    row = page.locator("[data-testid=box-masuk-list] a", has_text=SUBJECT)
    assert row.count() == 1 and row.locator("[data-testid=internal-badge]").count() == 1
    assert row.locator("[data-testid=agenda]").inner_text() == "–"
    row.click()
    assert page.locator("[data-testid=internal-badge]").is_visible()
    assert page.inner_text("[data-testid=agenda]") == "–" and number in page.content()

    # tembusan: unread count 1, reading it brings the count down; no task appears
    sign_out(page, live_server)
    sign_in(page, live_server, "sekda")
    page.goto(f"{live_server}/letters/")
    assert page.inner_text("[data-testid=tembusan-unread]") == "1"
    page.click("[data-testid=box-tembusan]")
    row = page.locator("[data-testid=box-tembusan-list] a", has_text=SUBJECT)
    assert row.get_attribute("data-read") == "no"
    row.click()
    assert page.locator("[data-testid=tembusan-badge]").is_visible()
    page.goto(f"{live_server}/letters/box/tembusan")
    assert page.inner_text("[data-testid=tembusan-unread]") == "0"
    assert page.locator("[data-testid=box-tembusan-list] a", has_text=SUBJECT).get_attribute("data-read") == "yes"
    page.goto(f"{live_server}/inbox")
    assert SUBJECT not in page.content()
