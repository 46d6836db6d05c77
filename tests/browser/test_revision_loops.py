"""Every return-and-resubmit loop, in a real browser: cuti and surat tugas (the superior returns,
the requester revises and resubmits, the superior approves), an outgoing letter's paraf (a
verifier returns, the drafter revises on the letter page and resubmits, paraf again) and its
signature (a wrong passphrase is shown on the same form with the note kept; the signer returns
it, the drafter revises, the signer signs)."""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import sign_in, sign_out

pytestmark = pytest.mark.browser


def _as(page, base_url: str, login: str) -> None:
    sign_out(page, base_url)
    sign_in(page, base_url, login)


def _decide_from_inbox(page, base_url: str, decision: str, note: str = "") -> None:
    page.goto(f"{base_url}/inbox")
    page.click("[data-testid=inbox] a.list-group-item")
    page.check(f"#decision-{decision}")
    if note:
        page.fill("#note", note)
    with page.expect_navigation():
        page.click("[data-testid=submit]")


def _open_my_task(page, instance_url: str) -> None:
    page.goto(instance_url)
    with page.expect_navigation():
        page.click("[data-testid=open-task]")


def test_cuti_returned_revised_resubmitted_and_approved(page, live_server):
    sign_in(page, live_server, "staf.egov1")
    page.goto(f"{live_server}/processes/cuti/start")
    page.select_option("#leave_type", "tahunan")
    page.fill("#start_date", "2026-03-02")
    page.fill("#end_date", "2026-03-04")
    page.fill("#reason", "Acara keluarga")
    page.click("[data-testid=submit]")
    page.wait_for_url(re.compile(r"/instances/\d+$"))
    instance_url = page.url

    _as(page, live_server, "kasi.egov")
    _decide_from_inbox(page, live_server, "revise", "Sebutkan acara keluarganya")

    _as(page, live_server, "staf.egov1")
    _open_my_task(page, instance_url)
    assert "Sebutkan acara keluarganya" in page.inner_text("[data-testid=note]")
    assert page.input_value("#reason") == "Acara keluarga"  # the form is filled with the request
    assert page.input_value("#start_date") == "2026-03-02"
    page.fill("#reason", "Menghadiri pernikahan adik di Bandung")
    page.fill("#end_date", "2026-03-03")
    with page.expect_navigation():
        page.click("[data-testid=submit]")

    _as(page, live_server, "kasi.egov")
    page.goto(f"{live_server}/inbox")
    page.click("[data-testid=inbox] a.list-group-item")
    assert "Menghadiri pernikahan adik di Bandung" in page.inner_text("[data-testid=request]")
    page.check("#decision-approve")
    with page.expect_navigation():
        page.click("[data-testid=submit]")

    _as(page, live_server, "staf.egov1")
    page.goto(instance_url)
    assert page.inner_text("[data-testid=result]") == "Disetujui"
    assert page.inner_text("[data-testid=steps]").count("Selesai") == 3  # review, revise, review


def test_surat_tugas_returned_revised_resubmitted_and_approved(page, live_server):
    sign_in(page, live_server, "staf.egov1")
    page.goto(f"{live_server}/processes")
    page.click("[data-testid=start-surat_tugas]")
    page.fill("#purpose", "Menghadiri rapat koordinasi SPBE provinsi")
    page.fill("#destination", "Serang")
    page.fill("#start_date", "2026-12-07")
    page.fill("#end_date", "2026-12-08")
    page.select_option("#funding", "dpa_opd")
    page.click("[data-testid=submit]")
    page.wait_for_url(re.compile(r"/instances/\d+$"))
    instance_url = page.url

    _as(page, live_server, "kasi.egov")
    _decide_from_inbox(page, live_server, "revise", "Tuliskan kantor tujuannya")

    _as(page, live_server, "staf.egov1")
    _open_my_task(page, instance_url)
    assert "Tuliskan kantor tujuannya" in page.inner_text("[data-testid=note]")
    assert page.input_value("#destination") == "Serang"
    page.fill("#destination", "Serang, Kantor Gubernur Banten")
    with page.expect_navigation():
        page.click("[data-testid=submit]")

    _as(page, live_server, "kasi.egov")
    page.goto(f"{live_server}/inbox")
    page.click("[data-testid=inbox] a.list-group-item")
    assert "Kantor Gubernur Banten" in page.inner_text("[data-testid=request]")
    page.check("#decision-approve")
    with page.expect_navigation():
        page.click("[data-testid=submit]")

    _as(page, live_server, "staf.egov1")
    page.goto(instance_url)
    assert page.inner_text("[data-testid=result]") == "Disetujui"


