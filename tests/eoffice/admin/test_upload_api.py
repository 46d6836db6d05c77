"""Uploading process models through the API: a new office service from files alone, versions, refusals."""
from __future__ import annotations

from sqlalchemy import func, select

from tests.eoffice.admin.helpers import folder_files, make_zip, renamed, upload
from workflows.models import ProcessModel, ProcessVersion

START = {"purpose": "Narasumber rapat koordinasi SPBE provinsi", "destination": "Serang, Banten",
         "start_date": "2026-09-14", "end_date": "2026-09-15", "funding": "dpa_opd"}


def _my_task(client, headers, instance_id):
    tasks = client.get("/api/v1/tasks", headers=headers).get_json()
    return next(t for t in tasks if t["instance_id"] == instance_id)


def test_a_new_service_goes_live_from_its_folder_uploaded_as_a_zip(client, token):
    admin, staff, kasi = token("admin"), token("staf.egov1"), token("kasi.egov")
    data = make_zip(renamed(folder_files("surat_tugas"), "surat_tugas_uji"), folder="surat_tugas_uji")
    response = upload(client, admin, data, note="Layanan baru permohonan surat tugas")
    assert response.status_code == 201, response.get_json()
    version = response.get_json()
    assert version["model_id"] == "surat_tugas_uji" and version["number"] == 1
    assert version["spbe"]["RAB"] == ["RAB.09.06.02"]
    detail = client.get("/api/v1/process-models/surat_tugas_uji", headers=staff).get_json()
    assert detail["title"] == "Permohonan Surat Tugas" and detail["versions"][0]["note"] == "Layanan baru permohonan surat tugas"
    assert detail["spbe"]["RAK"] == ["RAK.01.01.01"]

    started = client.post("/api/v1/process-models/surat_tugas_uji/instances", json={"data": START}, headers=staff)
    assert started.status_code == 201, started.get_json()
    instance_id = started.get_json()["id"]
    task = _my_task(client, kasi, instance_id)  # the requester's direct superior decides
    done = client.post(f"/api/v1/tasks/{task['id']}/complete", json={"data": {"decision": "approve"}}, headers=kasi)
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["instance"] == {"id": instance_id, "status": "completed", "result": "disetujui"}
    record = client.get("/api/v1/spbe/records/RAB.09.06.02", headers=staff).get_json()
    assert "surat_tugas_uji" in [m["id"] for m in record["process_models"]]
    assert record["metrics"]["completed"] >= 1


def test_a_rejection_needs_a_note(client, token):
    admin, staff, kasi = token("admin"), token("staf.egov1"), token("kasi.egov")
    upload(client, admin, make_zip(renamed(folder_files("surat_tugas"), "surat_tugas_uji")))
    instance_id = client.post("/api/v1/process-models/surat_tugas_uji/instances", json={"data": START},
                              headers=staff).get_json()["id"]
    task = _my_task(client, kasi, instance_id)
    refused = client.post(f"/api/v1/tasks/{task['id']}/complete", json={"data": {"decision": "reject"}}, headers=kasi)
    assert refused.status_code == 422
    done = client.post(f"/api/v1/tasks/{task['id']}/complete",
                       json={"data": {"decision": "reject", "note": "Anggaran perjalanan dinas habis"}}, headers=kasi)
    assert done.get_json()["instance"]["result"] == "ditolak"


def test_publishing_a_new_version_leaves_running_instances_on_theirs(client, token):
    admin, staff, kasi = token("admin"), token("staf.egov1"), token("kasi.egov")
    files = renamed(folder_files("surat_tugas"), "surat_tugas_uji")
    assert upload(client, admin, make_zip(files)).status_code == 201
    old = client.post("/api/v1/process-models/surat_tugas_uji/instances", json={"data": START}, headers=staff).get_json()
    # version 2: the decision now also records who approved it
    bpmn = files["process.bpmn"].replace(b"result = 'disetujui'", b"result = 'disetujui_v2'")
    second = upload(client, admin, make_zip({**renamed(files, "surat_tugas_uji", "1.1"), "process.bpmn": bpmn}),
                    note="Hasil persetujuan dibedakan per versi")
    assert second.status_code == 201 and second.get_json()["number"] == 2
    new = client.post("/api/v1/process-models/surat_tugas_uji/instances", json={"data": START}, headers=staff).get_json()
    assert (old["version"], new["version"]) == (1, 2)
    results = []
    for instance in (old, new):
        task = _my_task(client, kasi, instance["id"])
        body = client.post(f"/api/v1/tasks/{task['id']}/complete", json={"data": {"decision": "approve"}}, headers=kasi)
        results.append(body.get_json()["instance"]["result"])
    assert results == ["disetujui", "disetujui_v2"]
    versions = client.get("/api/v1/process-models/surat_tugas_uji/versions", headers=staff).get_json()
    assert [(v["number"], v["current"], v["instances"]) for v in versions] == [(2, True, 1), (1, False, 1)]


def test_uploading_identical_content_again_stores_no_new_version(client, token, db_session):
    admin = token("admin")
    data = make_zip(renamed(folder_files("surat_tugas"), "surat_tugas_uji"))
    assert upload(client, admin, data).status_code == 201
    again = upload(client, admin, data)
    assert again.status_code == 200 and again.get_json()["number"] == 1
    assert db_session.scalar(select(func.count()).select_from(ProcessVersion)
                             .where(ProcessVersion.model_id == "surat_tugas_uji")) == 1


def test_only_administrators_upload_models(client, token):
    data = make_zip(renamed(folder_files("surat_tugas"), "surat_tugas_uji"))
    for login in ("staf.egov1", "auditor.inspektorat", "kadis.kominfo"):
        assert upload(client, token(login), data).status_code == 403
    assert client.post("/api/v1/process-models", data={}).status_code == 401


def test_dry_run_validates_without_storing(client, token, db_session):
    data = make_zip(renamed(folder_files("surat_tugas"), "surat_tugas_uji"))
    response = upload(client, token("admin"), data, query="?dry_run=1")
    assert response.status_code == 200 and response.get_json() == {"valid": True, "errors": []}
    assert db_session.get(ProcessModel, "surat_tugas_uji") is None


def test_refusals_speak_the_chosen_language(client, token):
    admin, staff = token("admin"), token("staf.egov1")
    missing = client.post("/api/v1/process-models?lang=en", headers=admin, data={}, content_type="multipart/form-data")
    assert missing.get_json()["errors"][0]["message"] == "Upload the process model's zip file."
    client.post("/api/v1/process-models/surat_tugas/retire", headers=admin, json={"note": "Digantikan"})
    body = {"data": START}
    refused = client.post("/api/v1/process-models/surat_tugas/instances?lang=en", json=body, headers=staff)
    assert refused.status_code == 409 and "retired" in refused.get_json()["error"]
    domain = client.get("/api/v1/spbe/records?domain=XYZ&lang=en", headers=staff)
    assert domain.status_code == 422 and domain.get_json()["errors"][0]["message"].startswith("Domain must be")
