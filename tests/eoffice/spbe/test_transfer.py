"""Import and export of SPBE records: CSV and JSON round trips, all-or-nothing with line-numbered errors."""
from __future__ import annotations

import csv
import io
import json


def _import(client, headers, data: bytes, fmt: str):
    return client.post(f"/api/v1/spbe/import?format={fmt}", headers=headers,
                       data={"file": (io.BytesIO(data), f"spbe.{fmt}")}, content_type="multipart/form-data")


def _records(client, headers) -> dict:
    return {r["code"]: r for r in client.get("/api/v1/spbe/export?format=json", headers=headers).get_json()}


def test_json_round_trip_restores_the_registry(client, token):
    admin = token("admin")
    exported = client.get("/api/v1/spbe/export?format=json", headers=admin)
    assert exported.status_code == 200
    before = _records(client, admin)
    client.put("/api/v1/spbe/records/RAB.09.06.01", json={"name": "Diubah", "links": []}, headers=admin)
    client.post("/api/v1/spbe/records/RAD.02.04.01/retire", headers=admin)
    response = _import(client, admin, exported.data, "json")
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"created": 0, "updated": len(before)}
    assert _records(client, admin) == before


def test_csv_round_trip_creates_missing_records_parents_first(client, token):
    admin = token("admin")
    client.post("/api/v1/spbe/records", json={"code": "RAK.02", "name": "Keamanan Aplikasi"}, headers=admin)
    client.post("/api/v1/spbe/records", json={"code": "RAK.02.01", "name": "Pengujian Keamanan"}, headers=admin)
    client.post("/api/v1/spbe/records", json={"code": "RAK.02.01.01", "name": "Uji Penetrasi Tahunan",
                                              "links": ["RAA.01.03.01"], "attrs": {"standard": "OWASP ASVS"}}, headers=admin)
    exported = client.get("/api/v1/spbe/export?format=csv", headers=admin).data
    before = _records(client, admin)
    for code in ("RAK.02.01.01", "RAK.02.01", "RAK.02"):
        assert client.delete(f"/api/v1/spbe/records/{code}", headers=admin).status_code == 204
    # children first in the file: the import still creates parents before them
    lines = exported.decode().splitlines()
    header, rows = lines[0], lines[1:]
    rows.sort(key=lambda line: -line.split(",")[0].count("."))
    response = _import(client, admin, ("\n".join([header] + rows) + "\n").encode(), "csv")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["created"] == 3
    assert _records(client, admin) == before


def test_an_invalid_file_changes_nothing_and_names_each_line(client, token):
    admin = token("admin")
    before = _records(client, admin)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code", "name", "status", "links", "openness", "update_frequency"])
    writer.writerow(["RAB.09.06.01", "Cuti ASN (diubah)", "as_is", "", "", ""])     # line 2: fine
    writer.writerow(["RAD.02.03.05", "Data Lembur", "as_is", "", "bebas", "harian"])  # line 3: bad openness
    writer.writerow(["RAB.07.01.01", "Tanpa induk", "baru", "", "", ""])             # line 4: unknown parent
    writer.writerow(["RAD.02.03.05", "Ganda", "as_is", "", "terbuka", "harian"])     # line 5: duplicate
    writer.writerow(["RAB.09.06.04", "Tautan salah", "nanti", "RAX.1", "", ""])      # line 6: status, link
    response = _import(client, admin, out.getvalue().encode(), "csv")
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert sorted({e["line"] for e in errors}) == [3, 4, 5, 6]
    assert all(e["message"].startswith(f"baris {e['line']}:") for e in errors)
    assert _records(client, admin) == before


def test_json_import_reports_entry_numbers(client, token):
    admin = token("admin")
    body = json.dumps([{"code": "RAL.02.07.02", "name": "Layanan Pensiun"}, {"code": "RAL.02.07.03"}, "x"]).encode()
    response = _import(client, admin, body, "json")
    assert response.status_code == 422
    assert sorted({e["line"] for e in response.get_json()["errors"]}) == [2, 3]
    assert client.get("/api/v1/spbe/records/RAL.02.07.02", headers=admin).status_code == 404


def test_unreadable_files_are_refused_with_422(client, token):
    admin = token("admin")
    assert _import(client, admin, b"{not json", "json").status_code == 422
    assert _import(client, admin, b"\xff\xfe\x00", "csv").status_code == 422
    assert _import(client, token("staf.egov1"), b"[]", "json").status_code == 403
