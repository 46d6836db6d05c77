"""The org chart API and Plh/Plt delegations (UI and API)."""
from __future__ import annotations

from datetime import date, timedelta


def _position_id(client, headers, code):
    return next(p["id"] for p in client.get("/api/v1/org/positions", headers=headers).get_json() if p["code"] == code)


def test_positions_list_holders_and_superiors(client, token):
    headers = token("staf.egov1")
    positions = {p["holder_login"]: p for p in client.get("/api/v1/org/positions", headers=headers).get_json()}
    assert len(positions) >= 30
    assert positions["kasi.egov"]["superior_id"] == positions["kabid.aptika"]["id"]
    assert positions["staf.egov1"]["superior_id"] == positions["kasi.egov"]["id"]
    assert positions["kabid.aptika"]["superior_id"] == positions["kadis.kominfo"]["id"]
    assert set(positions["kadis.kominfo"]) >= {"id", "code", "title", "unit", "holder_login", "superior_id"}


def test_admin_records_and_ends_a_delegation_through_the_api(client, token):
    headers = token("admin")
    body = {"position_id": _position_id(client, headers, "KASI.EGOV"), "delegate_login": "staf.egov2", "kind": "plh",
            "start": date.today().isoformat(), "end": (date.today() + timedelta(days=3)).isoformat(),
            "decree": "800/12-DISKOMINFO/2026"}
    created = client.post("/api/v1/delegations", json=body, headers=headers)
    assert created.status_code == 201
    delegation_id = created.get_json()["id"]
    assert any(d["id"] == delegation_id for d in client.get("/api/v1/delegations", headers=headers).get_json())
    assert client.delete(f"/api/v1/delegations/{delegation_id}", headers=headers).status_code == 200
    assert all(d["id"] != delegation_id for d in client.get("/api/v1/delegations", headers=headers).get_json())


def test_only_administrators_record_delegations(client, token):
    headers = token("kadis.kominfo")
    response = client.post("/api/v1/delegations", json={"position_id": 1, "delegate_login": "staf.egov2", "kind": "plh",
                                                        "start": "2026-01-01", "end": "2026-01-02", "decree": "x"},
                           headers=headers)
    assert response.status_code == 403


def test_bad_delegation_gets_field_errors_and_saves_nothing(client, token):
    headers = token("admin")
    response = client.post("/api/v1/delegations", json={"position_id": 99999, "delegate_login": "nobody", "kind": "boss",
                                                        "start": "2026-02-10", "end": "2026-02-01", "decree": ""},
                           headers=headers)
    assert response.status_code == 422
    fields = {e["field"] for e in response.get_json()["errors"]}
    assert {"position_id", "delegate_login", "kind", "end", "decree"} <= fields
    assert client.get("/api/v1/delegations", headers=headers).get_json() == []


def test_delegation_form_in_the_ui_shows_errors_in_indonesian(client, login):
    login("admin")
    response = client.post("/org/delegations/new", data={"position_id": "", "delegate_login": "", "kind": "plh",
                                                         "start": "", "end": "", "decree": ""})
    assert response.status_code == 422
    assert "Wajib diisi" in response.get_data(as_text=True) or "tidak ditemukan" in response.get_data(as_text=True)


def test_delegate_acts_for_the_position_while_the_delegation_runs(app, db_session):
    from eoffice.auth.actor import actor_by_login
    from eoffice.org import services

    kasi = services.employee_by_login(db_session, "kasi.egov")
    staf = services.employee_by_login(db_session, "staf.egov2")
    services.create_delegation(db_session, position_id=kasi.position_id, delegate_login="staf.egov2", kind="plh",
                               start=date.today().isoformat(), end=(date.today() + timedelta(days=2)).isoformat(),
                               decree="SPT-1", created_by="admin")
    actor = actor_by_login(db_session, staf.login)
    assert kasi.position_id in actor.position_ids
    holder, delegation = services.acting_holder(db_session, kasi.position_id)
    assert holder.login == "staf.egov2" and delegation.kind == "plh"


def test_delegation_times_come_back_in_wib_with_their_offset(client, token):
    headers = token("admin")
    body = {"position_id": _position_id(client, headers, "KASI.EGOV"), "delegate_login": "staf.egov2", "kind": "plh",
            "start": "2026-01-05", "end": "2026-01-09", "decree": "800/1-DISKOMINFO/2026"}
    created = client.post("/api/v1/delegations", json=body, headers=headers).get_json()
    assert created["start"] == "2026-01-05T00:00:00+07:00"
    assert created["end"].startswith("2026-01-09T23:59:59") and created["end"].endswith("+07:00")
