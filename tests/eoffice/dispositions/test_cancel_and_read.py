"""Reading a disposition (letter or task, page or API) and cancelling it only while unread."""
from __future__ import annotations

from tests.eoffice.letters.helpers import complete, position_id, registered_letter, task_for_letter, tasks_of


def _disposed(client, token, recipients=("KABID.APTIKA",)):
    kadis = token("kadis.kominfo")
    letter = registered_letter(client, token)
    task = task_for_letter(client, kadis, letter["id"])
    response = complete(client, kadis, task["id"], {"action": "dispose", "instructions": ["Untuk diketahui"],
                                                     "recipients": [position_id(p) for p in recipients]})
    assert response.status_code == 200, response.get_json()
    tree = client.get(f"/api/v1/letters/{letter['id']}", headers=kadis).get_json()["dispositions"]
    return letter, tree


def test_sender_cancels_an_unread_disposition_and_the_recipients_task_disappears(client, token):
    letter, tree = _disposed(client, token)
    response = client.post(f"/api/v1/dispositions/{tree[0]['id']}/cancel", headers=token("kadis.kominfo"))
    assert response.status_code == 200
    assert response.get_json()["status"] == "cancelled"
    assert not [t for t in tasks_of(client, token("kabid.aptika")) if t.get("letter_id") == letter["id"]]


def test_cancelling_after_the_recipient_opened_the_letter_is_refused_with_409(client, token):
    letter, tree = _disposed(client, token)
    kabid = token("kabid.aptika")
    body = client.get(f"/api/v1/letters/{letter['id']}", headers=kabid).get_json()
    assert body["dispositions"][0]["status"] == "read" and body["dispositions"][0]["read_at"]
    response = client.post(f"/api/v1/dispositions/{tree[0]['id']}/cancel", headers=token("kadis.kominfo"))
    assert response.status_code == 409


def test_opening_the_task_through_the_api_marks_the_disposition_read(client, token):
    letter, tree = _disposed(client, token)
    kabid = token("kabid.aptika")
    task = task_for_letter(client, kabid, letter["id"])
    assert client.get(f"/api/v1/tasks/{task['id']}", headers=kabid).status_code == 200
    assert client.post(f"/api/v1/dispositions/{tree[0]['id']}/cancel",
                       headers=token("kadis.kominfo")).status_code == 409


def test_opening_the_letter_page_marks_the_disposition_read(client, token, login):
    letter, tree = _disposed(client, token)
    page = login("kabid.aptika").get(f"/letters/{letter['id']}")
    assert page.status_code == 200
    assert client.post(f"/api/v1/dispositions/{tree[0]['id']}/cancel",
                       headers=token("kadis.kominfo")).status_code == 409


def test_only_the_sender_may_cancel(client, token):
    letter, tree = _disposed(client, token)
    assert client.post(f"/api/v1/dispositions/{tree[0]['id']}/cancel",
                       headers=token("kabid.aptika")).status_code == 403
    assert client.post("/api/v1/dispositions/999999/cancel", headers=token("kadis.kominfo")).status_code == 404


def test_inbox_counters_count_unread_pending_and_copies_for_information(client, token):
    kabid = token("kabid.aptika")
    before = client.get("/api/v1/dispositions/counters", headers=kabid).get_json()
    letter, _tree = _disposed(client, token)
    after = client.get("/api/v1/dispositions/counters", headers=kabid).get_json()
    assert after["unread"] == before["unread"] + 1
    assert after["pending"] == before["pending"] + 1
    assert after["for_information"] == before["for_information"] + 1
    client.get(f"/api/v1/letters/{letter['id']}", headers=kabid)
    assert client.get("/api/v1/dispositions/counters", headers=kabid).get_json()["unread"] == before["unread"]
