"""Holidays (libur nasional and cuti bersama) that the working-day calendar skips."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from workflows.db import Base


class Holiday(Base):
    __tablename__ = "holiday"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    sample: Mapped[bool] = mapped_column(default=False)
