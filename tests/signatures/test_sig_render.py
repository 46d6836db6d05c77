"""Letters and disposition sheets rendered with reportlab, read back with pypdf."""

import datetime as dt
import io
from dataclasses import replace

import pytest
from pypdf import PdfReader

from signatures import verify_pdf
from signatures.errors import InvalidDocument
from signatures.letter import (
    BSRE_FOOTER, Kop, LetterDocument, Recipient, SignatureBlock, letter_fingerprint,
)
from signatures.qr import LetterToken, generate_token_key, make_token, read_token, verification_url
from signatures.render_disposition import (
    DispositionEntry, DispositionSheet, FollowUpReport, render_disposition_sheet,
)
from signatures.render_letter import render_letter

KOP = Kop("Dinas Komunikasi dan Informatika",
          "Jl. Satria Sudirman No. 1, Kota Tangerang, Banten 15111",
          phone="(021) 5584123", website="diskominfo.tangerangkota.go.id")
PARAGRAPH = ("Sehubungan dengan percepatan transformasi digital di lingkungan Pemerintah Kota "
             "Tangerang, bersama ini kami sampaikan hal-hal yang perlu ditindaklanjuti oleh "
             "seluruh perangkat daerah sesuai ketentuan yang berlaku. ")
NUMBER = "000.8.3.3/15/DISKOMINFO/2026"


def _letter(kind="surat_dinas", paragraphs=3, **kw):
    defaults = dict(
        kind=kind, kop=KOP, subject="Rapat Koordinasi SPBE",
        body=tuple(f"{PARAGRAPH * 2}({i})" for i in range(1, paragraphs + 1)),
        signature=SignatureBlock("Sekretaris", "Siti Rahmawati, S.T.", "198502022010012002",
                                 rank="Pembina (IV/a)",
                                 on_behalf_of="Kepala Dinas Komunikasi dan Informatika"),
        date=dt.date(2026, 1, 12), recipients=(Recipient("Kepala Dinas Pendidikan"),),
        number=NUMBER, copies=("Wali Kota Tangerang", "Sekretaris Daerah Kota Tangerang"))
    defaults.update(kw)
    return LetterDocument(**defaults)


