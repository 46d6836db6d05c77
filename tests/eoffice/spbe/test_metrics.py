"""Live figures of a record come from the instances of the model versions that name it."""
from __future__ import annotations

from datetime import timedelta

from eoffice.core import clock
from eoffice.auth.actor import actor_by_login
from tests.eoffice.spbe.helpers import deploy_model

LINKS = {"RAB": ["RAB.09.06.02"], "RAL": ["RAL.02.07.01"], "RAD": ["RAD.02.04.01"], "RAA": ["RAA.01.03.01"],
         "RAI": ["RAI.01.01.01"], "RAK": ["RAK.01.02.01"]}


def _actor(session, login):
    return actor_by_login(session, login)


def test_record_metrics_match_instances_created_in_the_test(client, token, db_session):
    from eoffice.processes.runtime import complete_task, start_process
    from workflows.workitems import open_items

    deploy_model(db_session, "uji_metrik", spbe=LINKS, due="add_working_days(now(), 1)")
    staff, kasi = _actor(db_session, "staf.egov1"), _actor(db_session, "kasi.egov")
    instances = [start_process(db_session, staff, "uji_metrik", {}) for _ in range(4)]
    db_session.commit()
    # two finish within 2 hours, one after 10 days (late: its task was due after one working day), one keeps running
    for instance, hours in zip(instances[:3], (1, 3, 240)):
        clock.advance(timedelta(hours=hours))
        item = open_items(db_session, instance.id)[0]
        complete_task(db_session, kasi, item.id, {"decision": "approve"})
        db_session.commit()
        clock.reset()
    body = client.get("/api/v1/spbe/records/RAB.09.06.02", headers=token("staf.egov1")).get_json()
    assert "uji_metrik" in [m["id"] for m in body["process_models"]]
    assert body["metrics"]["instances"] == 4
    assert body["metrics"]["completed"] == 3 and body["metrics"]["running"] == 1
    assert abs(body["metrics"]["median_cycle_hours"] - 3) < 0.05
    assert body["metrics"]["late_share"] == round(1 / 3, 4)
    # the data record of the same model carries the same figures; an unrelated record none
    assert client.get("/api/v1/spbe/records/RAK.01.02.01", headers=token("staf.egov1")).get_json()["metrics"]["instances"] >= 4
    arch = client.get("/api/v1/spbe/architecture.json", headers=token("staf.egov1")).get_json()
    record = next(r for r in arch["records"] if r["code"] == "RAB.09.06.02")
    assert record["metrics"] == body["metrics"]
    assert next(m for m in arch["models"] if m["id"] == "uji_metrik")["spbe"] == {
        d: LINKS[d] for d in ("RAB", "RAD", "RAL", "RAA", "RAI", "RAK")}


def test_a_record_no_model_names_has_empty_figures(client, token):
    body = client.get("/api/v1/spbe/records/RAI.02.01.01", headers=token("staf.egov1")).get_json()
    assert body["process_models"] == []
    assert body["metrics"] == {"instances": 0, "completed": 0, "running": 0, "median_cycle_hours": None, "late_share": None}