def _draft(page, base_url: str, subject: str, signer: str = "Kepala Dinas Komunikasi dan Informatika") -> str:
    page.goto(f"{base_url}/outgoing/new")
    page.select_option("#type", "surat_dinas")
    page.fill("#subject", subject)
    page.fill("#body", "Dengan hormat,\n\nKami mengundang Bapak/Ibu pada rapat evaluasi SPBE.")
    page.select_option("#recipient_positions",
                       label="Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia")
    page.select_option("#signer_position_id", label=signer)
    page.click("[data-testid=submit-draft]")
    page.wait_for_url(re.compile(r".*/outgoing/\d+$"))
    return page.url


def _act(page, letter_url: str, button: str, note: str = "") -> None:
    page.goto(letter_url)
    if note:
        page.fill("#note", note)
    with page.expect_navigation():
        page.click(f"[data-testid={button}]")


def test_outgoing_paraf_returned_revised_on_the_letter_page_and_initialled_again(page, live_server):
    sign_in(page, live_server, "staf.egov1")
    letter_url = _draft(page, live_server, "Undangan rapat evaluasi SPBE")

    _as(page, live_server, "kasi.egov")
    _act(page, letter_url, "return", "Perihal kurang jelas: sebutkan tahunnya")
    assert page.locator("[data-testid=approve]").count() == 0

    _as(page, live_server, "staf.egov1")
    response = page.goto(letter_url)
    assert response.status == 200  # the returned letter's page used to answer 500
    assert "Perihal kurang jelas: sebutkan tahunnya" in page.inner_text("[data-testid=return-note]")
    assert "Kepala Seksi E-Government" in page.inner_text("[data-testid=return-note]")
    assert page.input_value("#subject") == "Undangan rapat evaluasi SPBE"
    page.fill("#subject", "Undangan rapat evaluasi SPBE 2026")
    page.fill("#note", "Tahun sudah ditambahkan")
    with page.expect_navigation():
        page.click("[data-testid=resubmit]")
    assert page.locator("[data-testid=resubmit]").count() == 0

    _as(page, live_server, "kasi.egov")
    page.goto(letter_url)
    assert page.inner_text("h1") == "Undangan rapat evaluasi SPBE 2026"
    _act(page, letter_url, "approve")
    _as(page, live_server, "kabid.aptika")
    _act(page, letter_url, "approve")
    _as(page, live_server, "kadis.kominfo")
    page.goto(letter_url)
    assert page.locator("[data-testid=sign]").count() == 1  # paraf complete: the signer's turn


def test_signer_mistypes_the_passphrase_then_returns_and_signs_the_revision(page, live_server):
    sign_in(page, live_server, "kabid.aptika")
    letter_url = _draft(page, live_server, "Pemberitahuan pemeliharaan jaringan")

    _as(page, live_server, "kadis.kominfo")
    page.goto(letter_url)
    page.fill("#passphrase", "bukan-frasa-sandi")
    page.fill("#note", "Sudah saya periksa")
    page.click("[data-testid=sign]")
    page.wait_for_selector("[data-testid=task-error]")
    assert "Frasa sandi tanda tangan salah. Sisa percobaan: 4." in page.inner_text("[data-testid=task-error]")
    assert page.input_value("#note") == "Sudah saya periksa"  # the note is kept
    assert page.input_value("#passphrase") == ""  # the passphrase is never sent back
    assert page.inner_text("[data-testid=number]") == "belum bernomor"
    page.fill("#note", "Cantumkan jadwal pemeliharaan")
    with page.expect_navigation():
        page.click("[data-testid=return]")

    _as(page, live_server, "kabid.aptika")
    page.goto(letter_url)
    assert "Cantumkan jadwal pemeliharaan" in page.inner_text("[data-testid=return-note]")
    assert "Cantumkan jadwal pemeliharaan" in page.inner_text("[data-testid=history]")
    page.fill("#body", "Dengan hormat,\n\nPemeliharaan jaringan dilaksanakan Sabtu, 7 Maret 2026.")
    with page.expect_navigation():
        page.click("[data-testid=resubmit]")

    _as(page, live_server, "kadis.kominfo")
    page.goto(letter_url)
    page.fill("#passphrase", "tte-demo")
    with page.expect_navigation():
        page.click("[data-testid=sign]")
    assert re.fullmatch(r"000\.8\.3\.3/\d+/DISKOMINFO/\d{4}", page.inner_text("[data-testid=number]"))
