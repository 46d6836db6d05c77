"""Tables of dispositions: one row per disposition (a tree per letter) and the follow-up reports."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflows.db import Base
from workflows.models import UtcDateTime

STATUSES = ("unread", "read", "reported", "done", "cancelled")
OPEN_STATUSES = ("unread", "read")
INSTRUCTIONS = ("Tanggapan dan saran", "Proses lebih lanjut", "Koordinasi", "Untuk diketahui",
                "Hadiri/wakili", "Siapkan jawaban", "Arsipkan")
FOR_INFORMATION = "Untuk diketahui"


class Disposition(Base):
    """One disposition from a position to one subordinate position; `parent_id` links the tree.

    Each one runs its own `disposisi` process instance (`instance_id`), so a letter's tree can
    grow wide and deep without growing any single SpiffWorkflow task tree.
    """

    __tablename__ = "disposition"
    __table_args__ = (
        Index("ix_disposition_to_status", "to_position_id", "status"),
        Index("ix_disposition_from_status", "from_position_id", "status"),
        Index("ix_disposition_letter", "letter_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letter.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("disposition.id"), index=True)
    depth: Mapped[int] = mapped_column(Integer, default=1)
    from_position_id: Mapped[int] = mapped_column(ForeignKey("position.id"))
    from_login: Mapped[str | None] = mapped_column(String(80))
    from_acting: Mapped[str | None] = mapped_column(String(10))
    to_position_id: Mapped[int] = mapped_column(ForeignKey("position.id"))
    instructions: Mapped[list] = mapped_column(JSON, default=list)
    for_information: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    deadline: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    status: Mapped[str] = mapped_column(String(20), default="unread")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    read_by: Mapped[str | None] = mapped_column(String(80))
    acted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    overdue_marked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    instance_id: Mapped[int | None] = mapped_column(Integer, index=True)

    reports: Mapped[list[DispositionReport]] = relationship(
        back_populates="disposition", order_by="DispositionReport.id", lazy="selectin")


class DispositionReport(Base):
    """Laporan tindak lanjut: the recipient's report back to whoever disposed."""

    __tablename__ = "disposition_report"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    disposition_id: Mapped[int] = mapped_column(ForeignKey("disposition.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    file_digest: Mapped[str | None] = mapped_column(String(64))
    reported_by: Mapped[str] = mapped_column(String(80))
    position_id: Mapped[int] = mapped_column(ForeignKey("position.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    disposition: Mapped[Disposition] = relationship(back_populates="reports")
