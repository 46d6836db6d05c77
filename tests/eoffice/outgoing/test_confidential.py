"""A confidential outgoing letter is seen by its drafter and paraf path in the letters API, by no one else."""
from __future__ import annotations

from tests.eoffice.outgoing.helpers import draft


def test_rahasia_draft_is_visible_to_drafter_and_verifier_and_hidden_from_others(client, token):
    created = draft(client, token, login="staf.egov1", sifat="rahasia")
    for login in ("staf.egov1", "kasi.egov"):
        response = client.get(f"/api/v1/letters/{created['id']}", headers=token(login))
        assert response.status_code == 200, (login, response.get_json())
    for login in ("staf.egov2", "kabid.ikp", "kadis.bkpsdm"):
        assert client.get(f"/api/v1/letters/{created['id']}", headers=token(login)).status_code == 404, login
