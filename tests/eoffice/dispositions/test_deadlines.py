"""Deadlines: defaults from urgency on the working-day calendar, the reminder and the overdue mark
fired by the disposisi model's BPMN timers on a controlled clock."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from eoffice.core import clock
from tests.eoffice.letters.helpers import complete, position_id, registered_letter, task_for_letter


def _notifications(db_session, login, kind):
    from eoffice.notifications.models import Notification
    from eoffice.org.models import Employee

    return list(db_session.scalars(select(Notification).join(Employee, Employee.id == Notification.employee_id)
                                   .where(Employee.login == login, Notification.kind == kind)))


def test_default_deadlines_follow_urgency_and_skip_weekends_and_holidays(app, db_session):
    from eoffice.letters.dispositions.deadlines import default_deadline

    friday = datetime(2026, 8, 14, 2, 0, tzinfo=timezone.utc)  # Friday 09:00 WIB; 17 August is a holiday
    assert default_deadline(db_session, "amat_segera", friday) == friday + timedelta(hours=24)
    assert default_deadline(db_session, "segera", friday) == friday + timedelta(hours=48)
    biasa = clock.local(default_deadline(db_session, "biasa", friday))
    assert biasa.date().isoformat() == "2026-08-24"  # Mon 17 skipped: 18, 19, 20, 21, 24
    assert (biasa.hour, biasa.minute) == (23, 59)


def test_reminder_before_and_overdue_mark_after_the_deadline(client, token, db_session):
    from eoffice.letters.dispositions.models import Disposition
    from eoffice.processes.runtime import fire_due_timers

    kadis = token("kadis.kominfo")
    letter = registered_letter(client, token, urgency="amat_segera")
    task = task_for_letter(client, kadis, letter["id"])
    assert complete(client, kadis, task["id"], {"action": "dispose", "recipients": [position_id("KABID.APTIKA")],
                                                "instructions": ["Hadiri/wakili"]}).status_code == 200
    d = db_session.scalar(select(Disposition).where(Disposition.letter_id == letter["id"]))
    assert d.deadline - d.created_at == timedelta(hours=24)

    clock.advance(timedelta(hours=1))
    fire_due_timers()
    db_session.expire_all()
    assert d.reminded_at is None
    clock.advance(timedelta(hours=12))  # past the reminder (halfway for a 24-hour deadline)
    assert fire_due_timers() >= 1
    db_session.expire_all()
    assert d.reminded_at is not None and d.overdue_marked_at is None
    assert _notifications(db_session, "kabid.aptika", "task_reminder")

    clock.advance(timedelta(hours=12))  # past the deadline
    fire_due_timers()
    db_session.expire_all()
    assert d.overdue_marked_at is not None
    assert _notifications(db_session, "kadis.kominfo", "disposition_overdue")
    kadis = token("kadis.kominfo")  # a fresh token: the clock moved past the old one's expiry
    tree = client.get(f"/api/v1/letters/{letter['id']}", headers=kadis).get_json()["dispositions"]
    assert tree[0]["overdue"] is True
    counters = client.get("/api/v1/dispositions/counters", headers=token("kabid.aptika")).get_json()
    assert counters["overdue"] >= 1


def test_timers_that_already_fired_do_not_fire_again_after_disposing_further(client, token, db_session):
    from eoffice.processes.runtime import fire_due_timers

    kadis, kabid = token("kadis.kominfo"), token("kabid.aptika")
    letter = registered_letter(client, token, urgency="amat_segera")
    task = task_for_letter(client, kadis, letter["id"])
    complete(client, kadis, task["id"], {"action": "dispose", "recipients": [position_id("KABID.APTIKA")],
                                         "instructions": ["Proses lebih lanjut"]})
    clock.advance(timedelta(hours=25))
    fire_due_timers()
    before = len(_notifications(db_session, "kadis.kominfo", "disposition_overdue"))
    kabid = token("kabid.aptika")
    kabid_task = task_for_letter(client, kabid, letter["id"])
    assert complete(client, kabid, kabid_task["id"], {
        "action": "dispose", "recipients": [position_id("KASI.EGOV")], "instructions": ["Proses lebih lanjut"],
        "deadline": clock.local(clock.now() + timedelta(days=3)).date().isoformat()}).status_code == 200
    fire_due_timers()
    assert len(_notifications(db_session, "kadis.kominfo", "disposition_overdue")) == before
    assert len(_notifications(db_session, "kabid.aptika", "task_reminder")) == 2  # reminder, then overdue


def test_an_administrator_imports_holidays_from_csv_and_default_deadlines_skip_them(app, client, login, db_session,
                                                                                    tmp_path):
    import io
    from datetime import date

    from eoffice.calendar.models import Holiday
    from eoffice.letters.dispositions.deadlines import default_deadline

    monday = datetime(2027, 3, 1, 2, 0, tzinfo=timezone.utc)  # Monday 09:00 WIB

    def biasa_deadline() -> str:
        return clock.local(default_deadline(db_session, "biasa", monday)).date().isoformat()

    def upload(text: str):
        return client.post("/letters/holidays/import", data={"file": (io.BytesIO(text.encode()), "libur.csv")},
                           content_type="multipart/form-data")

    assert biasa_deadline() == "2027-03-08"  # 2, 3, 4, 5, 8 March
    holidays = "date,name\n2027-03-03,Hari Suci Nyepi\n2027-03-04,Cuti bersama Nyepi\n"
    login("kadis.kominfo")
    assert upload(holidays).status_code == 403
    login("admin")
    refused = upload("date,name\n2027-03-05,Libur daerah\n2027-02-30,Tanggal salah\n")
    assert refused.status_code == 302
    assert "Tanggal tidak valid" in client.get(refused.headers["Location"]).get_data(as_text=True)
    assert db_session.get(Holiday, date(2027, 3, 5)) is None  # all or nothing
    assert upload(holidays).status_code == 302
    db_session.expire_all()
    assert db_session.get(Holiday, date(2027, 3, 3)).name == "Hari Suci Nyepi"
    assert biasa_deadline() == "2027-03-10"  # 2, 5, 8, 9, 10 March

    path = tmp_path / "libur.csv"
    path.write_text("date,name\n2027-03-09,Libur daerah\n")
    result = app.test_cli_runner().invoke(args=["calendar", "import-holidays", str(path)])
    assert result.exit_code == 0, result.output
    db_session.expire_all()
    assert biasa_deadline() == "2027-03-11"


def test_the_letter_page_highlights_an_overdue_disposition(client, token, login):
    from eoffice.processes.runtime import fire_due_timers

    kadis = token("kadis.kominfo")
    letter = registered_letter(client, token, urgency="amat_segera")
    task = task_for_letter(client, kadis, letter["id"])
    complete(client, kadis, task["id"], {"action": "dispose", "recipients": [position_id("KABID.APTIKA")],
                                         "instructions": ["Hadiri/wakili"]})
    login("kadis.kominfo")
    assert 'data-overdue="1"' not in client.get(f"/letters/{letter['id']}").get_data(as_text=True)
    clock.advance(timedelta(hours=25))
    fire_due_timers()
    login("kadis.kominfo")
    page = client.get(f"/letters/{letter['id']}").get_data(as_text=True)
    assert 'data-overdue="1"' in page and "border-danger" in page
