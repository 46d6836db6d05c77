"""Default deadlines from urgency (configurable regional rule) and the reminder moment before them."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from eoffice.calendar.services import end_of_working_days

URGENCY_HOURS = {"amat_segera": 24, "segera": 48}
BIASA_WORKING_DAYS = 5
REMINDER_BEFORE = timedelta(hours=24)


def default_deadline(session: Session, urgency: str, start: datetime) -> datetime:
    """Amat Segera 24 hours, Segera 2×24 hours, Biasa the end of the 5th working day (holidays skipped)."""
    hours = URGENCY_HOURS.get(urgency)
    if hours is not None:
        return start + timedelta(hours=hours)
    return end_of_working_days(session, start, BIASA_WORKING_DAYS)


def reminder_moment(start: datetime, deadline: datetime) -> datetime:
    """24 hours before the deadline, or halfway there when the whole span is shorter than two days."""
    span = deadline - start
    if span >= 2 * REMINDER_BEFORE:
        return deadline - REMINDER_BEFORE
    return start + span / 2
