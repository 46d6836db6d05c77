"""Tables of process-model administration: staged uploads (drafts), model state and review history.

Published versions themselves live in the engine's `wf_process_version` (files included), so a
publication survives restarts and is seen by every web process.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workflows.db import Base
from workflows.models import UtcDateTime


class ModelDraft(Base):
    """A validated package waiting for an administrator to publish it."""

    __tablename__ = "process_model_draft"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    model_id: Mapped[str] = mapped_column(String(100), index=True)
    files: Mapped[dict] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(20), default="upload")  # upload | spbe_edit
    uploaded_by: Mapped[str] = mapped_column(String(80))
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    published_version_id: Mapped[int | None] = mapped_column(Integer)


class ModelState(Base):
    """A retired model starts no new instances; its running instances finish."""

    __tablename__ = "process_model_state"

    model_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    retired_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    retired_by: Mapped[str | None] = mapped_column(String(80))
    reason: Mapped[str] = mapped_column(Text, default="")


class ModelReview(Base):
    """What an administrator did to a model and why: the documented review history (SPBE level 5)."""

    __tablename__ = "process_model_review"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    model_id: Mapped[str] = mapped_column(String(100), index=True)
    version_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))  # published | retired | reactivated
    note: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(80))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
