"""Searching the register, classification codes, CSV import, and the disposition sheet's text."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.eoffice.letters.helpers import complete, position_id, registered_letter, task_for_letter


def test_search_by_agenda_number_letter_number_sender_subject_dates_status_and_classification(client, token):
    a = registered_letter(client, token, subject="Permohonan narasumber", sender="Universitas Terbuka",
                          letter_number="UT/77/2026", classification="800.1.2", received_date="2026-11-02",
                          letter_date="2026-10-30")
    b = registered_letter(client, token, subject="Laporan jaringan", sender="PT Telkom", received_date="2026-11-25")
    headers = token("tu.kominfo")

    def ids(query):
        response = client.get(f"/api/v1/letters?{query}", headers=headers)
        assert response.status_code == 200, response.get_json()
        return {r["id"] for r in response.get_json()}

    assert ids("q=narasumber") == {a["id"]}
    assert ids("q=UT/77") == {a["id"]}
    assert ids("q=telkom") == {b["id"]}
    assert a["id"] in ids(f"q={a['agenda_number']:04d}")
    assert ids("from=2026-11-20&to=2026-11-30") >= {b["id"]} and a["id"] not in ids("from=2026-11-20")
    assert ids("classification=800") == {a["id"]}
    assert {a["id"], b["id"]} <= ids("status=registered")
    assert ids("status=done") == set()
    assert client.get("/api/v1/letters?from=kemarin", headers=headers).status_code == 422
    unknown = client.get("/api/v1/letters?status=selesai", headers=headers)
    assert unknown.status_code == 422 and unknown.get_json()["errors"][0]["field"] == "status"


def test_classifications_api_lists_codes_with_retention(client, token):
    body = client.get("/api/v1/classifications", headers=token("staf.egov1")).get_json()
    item = next(c for c in body if c["code"] == "000.1.2")
    assert set(item) == {"code", "name", "active_years", "inactive_years", "final"}
    assert item["final"] in ("musnah", "permanen", "dinilai_kembali")


def test_classification_csv_import_is_all_or_nothing(app, db_session):
    from eoffice.core.errors import InvalidInput
    from eoffice.letters.classifications import get_classification, import_classifications_csv

    good = "code,name,active_years,inactive_years,final\n900,Keuangan,2,8,dinilai_kembali\n900.1,Anggaran,2,8,permanen\n"
    assert import_classifications_csv(db_session, good) == 2
    assert get_classification(db_session, "900.1").parent_code == "900"
    assert get_classification(db_session, "900.1").sample is False
    bad = "code,name,active_years,inactive_years,final\n901,Baru,2,3,musnah\nx.1,Salah,-1,3,hilang\n"
    try:
        import_classifications_csv(db_session, bad)
        raise AssertionError("expected InvalidInput")
    except InvalidInput as exc:
        assert all(e["field"] == "line 3" for e in exc.errors)
    assert get_classification(db_session, "901") is None


def test_cli_imports_classifications_from_a_file(app, tmp_path):
    path = tmp_path / "klasifikasi.csv"
    path.write_text("code,name,active_years,inactive_years,final\n100,Pemerintahan,3,7,permanen\n")
    result = app.test_cli_runner().invoke(args=["letters", "import-classifications", str(path)])
    assert result.exit_code == 0, result.output
    assert "1" in result.output


def test_disposition_sheet_carries_the_letter_fields_and_the_whole_tree(client, token):
    kadis, kabid = token("kadis.kominfo"), token("kabid.aptika")
    letter = registered_letter(client, token, subject="Undangan rapat SPBE", letter_number="B-123/KOMDIGI/2026",
                               urgency="segera")
    task = task_for_letter(client, kadis, letter["id"])
    complete(client, kadis, task["id"], {"action": "dispose", "recipients": [position_id("KABID.APTIKA")],
                                         "instructions": ["Hadiri/wakili"], "note": "Wakili saya"})
    kabid_task = task_for_letter(client, kabid, letter["id"])
    complete(client, kabid, kabid_task["id"], {"action": "dispose", "recipients": [position_id("KASI.EGOV")],
                                               "instructions": ["Siapkan jawaban"], "note": "Siapkan bahan"})
    response = client.get(f"/api/v1/letters/{letter['id']}/disposition-sheet.pdf", headers=kadis)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.data)).pages)
    for expected in (f"{letter['agenda_number']:04d}", "Kementerian Komunikasi dan Digital", "B-123/KOMDIGI/2026",
                     "Undangan rapat SPBE", "Biasa", "Segera", "Hadiri/wakili", "Wakili saya", "Siapkan jawaban",
                     "Siapkan bahan", "Kepala Bidang Aplikasi Informatika", "Kepala Seksi E-Government"):
        assert expected in text, expected


def test_the_pdf_is_served_only_through_the_permission_checked_view(client, token, login):
    letter = registered_letter(client, token)
    assert client.get(f"/api/v1/letters/{letter['id']}/file", headers=token("kadis.kominfo")).data.startswith(b"%PDF")
    assert login("kadis.kominfo").get(f"/letters/{letter['id']}/file").status_code == 200
    assert login("kabid.mutasi").get(f"/letters/{letter['id']}/file").status_code == 404


@pytest.mark.parametrize("query", ["q=99999999999999999999999", "q=%C2%B2", "q=7%2F2026", "offset=99999999999999999999999",
                                   "limit=99999999999999999999999&offset=-4"])
def test_odd_search_numbers_answer_a_list_not_a_server_error(client, token, query):
    response = client.get(f"/api/v1/letters?{query}", headers=token("kasi.egov"))
    assert response.status_code == 200
    assert isinstance(response.get_json(), list)
