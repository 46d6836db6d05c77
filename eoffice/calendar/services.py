"""Working-day arithmetic on the configured calendar (Monday–Friday minus holidays, WIB)."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.core import clock
from eoffice.calendar.models import Holiday
from eoffice.core.errors import InvalidInput
from eoffice.core.rows import insert_missing


_DAYS = select(Holiday.__table__.c.day)


def holidays(session: Session) -> set[date]:
    return set(session.scalars(_DAYS))


def is_working_day(day: date, holiday_set: set[date]) -> bool:
    return day.weekday() < 5 and day not in holiday_set


def add_working_days(session: Session, start: datetime, days: int) -> datetime:
    """The moment `days` working days after `start` (same time of day, WIB calendar)."""
    holiday_set = holidays(session)
    local = clock.local(clock.aware(start))
    day, remaining = local.date(), days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day, holiday_set):
            remaining -= 1
    return datetime.combine(day, local.timetz())


def end_of_working_days(session: Session, start: datetime, days: int) -> datetime:
    """End of the `days`-th working day after `start` (23:59 WIB): a deadline 'within N working days'."""
    moment = add_working_days(session, start, days)
    return datetime.combine(moment.date(), time(23, 59), tzinfo=clock.WIB)


def import_holidays_csv(session: Session, text: str) -> int:
    """Import `date,name` rows (ISO dates); all-or-nothing, errors name the line."""
    rows, errors = [], []
    for line_no, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        try:
            day = date.fromisoformat((row.get("date") or "").strip())
        except ValueError:
            errors.append({"field": f"line {line_no}", "message": _("Tanggal tidak valid (YYYY-MM-DD).")})
            continue
        name = (row.get("name") or "").strip()
        if not name:
            errors.append({"field": f"line {line_no}", "message": _("Nama hari libur wajib diisi.")})
            continue
        rows.append((day, name))
    if errors:
        raise InvalidInput(errors)
    if not rows:
        raise InvalidInput(_("Berkas CSV tidak berisi baris (kolom: date,name)."), "file")
    for day, name in rows:
        insert_missing(session, Holiday.__table__, {"day": day, "name": name})  # two imports at once
        holiday = session.get(Holiday, day)
        holiday.name, holiday.sample = name, False
    session.flush()
    return len(rows)
