"""Model administration pages: upload, review (problems and diagram), publish, SPBE link edit, retire."""
from __future__ import annotations

import io

from tests.eoffice.admin.helpers import folder_files, make_zip, renamed


def _post_zip(client, data: bytes):
    return client.post("/admin/models/upload", data={"file": (io.BytesIO(data), "model.zip")},
                       content_type="multipart/form-data")


def test_upload_shows_validation_and_diagram_before_publishing(login, db_session):
    from workflows.models import ProcessModel

    client = login("admin")
    response = _post_zip(client, make_zip(renamed(folder_files("surat_tugas"), "surat_tugas_uji")))
    assert response.status_code == 302
    review = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'data-testid="draft-valid"' in review and "<svg" in review and "RAB.09.06.02" in review
    assert db_session.get(ProcessModel, "surat_tugas_uji") is None  # not published yet
    draft_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    published = client.post(f"/admin/drafts/{draft_id}/publish", data={"note": "Layanan baru"})
    assert published.status_code == 302
    page = client.get("/admin/models/surat_tugas_uji").get_data(as_text=True)
    assert "Layanan baru" in page and "Permohonan Surat Tugas" in page


def test_a_refused_upload_lists_every_problem_and_stores_no_draft(login, db_session):
    from sqlalchemy import func, select

    from eoffice.admin.models import ModelDraft

    client = login("admin")
    files = renamed(folder_files("surat_tugas"), "surat_tugas_uji")
    files.pop("forms/approve.json")
    response = _post_zip(client, make_zip(files))
    assert response.status_code == 422
    assert "forms/approve.json" in response.get_data(as_text=True)
    assert db_session.scalar(select(func.count()).select_from(ModelDraft)) == 0


def test_editing_spbe_links_goes_through_review_and_publishes_a_new_version(login, client, token):
    web = login("admin")
    bad = web.post("/admin/models/surat_tugas/spbe", data={"RAB": "RAB.09.06.02", "RAL": "RAL.02.07.01",
                                                           "RAD": "", "RAA": "RAA.01.03.01", "RAI": "RAI.01.01.01",
                                                           "RAK": "RAK.01.01.01"})
    assert bad.status_code == 422 and "tautan domain RAD" in bad.get_data(as_text=True)
    ok = web.post("/admin/models/surat_tugas/spbe", data={"RAB": "RAB.09.06.02", "RAL": "RAL.02.07.01",
                                                          "RAD": "RAD.02.04.01 RAD.02.03.01", "RAA": "RAA.01.03.01",
                                                          "RAI": "RAI.01.01.01", "RAK": "RAK.01.01.01 RAK.01.02.01"})
    assert ok.status_code == 302
    draft_id = int(ok.headers["Location"].rsplit("/", 1)[1])
    assert web.post(f"/admin/drafts/{draft_id}/publish", data={"note": "Tambah data cuti dan TTE"}).status_code == 302
    detail = client.get("/api/v1/process-models/surat_tugas", headers=token("staf.egov1")).get_json()
    assert detail["spbe"]["RAD"] == ["RAD.02.04.01", "RAD.02.03.01"]
    assert [v["current"] for v in detail["versions"]] == [True, False]


def test_retire_and_reactivate_a_model(login, client, token):
    web = login("admin")
    assert web.post("/admin/models/surat_tugas/retire", data={"note": "Diganti aplikasi kepegawaian"}).status_code == 302
    detail = client.get("/api/v1/process-models/surat_tugas", headers=token("staf.egov1")).get_json()
    assert detail["retired"] is True
    assert web.post("/admin/models/surat_tugas/reactivate", data={}).status_code == 302
    page = web.get("/admin/models/surat_tugas").get_data(as_text=True)
    assert "Diganti aplikasi kepegawaian" in page
    assert client.get("/api/v1/process-models/surat_tugas", headers=token("staf.egov1")).get_json()["retired"] is False


def test_auditor_reads_model_administration_but_changes_nothing(login):
    client = login("auditor.inspektorat")
    assert client.get("/admin/").status_code == 200
    assert client.post("/admin/models/surat_tugas/retire").status_code == 403
    assert login("staf.egov1").get("/admin/").status_code == 403


def test_a_retired_model_starts_no_new_instance_and_leaves_the_catalogue(login, client, token):
    staff = token("staf.egov1")
    assert "/processes/surat_tugas/start" in login("staf.egov1").get("/processes").get_data(as_text=True)
    body = {"data": _surat_tugas_request()}
    running = client.post("/api/v1/process-models/surat_tugas/instances", json=body, headers=staff)
    assert running.status_code == 201
    login("admin").post("/admin/models/surat_tugas/retire", data={"note": "Digantikan"})
    refused = client.post("/api/v1/process-models/surat_tugas/instances", json=body, headers=staff)
    assert refused.status_code == 409
    assert "/processes/surat_tugas/start" not in login("staf.egov1").get("/processes").get_data(as_text=True)
    still = client.get(f"/api/v1/instances/{running.get_json()['id']}", headers=staff).get_json()
    assert still["status"] == "running"
    login("admin").post("/admin/models/surat_tugas/reactivate", data={})
    assert client.post("/api/v1/process-models/surat_tugas/instances", json=body, headers=staff).status_code == 201


def _surat_tugas_request() -> dict:
    from tests.eoffice.admin.helpers import surat_tugas_data

    return surat_tugas_data()
