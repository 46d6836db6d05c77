"""Sample holidays (Indonesian national holidays and cuti bersama), marked as sample data."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.calendar.models import Holiday

SAMPLE = [
    ("2026-01-01", "Tahun Baru 2026 Masehi"), ("2026-03-20", "Hari Raya Idul Fitri 1447 H"),
    ("2026-03-21", "Hari Raya Idul Fitri 1447 H"), ("2026-04-03", "Wafat Yesus Kristus"),
    ("2026-05-01", "Hari Buruh Internasional"), ("2026-05-14", "Kenaikan Yesus Kristus"),
    ("2026-05-27", "Hari Raya Idul Adha 1447 H"), ("2026-06-01", "Hari Lahir Pancasila"),
    ("2026-08-17", "Hari Kemerdekaan Republik Indonesia"), ("2026-12-25", "Hari Raya Natal"),
    ("2027-01-01", "Tahun Baru 2027 Masehi"),
]


def seed(session: Session) -> None:
    if session.scalar(select(Holiday.day).limit(1)) is not None:
        return
    for day, name in SAMPLE:
        session.add(Holiday(day=date.fromisoformat(day), name=name, sample=True))
    session.flush()
