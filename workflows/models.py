"""Engine tables: process models, immutable versions, instances, work items and their candidates."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, TypeDecorator, UniqueConstraint, text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .db import Base


class UtcDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused; use an aware UTC datetime")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class ProcessModel(Base):
    """A process model (one `bpmn/<model_id>/` folder) and its current version."""

    __tablename__ = "wf_process_model"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    owner_unit: Mapped[str | None] = mapped_column(String(200))
    # No foreign key: the model/version reference is circular; versions.deploy keeps it right.
    current_version_id: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ProcessVersion(Base):
    """One immutable deployed content of a model, identified by its content hash."""

    __tablename__ = "wf_process_version"
    __table_args__ = (UniqueConstraint("model_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    model_id: Mapped[str] = mapped_column(ForeignKey("wf_process_model.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str | None] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(300))
    owner_unit: Mapped[str | None] = mapped_column(String(200))
    process_id: Mapped[str] = mapped_column(String(200))
    meta: Mapped[dict] = mapped_column(JSON, default=dict)
    files: Mapped[dict] = mapped_column(JSON, deferred=True)  # loaded on a spec/form cache miss
    deployed_by: Mapped[str | None] = mapped_column(String(100))
    deployed_at: Mapped[datetime] = mapped_column(UtcDateTime)

    @property
    def bpmn_xml(self) -> str:
        return self.files["process.bpmn"]


class ProcessInstance(Base):
    """A running (or finished) instance: its workflow state, status and a version counter."""

    __tablename__ = "wf_process_instance"
    __table_args__ = (Index("ix_wf_process_instance_status_timer", "status", "next_timer_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("wf_process_version.id"), index=True)
    model_id: Mapped[str] = mapped_column(String(100), index=True)
    status: Mapped[str] = mapped_column(String(20), default="running")
    business_key: Mapped[str | None] = mapped_column(String(200), index=True)
    started_by: Mapped[str | None] = mapped_column(String(100))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    result: Mapped[str | None] = mapped_column(String(100))
    summary: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[dict] = mapped_column(JSON)
    path: Mapped[list] = mapped_column(JSON, default=list)
    waiting: Mapped[list] = mapped_column(JSON, default=list)
    next_timer_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    error: Mapped[str | None] = mapped_column(Text)
    lock_version: Mapped[int] = mapped_column(Integer, nullable=False)

    version: Mapped[ProcessVersion] = relationship()

    __mapper_args__ = {"version_id_col": lock_version}


class WorkItem(Base):
    """A human task of an instance: ready, completed or cancelled; the inbox and the history."""

    __tablename__ = "wf_work_item"
    # Ready items only: the inbox starts from this small partial index, so its cost does not grow
    # with the number of completed items (which are most rows).
    __table_args__ = (Index("ix_wf_work_item_instance_state", "instance_id", "state"),
                      Index("ix_wf_work_item_ready", "id", postgresql_where=text("state = 'ready'"),
                            sqlite_where=text("state = 'ready'")))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("wf_process_instance.id"))
    task_id: Mapped[str] = mapped_column(String(36), index=True)
    task_name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300))
    lane: Mapped[str | None] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(20), default="ready")
    due_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    completed_by: Mapped[str | None] = mapped_column(String(100))
    acting_for: Mapped[str | None] = mapped_column(String(100))

    instance: Mapped[ProcessInstance] = relationship()
    candidates: Mapped[list[WorkItemCandidate]] = relationship(
        back_populates="work_item", cascade="all, delete-orphan", lazy="selectin")


class WorkItemCandidate(Base):
    """Who may act on a work item: kind is position, user or role; value is the id/login/name."""

    __tablename__ = "wf_work_item_candidate"
    # The inbox looks up the caller's keys among candidates of READY items only (partial index),
    # so its cost grows neither with history nor with other people's open work.
    # (work_item_id, kind, value): "is this item offered to these keys" is an index-only probe.
    __table_args__ = (Index("ix_wf_work_item_candidate_ready_key", "kind", "value",
                            postgresql_where=text("ready"), sqlite_where=text("ready = 1")),
                      Index("ix_wf_work_item_candidate_item_key", "work_item_id", "kind", "value"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    work_item_id: Mapped[int] = mapped_column(ForeignKey("wf_work_item.id"))
    kind: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(200))
    # True while the work item is ready; cleared when it is completed or cancelled.
    ready: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

    work_item: Mapped[WorkItem] = relationship(back_populates="candidates")
