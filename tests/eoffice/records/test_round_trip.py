"""Round trip: a DISKOMINFO letter with dispositions and reports exported as a package and imported into BKPSDM."""
from __future__ import annotations

import json

from tests.eoffice.letters.helpers import task_for_letter
from tests.eoffice.records.helpers import (checksum_lines, disposed_letter, import_package, names_in_order, open_zip,
                                           sha256)

COMPARED = ("sender", "letter_number", "letter_date", "subject", "summary", "sifat", "urgency", "classification",
            "attachments_count", "kind")


def _export(client, headers, letter_id) -> bytes:
    response = client.get(f"/api/v1/letters/{letter_id}/package.zip", headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/zip" and "no-store" in response.headers["Cache-Control"]
    return response.data


def test_the_package_holds_manifest_trail_pdfs_and_checksums_in_a_fixed_order(client, token):
    letter = disposed_letter(client, token)
    data = _export(client, token("kadis.kominfo"), letter["id"])
    report_id = json.loads(open_zip(data)["trail.json"])["dispositions"][1]["reports"][0]["id"]
    assert names_in_order(data) == ["manifest.json", "trail.json", "documents/original.pdf",
                                    f"attachments/laporan-{report_id}.pdf", "checksums.sha256"]
    entries = open_zip(data)
    registered = client.get(f"/api/v1/letters/{letter['id']}/file", headers=token("kadis.kominfo")).data
    assert entries["documents/original.pdf"] == registered
    assert entries[f"attachments/laporan-{report_id}.pdf"] == letter["report_pdf"]
    sums = checksum_lines(entries)
    assert set(sums) == set(entries) - {"checksums.sha256"}
    assert all(sums[path] == sha256(entries[path]) for path in sums)

    manifest = json.loads(entries["manifest.json"])
    assert manifest["format"] == "eoffice-records-package" and manifest["format_version"] == "1.0"
    assert manifest["generator"]["name"] and manifest["created_at"]
    assert manifest["source"]["opd"]["code"] == "DISKOMINFO" and manifest["source"]["letter_id"] == letter["id"]
    meta = manifest["letter"]
    assert meta["direction"] == "masuk" and meta["letter_number"] == "B-123/KOMDIGI/2026"
    assert meta["agenda"]["number"] == letter["agenda_number"] and meta["received_date"] == "2026-11-23"
    assert meta["classification"]["code"] == "000.1.2" and meta["classification"]["name"]
    assert meta["recipients"][0]["name"].startswith("Kepala Dinas") and meta["signer"] is None
    assert meta["sifat"] == "biasa" and meta["status"] == "in_progress"
    assert {f["path"]: f["sha256"] for f in manifest["files"]} == {
        p: sums[p] for p in sums if p.startswith(("documents/", "attachments/"))}
    assert manifest["main_document"] == "documents/original.pdf"

    trail = json.loads(entries["trail.json"])
    aptika, ikp = trail["dispositions"]
    assert aptika["status"] == "unread" and ikp["status"] == "reported"
    assert ikp["reports"][0]["text"] == "Rapat sudah dihadiri"
    assert ikp["reports"][0]["file"] == f"attachments/laporan-{report_id}.pdf"
    models = sorted(c["model_id"] for c in trail["audit"]["chains"])
    assert models == ["disposisi", "disposisi", "surat_masuk"]
    assert trail["audit"]["verified"] is True
    for chain in trail["audit"]["chains"]:
        assert chain["verified"] is True and chain["events"][0]["action"] == "instance_started"
        assert all(len(e["hash"]) == 64 for e in chain["events"])


def test_a_package_from_diskominfo_imports_into_bkpsdm_with_its_fields_files_and_source(client, token):
    letter = disposed_letter(client, token)
    data = _export(client, token("kadis.kominfo"), letter["id"])
    response = import_package(client, token("tu.bkpsdm"), data)
    assert response.status_code == 201, response.get_json()
    imported = response.get_json()
    assert "DISKOMINFO" in imported["source_ref"] and "B-123/KOMDIGI/2026" in imported["source_ref"]

    kadis_bkpsdm = token("kadis.bkpsdm")
    original = client.get(f"/api/v1/letters/{letter['id']}", headers=token("kadis.kominfo")).get_json()
    copy = client.get(f"/api/v1/letters/{imported['id']}", headers=kadis_bkpsdm).get_json()
    assert {k: copy[k] for k in COMPARED} == {k: original[k] for k in COMPARED}
    assert copy["direction"] == "masuk" and copy["source"] == "import" and copy["dispositions"] == []
    assert copy["opd_unit_id"] != original["opd_unit_id"] and copy["agenda_number"] == 1
    pdf = client.get(f"/api/v1/letters/{imported['id']}/file", headers=kadis_bkpsdm)
    assert pdf.data == open_zip(data)["documents/original.pdf"]
    # it entered the disposition flow of BKPSDM: the addressed head has the task
    assert task_for_letter(client, kadis_bkpsdm, imported["id"])["name"]

    # exported again from BKPSDM, the package names where it came from and the package it came in
    again = open_zip(_export(client, kadis_bkpsdm, imported["id"]))
    provenance = json.loads(again["manifest.json"])["letter"]["provenance"]
    assert provenance["opd"].startswith("DISKOMINFO") and provenance["letter_id"] == letter["id"]
    assert provenance["agenda"] == original["agenda_label"] and provenance["package_sha256"] == sha256(data)
    assert again["documents/original.pdf"] == open_zip(data)["documents/original.pdf"]


def test_a_signed_outgoing_letter_carries_signer_verification_url_and_signed_pdf(client, token):
    from tests.eoffice.outgoing.helpers import signed_letter, signed_pdf

    letter = signed_letter(client, token)
    data = _export(client, token("kabid.aptika"), letter["id"])
    entries = open_zip(data)
    assert "documents/signed.pdf" in entries and "documents/original.pdf" not in entries
    assert entries["documents/signed.pdf"] == signed_pdf(client, token, letter["id"])
    meta = json.loads(entries["manifest.json"])["letter"]
    assert meta["direction"] == "keluar" and meta["letter_number"] == letter["number"]
    assert meta["signer"]["name"] and meta["verification_url"].startswith("http://testserver/verify/")
    assert [r["name"] for r in meta["recipients"]][1] == "Direktur PT Contoh" and meta["tembusan"]
    chains = json.loads(entries["trail.json"])["audit"]["chains"]
    assert {c["chain"] for c in chains} >= {f"outgoing:{letter['id']}"} and all(c["verified"] for c in chains)
