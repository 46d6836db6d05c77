"""One visibility rule: for every demo login, the letter page, the API, the search, the status
counters and the records export agree on a confidential incoming letter and on a confidential
outgoing draft (the rule is written once as SQL; `may_see` is "the rule matches this row")."""
from __future__ import annotations

import pytest

from eoffice.auth.guards import load_actor
from eoffice.letters import services as letters
from eoffice.org.seed_data import PEOPLE
from tests.eoffice.letters.helpers import complete, position_id, registered_letter, task_for_letter
from tests.eoffice.outgoing.helpers import draft

INCOMING = "Pemeriksaan khusus pengadaan jaringan"
OUTGOING = "Telaah rahasia rencana mutasi pejabat"
LOGINS = [person[5] for person in PEOPLE]


def _counted(db_session, login: str) -> int:
    return sum(letters.counts_by_status(db_session, load_actor(login)).values())


@pytest.fixture
def confidential_letters(client, token, db_session):
    before = {login: _counted(db_session, login) for login in LOGINS}
    incoming = registered_letter(client, token, sifat="rahasia", subject=INCOMING)
    kadis = token("kadis.kominfo")
    task = task_for_letter(client, kadis, incoming["id"])
    assert complete(client, kadis, task["id"], {"action": "dispose", "recipients": [position_id("KABID.APTIKA")],
                                                "instructions": ["Tanggapan dan saran"]}).status_code == 200
    outgoing = draft(client, token, login="staf.egov1", sifat="rahasia", subject=OUTGOING)
    return {"incoming": (incoming["id"], "pengadaan"), "outgoing": (outgoing["id"], "mutasi")}, before


def _sees(client, token, login, letter_id: int, words: str, web) -> dict[str, bool]:
    headers = token(login)
    found = client.get(f"/api/v1/letters?q={words}", headers=headers).get_json()
    export = client.get(f"/api/v1/letters/{letter_id}/package.zip", headers=headers).status_code
    seen = {"api": client.get(f"/api/v1/letters/{letter_id}", headers=headers).status_code == 200,
            "search": any(row["id"] == letter_id for row in found),
            "page": web(login).get(f"/letters/{letter_id}").status_code == 200}
    if export != 403:  # a role without the export permission is refused before visibility counts
        seen["export"] = export in (200, 409)  # 409: visible, but an unsigned draft has no PDF to pack yet
    return seen


def test_page_api_search_counters_and_export_agree_for_every_login(client, token, login, db_session,
                                                                    confidential_letters):
    letters_made, before = confidential_letters
    seen_by = {}
    for user in LOGINS:
        visible = 0
        for kind, (letter_id, words) in letters_made.items():
            seen = _sees(client, token, user, letter_id, words, login)
            assert len(set(seen.values())) == 1, (user, kind, seen)
            seen_by[(user, kind)] = seen["api"]
            visible += seen["api"]
        assert _counted(db_session, user) - before[user] == visible, user
    on_incoming_path = {"tu.kominfo", "kadis.kominfo", "kabid.aptika"}
    on_outgoing_path = {"staf.egov1", "kasi.egov", "kabid.aptika", "kadis.kominfo"}
    assert {u for u in LOGINS if seen_by[(u, "incoming")]} == on_incoming_path
    assert {u for u in LOGINS if seen_by[(u, "outgoing")]} == on_outgoing_path
