"""Tables of letters: the letter itself (incoming, outgoing or internal), agenda counters, classification codes."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflows.db import Base
from workflows.models import UtcDateTime

DIRECTIONS = ("masuk", "keluar", "internal")
SIFAT = ("biasa", "terbatas", "rahasia", "sangat_rahasia")
CONFIDENTIAL = ("rahasia", "sangat_rahasia")
URGENCY = ("biasa", "segera", "amat_segera")
FINAL_DISPOSITIONS = ("musnah", "permanen", "dinilai_kembali")
LETTER_STATUSES = ("registered", "in_progress", "done")


class Classification(Base):
    """Kode klasifikasi arsip: hierarchical code (000 → 000.1 → 000.1.2) with retention years."""

    __tablename__ = "classification"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    parent_code: Mapped[str | None] = mapped_column(String(40), index=True)
    active_years: Mapped[int] = mapped_column(Integer, default=0)
    inactive_years: Mapped[int] = mapped_column(Integer, default=0)
    final: Mapped[str] = mapped_column(String(20), default="musnah")
    sample: Mapped[bool] = mapped_column(Boolean, default=False)


class AgendaCounter(Base):
    """The last agenda number given per OPD and year (incremented with INSERT … ON CONFLICT … RETURNING)."""

    __tablename__ = "agenda_counter"

    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class Letter(Base):
    """A letter (naskah dinas). Incoming letters carry an agenda number of the receiving OPD;
    outgoing/internal letters may reference one through `source`/`source_ref`."""

    __tablename__ = "letter"
    __table_args__ = (
        UniqueConstraint("opd_unit_id", "agenda_year", "agenda_number", name="uq_letter_agenda"),
        Index("ix_letter_opd_received", "opd_unit_id", "received_date"),
        Index("ix_letter_addressed_status", "addressed_to_position_id", "status"),
        Index("ix_letter_created", "created_at", "id"),  # newest-first register pages stop after a page
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    direction: Mapped[str] = mapped_column(String(10), default="masuk")
    kind: Mapped[str] = mapped_column(String(60), default="surat dinas")
    opd_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    agenda_year: Mapped[int | None] = mapped_column(Integer)
    agenda_number: Mapped[int | None] = mapped_column(Integer)
    letter_number: Mapped[str] = mapped_column(String(120), index=True)
    letter_date: Mapped[date | None] = mapped_column(Date)
    received_date: Mapped[date | None] = mapped_column(Date)
    sender: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(500))
    summary: Mapped[str] = mapped_column(Text, default="")
    sifat: Mapped[str] = mapped_column(String(20), default="biasa")
    urgency: Mapped[str] = mapped_column(String(20), default="biasa")
    classification_code: Mapped[str | None] = mapped_column(ForeignKey("classification.code"), index=True)
    attachments_count: Mapped[int] = mapped_column(Integer, default=0)
    addressed_to_position_id: Mapped[int | None] = mapped_column(ForeignKey("position.id"))
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"), index=True)
    registered_by_position_id: Mapped[int | None] = mapped_column(ForeignKey("position.id"))
    file_digest: Mapped[str | None] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(20), default="manual")
    source_ref: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20), default="registered", index=True)
    instance_id: Mapped[int | None] = mapped_column(Integer, index=True)
    deadline: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_by: Mapped[str | None] = mapped_column(String(80))
    retention_active_until: Mapped[date | None] = mapped_column(Date)
    retention_inactive_until: Mapped[date | None] = mapped_column(Date)

    classification: Mapped[Classification | None] = relationship(lazy="joined")

    @property
    def confidential(self) -> bool:
        return self.sifat in CONFIDENTIAL

    @property
    def agenda_label(self) -> str:
        if self.agenda_number is None:
            return "–"
        return f"{self.agenda_number:04d}/{self.agenda_year}"
