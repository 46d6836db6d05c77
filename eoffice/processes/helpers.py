"""Helpers handed to the engine's sandbox: org-chart look-ups and working-day arithmetic.

Scripts, conditions, `candidates`, `due` and timer expressions in `process.bpmn` may call:
`superior_of(position_id)`, `chain_upwards(position_id)`, `position_of(login)`,
`head_of(unit_code)`, `working_days(start, end)`, `add_working_days(moment, n)`,
`end_of_working_days(moment, n)` and the engine's `now()`. They are bound to the session of the
running use case, so they read the same transaction.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.core import clock
from eoffice.calendar import services as calendar
from eoffice.org import services as org
from eoffice.org.models import Position, Unit


def _as_date(value) -> date:
    if isinstance(value, datetime):
        return clock.local(clock.aware(value)).date()
    if isinstance(value, date):
        return value
    text = str(value)
    return datetime.fromisoformat(text).date() if "T" in text else date.fromisoformat(text)


def _as_moment(value) -> datetime:
    if isinstance(value, datetime):
        return clock.aware(value)
    if isinstance(value, date):
        return datetime.combine(value, datetime.min.time(), tzinfo=clock.WIB)
    moment = datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _position_id(value) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.startswith("position:"):
        value = value.split(":", 1)[1]
    return int(value)


def session_helpers(session: Session) -> dict[str, Callable]:
    """The sandbox helpers bound to `session` (passed to the engine as `session_helpers`)."""

    def superior_of(position_id):
        pid = _position_id(position_id)
        return org.superior_id(session, pid) if pid is not None else None

    def chain_upwards(position_id):
        pid = _position_id(position_id)
        return org.chain_upwards(session, pid) if pid is not None else []

    def position_of(login):
        employee = org.employee_by_login(session, str(login))
        return employee.position_id if employee is not None else None

    def head_of(unit_code):
        return session.scalar(select(Position.id).join(Unit, Unit.id == Position.unit_id)
                              .where(Unit.code == str(unit_code), Position.is_head.is_(True)))

    holiday_set: set | None = None

    def holidays() -> set:  # read once per use case: a start evaluates several deadlines
        nonlocal holiday_set
        if holiday_set is None:
            holiday_set = calendar.holidays(session)
        return holiday_set

    def working_days(start, end):
        first, last = _as_date(start), _as_date(end)
        return sum(calendar.is_working_day(first + timedelta(days=n), holidays())
                   for n in range((last - first).days + 1))

    def add_working_days(moment, days):
        local = clock.local(_as_moment(moment))
        day, remaining = local.date(), int(days)
        while remaining > 0:
            day += timedelta(days=1)
            remaining -= calendar.is_working_day(day, holidays())
        return datetime.combine(day, local.timetz())

    def end_of_working_days(moment, days):
        day = add_working_days(moment, days).date()
        return datetime.combine(day, time(23, 59), tzinfo=clock.WIB)

    return {"superior_of": superior_of, "chain_upwards": chain_upwards, "position_of": position_of,
            "head_of": head_of, "working_days": working_days, "add_working_days": add_working_days,
            "end_of_working_days": end_of_working_days}

