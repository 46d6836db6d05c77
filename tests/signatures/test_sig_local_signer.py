"""Local PAdES signing (B-B, B-T, visible, several signatures) checked by real validation."""

import io
from dataclasses import replace

import pytest
from pypdf import PdfReader

from signatures import (
    DevelopmentCARefused, LocalPadesSigner, Placement, Signer, SigningFailed, WrongPassphrase,
    verify_pdf,
)


def test_local_signer_satisfies_signer_protocol(local_signer):
    assert isinstance(local_signer, Signer)


def test_signed_pdf_is_pades_with_reason_location_and_embedded_chain(signed_pdf, pki):
    report = verify_pdf(signed_pdf, [pki.root.cert_pem])
    assert b"/ETSI.CAdES.detached" in signed_pdf
    (sig,) = report.signatures
    assert sig.reason == "Menyetujui surat" and sig.location == "Kota Tangerang"
    assert sig.trusted and not sig.timestamped


def test_wrong_passphrase_refuses_to_sign(plain_pdf, local_signer, head_credential, request_for):
    with pytest.raises(WrongPassphrase):
        local_signer.sign(plain_pdf, request_for(head_credential, passphrase="salah-sekali"))


def test_request_without_credential_is_refused(plain_pdf, local_signer, head_credential,
                                               request_for):
    request = request_for(head_credential)
    with pytest.raises(SigningFailed):
        local_signer.sign(plain_pdf, replace(request, credential=None))


def test_non_pdf_input_raises_signing_failed(local_signer, head_credential, request_for):
    with pytest.raises(SigningFailed):
        local_signer.sign(b"bukan pdf", request_for(head_credential))


def test_timestamped_signature_is_pades_b_t_with_trusted_timestamp(
        plain_pdf, timestamping_signer, head_credential, request_for, pki):
    signed = timestamping_signer.sign(plain_pdf, request_for(head_credential))
    (sig,) = verify_pdf(signed, [pki.root.cert_pem]).signatures
    assert sig.timestamped and sig.timestamp_trusted
    assert sig.signed_at is not None and sig.signed_at.tzinfo is not None


def test_second_signature_is_incremental_and_keeps_first_valid(
        signed_pdf, local_signer, secretary_credential, request_for, pki):
    twice = local_signer.sign(signed_pdf, request_for(secretary_credential))
    assert twice.startswith(signed_pdf)  # incremental update: earlier bytes untouched
    report = verify_pdf(twice, [pki.root.cert_pem])
    assert [s.signer_name for s in report.signatures] == [
        "Drs. Budi Santoso, M.Si.", "Siti Rahmawati, S.T."]
    assert report.intact and report.trusted and not report.modified_after_signing
    assert report.signatures[0].coverage == "entire_revision"
    assert report.signatures[1].coverage == "entire_file"


def test_visible_signature_gets_a_widget_on_the_requested_page(
        plain_pdf, local_signer, head_credential, request_for, pki):
    placement = Placement.at(2, (300, 80, 520, 140), qr_link="https://eoffice.example/verify/x")
    signed = local_signer.sign(plain_pdf, request_for(head_credential, placement=placement,
                                                      field_name="TTE-Kepala"))
    page2 = PdfReader(io.BytesIO(signed)).pages[1]
    widgets = [a.get_object() for a in page2.get("/Annots", [])]
    assert any(w.get("/T") == "TTE-Kepala" and w.get("/FT") == "/Sig" for w in widgets)
    assert [float(v) for v in widgets[0]["/Rect"]] == [300, 80, 520, 140]
    assert verify_pdf(signed, [pki.root.cert_pem]).trusted


def test_reusing_a_filled_field_name_raises_signing_failed(
        signed_pdf, local_signer, secretary_credential, request_for):
    with pytest.raises(SigningFailed):
        local_signer.sign(signed_pdf, request_for(secretary_credential, field_name="TTE1"))


def test_production_signer_refuses_development_credential(plain_pdf, head_credential,
                                                          request_for, pki):
    signer = LocalPadesSigner(chain_pem=(pki.root.cert_pem,), require_production=True)
    with pytest.raises(DevelopmentCARefused):
        signer.sign(plain_pdf, request_for(head_credential))


def test_placement_needs_page_and_a_proper_box():
    assert not Placement.invisible().visible and Placement(tag="#ttd#").visible
    with pytest.raises(ValueError):
        Placement(page=1)
    with pytest.raises(ValueError):
        Placement.at(0, (0, 0, 10, 10))
    with pytest.raises(ValueError):
        Placement.at(1, (100, 100, 50, 150))


def test_sign_request_repr_hides_passphrase_and_key(head_credential, request_for):
    text = repr(request_for(head_credential))
    assert "kata-sandi" not in text and "ENCRYPTED" not in text
