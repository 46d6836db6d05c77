"""The inbox: ready tasks with counts, including work received as Plh; one page, few queries."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event

from eoffice.core import clock
from eoffice.inbox import services
from eoffice.auth.guards import load_actor
from tests.eoffice.processes.leave import SHORT, position_id, start_leave


def test_inbox_counts_waiting_and_overdue_tasks(client, login, token, db_session):
    staff1, staff2 = token("staf.egov1"), token("staf.egov2")
    start_leave(client, staff1)
    start_leave(client, staff2, {**SHORT, "reason": "Wisuda anak"})
    counts = services.inbox(db_session, load_actor("kasi.egov"))["counts"]
    assert counts["total"] == 2 and counts["overdue"] == 0 and counts["per_model"] == [("Permohonan Cuti", 2)]
    clock.advance(timedelta(days=10))
    login("kasi.egov")
    page = client.get("/inbox").get_data(as_text=True)
    assert 'data-testid="count-total">Menunggu: 2' in page and 'data-testid="count-overdue">Lewat batas waktu: 2' in page
    assert page.count("list-group-item-action overdue") == 2


def test_empty_inbox_says_so(client, login):
    login("staf.egov1")
    assert "Tidak ada tugas yang menunggu." in client.get("/inbox").get_data(as_text=True)


def test_plh_sees_the_officials_work_marked_with_the_position(client, login, token, db_session):
    admin = token("admin")
    today = clock.local(clock.now()).date()
    client.post("/api/v1/delegations", headers=admin, json={
        "position_id": position_id(client, admin, "KASI.EGOV"), "delegate_login": "kasi.infra", "kind": "plh",
        "start": today.isoformat(), "end": (today + timedelta(days=3)).isoformat(), "decree": "800/9/2026"})
    start_leave(client, token("staf.egov1"))
    login("kasi.infra")
    page = client.get("/inbox").get_data(as_text=True)
    assert "sebagai Kepala Seksi E-Government" in page and "Sebagai Plh/Plt: 1" in page


def test_inbox_query_count_does_not_grow_with_the_number_of_tasks(client, token, db_session):
    from eoffice.app.extensions import db

    def count_queries(n_more: int) -> int:
        for _ in range(n_more):
            start_leave(client, token("staf.egov1"))
        actor = load_actor("kasi.egov")
        statements = []
        listener = lambda *args: statements.append(1)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            services.inbox(db.session, actor)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    assert count_queries(1) == count_queries(5)


def test_inbox_page_counts_unread_pending_overdue_and_for_information_letters(client, login, token):
    from tests.eoffice.letters.helpers import complete, position_id as letter_position, registered_letter, task_for_letter

    kadis = token("kadis.kominfo")
    letter = registered_letter(client, token, urgency="amat_segera")
    task = task_for_letter(client, kadis, letter["id"])
    assert complete(client, kadis, task["id"], {"action": "dispose", "recipients": [letter_position("KABID.APTIKA")],
                                                "instructions": ["Untuk diketahui"]}).status_code == 200
    login("kabid.aptika")
    page = client.get("/inbox").get_data(as_text=True)
    for key, text in (("unread", "Belum dibaca: 1"), ("pending", "Belum ditindaklanjuti: 1"), ("overdue", "Terlambat: 0"),
                      ("for_information", "Untuk diketahui: 1")):
        assert f'data-counter="{key}">{text}</span>' in page
    clock.advance(timedelta(hours=25))
    client.get(f"/letters/{letter['id']}")  # opening the letter reads the disposition
    page = client.get("/inbox").get_data(as_text=True)
    assert 'data-counter="unread">Belum dibaca: 0' in page and 'data-counter="overdue">Terlambat: 1' in page
