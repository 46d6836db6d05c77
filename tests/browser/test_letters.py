"""Incoming letter in a real browser: register → dispose → report → close, with CSRF on."""
from __future__ import annotations

import pytest

from tests.browser.conftest import sign_in, sign_out
from tests.eoffice.letters.helpers import sample_pdf

pytestmark = pytest.mark.browser


def _open_letter_from_register(page, base, subject):
    page.goto(f"{base}/letters/")
    page.click(f"text={subject}")
    page.wait_for_selector("[data-testid=subject]")


def test_register_dispose_report_close(page, live_server, tmp_path):
    base, subject = live_server, "Undangan rapat koordinasi SPBE"
    scan = tmp_path / "surat.pdf"
    scan.write_bytes(sample_pdf())

    sign_in(page, base, "tu.kominfo")
    page.goto(f"{base}/letters/new")
    page.set_input_files("#file", str(scan))
    page.fill("#sender", "Kementerian Komunikasi dan Digital")
    page.fill("#letter_number", "B-77/KOMDIGI/2026")
    page.fill("#letter_date", "2026-11-20")
    page.fill("#received_date", "2026-11-23")
    page.fill("#subject", subject)
    page.select_option("#classification", "000.1.2")
    page.click("[data-testid=register-form] button[type=submit]")
    page.wait_for_selector("[data-testid=agenda]")
    assert page.inner_text("[data-testid=subject]") == subject
    sign_out(page, base)

    sign_in(page, base, "kadis.kominfo")
    _open_letter_from_register(page, base, subject)
    form = page.locator("[data-testid=dispose-form]").first
    form.get_by_label("Kepala Bidang Aplikasi Informatika").check()
    form.get_by_label("Siapkan jawaban").check()
    form.locator("textarea[name=note]").fill("Siapkan bahan paparan")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=Disposisi dikirim.")
    assert "Siapkan bahan paparan" in page.inner_text("[data-testid=tree]")
    sign_out(page, base)

    sign_in(page, base, "kabid.aptika")
    _open_letter_from_register(page, base, subject)
    assert "Dibaca" in page.inner_text("[data-testid=tree]")
    page.locator("[data-testid=report-form] textarea[name=report]").fill("Bahan paparan sudah siap")
    page.locator("[data-testid=report-form] button[type=submit]").click()
    page.wait_for_selector("text=Laporan tindak lanjut dikirim.")
    sign_out(page, base)

    sign_in(page, base, "kadis.kominfo")
    _open_letter_from_register(page, base, subject)
    assert "Bahan paparan sudah siap" in page.inner_text("[data-testid=tree]")
    page.locator("[data-testid=close-form] button[type=submit]").click()
    page.wait_for_selector("text=Surat diselesaikan dan diarsipkan.")
    assert page.inner_text("[data-testid=retention]").strip() != "–"
    with page.expect_download() as download:
        page.evaluate("url => { const a = document.createElement('a'); a.href = url; a.download = 'x.pdf'; "
                      "document.body.appendChild(a); a.click(); }",
                      page.get_attribute("[data-testid=sheet]", "href"))
    assert download.value.path().read_bytes().startswith(b"%PDF")


def test_a_wrong_upload_shows_a_clear_error(page, live_server, tmp_path):
    fake = tmp_path / "surat.pdf"
    fake.write_bytes(b"this is not a pdf")
    sign_in(page, live_server, "tu.kominfo")
    page.goto(f"{live_server}/letters/new")
    page.set_input_files("#file", str(fake))
    for selector, value in (("#sender", "PT Contoh"), ("#letter_number", "1/2026"), ("#letter_date", "2026-11-20"),
                            ("#received_date", "2026-11-23"), ("#subject", "Uji")):
        page.fill(selector, value)
    page.select_option("#classification", "000.1.2")
    page.click("[data-testid=register-form] button[type=submit]")
    page.wait_for_selector("text=Berkas harus berupa PDF.")
