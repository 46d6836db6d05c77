"""The `job_run` table: one row per idempotency key whose effect has been committed."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from workflows.db import Base


class JobRun(Base):
    """A job effect that happened: written in the same transaction as the effect itself."""

    __tablename__ = "job_run"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    name: Mapped[str] = mapped_column(String(120), index=True)
    finished_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    result: Mapped[dict | None] = mapped_column(JSON)
