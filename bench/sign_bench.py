"""Benchmark of the signatures package: render, sign (B-B, B-T), verify.

Run: ``python -m bench.sign_bench [--runs N]``. Prints medians and ratios against bare
pyHanko doing the same work on the same PDF in the same run. Target: sign B-B < 50 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import time

from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator.registry import SimpleCertificateStore

from signatures import (
    Kop, LetterDocument, LetterToken, LocalPadesSigner, LocalTimestampAuthority, Recipient,
    SignatureBlock, SignRequest, certificate_identity, generate_development_pki,
    generate_token_key, issue_signer_certificate, letter_fingerprint, make_timestamper,
    make_token, render_letter, sign_pdf, unlock_signing_key, validation_context,
    verification_url, verify_pdf,
)
from signatures.tsa import asn1_private_key

PASSPHRASE = "kata-sandi-bench-2026"
PARAGRAPH = ("Sehubungan dengan percepatan transformasi digital di lingkungan Pemerintah Kota "
             "Tangerang, bersama ini kami sampaikan hal-hal yang perlu ditindaklanjuti oleh "
             "seluruh perangkat daerah sesuai dengan ketentuan peraturan perundang-undangan. ")


def _once_ms(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def median_ms(fn, runs: int) -> float:
    fn()  # warm-up (imports, caches)
    return statistics.median(_once_ms(fn) for _ in range(runs))


def paired_ms(ours, baseline, runs: int) -> tuple[float, float]:
    """Medians of ``ours`` and ``baseline`` run alternately, so machine load hits both alike."""
    ours(), baseline()
    a, b = [], []
    for _ in range(runs):
        a.append(_once_ms(ours))
        b.append(_once_ms(baseline))
    return statistics.median(a), statistics.median(b)


def two_page_letter() -> LetterDocument:
    return LetterDocument(
        kind="surat_dinas",
        kop=Kop("Dinas Komunikasi dan Informatika", "Jl. Satria Sudirman No. 1, Kota Tangerang",
                phone="(021) 5584123", website="diskominfo.tangerangkota.go.id"),
        subject="Rapat Koordinasi Sistem Pemerintahan Berbasis Elektronik",
        body=tuple(PARAGRAPH * 3 for _ in range(7)),
        signature=SignatureBlock("Sekretaris", "Siti Rahmawati, S.T.", "198502022010012002",
                                 on_behalf_of="Kepala Dinas Komunikasi dan Informatika"),
        date=dt.date(2026, 1, 12), recipients=(Recipient("Kepala Dinas Pendidikan"),),
        number="000.8.3.3/15/DISKOMINFO/2026",
        copies=("Wali Kota Tangerang", "Sekretaris Daerah Kota Tangerang"))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args(argv).runs

    pki = generate_development_pki()
    credential = issue_signer_certificate(
        pki.root, "Siti Rahmawati, S.T.", "198502022010012002", "3671010101850002",
        "Sekretaris Dinas Komunikasi dan Informatika", "Dinas Komunikasi dan Informatika",
        passphrase=PASSPHRASE)
    key = unlock_signing_key(credential, PASSPHRASE, chain=(pki.root.cert_pem,))
    token_private, _ = generate_token_key()
    letter = two_page_letter()
    url = verification_url("https://eoffice.tangerangkota.go.id", make_token(
        LetterToken("surat-42", letter.number, letter_fingerprint(letter)), token_private))

    rendered = render_letter(letter, verification_url=url)
    pdf = rendered.pdf
    request = SignRequest(signer=certificate_identity(credential.cert_pem),
                          credential=credential, passphrase=PASSPHRASE)
    tsa = LocalTimestampAuthority(pki.tsa, chain_pem=(pki.root.cert_pem,))
    timestamper = make_timestamper(tsa)
    signer_bb = LocalPadesSigner(chain_pem=(pki.root.cert_pem,))
    signed = sign_pdf(pdf, request, key)
    roots = [pki.root.cert_pem]

    # Bare pyHanko: same key, same PDF, same PAdES profile, no wrapper of ours.
    bare_signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(key.certificate.public_bytes(
            serialization.Encoding.DER)),
        signing_key=asn1_private_key(key.private_key),
        cert_registry=SimpleCertificateStore.from_certs([asn1_x509.Certificate.load(
            key.chain[0].public_bytes(serialization.Encoding.DER))]))
    bare_meta = signers.PdfSignatureMetadata(field_name="Signature1", md_algorithm="sha256",
                                             subfilter=fields.SigSeedSubFilter.PADES)

    def bare_sign(ts=None):
        out = io.BytesIO()
        signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), bare_meta, bare_signer,
                         timestamper=ts, output=out)
        return out.getvalue()

    context = validation_context(roots)

    def bare_verify():
        sig = PdfFileReader(io.BytesIO(signed)).embedded_signatures[0]
        return validate_pdf_signature(sig, context)

    assert verify_pdf(signed, roots).valid and verify_pdf(bare_sign(), roots).intact

    figures = [
        ("render two-page letter (+QR)",
         median_ms(lambda: render_letter(letter, verification_url=url), runs), None),
        ("sign PAdES B-B (unlocked key)",
         *paired_ms(lambda: sign_pdf(pdf, request, key), bare_sign, runs)),
        ("sign PAdES B-T (local TSA)",
         *paired_ms(lambda: sign_pdf(pdf, request, key, timestamper=timestamper),
                    lambda: bare_sign(timestamper), runs)),
        ("unlock key (scrypt) + sign B-B",
         median_ms(lambda: signer_bb.sign(pdf, request), max(5, runs // 3)), None),
        ("verify (report)", *paired_ms(lambda: verify_pdf(signed, roots), bare_verify, runs)),
    ]
    print(f"signatures bench: {rendered.page_count}-page letter, {len(pdf)} bytes, "
          f"ECDSA P-256, median of {runs} runs")
    print(f"{'step':34} {'ours ms':>9} {'pyHanko ms':>11} {'ratio':>7}")
    for name, ours, bare in figures:
        base = f"{bare:11.1f} {ours / bare:7.2f}" if bare else f"{'-':>11} {'-':>7}"
        print(f"{name:34} {ours:9.1f} {base}")
    sign_ms = figures[1][1]
    print(f"target sign B-B < 50 ms: {'met' if sign_ms < 50 else 'MISSED'} ({sign_ms:.1f} ms)")


if __name__ == "__main__":
    main()
