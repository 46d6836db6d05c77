"""Notifications in the app and by e-mail through a real SMTP server on loopback (aiosmtpd)."""
from __future__ import annotations

import socket
import time

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from tests.eoffice.letters.helpers import complete, position_id, registered_letter, task_for_letter


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(app):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port)
    yield inbox
    app.config.update(SMTP_HOST="", SMTP_PORT=25)
    controller.stop()


def _wait_for(predicate, seconds=5.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not predicate():
        time.sleep(0.05)
    return predicate()


def test_a_new_disposition_reaches_the_recipient_in_app_and_by_email(client, token, smtp):
    kadis = token("kadis.kominfo")
    letter = registered_letter(client, token, subject="Undangan rapat SPBE")
    task = task_for_letter(client, kadis, letter["id"])
    assert complete(client, kadis, task["id"], {"action": "dispose", "recipients": [position_id("KABID.APTIKA")],
                                                "instructions": ["Hadiri/wakili"]}).status_code == 200
    assert _wait_for(lambda: any("kabid.aptika@" in r for rcpt, _ in smtp.messages for r in rcpt))
    rcpt, content = next(m for m in smtp.messages if "kabid.aptika@tangerangkota.go.id" in m[0])
    assert "Disposisi baru" in content and "Undangan rapat SPBE" in content
    body = client.get("/api/v1/notifications", headers=token("kabid.aptika")).get_json()
    assert body["unread"] >= 1
    assert any(n["kind"] == "disposition_new" and n["link"] == f"/letters/{letter['id']}" for n in body["items"])


def test_notify_with_the_same_dedupe_key_sends_once(app, db_session, smtp):
    from eoffice.notifications.models import EmailOutbox, Notification
    from eoffice.notifications.services import notify

    for _ in range(2):
        notify(db_session, kind="test", title="Rapat pimpinan", body="Pukul 09.00", logins=["sekda"],
               dedupe_key="rapat:1")
        db_session.commit()
    assert _wait_for(lambda: len(smtp.messages) >= 1)
    time.sleep(0.2)
    assert len(smtp.messages) == 1
    assert db_session.scalar(select(func.count()).select_from(Notification).where(Notification.kind == "test")) == 1
    assert db_session.scalar(select(EmailOutbox.status).where(EmailOutbox.dedupe_key.like("rapat:1:%"))) == "sent"


def test_send_email_is_idempotent_once_sent(app, db_session, smtp):
    from eoffice.notifications.models import EmailOutbox
    from eoffice.notifications.services import queue_email
    from eoffice.notifications.tasks import send_email

    row = queue_email(db_session, "sekda@tangerangkota.go.id", "Uji", "Isi", "uji:1")
    db_session.commit()
    assert _wait_for(lambda: len(smtp.messages) == 1)
    assert send_email.apply(args=[row.id]).get() == "already handled"
    assert len(smtp.messages) == 1
    db_session.expire_all()
    assert db_session.get(EmailOutbox, row.id).attempts == 1


def test_an_unreachable_smtp_server_leaves_the_email_failed_for_a_retry(app, db_session):
    from eoffice.notifications.models import EmailOutbox
    from eoffice.notifications.services import queue_email

    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=_free_port())  # nothing listens there
    try:
        row = queue_email(db_session, "sekda@tangerangkota.go.id", "Uji", "Isi", "uji:gagal")
        db_session.commit()
        db_session.expire_all()
        saved = db_session.get(EmailOutbox, row.id)
        assert saved.status == "failed" and saved.last_error
    finally:
        app.config.update(SMTP_HOST="", SMTP_PORT=25)


def test_a_rolled_back_use_case_sends_nothing(app, db_session, smtp):
    from eoffice.notifications.services import notify

    notify(db_session, kind="test", title="Tidak jadi", logins=["sekda"], dedupe_key="batal:1")
    db_session.rollback()
    db_session.commit()
    time.sleep(0.2)
    assert smtp.messages == []


def test_notifications_page_lists_and_marks_read(client, token, login):
    from eoffice.app.extensions import db
    from eoffice.notifications.services import notify

    notify(db.session, kind="test", title="Pemberitahuan uji", logins=["kasi.egov"], email=False)
    db.session.commit()
    web = login("kasi.egov")
    assert "Pemberitahuan uji" in web.get("/notifications/").get_data(as_text=True)
    web.post("/notifications/read")
    assert client.get("/api/v1/notifications", headers=token("kasi.egov")).get_json()["unread"] == 0


@pytest.mark.parametrize("notification_id", ["9" * 40, "-1", "abc"])
def test_marking_a_notification_with_an_impossible_id_changes_nothing(client, token, login, notification_id):
    from eoffice.app.extensions import db
    from eoffice.notifications.services import notify

    notify(db.session, kind="test", title="Pemberitahuan uji", logins=["kasi.egov"], email=False)
    db.session.commit()
    response = login("kasi.egov").post("/notifications/read", data={"id": notification_id})
    assert response.status_code in (302, 404)
    assert client.get("/api/v1/notifications", headers=token("kasi.egov")).get_json()["unread"] == 1
