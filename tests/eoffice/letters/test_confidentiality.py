"""Rahasia letters: only the people on the path see them; everyone else gets "not found" everywhere."""
from __future__ import annotations

from datetime import timedelta

from eoffice.core import clock
from tests.eoffice.letters.helpers import complete, position_id, registered_letter, task_for_letter, tasks_of

SECRET = "Penyelidikan dugaan kebocoran data"


def _secret_letter(client, token):
    letter = registered_letter(client, token, sifat="rahasia", subject=SECRET)
    kadis = token("kadis.kominfo")
    task = task_for_letter(client, kadis, letter["id"])
    assert complete(client, kadis, task["id"], {"action": "dispose", "recipients": [position_id("KABID.APTIKA")],
                                                "instructions": ["Tanggapan dan saran"]}).status_code == 200
    return letter


def test_a_user_off_the_path_gets_404_on_page_api_file_and_sheet(client, token, login):
    letter = _secret_letter(client, token)
    for user in ("kabid.ikp", "auditor.inspektorat", "tu.bkpsdm", "sekda"):
        headers = token(user)
        for path in ("", "/file", "/disposition-sheet.pdf"):
            response = client.get(f"/api/v1/letters/{letter['id']}{path}", headers=headers)
            assert response.status_code == 404, (user, path)
            assert SECRET not in response.get_data(as_text=True)
        page = login(user).get(f"/letters/{letter['id']}")
        assert page.status_code == 404 and SECRET not in page.get_data(as_text=True)


def test_a_user_off_the_path_never_finds_it_in_search_counters_or_tasks(client, token, login):
    before = client.get("/api/v1/dispositions/counters", headers=token("kabid.ikp")).get_json()
    letter = _secret_letter(client, token)
    headers = token("kabid.ikp")
    assert client.get("/api/v1/letters?q=kebocoran", headers=headers).get_json() == []
    assert client.get(f"/api/v1/letters?q={letter['agenda_number']}", headers=headers).get_json() == [] or all(
        r["id"] != letter["id"] for r in client.get(f"/api/v1/letters?q={letter['agenda_number']}", headers=headers).get_json())
    assert client.get("/api/v1/dispositions/counters", headers=headers).get_json() == before
    assert SECRET not in str(tasks_of(client, headers))
    page = login("kabid.ikp").get("/letters/?q=kebocoran")
    assert page.status_code == 200 and SECRET not in page.get_data(as_text=True)


def test_everyone_on_the_path_and_their_plh_see_it(client, token, login):
    letter = _secret_letter(client, token)
    for user in ("tu.kominfo", "kadis.kominfo", "kabid.aptika"):
        body = client.get(f"/api/v1/letters/{letter['id']}", headers=token(user)).get_json()
        assert body["subject"] == SECRET, user
        assert any(r["id"] == letter["id"] for r in client.get("/api/v1/letters?q=kebocoran", headers=token(user)).get_json())
    # staf.egov1 becomes Plh of the Kabid Aptika: the letter reaches them too
    admin = token("admin")
    today = clock.local(clock.now()).date()
    response = client.post("/api/v1/delegations", headers=admin, json={
        "position_id": position_id("KABID.APTIKA"), "delegate_login": "staf.egov1", "kind": "plh",
        "start": (today - timedelta(days=1)).isoformat(), "end": (today + timedelta(days=3)).isoformat(),
        "decree": "800/12/DISKOMINFO/2026"})
    assert response.status_code == 201, response.get_json()
    plh = token("staf.egov1")
    assert client.get(f"/api/v1/letters/{letter['id']}", headers=plh).status_code == 200
    assert task_for_letter(client, plh, letter["id"])["subject"] == SECRET


def test_an_ordinary_letter_is_visible_within_its_opd_but_not_outside(client, token):
    letter = registered_letter(client, token, subject="Undangan sosialisasi")
    assert client.get(f"/api/v1/letters/{letter['id']}", headers=token("kabid.ikp")).status_code == 200
    assert client.get(f"/api/v1/letters/{letter['id']}", headers=token("kabid.mutasi")).status_code == 404


def test_someone_off_the_path_who_may_view_the_task_still_does_not_learn_the_subject(client, token):
    letter = _secret_letter(client, token)
    task = task_for_letter(client, token("kabid.aptika"), letter["id"])
    response = client.get(f"/api/v1/tasks/{task['id']}", headers=token("auditor.inspektorat"))
    assert response.status_code in (200, 404)
    assert SECRET not in response.get_data(as_text=True)


def test_the_task_page_of_a_letter_task_is_the_letter_page(client, token, login):
    letter = registered_letter(client, token)
    task = task_for_letter(client, token("kadis.kominfo"), letter["id"])
    response = login("kadis.kominfo").get(f"/tasks/{task['id']}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/letters/{letter['id']}?task={task['id']}")
