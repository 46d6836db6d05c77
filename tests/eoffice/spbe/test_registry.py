"""SPBE registry: reading, creating, editing, retiring and deleting records through the API."""
from __future__ import annotations

NEW = {"code": "RAB.09.06.03", "domain": "RAB", "name": "Pengelolaan Izin Belajar", "owner_unit": "BKPSDM",
       "status": "baru", "attrs": {"iku_indicator": "Persentase izin belajar tepat waktu", "iku_target": "90%"},
       "links": ["RAL.02.07.01", "RAA.01.03.01"]}


def test_everyone_signed_in_reads_the_records_of_one_domain(client, token):
    response = client.get("/api/v1/spbe/records?domain=RAD", headers=token("staf.egov1"))
    assert response.status_code == 200
    body = response.get_json()
    assert {r["domain"] for r in body} == {"RAD"}
    data = next(r for r in body if r["code"] == "RAD.02.03.01")
    assert data["name"] == "Data Cuti Pegawai" and data["parent_code"] == "RAD.02.03"
    assert data["attrs"]["openness"] == "terbatas" and data["sample"] is True
    assert set(data) >= {"code", "domain", "name", "description", "parent_code", "status", "links"}


def test_seed_holds_the_codes_the_office_models_link_to_with_their_national_parents(client, token):
    body = client.get("/api/v1/spbe/records", headers=token("staf.egov1")).get_json()
    have = {r["code"] for r in body}
    for code in ("RAB.09.05.01", "RAB.09.05.02", "RAB.09.06.01", "RAL.02.09.01", "RAL.02.07.01", "RAD.02.04.01",
                 "RAD.02.03.01", "RAA.01.03.01", "RAI.01.01.01", "RAK.01.01.01", "RAK.01.02.01"):
        assert code in have
        assert code.rsplit(".", 1)[0] in have and code.split(".")[0] + "." + code.split(".")[1] in have
    process = next(r for r in body if r["code"] == "RAB.09.06.01")
    assert "RAL.02.07.01" in process["links"] and "RAD.02.03.01" in process["links"]
    service = next(r for r in body if r["code"] == "RAL.02.09.01")
    assert service["attrs"]["service_type"] == "administrasi_pemerintahan"


def test_unknown_domain_filter_is_refused(client, token):
    assert client.get("/api/v1/spbe/records?domain=XYZ", headers=token("staf.egov1")).status_code == 422


def test_administrator_creates_and_edits_a_record(client, token):
    admin = token("admin")
    response = client.post("/api/v1/spbe/records", json=NEW, headers=admin)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["links"] == ["RAA.01.03.01", "RAL.02.07.01"]
    response = client.put("/api/v1/spbe/records/RAB.09.06.03", json={"status": "pengembangan", "links": ["RAL.02.07.01"],
                                                                       "attrs": {"iku_actual": "70%"}}, headers=admin)
    assert response.status_code == 200, response.get_json()
    body = client.get("/api/v1/spbe/records/RAB.09.06.03", headers=token("staf.egov1")).get_json()
    assert body["status"] == "pengembangan" and body["links"] == ["RAL.02.07.01"]
    assert body["attrs"] == {"iku_actual": "70%"} and body["parent_code"] == "RAB.09.06"


def test_non_administrators_may_not_change_the_registry(client, token):
    for login in ("staf.egov1", "auditor.inspektorat", "kadis.kominfo"):
        headers = token(login)
        assert client.post("/api/v1/spbe/records", json=NEW, headers=headers).status_code == 403
        assert client.put("/api/v1/spbe/records/RAB.09.06.01", json={"name": "x"}, headers=headers).status_code == 403
        assert client.post("/api/v1/spbe/records/RAB.09.06.01/retire", headers=headers).status_code == 403


