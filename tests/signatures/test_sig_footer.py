"""The TTE footer names the certificate's real issuer and says so plainly for development."""

import io

from pypdf import PdfReader

from signatures import (
    BSRE_FOOTER, DEVELOPMENT_FOOTER, UU_ITE, issuer_label, render_letter, tte_footer, verify_pdf,
)
from signatures.render_letter import MARGIN_BOTTOM
from tests.signatures.test_sig_render import _letter

REAL_ISSUER = "Balai Besar Sertifikasi Elektronik"


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_footer_sentence_for_each_kind_of_issuer():
    assert tte_footer() == f"{BSRE_FOOTER} {UU_ITE}."  # former wording, plus UU ITE
    assert tte_footer(REAL_ISSUER) == (
        "Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik "
        f"yang diterbitkan oleh {REAL_ISSUER} {UU_ITE}.")
    dev = tte_footer("DEVELOPMENT Root CA e-Office")
    assert dev == f"{DEVELOPMENT_FOOTER}. Penerbit sertifikat: DEVELOPMENT Root CA e-Office."
    assert "(bukan BSrE)" in dev and "tidak sah untuk keperluan resmi" in dev
    assert "UU Nomor" not in dev  # no claim of conformity for a development signature
    assert tte_footer("CA Uji", development=True).startswith(DEVELOPMENT_FOOTER)
    assert tte_footer("DEVELOPMENT CA", development=False).endswith(f"{UU_ITE}.")


def test_default_footer_is_backward_compatible_on_every_page():
    pages = _pages(render_letter(_letter(paragraphs=12), verification_url="https://x/v/t").pdf)
    assert len(pages) >= 2
    assert all(BSRE_FOOTER in page and UU_ITE in page for page in pages)


def test_footer_names_the_given_issuer():
    pages = _pages(render_letter(_letter(paragraphs=12), issuer_label=REAL_ISSUER).pdf)
    assert all(f"diterbitkan oleh {REAL_ISSUER} {UU_ITE}." in page for page in pages)
    assert not any("diterbitkan oleh BSrE" in page or "PENGEMBANGAN" in page for page in pages)


def test_development_signer_gets_the_development_footer_and_the_letter_still_verifies(
        head_credential, local_signer, request_for, pki):
    label = issuer_label(head_credential.cert_pem)
    assert label == "DEVELOPMENT Root CA e-Office"
    rendered = render_letter(_letter(), verification_url="https://x/v/t", issuer_label=label)
    (page,) = _pages(rendered.pdf)
    assert DEVELOPMENT_FOOTER in page and f"Penerbit sertifikat: {label}." in page
    assert "diterbitkan oleh BSrE" not in page and "UU Nomor" not in page
    signed = local_signer.sign(rendered.pdf, request_for(head_credential))
    assert verify_pdf(signed, [pki.root.cert_pem]).valid


def test_footer_lines_sit_below_the_text_frame():
    reader = PdfReader(io.BytesIO(render_letter(_letter(), issuer_label=REAL_ISSUER).pdf))
    heights = []

    def visitor(text, cm, tm, font_dict, font_size):
        if text.strip() and ("UU Nomor" in text or "ditandatangani secara" in text
                             or "Transaksi" in text):
            heights.append(tm[5])

    reader.pages[0].extract_text(visitor_text=visitor)
    assert heights and all(5 < y < MARGIN_BOTTOM for y in heights), heights


def test_draft_has_no_footer_at_all():
    (page,) = _pages(render_letter(_letter(number=None), draft=True,
                                   issuer_label="DEVELOPMENT Root CA e-Office").pdf)
    assert "ditandatangani secara elektronik" not in page.lower() and "UU Nomor" not in page
