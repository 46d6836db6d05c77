"""Bulk export of an OPD's letters in a date range: a streamed zip of packages, index and checksums."""
from __future__ import annotations

import json

from tests.eoffice.letters.helpers import position_id, register, registered_letter
from tests.eoffice.records.helpers import checksum_lines, disposed_letter, open_zip, sha256


def _letters(client, token):
    inside = disposed_letter(client, token, received_date="2026-11-23")
    early = registered_letter(client, token, received_date="2026-11-02", letter_date="2026-11-01",
                              subject="Surat di luar rentang")
    secret = registered_letter(client, token, received_date="2026-11-20", sifat="rahasia",
                               subject="Penyelidikan internal")
    other = register(client, token("tu.bkpsdm"), received_date="2026-11-21", sender="Ombudsman",
                     addressed_to=str(position_id("KADIS.BKPSDM")))
    assert other.status_code == 201, other.get_json()
    return inside, early, secret, other.get_json()


def _export(client, headers, **params):
    query = {"opd": "DISKOMINFO", "from": "2026-11-10", "to": "2026-11-30", **params}
    return client.get("/api/v1/records/export", headers=headers, query_string=query)


def test_bulk_export_holds_one_package_per_letter_of_the_opd_in_range_with_index_and_checksums(client, token):
    inside, early, secret, other = _letters(client, token)
    response = _export(client, token("admin"))
    assert response.status_code == 200 and response.is_streamed and response.mimetype == "application/zip"
    assert "paket-arsip-DISKOMINFO-2026-11-10-2026-11-30.zip" in response.headers["Content-Disposition"]
    entries = open_zip(response.data)
    # the administrator is not on the rahasia letter's path: it is left out (and not counted anywhere)
    assert sorted(entries) == sorted(["checksums.sha256", "index.json", f"packages/paket-surat-{inside['id']}.zip"])
    index = json.loads(entries["index.json"])
    assert index["opd"] == "DISKOMINFO" and [p["letter_id"] for p in index["packages"]] == [inside["id"]]
    assert b"Penyelidikan" not in entries["index.json"] + entries["checksums.sha256"]
    sums = checksum_lines(entries)
    assert set(sums) == {"index.json", f"packages/paket-surat-{inside['id']}.zip"}
    assert all(sums[p] == sha256(entries[p]) for p in sums)
    inner = open_zip(entries[f"packages/paket-surat-{inside['id']}.zip"])
    assert json.loads(inner["manifest.json"])["letter"]["letter_number"] == "B-123/KOMDIGI/2026"
    assert json.loads(inner["trail.json"])["dispositions"]


def test_the_pencatat_of_the_opd_on_the_path_of_a_rahasia_letter_gets_it_too(client, token):
    inside, early, secret, other = _letters(client, token)
    entries = open_zip(_export(client, token("tu.kominfo")).data)
    ids = [p["letter_id"] for p in json.loads(entries["index.json"])["packages"]]
    assert ids == [secret["id"], inside["id"]]  # ordered by received date
    wide = open_zip(_export(client, token("tu.kominfo"), **{"from": "2026-11-01"}).data)
    assert [p["letter_id"] for p in json.loads(wide["index.json"])["packages"]] == [early["id"], secret["id"], inside["id"]]


def test_bulk_export_is_refused_to_others_and_for_bad_input(client, token):
    _letters(client, token)
    for user in ("tu.bkpsdm", "kadis.kominfo", "auditor.inspektorat"):
        assert _export(client, token(user)).status_code == 403, user
    admin = token("admin")
    bad = _export(client, admin, opd="NOPE", to="2026-13-01")
    assert bad.status_code == 422
    assert {e["field"] for e in bad.get_json()["errors"]} == {"opd", "to"}
    assert _export(client, admin, **{"from": "2026-12-01"}).status_code == 422
    bkpsdm = open_zip(_export(client, token("tu.bkpsdm"), opd="BKPSDM").data)
    assert [p["letter_number"] for p in json.loads(bkpsdm["index.json"])["packages"]] == ["B-123/KOMDIGI/2026"]


def test_the_spbe_evidence_names_the_exchange_routes_as_the_srikandi_integration_point(client, login):
    page = login("auditor.inspektorat").get("/spbe/evidence").get_data(as_text=True)
    row = page[page.index("SRIKANDI (ANRI)"):][:600]
    assert "/api/v1/letters/&lt;int:letter_id&gt;/package.zip" in row and "/api/v1/records/import" in row
    assert "belum tersedia" not in row and "/spbe/records" not in row
