"""The SPBE architecture in a real browser: the map shows each model across the six domains, a record
page shows the models implementing it, and an administrator registers a record through the form."""
from __future__ import annotations

import pytest

from tests.browser.conftest import sign_in, sign_out

pytestmark = pytest.mark.browser


def test_architecture_map_leads_from_a_model_to_its_records_and_back(page, live_server):
    sign_in(page, live_server, "kabid.aptika")
    page.goto(f"{live_server}/spbe/map")
    cuti = page.locator("#model-cuti")
    assert "Permohonan Cuti" in cuti.inner_text()
    for code in ("RAB.09.06.01", "RAL.02.07.01", "RAD.02.03.01", "RAA.01.03.01", "RAI.01.01.01", "RAK.01.01.01"):
        assert code in cuti.inner_text()
    cuti.get_by_role("link", name="RAD.02.03.01").click()
    page.wait_for_url(f"{live_server}/spbe/records/RAD.02.03.01")
    assert "Data Cuti Pegawai" in page.inner_text("h1")
    assert "contoh" in page.inner_text("h1")  # sample data is flagged
    assert page.locator("[data-testid=record-metrics]").count() == 1
    assert "cuti" in page.inner_text("main")
    page.goto(f"{live_server}/spbe/matrix")
    assert page.locator("[data-testid=matrix] tbody tr").count() >= 3
    sign_out(page, live_server)


def test_administrator_registers_a_record_with_the_form(page, live_server):
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server}/spbe/records/new")
    page.select_option("#domain", "RAK")
    page.fill("#code", "RAK.01.01.02")
    page.fill("#name", "Autentikasi Dua Faktor")
    page.fill("[data-domain=RAK] #attr_standard", "SNI ISO/IEC 27001:2022 A.8.5")
    page.fill("#links", "RAA.01.03.01")
    page.click("button:has-text('Simpan')")
    page.wait_for_url(f"{live_server}/spbe/records/RAK.01.01.02")
    assert "Autentikasi Dua Faktor" in page.inner_text("h1")
    page.goto(f"{live_server}/spbe/?domain=RAK")
    assert "RAK.01.01.02" in page.inner_text("[data-testid=spbe-records]")