def _pages_text(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def test_signature_block_lines_for_each_marker():
    dinas = "Kepala Dinas Komunikasi dan Informatika"
    assert SignatureBlock(dinas, "A").position_lines() == (f"{dinas},",)
    assert SignatureBlock("Sekretaris", "A", on_behalf_of=dinas).position_lines() == (
        f"a.n. {dinas}", "Sekretaris,")
    ub = SignatureBlock("Kepala Subbagian Umum", "A", on_behalf_of="Wali Kota Tangerang",
                        via_position="Sekretaris Daerah")
    assert ub.position_lines() == ("a.n. Wali Kota Tangerang", "Sekretaris Daerah", "u.b.",
                                   "Kepala Subbagian Umum,") and ub.marker == "u.b."
    assert SignatureBlock(dinas, "A", acting="Plh.").position_lines() == (f"Plh. {dinas},",)
    assert SignatureBlock(dinas, "A", acting="Plt.").marker == "Plt."


def test_invalid_markers_are_refused():
    with pytest.raises(InvalidDocument):
        SignatureBlock("Kepala", "A", acting="Pj.")
    with pytest.raises(InvalidDocument):
        SignatureBlock("Kepala Subbagian", "A", via_position="Sekretaris")


def test_unknown_letter_type_and_sifat_are_refused():
    with pytest.raises(InvalidDocument):
        _letter(kind="surat_cinta")
    with pytest.raises(InvalidDocument):
        _letter(sifat="Penting")


def test_final_letter_shows_kop_header_fields_signature_and_copies():
    rendered = render_letter(_letter(), verification_url="https://eoffice.example/verify/t")
    text = " ".join(_pages_text(rendered.pdf))
    for expected in ("PEMERINTAH KOTA TANGERANG", "DINAS KOMUNIKASI DAN INFORMATIKA",
                     "Jl. Satria Sudirman No. 1", "Telp. (021) 5584123",
                     "Tangerang, 12 Januari 2026", f"Nomor : {NUMBER}", "Sifat : Biasa",
                     "Lampiran : -", "Perihal : Rapat Koordinasi SPBE",
                     "Yth. Kepala Dinas Pendidikan", "a.n. Kepala Dinas Komunikasi dan",
                     "Sekretaris,", "Siti Rahmawati, S.T.", "NIP. 198502022010012002",
                     "Tembusan:", "1. Wali Kota Tangerang", "2. Sekretaris Daerah"):
        assert expected in text, expected


def test_long_letter_flows_over_pages_with_footer_on_every_page():
    rendered = render_letter(_letter(paragraphs=12), verification_url="https://x/verify/t")
    pages = _pages_text(rendered.pdf)
    assert rendered.page_count == len(pages) >= 2
    assert all(BSRE_FOOTER in page for page in pages)
    assert "PEMERINTAH KOTA TANGERANG" in pages[0]
    assert "PEMERINTAH KOTA TANGERANG" not in pages[1]  # kop on the first page only


def test_final_letter_places_qr_beside_signature_and_reports_its_box():
    rendered = render_letter(_letter(), verification_url="https://x/verify/t")
    placement = rendered.signature_placement
    assert placement.page == rendered.page_count
    x1, y1, x2, y2 = placement.box
    assert 200 < x1 < x2 < 595 and 0 < y1 < y2 < 842
    plain = render_letter(_letter())
    assert len(rendered.pdf) > len(plain.pdf)  # the QR's drawing is the difference


def test_draft_has_konsep_watermark_and_no_number_qr_or_footer():
    rendered = render_letter(_letter(number=None), draft=True,
                             verification_url="https://x/verify/t")
    pages = _pages_text(rendered.pdf)
    assert all("KONSEP" in page for page in pages)
    assert not any(BSRE_FOOTER in page for page in pages)
    assert NUMBER not in " ".join(pages)
    numbered_draft = render_letter(_letter(), draft=True)
    assert NUMBER not in " ".join(_pages_text(numbered_draft.pdf))
    assert len(rendered.pdf) < len(render_letter(_letter(), verification_url="https://x/v/t").pdf)


def test_final_letter_without_number_is_refused():
    with pytest.raises(InvalidDocument):
        render_letter(_letter(number=None))


def test_nota_dinas_uses_yth_dari_tembusan_tanggal_hal_layout():
    letter = _letter("nota_dinas", signature=SignatureBlock(
        "Kepala Dinas Komunikasi dan Informatika", "Drs. Budi Santoso", "197501012000031001",
        acting="Plh."))
    text = " ".join(_pages_text(render_letter(letter).pdf))
    for expected in ("NOTA DINAS", "Yth. : Kepala Dinas Pendidikan",
                     "Dari : Kepala Dinas Komunikasi dan Informatika",
                     "Tembusan : 1. Wali Kota Tangerang 2. Sekretaris Daerah Kota Tangerang",
                     "Tanggal : 12 Januari 2026",
                     f"Nomor : {NUMBER}", "Hal : Rapat Koordinasi SPBE", "Plh. Kepala Dinas"):
        assert expected in text, expected
    assert "Perihal" not in text and "Tembusan:" not in text   # copies in the header only
    header = text[text.index("NOTA DINAS"):]
    order = [header.index(f"{word} :") for word in ("Yth.", "Dari", "Tembusan", "Tanggal", "Nomor", "Sifat", "Lampiran", "Hal")]
    assert order == sorted(order)


def test_surat_tugas_has_dasar_memerintahkan_kepada_untuk():
    from signatures.letter import Section

    sections = (Section("Dasar", ("Peraturan Wali Kota Nomor 5 Tahun 2025", "DPA Diskominfo 2026")),
                Section("Kepada", ("Andi Pratama, NIP 199001012015031001",), heading="MEMERINTAHKAN:"),
                Section("Untuk", ("Mengikuti bimbingan teknis SPBE", "Melaporkan hasilnya")))
    text = " ".join(_pages_text(render_letter(_letter("surat_tugas", body=(), sections=sections)).pdf))
    for expected in ("SURAT TUGAS", f"NOMOR {NUMBER}", "Dasar : 1. Peraturan Wali Kota Nomor 5 Tahun 2025 2. DPA",
                     "MEMERINTAHKAN:", "Kepada : Andi Pratama", "Untuk : 1. Mengikuti bimbingan teknis SPBE"):
        assert expected in text, expected
    assert text.index("Dasar") < text.index("MEMERINTAHKAN") < text.index("Kepada :") < text.index("Untuk :")


def test_keputusan_has_menimbang_mengingat_memutuskan_and_numbered_diktum():
    from signatures.letter import Section, diktum_label

    sections = (Section("MENIMBANG", ("bahwa perlu tim SPBE;", "bahwa berdasarkan huruf a;"), "letter"),
                Section("MENGINGAT", ("Perpres 95/2018;", "Permendagri 1/2023;")),
                Section("Menetapkan", ("KEPUTUSAN KEPALA DINAS TENTANG TIM SPBE.",), "none", heading="MEMUTUSKAN:"),
                *(Section(diktum_label(i), (t,), "none") for i, t in enumerate(("Membentuk tim.", "Tugas tim.", "Berlaku."))))
    text = " ".join(_pages_text(render_letter(_letter("surat_keputusan", body=(), sections=sections)).pdf))
    for expected in ("KEPUTUSAN", "TENTANG RAPAT KOORDINASI SPBE", "MENIMBANG : a. bahwa perlu tim SPBE; b. bahwa",
                     "MENGINGAT : 1. Perpres 95/2018; 2. Permendagri", "MEMUTUSKAN:", "Menetapkan : KEPUTUSAN KEPALA",
                     "KESATU : Membentuk tim.", "KEDUA : Tugas tim.", "KETIGA : Berlaku.", "Ditetapkan di : Tangerang"):
        assert expected in text, expected
    assert diktum_label(9) == "KESEPULUH" and diktum_label(30) == "KE-31"


def test_body_keeps_single_line_breaks_and_lists():
    body = ("Dengan hormat,\nBersama ini kami sampaikan:\n1. pertama;\n2. kedua;\n- catatan",)
    pdf = render_letter(_letter(body=body)).pdf
    lines = [line.strip() for page in PdfReader(io.BytesIO(pdf)).pages for line in page.extract_text().splitlines()]
    assert "Dengan hormat," in lines and "Bersama ini kami sampaikan:" in lines
    start = lines.index("Bersama ini kami sampaikan:")
    assert lines[start + 1:start + 7] == ["1.", "pertama;", "2.", "kedua;", "-", "catatan"]  # marker, then item


def test_surat_edaran_has_title_number_and_tentang_subject():
    text = " ".join(_pages_text(render_letter(_letter("surat_edaran")).pdf))
    assert "SURAT EDARAN" in text and f"NOMOR {NUMBER}" in text
    assert "TENTANG RAPAT KOORDINASI SPBE" in text
    assert "Ditetapkan di : Tangerang" in text and "pada tanggal : 12 Januari 2026" in text


def test_surat_tugas_and_undangan_render_details_rows():
    details = (("Hari, tanggal", "Senin, 19 Januari 2026"), ("Tempat", "Puspemkot"))
    tugas = " ".join(_pages_text(render_letter(_letter("surat_tugas", details=details)).pdf))
    assert "SURAT TUGAS" in tugas and "Hari, tanggal : Senin, 19 Januari 2026" in tugas
    undangan = " ".join(_pages_text(render_letter(_letter("surat_undangan",
                                                          details=details)).pdf))
    assert "Tempat : Puspemkot" in undangan and "Perihal : Rapat Koordinasi SPBE" in undangan


def test_several_recipients_are_numbered():
    letter = _letter(recipients=(Recipient("Camat Ciledug"), Recipient("Camat Cipondoh")))
    text = " ".join(_pages_text(render_letter(letter).pdf))
    assert "1. Camat Ciledug" in text and "2. Camat Cipondoh" in text


def test_fingerprint_changes_with_content_not_with_logo():
    letter = _letter()
    assert letter_fingerprint(letter) == letter_fingerprint(replace(
        letter, kop=replace(KOP, logo_png=b"\x89PNG...")))
    assert letter_fingerprint(letter) != letter_fingerprint(replace(letter, subject="Lain"))


def test_rendered_letter_signs_and_verifies_with_token_in_its_qr(
        local_signer, head_credential, request_for, pki):
    """The outgoing-letter story: number, token, render, sign, verify, read the QR token."""
    private, public = generate_token_key()
    letter = _letter()
    token = make_token(LetterToken("surat-42", NUMBER, letter_fingerprint(letter)), private)
    rendered = render_letter(letter, verification_url=verification_url("https://x", token))
    signed = local_signer.sign(rendered.pdf, request_for(head_credential))
    assert verify_pdf(signed, [pki.root.cert_pem]).valid
    assert read_token(token, public).document_hash == letter_fingerprint(letter)


D = dt.datetime


def _sheet():
    leaf = DispositionEntry(
        "Andi Wijaya", "Kepala Bidang Aplikasi Informatika", ("Rina Putri - Pranata Komputer",),
        ("Siapkan jawaban",), D(2026, 1, 14, 10, 0), "Selesai", note="Draf balasan",
        deadline=dt.date(2026, 1, 16), read_at=D(2026, 1, 14, 10, 30),
        reports=(FollowUpReport("Rina Putri", D(2026, 1, 15, 15, 0), "Draf sudah siap",
                                "draf.pdf"),))
    mid = DispositionEntry(
        "Siti Rahmawati", "Sekretaris", ("Andi Wijaya - Kepala Bidang Aplikasi Informatika",),
        ("Koordinasi",), D(2026, 1, 13, 9, 0), "Dibaca", read_at=D(2026, 1, 13, 11, 15),
        children=(leaf,))
    top = DispositionEntry(
        "Drs. Budi Santoso", "Kepala Dinas", ("Siti Rahmawati - Sekretaris",),
        ("Untuk diketahui", "Proses lebih lanjut"), D(2026, 1, 12, 14, 5), "Diteruskan",
        note="Segera tindak lanjuti", deadline=dt.date(2026, 1, 19), children=(mid,))
    return DispositionSheet(
        "AG-2026-00042", D(2026, 1, 12, 8, 30), "Kementerian Komunikasi dan Digital",
        "B-123/M.KOMDIGI/HK.01/01/2026", dt.date(2026, 1, 9), "Undangan sosialisasi SPBE",
        "Terbatas", "Segera", (top,), classification="000.8.3.3", kop=KOP)


def test_disposition_sheet_shows_letter_fields():
    text = " ".join(_pages_text(render_disposition_sheet(_sheet())))
    for expected in ("LEMBAR DISPOSISI", "AG-2026-00042", "12 Januari 2026 08.30",
                     "Kementerian Komunikasi dan Digital", "B-123/M.KOMDIGI/HK.01/01/2026",
                     "9 Januari 2026", "Undangan sosialisasi SPBE", "Terbatas", "Segera",
                     "000.8.3.3"):
        assert expected in text, expected


def test_disposition_sheet_shows_every_level_of_the_tree_with_its_fields():
    text = " ".join(_pages_text(render_disposition_sheet(_sheet())))
    for expected in ("1. Disposisi tingkat 1", "1.1. Disposisi tingkat 2",
                     "1.1.1. Disposisi tingkat 3", "Drs. Budi Santoso (Kepala Dinas)",
                     "Untuk diketahui", "Proses lebih lanjut", "Segera tindak lanjuti",
                     "Batas waktu 19 Januari 2026", "Tanggal disposisi 12 Januari 2026 14.05",
                     "Dibaca 13 Januari 2026 11.15", "Status Diteruskan", "Status Dibaca",
                     "Status Selesai", "Rina Putri - Pranata Komputer", "Siapkan jawaban",
                     "Draf sudah siap", "Lampiran: draf.pdf"):
        assert expected in text, expected


def test_disposition_tree_is_indented_by_depth():
    reader = PdfReader(io.BytesIO(render_disposition_sheet(_sheet())))
    xs = {}

    def visitor(text, cm, tm, font_dict, font_size):
        if "Disposisi tingkat" in text:
            xs[text.strip()] = tm[4] + cm[4]

    reader.pages[0].extract_text(visitor_text=visitor)
    levels = [x for _, x in sorted(xs.items())]
    assert len(levels) == 3 and levels[0] < levels[1] < levels[2]


def test_disposition_sheet_without_dispositions_says_so():
    text = " ".join(_pages_text(render_disposition_sheet(replace(_sheet(), dispositions=()))))
    assert "Belum ada disposisi" in text
