"""Ids past the range of the database's INTEGER keys name no row: 404 in a URL, a field error in a
body, never an overflow (SQLite raises OverflowError past 64 bits)."""
from __future__ import annotations

import pytest

from eoffice.core.ids import MAX_ID, as_id

HUGE = 2**70


@pytest.mark.parametrize("value, expected", [
    (12, 12), ("12", 12), (" 7 ", 7), (MAX_ID, MAX_ID), (MAX_ID + 1, None), (HUGE, None), (str(HUGE), None),
    (0, None), (-3, None), ("-3", None), (True, None), (1.5, None), ("1e3", None), ("٣", None), (None, None),
    ([1], None),
])
def test_as_id_accepts_only_ids_the_database_can_hold(value, expected):
    assert as_id(value) == expected


@pytest.mark.parametrize("path", [f"/api/v1/letters/{HUGE}", f"/api/v1/instances/{HUGE}/audit",
                                  f"/api/v1/tasks/{MAX_ID + 1}", f"/api/v1/dispositions/reports/{HUGE}/file"])
def test_an_id_past_the_key_range_in_an_api_url_is_404(client, token, path):
    response = client.get(path, headers=token("admin"))
    assert response.status_code == 404
    assert response.is_json


def test_an_id_past_the_key_range_in_a_page_url_is_404(login):
    client = login("kasi.egov")
    assert client.get(f"/letters/{HUGE}").status_code == 404


def test_a_huge_position_id_in_a_delegation_is_a_field_error(client, token):
    response = client.post("/api/v1/delegations", headers=token("admin"), json={
        "position_id": HUGE, "delegate_login": "staf.egov2", "kind": "plh", "start": "2026-03-02",
        "end": "2026-03-06", "decree": "800/1/2026"})
    assert response.status_code == 422
    assert "position_id" in {e["field"] for e in response.get_json()["errors"]}


def test_a_huge_signer_position_in_an_outgoing_letter_is_a_field_error(client, token):
    response = client.post("/api/v1/letters/outgoing", headers=token("staf.egov1"), json={
        "type": "nota_dinas", "subject": "Rapat", "body": "Isi", "classification": "000.1.2",
        "recipients": [{"kind": "internal", "position_id": HUGE}], "signer_position_id": HUGE})
    assert response.status_code == 422
    assert {"signer_position_id", "recipients[0].position_id"} <= {e["field"] for e in response.get_json()["errors"]}


def test_a_huge_addressed_to_on_an_incoming_letter_is_a_field_error(client, token):
    response = client.post("/api/v1/letters/incoming", headers=token("tu.kominfo"),
                           data={"addressed_to": str(HUGE), "sender": "Dinas X"})
    assert response.status_code == 422
    assert "addressed_to" in {e["field"] for e in response.get_json()["errors"]}
