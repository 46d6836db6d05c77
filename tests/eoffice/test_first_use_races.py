"""Rows created on first use stay correct when two requests create them at the same moment (each
in its own thread, session and connection, both holding their transaction open a while; SQLite and
PostgreSQL through the app tier): a notification or e-mail under one dedupe key, a model's
retirement, a CSV import of holidays or classification codes. Neither fails on a unique constraint."""
from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from sqlalchemy import func, select

from eoffice.app.extensions import db


def _at_once(app, use_case, times: int = 2) -> None:
    """Run `use_case(session)` in `times` threads released together; each commits after a pause."""
    barrier, failures = threading.Barrier(times), []

    def run():
        with app.app_context():
            try:
                barrier.wait(30)
                use_case(db.session)
                time.sleep(0.2)  # the transactions overlap
                db.session.commit()
            except Exception as exc:  # re-raised in the test's thread
                failures.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert failures == []


def test_one_dedupe_key_notifies_and_mails_once_when_two_requests_notify_at_once(app, db_session):
    from eoffice.notifications.models import EmailOutbox, Notification
    from eoffice.notifications.services import notify

    _at_once(app, lambda session: notify(session, kind="uji", title="Uji", body="isi", logins=["kadis.kominfo"],
                                         dedupe_key="uji:1"))
    assert db_session.scalar(select(func.count()).select_from(Notification).where(Notification.kind == "uji")) == 1
    assert db_session.scalar(select(func.count()).select_from(EmailOutbox).where(
        EmailOutbox.dedupe_key.like("uji:1:%"))) == 1


def test_a_model_retired_by_two_administrators_at_once_is_retired_once(app, db_session):
    from eoffice.admin.models import ModelReview, ModelState
    from eoffice.admin.services import retire_model

    _at_once(app, lambda session: retire_model(session, "cuti", "diganti", "admin"))
    assert db_session.get(ModelState, "cuti").retired_at is not None
    assert db_session.scalar(select(func.count()).select_from(ModelReview).where(
        ModelReview.model_id == "cuti", ModelReview.action == "retired")) == 1


@pytest.mark.parametrize("kind", ["holidays", "classifications"])
def test_one_csv_imported_twice_at_once_is_imported(app, db_session, kind):
    from eoffice.calendar.models import Holiday
    from eoffice.calendar.services import import_holidays_csv
    from eoffice.letters.classifications import import_classifications_csv
    from eoffice.letters.models import Classification

    if kind == "holidays":
        _at_once(app, lambda session: import_holidays_csv(session, "date,name\n2031-01-02,Libur uji\n2031-01-03,Cuti bersama uji\n"))
        assert db_session.get(Holiday, date(2031, 1, 2)).name == "Libur uji"
    else:
        _at_once(app, lambda session: import_classifications_csv(
            session, "code,name,active_years,inactive_years,final\n999,Uji,1,2,musnah\n999.1,Uji anak,1,2,permanen\n"))
        assert db_session.get(Classification, "999.1").final == "permanen"


def test_the_same_record_created_twice_at_once_is_created_once_and_the_other_refused_as_a_conflict(app, token):
    """What is left of the class (a real creation, not a row made on first use) answers a clear
    refusal instead of a 500: here two administrators create the same SPBE record at once."""
    from tests.eoffice.concurrency import in_parallel

    headers = token("admin")
    record = {"code": "RAB.09.06.09", "domain": "RAB", "name": "Uji bersamaan", "owner_unit": "BKPSDM", "status": "baru"}
    answers = in_parallel(app, [lambda client: client.post("/api/v1/spbe/records", json=record, headers=headers)] * 4)
    statuses = sorted(a.status_code for a in answers)
    assert statuses.count(201) == 1 and set(statuses) <= {201, 409, 422}, statuses
    assert all(a.is_json and a.get_json().get("message") for a in answers if a.status_code != 201)
