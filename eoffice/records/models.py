"""Where an imported letter came from: one row per letter registered from a records package."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from workflows.db import Base
from workflows.models import UtcDateTime


class RecordsImport(Base):
    """The provenance of an incoming letter registered from a package: the source system and its
    agenda and letter number, the manifest as received, and the whole package (content-addressed),
    so the letter's earlier trail stays with it."""

    __tablename__ = "records_import"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letter.id"), unique=True)
    source_system: Mapped[str] = mapped_column(String(200))
    source_opd: Mapped[str] = mapped_column(String(200), default="")
    source_letter_id: Mapped[int | None] = mapped_column(Integer)
    source_agenda: Mapped[str | None] = mapped_column(String(40))
    source_number: Mapped[str] = mapped_column(String(120), default="")
    package_digest: Mapped[str] = mapped_column(String(64))
    manifest: Mapped[dict] = mapped_column(JSON)
    imported_by: Mapped[str] = mapped_column(String(80))
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime)
