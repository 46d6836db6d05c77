"""verify_pdf: integrity, trust, changes after signing, damaged and unsigned files."""

import datetime as dt
import io
import json

from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner, SimpleSigner
from pyhanko_certvalidator.registry import SimpleCertificateStore

from signatures import LocalPadesSigner, issue_signer_certificate, unlock_signing_key, verify_pdf
from signatures.tsa import asn1_private_key


def test_signed_pdf_is_intact_and_trusted_under_development_root(signed_pdf, pki):
    report = verify_pdf(signed_pdf, [pki.root.cert_pem])
    assert report.signed and report.intact and report.trusted and report.valid
    assert not report.modified_after_signing


def test_report_names_signer_position_nip_issuer_and_validity(signed_pdf, pki):
    (sig,) = verify_pdf(signed_pdf, [pki.root.cert_pem]).signatures
    assert sig.signer_name == "Drs. Budi Santoso, M.Si."
    assert sig.position == "Kepala Dinas Komunikasi dan Informatika"
    assert sig.nip == "197501012000031001"
    assert sig.unit == "Dinas Komunikasi dan Informatika"
    assert "DEVELOPMENT" in sig.issuer and sig.development_certificate
    assert sig.valid_from < sig.signed_at < sig.valid_to
    assert sig.coverage == "entire_file" and sig.modification_level == "none"
    assert sig.intact and sig.valid and sig.trusted and not sig.problems


def test_flipping_one_signed_byte_makes_the_signature_not_intact(signed_pdf, pki):
    at = signed_pdf.index(b"Surat uji tanda tangan")
    tampered = bytearray(signed_pdf)
    tampered[at] ^= 0x01  # "S" -> "R": same length, still a parseable PDF
    report = verify_pdf(bytes(tampered), [pki.root.cert_pem])
    assert not report.intact and not report.valid
    assert not report.signatures[0].intact
    assert any("changed" in p for p in report.problems)


def test_incremental_update_after_signing_is_reported_as_modified(signed_pdf, pki):
    writer = IncrementalPdfFileWriter(io.BytesIO(signed_pdf))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/Rotate"] = generic.NumberObject(90)  # a visible change to the signed page
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    report = verify_pdf(out.getvalue(), [pki.root.cert_pem])
    assert report.intact  # the signed revision itself is unchanged...
    assert report.modified_after_signing  # ...but something was appended afterwards
    (sig,) = report.signatures
    assert sig.coverage == "entire_revision" and sig.modification_level == "other"
    assert not report.valid


def test_signature_under_untrusted_ca_is_not_trusted(plain_pdf, other_pki, request_for, pki):
    stranger = issue_signer_certificate(
        other_pki.root, "Orang Lain", "199001012015011001", "3671010101900003", "Staf",
        "Dinas Lain", passphrase="kata-sandi-lain-1")
    signer = LocalPadesSigner(chain_pem=(other_pki.root.cert_pem,))
    signed = signer.sign(plain_pdf, request_for(stranger, passphrase="kata-sandi-lain-1"))
    report = verify_pdf(signed, [pki.root.cert_pem])
    assert report.intact and not report.trusted
    assert not report.signatures[0].trusted
    assert verify_pdf(signed, [other_pki.root.cert_pem]).trusted


def test_unsigned_pdf_is_reported_as_not_signed(plain_pdf, pki):
    report = verify_pdf(plain_pdf, [pki.root.cert_pem])
    assert not report.signed and not report.intact and not report.valid
    assert report.problems


def test_garbage_bytes_give_a_report_not_an_exception(pki):
    report = verify_pdf(b"%PDF-1.7\nrusak", [pki.root.cert_pem])
    assert not report.intact and not report.signed
    assert "not a readable PDF" in report.problems[0]


def test_report_as_dict_is_json_ready(signed_pdf, pki):
    data = verify_pdf(signed_pdf, [pki.root.cert_pem]).as_dict()
    text = json.dumps(data)
    assert data["valid"] is True and data["signatures"][0]["nip"] == "197501012000031001"
    assert "signed_at" in text and isinstance(data["signatures"][0]["valid_to"], str)


def test_validation_after_certificate_expiry_is_not_trusted(signed_pdf, pki):
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=365 * 3)
    report = verify_pdf(signed_pdf, [pki.root.cert_pem], moment=later)
    assert report.intact and not report.trusted  # a B-B signature needs a valid cert today


def test_content_change_smuggled_into_a_later_signature_is_reported(
        signed_pdf, secretary_credential, pki):
    key = unlock_signing_key(secretary_credential, "kata-sandi-ttd-2026",
                             chain=(pki.root.cert_pem,))
    writer = IncrementalPdfFileWriter(io.BytesIO(signed_pdf))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/Rotate"] = generic.NumberObject(180)
    writer.update_container(page)
    out = io.BytesIO()
    PdfSigner(PdfSignatureMetadata(field_name="TTE2", subfilter=SigSeedSubFilter.PADES),
              SimpleSigner(asn1_x509.Certificate.load(key.certificate.public_bytes(
                  serialization.Encoding.DER)), asn1_private_key(key.private_key),
                  SimpleCertificateStore())).sign_pdf(writer, output=out)
    report = verify_pdf(out.getvalue(), [pki.root.cert_pem])
    first, second = report.signatures
    assert first.modified_after_signing and first.modification_level == "other"
    assert not second.modified_after_signing
    assert report.modified_after_signing and not report.valid


def test_update_rewriting_an_object_unchanged_is_not_a_change(signed_pdf, pki):
    writer = IncrementalPdfFileWriter(io.BytesIO(signed_pdf))
    page = writer.root["/Pages"]["/Kids"][1].get_object()
    writer.update_container(page)  # same object, same content, new revision
    out = io.BytesIO()
    writer.write(out)
    report = verify_pdf(out.getvalue(), [pki.root.cert_pem])
    (sig,) = report.signatures
    assert report.revisions == 3 and sig.coverage == "entire_revision"
    assert sig.modification_level in ("none", "lta_updates")  # pyHanko: harmless
    assert not report.modified_after_signing and report.valid
