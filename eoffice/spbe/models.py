"""Tables of the SPBE architecture registry: records (six domains, hierarchical codes) and their links."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflows.db import Base
from workflows.models import UtcDateTime


class SpbeRecord(Base):
    """One record of the SPBE architecture (e.g. RAB.09.06.01); `attrs` holds the domain's own fields."""

    __tablename__ = "spbe_record"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    domain: Mapped[str] = mapped_column(String(3), index=True)
    level: Mapped[int] = mapped_column(Integer)
    parent_code: Mapped[str | None] = mapped_column(String(60), index=True)
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    owner_unit: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default="as_is")
    attrs: Mapped[dict] = mapped_column(JSON, default=dict)
    sample: Mapped[bool] = mapped_column(default=False)
    retired_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    retired_by: Mapped[str | None] = mapped_column(String(80))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_by: Mapped[str | None] = mapped_column(String(80))

    links: Mapped[list[SpbeLink]] = relationship(
        foreign_keys="SpbeLink.source_id", cascade="all, delete-orphan", lazy="selectin",
        order_by="SpbeLink.target_code")

    @property
    def retired(self) -> bool:
        return self.retired_at is not None

    @property
    def link_codes(self) -> list[str]:
        return [link.target_code for link in self.links]


class SpbeLink(Base):
    """A record depends on another (a business process uses a service, data, an application …)."""

    __tablename__ = "spbe_record_link"
    __table_args__ = (UniqueConstraint("source_id", "target_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("spbe_record.id", ondelete="CASCADE"), index=True)
    target_code: Mapped[str] = mapped_column(ForeignKey("spbe_record.code", ondelete="CASCADE"), index=True)
