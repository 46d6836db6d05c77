"""SPBE web pages: registry, record form, architecture map, matrix, evidence page and its PDF report."""
from __future__ import annotations

import io

from pypdf import PdfReader


def test_registry_page_lists_records_with_the_sample_flag(login):
    client = login("staf.egov1")
    page = client.get("/spbe/?domain=RAB").get_data(as_text=True)
    assert "RAB.09.06.01" in page and "Pengelolaan Cuti Aparatur Sipil Negara" in page
    assert "contoh" in page and "RAL.02.07.01" not in page
    assert "Rekam baru" not in page  # not an administrator


def test_administrator_creates_a_record_through_the_form_and_sees_field_errors(login):
    client = login("admin")
    bad = client.post("/spbe/records/new", data={"domain": "RAD", "code": "RAD.02.03.02", "name": "Data Lembur",
                                                 "status": "baru", "attr_openness": "", "attr_update_frequency": "bulanan"})
    assert bad.status_code == 422 and "wajib diisi" in bad.get_data(as_text=True)
    ok = client.post("/spbe/records/new", data={"domain": "RAD", "code": "RAD.02.03.02", "name": "Data Lembur",
                                                "status": "baru", "attr_openness": "tertutup",
                                                "attr_update_frequency": "bulanan", "links": "RAA.01.03.01"})
    assert ok.status_code == 302
    page = client.get("/spbe/records/RAD.02.03.02").get_data(as_text=True)
    assert "Tertutup" in page and "RAA.01.03.01" in page


def test_auditor_reads_but_may_not_retire(login):
    client = login("auditor.inspektorat")
    assert client.get("/spbe/records/RAK.01.01.01").status_code == 200
    assert client.post("/spbe/records/RAK.01.01.01/retire").status_code == 403


def test_architecture_map_and_matrix_show_each_model_across_six_domains(login):
    client = login("kabid.aptika")
    page = client.get("/spbe/map").get_data(as_text=True)
    assert 'id="model-cuti"' in page and "Data Cuti Pegawai" in page
    matrix = client.get("/spbe/matrix.csv").get_data(as_text=True).splitlines()
    header = matrix[0].split(",")
    cuti = next(line for line in matrix if line.startswith("cuti,")).split(",")
    marked = {header[i] for i, cell in enumerate(cuti) if cell == "x"}
    assert marked == {"RAB.09.06.01", "RAL.02.07.01", "RAD.02.03.01", "RAA.01.03.01", "RAI.01.01.01", "RAK.01.01.01"}


def test_evidence_report_renders_as_pdf_with_the_three_levels(login, db_session):
    from tests.eoffice.spbe.helpers import deploy_model

    deploy_model(db_session, "uji_bukti")
    client = login("auditor.inspektorat")
    page = client.get("/spbe/evidence").get_data(as_text=True)
    assert "Tingkat 3" in page and "/spbe/records" in page
    response = client.get("/spbe/evidence.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert "Layanan Kearsipan" in text
    for expected in ("Tingkat 3", "Surat masuk teregistrasi", "Tingkat 4", "BSRE_URL", "/spbe/records/{code}",
                     "Tingkat 5", "uji_bukti"):
        assert expected in text, expected
