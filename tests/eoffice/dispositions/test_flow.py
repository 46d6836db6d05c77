"""The whole incoming-letter flow over the API: register → dispose (three levels, parallel) → report → close."""
from __future__ import annotations

from tests.eoffice.letters.helpers import complete, position_id, registered_letter, task_for_letter, tasks_of


def _dispose(client, headers, task_id, recipients, **extra):
    data = {"action": "dispose", "recipients": recipients, "instructions": ["Proses lebih lanjut"],
            "note": "Mohon ditindaklanjuti", **extra}
    return complete(client, headers, task_id, data)


def _tree(client, headers, letter_id):
    response = client.get(f"/api/v1/letters/{letter_id}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_three_levels_with_parallel_recipients_and_reports_rolling_up(client, token):
    kadis, kabid, kasi = token("kadis.kominfo"), token("kabid.aptika"), token("kasi.egov")
    staf1, staf2, kabid_ikp = token("staf.egov1"), token("staf.egov2"), token("kabid.ikp")
    letter = registered_letter(client, token)
    head_task = task_for_letter(client, kadis, letter["id"])
    response = _dispose(client, kadis, head_task["id"], [position_id("KABID.APTIKA"), position_id("KABID.IKP")],
                        instructions=["Koordinasi", "Siapkan jawaban"])
    assert response.status_code == 200, response.get_json()

    assert _dispose(client, kabid, task_for_letter(client, kabid, letter["id"])["id"],
                    [position_id("KASI.EGOV")]).status_code == 200
    assert _dispose(client, kasi, task_for_letter(client, kasi, letter["id"])["id"],
                    [position_id("STAF.EGOV1"), position_id("STAF.EGOV2")]).status_code == 200
    for headers, text in ((staf1, "Data aplikasi sudah dihimpun"), (staf2, "Draf jawaban disiapkan")):
        task = task_for_letter(client, headers, letter["id"])
        assert complete(client, headers, task["id"], {"action": "report", "report": text}).status_code == 200
    # Kabid IKP works independently of the Aptika branch
    ikp_task = task_for_letter(client, kabid_ikp, letter["id"])
    assert complete(client, kabid_ikp, ikp_task["id"], {"action": "report", "report": "Rilis pers siap"}).status_code == 200

    tree = _tree(client, kadis, letter["id"])["dispositions"]
    assert [d["to"] for d in tree] == [position_id("KABID.APTIKA"), position_id("KABID.IKP")]
    aptika, ikp = tree
    assert aptika["instructions"] == ["Koordinasi", "Siapkan jawaban"]
    assert ikp["status"] == "reported" and ikp["reports"][0]["text"] == "Rilis pers siap"
    kasi_node = aptika["children"][0]
    assert kasi_node["from"] == position_id("KABID.APTIKA") and kasi_node["to"] == position_id("KASI.EGOV")
    staff = kasi_node["children"]
    assert {d["status"] for d in staff} == {"reported"}
    assert {r["text"] for d in staff for r in d["reports"]} == {"Data aplikasi sudah dihimpun", "Draf jawaban disiapkan"}

    # the Kasi reports up after the staff did; the Kabid then reports to the head
    kasi_task = task_for_letter(client, kasi, letter["id"])
    assert complete(client, kasi, kasi_task["id"], {"action": "report", "report": "Seksi selesai"}).status_code == 200
    kabid_task = task_for_letter(client, kabid, letter["id"])
    assert complete(client, kabid, kabid_task["id"], {"action": "report", "report": "Bidang selesai"}).status_code == 200

    head_task = task_for_letter(client, kadis, letter["id"])
    assert complete(client, kadis, head_task["id"], {"action": "close"}).status_code == 200
    body = _tree(client, kadis, letter["id"])
    assert body["status"] == "done"
    assert body["retention"]["active_until"] and body["retention"]["inactive_until"]
    assert {d["status"] for d in body["dispositions"]} == {"done"}
    assert not [t for t in tasks_of(client, kadis) if t.get("letter_id") == letter["id"]]


def test_recipients_outside_the_actors_subordinates_are_refused(client, token):
    kadis, kabid = token("kadis.kominfo"), token("kabid.aptika")
    letter = registered_letter(client, token)
    head_task = task_for_letter(client, kadis, letter["id"])
    sideways = _dispose(client, kadis, head_task["id"], [position_id("KADIS.BKPSDM")])
    assert sideways.status_code == 422
    assert sideways.get_json()["errors"][0]["field"] == "recipients"
    assert _dispose(client, kadis, head_task["id"], [position_id("KABID.APTIKA")]).status_code == 200
    kabid_task = task_for_letter(client, kabid, letter["id"])
    for wrong in (position_id("KADIS.KOMINFO"), position_id("KABID.IKP"), position_id("KASI.IKP")):
        response = _dispose(client, kabid, kabid_task["id"], [wrong])
        assert response.status_code == 422, wrong
    assert _tree(client, kadis, letter["id"])["dispositions"][0]["children"] == []


def test_a_deadline_in_the_past_is_refused(client, token):
    kadis = token("kadis.kominfo")
    letter = registered_letter(client, token)
    task = task_for_letter(client, kadis, letter["id"])
    response = _dispose(client, kadis, task["id"], [position_id("KABID.APTIKA")], deadline="2020-01-01")
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "deadline"


def test_missing_instructions_and_recipients_are_named(client, token):
    kadis = token("kadis.kominfo")
    letter = registered_letter(client, token)
    task = task_for_letter(client, kadis, letter["id"])
    response = complete(client, kadis, task["id"], {"action": "dispose", "recipients": [], "instructions": []})
    assert response.status_code == 422
    assert {e["field"] for e in response.get_json()["errors"]} >= {"recipients", "instructions"}


def test_a_report_with_a_pdf_rolls_up_and_only_people_who_see_the_letter_download_it(client, token, login, db_session):
    import io

    from sqlalchemy import func, select

    from eoffice.letters.dispositions.models import DispositionReport
    from tests.eoffice.letters.helpers import sample_pdf

    kadis, kabid = token("kadis.kominfo"), token("kabid.aptika")
    letter = registered_letter(client, token)
    assert _dispose(client, kadis, task_for_letter(client, kadis, letter["id"])["id"],
                    [position_id("KABID.APTIKA")]).status_code == 200
    task = task_for_letter(client, kabid, letter["id"])
    login("kabid.aptika")

    def report(data: bytes, filename: str):
        return client.post(f"/letters/{letter['id']}/act", content_type="multipart/form-data", data={
            "task_id": str(task["id"]), "action": "report", "report": "Notulen rapat terlampir",
            "report_pdf": (io.BytesIO(data), filename)})

    assert report(b"bukan pdf", "notulen.pdf").status_code == 415
    assert db_session.scalar(select(func.count(DispositionReport.id))) == 0
    assert task_for_letter(client, kabid, letter["id"])["id"] == task["id"]  # still waiting

    from eoffice.core import files

    pdf = sample_pdf("Notulen rapat koordinasi SPBE")
    refused = client.post(f"/letters/{letter['id']}/act", content_type="multipart/form-data", data={
        "task_id": str(task["id"]), "action": "report", "report": "",
        "report_pdf": (io.BytesIO(pdf), "notulen.pdf")})
    assert refused.status_code == 422
    assert not files.exists(files.digest_of(pdf))  # a refused report leaves no file behind
    assert report(pdf, "notulen.pdf").status_code == 302
    node = _tree(client, kadis, letter["id"])["dispositions"][0]
    assert node["status"] == "reported"
    [sent] = node["reports"]
    assert sent["text"] == "Notulen rapat terlampir" and sent["has_file"] is True
    download = client.get(f"/api/v1/dispositions/reports/{sent['id']}/file", headers=kadis)
    assert download.status_code == 200 and download.mimetype == "application/pdf" and download.data == pdf
    stranger = client.get(f"/api/v1/dispositions/reports/{sent['id']}/file", headers=token("kadis.bkpsdm"))
    assert stranger.status_code == 404


def test_a_report_notifies_the_person_who_disposed_not_the_head_above(client, token, db_session):
    from sqlalchemy import select

    from eoffice.notifications.models import Notification
    from eoffice.org.models import Employee

    def reports_for(login):
        return list(db_session.scalars(select(Notification).join(Employee, Employee.id == Notification.employee_id)
                                       .where(Employee.login == login, Notification.kind == "disposition_report")))

    kadis, kabid, kasi = token("kadis.kominfo"), token("kabid.aptika"), token("kasi.egov")
    letter = registered_letter(client, token)
    _dispose(client, kadis, task_for_letter(client, kadis, letter["id"])["id"], [position_id("KABID.APTIKA")])
    _dispose(client, kabid, task_for_letter(client, kabid, letter["id"])["id"], [position_id("KASI.EGOV")])
    assert complete(client, kasi, task_for_letter(client, kasi, letter["id"])["id"],
                    {"action": "report", "report": "Seksi selesai"}).status_code == 200
    [note] = reports_for("kabid.aptika")
    assert note.link == f"/letters/{letter['id']}"
    assert reports_for("kadis.kominfo") == []
