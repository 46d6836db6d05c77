"""User text meets reportlab markup escaped: every renderer prints hostile text literally."""

import datetime as dt
import io
from dataclasses import replace

import pytest
from pypdf import PdfReader

from signatures.letter import Kop, Recipient, SignatureBlock
from signatures.markup import paragraph_markup
from signatures.render_disposition import (
    DispositionEntry, FollowUpReport, render_disposition_sheet,
)
from signatures.render_letter import render_letter
from tests.signatures.test_sig_render import _letter, _sheet

HOSTILE = ("versi <b>baru", "a & b <unclosed", "<para>isi</para>", "</b></i><font size=40>",
           "lone < here", "&amp; &nbsp; &#169; &bogus;", "<br/> bukan baris", "x > y & z")


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _flat(pdf: bytes) -> str:
    return " ".join(_text(pdf).split())


def test_markup_helper_escapes_and_keeps_line_breaks():
    assert paragraph_markup("a & b <c>") == "a &amp; b &lt;c&gt;"
    assert paragraph_markup("satu\ndua\r\ntiga\rempat") == "satu<br/>dua<br/>tiga<br/>empat"
    assert paragraph_markup("<b>\n</b>") == "&lt;b&gt;<br/>&lt;/b&gt;"
    assert paragraph_markup("tab\there\x00\x07!") == "tab here!"


def _hostile_letter(kind: str):
    return _letter(
        kind,
        kop=Kop("Dinas <Uji> & Coba", "Jl. <b>Merdeka</b> No. 1 & 2", phone="<021>"),
        subject="Perihal <b>baru & <i>lama",
        body=tuple(f"Catatan {i}: {text}." for i, text in enumerate(HOSTILE))
        + ("baris satu\nbaris dua\r\nbaris tiga",),
        recipients=(Recipient("PT <Maju> & Sejahtera", "Jl. <Tujuan> & Co"),),
        details=(("<Hari>", "a & b <unclosed"), ("Tempat", "<para>Aula</para>")),
        copies=("Arsip <para>", "Inspektur & <Auditor"),
        sender="Bagian <Umum> & Tata Usaha",
        signature=SignatureBlock("Kepala <Dinas>", "Dr. <b>Budi</b> & Rekan", "1975<01>",
                                 rank="<font size=40>IV/a", on_behalf_of="Wali <Kota> &",
                                 via_position="Sekda </para>"))


@pytest.mark.parametrize("kind", ["surat_dinas", "nota_dinas", "surat_edaran", "surat_tugas"])
def test_letter_prints_hostile_text_literally(kind):
    pdf = render_letter(_hostile_letter(kind), verification_url="https://x/verify/t").pdf
    text = _flat(pdf)
    for i, hostile in enumerate(HOSTILE):
        assert f"Catatan {i}: {hostile}." in text, hostile
    expected = ["Dr. <b>Budi</b> & Rekan", "NIP. 1975<01>", "<font size=40>IV/a",
                "a.n. Wali <Kota> &", "Sekda </para>", "Kepala <Dinas>,"]
    if kind == "surat_edaran":
        expected += ["PERIHAL <B>BARU & <I>LAMA", "Yth. PT <Maju> & Sejahtera"]
    elif kind == "nota_dinas":
        expected += ["Hal : Perihal <b>baru & <i>lama", "Yth. : PT <Maju> & Sejahtera",
                     "Dari : Bagian <Umum> & Tata Usaha"]
    elif kind == "surat_dinas":
        expected += ["Perihal : Perihal <b>baru & <i>lama", "Yth. PT <Maju> & Sejahtera",
                     "Jl. <Tujuan> & Co", "<Hari> : a & b <unclosed", "Tempat : <para>Aula</para>",
                     "1. Arsip <para>", "2. Inspektur & <Auditor"]
    for piece in expected + ["DINAS <UJI> & COBA", "Jl. <b>Merdeka</b> No. 1 & 2"]:
        assert piece in text, piece
    assert "baris satu\nbaris dua\nbaris tiga" in _text(pdf)  # line breaks kept, no stray \r


def test_draft_letter_prints_hostile_text_literally():
    pdf = render_letter(replace(_hostile_letter("surat_dinas"), number=None), draft=True).pdf
    assert "Catatan 1: a & b <unclosed." in _flat(pdf)


def test_disposition_sheet_prints_hostile_text_literally():
    base = _sheet()
    entry = DispositionEntry(
        "Dr. <b>Budi</b>", "Kepala <Dinas> &", ("Siti <Sekretaris>", "a & b <unclosed"),
        ("versi <b>baru", "<para>isi</para>"), dt.datetime(2026, 1, 12, 14, 5),
        "Diteruskan </b>", note="lone < here\nbaris dua & <i>",
        reports=(FollowUpReport("Rina <Putri>", dt.datetime(2026, 1, 15, 15, 0),
                                "&amp; &nbsp; &#169;", "draf <1>.pdf"),),
        children=(replace(base.dispositions[0], note="</b></i><font size=40>", children=()),))
    sheet = replace(base, agenda_number="AG <1> &", sender="Kementerian <Uji> & Co",
                    letter_number="B-1/<X>&Y", subject="Undangan <b>rapat & <unclosed",
                    sifat="Rahasia <", urgency="Segera &", classification="<000>",
                    dispositions=(entry,),
                    kop=Kop("Dinas <Uji> &", "Jl. <Alamat> & 1"))
    text = _flat(render_disposition_sheet(sheet))
    for piece in ("AG <1> &", "Kementerian <Uji> & Co", "B-1/<X>&Y",
                  "Undangan <b>rapat & <unclosed",
                  "Rahasia <", "Segera &", "<000>", "DINAS <UJI> &", "Jl. <Alamat> & 1",
                  "Dr. <b>Budi</b> (Kepala <Dinas> &)", "Siti <Sekretaris> a & b <unclosed",
                  "versi <b>baru", "<para>isi</para>", "lone < here baris dua & <i>",
                  "Status Diteruskan </b>", "Rina <Putri>", "&amp; &nbsp; &#169;",
                  "Lampiran: draf <1>.pdf", "</b></i><font size=40>"):
        assert piece in text, piece
