"""The NUL character (which PostgreSQL text cannot hold) is refused at the door with a field error,
in a path, a query, a form or JSON, before anything is looked up or stored."""
from __future__ import annotations

from sqlalchemy import func, select


def test_nul_in_json_is_a_field_error_naming_where(client, token):
    response = client.post("/api/v1/letters/outgoing", headers=token("staf.egov1"), json={
        "subject": "Rapat\x00", "recipients": [{"kind": "external", "name": "PT\x00"}]})
    assert response.status_code == 422
    assert {e["field"] for e in response.get_json()["errors"]} == {"subject", "recipients[0].name"}


def test_nul_in_a_query_or_path_is_422_not_a_database_error(client, token):
    headers = token("staf.egov1")
    assert client.get("/api/v1/letters?q=a%00b", headers=headers).status_code == 422
    response = client.get("/api/v1/spbe/records/RAL.01%00", headers=headers)
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "code"


def test_nul_in_a_form_re_renders_an_indonesian_refusal_and_stores_nothing(login, db_session):
    from eoffice.org.models import Delegation

    response = login("admin").post("/org/delegations/new", data={"decree": "800/1\x00", "kind": "plh"})
    assert response.status_code == 422
    assert "tidak boleh mengandung karakter NUL" in response.get_data(as_text=True)
    assert db_session.scalar(select(func.count(Delegation.id))) == 0


def test_nul_in_the_login_form_is_refused_without_a_lookup(client):
    response = client.post("/login", data={"username": "admin\x00", "password": "eoffice-demo"})
    assert response.status_code == 422
