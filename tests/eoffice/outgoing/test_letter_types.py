"""Letter types of Permendagri 1/2023: each type's structured fields are listed, validated when
drafting (422 naming the field), kept with the draft, and laid out in the signed PDF."""
from __future__ import annotations

import io

from pypdf import PdfReader

from tests.eoffice.outgoing.helpers import draft_payload, pos, signed_letter, signed_pdf

EVENT = {"hari_tanggal": "Senin, 19 Januari 2026", "waktu": "09.00 WIB s.d. selesai",
         "tempat": "Ruang Rapat Akhlakul Karimah", "acara": "Rapat koordinasi SPBE"}


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def test_letter_types_list_every_type_with_its_fields(client, token):
    response = client.get("/api/v1/letter-types", headers=token("staf.egov1"))
    assert response.status_code == 200
    types = {t["code"]: t for t in response.get_json()}
    assert set(types) == {"surat_dinas", "nota_dinas", "memo", "surat_undangan", "surat_edaran", "surat_tugas",
                          "surat_perintah", "surat_keputusan", "berita_acara", "surat_keterangan",
                          "surat_pengantar", "laporan", "telaahan_staf", "notula"}
    assert [f["name"] for f in types["surat_undangan"]["fields"]] == ["hari_tanggal", "waktu", "tempat", "acara"]
    assert [f["name"] for f in types["surat_perintah"]["fields"]] == ["dasar", "kepada", "untuk"]
    assert [f["name"] for f in types["surat_keputusan"]["fields"]] == ["menimbang", "mengingat", "menetapkan", "diktum"]
    assert types["surat_undangan"]["name"] == "Surat Undangan" and types["memo"]["fields"] == []


def test_a_missing_or_malformed_type_field_is_a_422_naming_the_field(client, token):
    payload = draft_payload(type="surat_undangan", **{**EVENT, "tempat": "  "})
    response = client.post("/api/v1/letters/outgoing", json=payload, headers=token("kabid.aptika"))
    assert response.status_code == 422
    assert {e["field"] for e in response.get_json()["errors"]} == {"tempat"}
    payload = draft_payload(type="surat_tugas", body="", dasar=[1, 2], kepada=[], untuk="Mengikuti bimtek")
    response = client.post("/api/v1/letters/outgoing", json=payload, headers=token("kabid.aptika"))
    assert response.status_code == 422
    assert {e["field"] for e in response.get_json()["errors"]} == {"dasar", "kepada"}


def test_undangan_prints_its_event_block(client, token):
    letter = signed_letter(client, token, type="surat_undangan", **EVENT)
    assert letter["fields"] == EVENT
    text = _text(signed_pdf(client, token, letter["id"]))
    for label, value in (("Hari/tanggal", EVENT["hari_tanggal"]), ("Waktu", EVENT["waktu"]),
                         ("Tempat", EVENT["tempat"]), ("Acara", EVENT["acara"])):
        assert f"{label} : {value}" in text


def test_surat_perintah_and_keputusan_print_their_structure(client, token):
    perintah = signed_letter(client, token, type="surat_perintah", body="",
                             dasar="Peraturan Wali Kota Nomor 5 Tahun 2025\nDPA Diskominfo 2026",
                             kepada=["Andi Pratama, NIP 199001012015031001"], untuk=["Mengikuti bimtek SPBE"])
    text = _text(signed_pdf(client, token, perintah["id"]))
    assert "SURAT PERINTAH" in text and "MEMERINTAHKAN:" in text
    assert "Dasar : 1. Peraturan Wali Kota Nomor 5 Tahun 2025 2. DPA Diskominfo 2026" in text
    assert "Kepada : Andi Pratama" in text and "Untuk : Mengikuti bimtek SPBE" in text
    keputusan = signed_letter(client, token, type="surat_keputusan", body="", subject="Tim SPBE",
                              menimbang=["bahwa perlu tim;", "bahwa berdasarkan huruf a;"],
                              mengingat=["Perpres 95/2018;"], menetapkan="KEPUTUSAN TENTANG TIM SPBE.",
                              diktum=["Membentuk tim.", "Tim bertugas.", "Berlaku sejak ditetapkan."])
    text = _text(signed_pdf(client, token, keputusan["id"]))
    for expected in ("TENTANG TIM SPBE", "MENIMBANG : a. bahwa perlu tim; b. bahwa", "MENGINGAT : Perpres 95/2018;",
                     "MEMUTUSKAN:", "Menetapkan : KEPUTUSAN TENTANG TIM SPBE.", "KESATU : Membentuk tim.",
                     "KEDUA : Tim bertugas.", "KETIGA : Berlaku sejak ditetapkan."):
        assert expected in text, expected


def test_the_drafting_page_shows_and_takes_the_type_fields(client, login):
    login("kabid.aptika")
    page = client.get("/outgoing/new").get_data(as_text=True)
    assert 'name="surat_undangan.tempat"' in page and 'name="surat_keputusan.diktum"' in page
    form = {"type": "surat_undangan", "subject": "Undangan rapat", "body": "Dengan hormat,\nKami mengundang.",
            "classification": "000.8.3.3", "sifat": "biasa", "urgency": "biasa",
            "recipient_positions": str(pos("KADIS.BKPSDM")), "signer_position_id": str(pos("KADIS.KOMINFO")),
            "submit": "1", **{f"surat_undangan.{k}": v for k, v in EVENT.items()}}
    response = client.post("/outgoing/new", data=form)
    assert response.status_code == 302
    letter_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    from eoffice.app.extensions import db
    from eoffice.outgoing.models import OutgoingLetter

    assert db.session.get(OutgoingLetter, letter_id).details == EVENT
    form.pop("surat_undangan.acara")
    page = client.post("/outgoing/new", data=form)
    assert page.status_code == 422 and "Wajib diisi" in page.get_data(as_text=True)
