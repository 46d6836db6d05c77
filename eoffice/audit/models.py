"""The audit tables: one hash chain per process instance (or per document), the lock row each chain
is appended under, and the signed checkpoints over all events."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Index, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workflows.db import Base


class AuditEvent(Base):
    __tablename__ = "audit_event"
    __table_args__ = (UniqueConstraint("chain", "seq"), Index("ix_audit_event_at", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    chain: Mapped[str] = mapped_column(String(60))
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str | None] = mapped_column(String(80))
    acting_for: Mapped[str | None] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60))
    task: Mapped[str | None] = mapped_column(String(120))
    document: Mapped[str | None] = mapped_column(String(120))
    detail: Mapped[dict | None] = mapped_column(JSON)
    data_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    prev_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    hash: Mapped[bytes] = mapped_column(LargeBinary(32))


class AuditChainLock(Base):
    """One row per chain, locked (PostgreSQL row lock; SQLite's write lock) by whoever appends to
    the chain, until their transaction ends: appends to one chain run one at a time, each reading
    the head the one before committed. The events stay the truth; this row holds no head."""

    __tablename__ = "audit_chain_lock"

    chain: Mapped[str] = mapped_column(String(60), primary_key=True)
    taken: Mapped[int] = mapped_column(Integer, default=0)


class AuditCheckpoint(Base):
    """A signed Merkle root over the audit events with ids in (previous last_event_id, last_event_id].

    Checkpoints chain through `prev_root`; `signature` is HMAC-SHA256 (key derived from
    SECRET_KEY) or Ed25519 (key from the environment), named by `algorithm` and `key_id`.
    """

    __tablename__ = "audit_checkpoint"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    first_event_id: Mapped[int] = mapped_column(Integer)
    last_event_id: Mapped[int] = mapped_column(Integer)
    event_count: Mapped[int] = mapped_column(Integer)
    merkle_root: Mapped[bytes] = mapped_column(LargeBinary(32))
    prev_root: Mapped[bytes] = mapped_column(LargeBinary(32))
    algorithm: Mapped[str] = mapped_column(String(20))
    key_id: Mapped[str] = mapped_column(String(64))
    signature: Mapped[bytes] = mapped_column(LargeBinary(128))