def test_invalid_codes_are_refused_with_422(client, token):
    admin = token("admin")
    cases = [
        ({**NEW, "domain": "RAD"}, "code"),                      # wrong prefix for the domain
        ({**NEW, "code": "RAB.09.77.01"}, "parent_code"),        # unknown parent
        ({**NEW, "code": "RAB.09.06.01"}, "code"),               # duplicate
        ({**NEW, "code": "RAB-9"}, "code"),                      # malformed
        ({**NEW, "code": "RAD.02.03.09", "domain": "RAD", "attrs": {"openness": "publik"}}, "attrs.openness"),
        ({**NEW, "links": ["RAL.99.99.99"]}, "links"),
    ]
    for body, field in cases:
        response = client.post("/api/v1/spbe/records", json=body, headers=admin)
        assert response.status_code == 422, body
        assert field in [e["field"] for e in response.get_json()["errors"]], response.get_json()
    assert client.get("/api/v1/spbe/records/RAB.09.77.01", headers=admin).status_code == 404


def test_service_type_follows_the_national_code(client, token):
    body = {"code": "RAL.02.09.02", "name": "Layanan Peminjaman Arsip", "attrs": {"service_type": "publik"}}
    response = client.post("/api/v1/spbe/records", json=body, headers=token("admin"))
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "attrs.service_type"


def test_a_record_a_model_points_to_is_never_deleted_but_can_be_retired(client, token, db_session):
    from tests.eoffice.spbe.helpers import deploy_model

    deploy_model(db_session, "uji_cuti")
    admin = token("admin")
    response = client.delete("/api/v1/spbe/records/RAD.02.03.01", headers=admin)
    assert response.status_code == 409
    assert "uji_cuti" in response.get_json()["error"]
    response = client.post("/api/v1/spbe/records/RAD.02.03.01/retire", headers=admin)
    assert response.status_code == 200 and response.get_json()["retired"] is True
    assert client.get("/api/v1/spbe/records/RAD.02.03.01", headers=admin).status_code == 200
    response = client.post("/api/v1/spbe/records/RAD.02.03.01/reactivate", headers=admin)
    assert response.get_json()["retired"] is False


def test_an_unlinked_record_is_deleted_with_the_links_to_it(client, token):
    admin = token("admin")
    client.post("/api/v1/spbe/records", json={"code": "RAI.02.01.02", "name": "Jaringan Cadangan",
                                              "attrs": {"infra_type": "jaringan_intra"}}, headers=admin)
    client.put("/api/v1/spbe/records/RAA.01.03.01", json={"links": ["RAI.01.01.01", "RAI.02.01.02"]}, headers=admin)
    assert client.delete("/api/v1/spbe/records/RAI.02.01.02", headers=admin).status_code == 204
    assert client.get("/api/v1/spbe/records/RAI.02.01.02", headers=admin).status_code == 404
    assert client.get("/api/v1/spbe/records/RAA.01.03.01", headers=admin).get_json()["links"] == ["RAI.01.01.01"]


def test_a_record_with_children_is_not_deleted(client, token):
    assert client.delete("/api/v1/spbe/records/RAB.09.06", headers=token("admin")).status_code == 409


def test_process_model_detail_names_its_spbe_links_in_all_six_domains(client, token):
    body = client.get("/api/v1/process-models/cuti", headers=token("staf.egov1")).get_json()
    assert body["spbe"] == {"RAB": ["RAB.09.06.01"], "RAD": ["RAD.02.03.01"], "RAL": ["RAL.02.07.01"],
                            "RAA": ["RAA.01.03.01"], "RAI": ["RAI.01.01.01"], "RAK": ["RAK.01.01.01"]}


def test_fields_that_are_not_text_are_refused_with_422_and_nothing_changes(client, token):
    admin = token("admin")
    response = client.post("/api/v1/spbe/records", json={**NEW, "name": ["Izin Belajar"], "description": {"a": 1}},
                           headers=admin)
    assert response.status_code == 422
    assert {"name", "description"} <= {e["field"] for e in response.get_json()["errors"]}
    assert client.get(f"/api/v1/spbe/records/{NEW['code']}", headers=admin).status_code == 404
    response = client.put("/api/v1/spbe/records/RAB.09.06.01", json={"owner_unit": 7, "attrs": {"iku_target": [95]}},
                          headers=admin)
    assert response.status_code == 422
    assert {"owner_unit", "attrs.iku_target"} <= {e["field"] for e in response.get_json()["errors"]}
    body = client.get("/api/v1/spbe/records/RAB.09.06.01", headers=admin).get_json()
    assert body["owner_unit"] != "7" and body["attrs"]["iku_target"] == "95%"
