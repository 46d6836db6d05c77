"""Login attempts and session generations, kept in the database so throttling and sign-out hold
across web processes."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from workflows.db import Base


class LoginThrottle(Base):
    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SessionEpoch(Base):
    """The generation of an employee's web sessions: a session cookie carries the generation it was
    signed in under, and signing out moves it on, so a copy of any earlier cookie is refused
    (server-side revocation of cookies that are otherwise only signed). No row is generation 0."""

    __tablename__ = "session_epoch"

    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), primary_key=True)
    epoch: Mapped[int] = mapped_column(Integer, default=0)
