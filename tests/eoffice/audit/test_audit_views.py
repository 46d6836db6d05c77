"""The auditor reads every instance's history and sees whether its audit chain verifies."""
from __future__ import annotations

from sqlalchemy import select

from eoffice.audit.models import AuditEvent
from tests.eoffice.processes.leave import decide, start_leave


def _tamper(db_session, instance_id: int, seq: int, **changes) -> None:
    event = db_session.scalar(select(AuditEvent).where(AuditEvent.chain == f"instance:{instance_id}",
                                                       AuditEvent.seq == seq))
    for key, value in changes.items():
        setattr(event, key, value)
    db_session.commit()


def test_auditor_lists_all_instances_with_verified_chains(client, login, token):
    first = start_leave(client, token("staf.egov1"))
    second = start_leave(client, token("staf.egov2"))
    decide(client, token("kasi.egov"), first, "approve")
    login("auditor.inspektorat")
    page = client.get("/audit").get_data(as_text=True)
    assert f'data-testid="audit-{first}"' in page and f'data-testid="audit-{second}"' in page
    assert "Terverifikasi" in page and 'data-testid="broken"' not in page
    instance_page = client.get(f"/instances/{first}").get_data(as_text=True)
    assert 'data-testid="chain-ok"' in instance_page and "Tugas diselesaikan" in instance_page


def test_other_employees_cannot_open_the_audit_list(client, login):
    login("kasi.egov")
    assert client.get("/audit").status_code == 403


def test_tampering_with_an_audit_row_names_the_first_bad_seq(client, login, token, db_session):
    instance_id = start_leave(client, token("staf.egov1"))
    decide(client, token("kasi.egov"), instance_id, "approve")
    _tamper(db_session, instance_id, 3, actor="kabid.aptika")
    audit = client.get(f"/api/v1/instances/{instance_id}/audit", headers=token("auditor.inspektorat")).get_json()
    assert audit["verified"] is False and audit["first_bad_seq"] == 3
    login("auditor.inspektorat")
    assert 'data-testid="broken">Rusak sejak urutan 3' in client.get("/audit").get_data(as_text=True)
    assert 'data-testid="chain-bad">Rusak sejak urutan 3' in client.get(f"/instances/{instance_id}").get_data(as_text=True)


def test_changing_the_recorded_decision_data_is_detected(client, token, db_session):
    instance_id = start_leave(client, token("staf.egov1"))
    decide(client, token("kasi.egov"), instance_id, "reject", "Tidak ada pengganti")
    event = db_session.scalar(select(AuditEvent).where(AuditEvent.chain == f"instance:{instance_id}",
                                                       AuditEvent.action == "task_completed"))
    _tamper(db_session, instance_id, event.seq, detail={**event.detail, "data": {"decision": "approve"}})
    audit = client.get(f"/api/v1/instances/{instance_id}/audit", headers=token("staf.egov1")).get_json()
    assert audit["first_bad_seq"] == event.seq


def test_flask_audit_verify_reports_the_broken_chain(app, client, token, db_session):
    instance_id = start_leave(client, token("staf.egov1"))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0
    _tamper(db_session, instance_id, 1, action="instance_cancelled")
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and f"instance:{instance_id}: first bad event seq 1" in result.output


def test_flask_timers_fire_command_runs(app):
    result = app.test_cli_runner().invoke(args=["timers", "fire"])
    assert result.exit_code == 0 and "timers fired" in result.output


def test_a_page_number_past_every_instance_lists_none(login):
    response = login("auditor.inspektorat").get("/audit", query_string={"page": "9" * 40})
    assert response.status_code == 200
