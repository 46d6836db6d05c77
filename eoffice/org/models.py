"""Tables of the organisation chart: units, positions, employees, roles, delegations."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflows.db import Base

UNIT_KINDS = ("pemda", "opd", "bidang", "seksi")
ROLES = ("pencatat", "admin", "auditor", "konseptor")
DELEGATION_KINDS = ("plh", "plt")


class Unit(Base):
    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(100), default="")
    website: Mapped[str] = mapped_column(String(100), default="")

    parent: Mapped[Unit | None] = relationship(remote_side=[id])


class Position(Base):
    __tablename__ = "position"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    superior_id: Mapped[int | None] = mapped_column(ForeignKey("position.id"), index=True)
    is_head: Mapped[bool] = mapped_column(Boolean, default=False)
    echelon: Mapped[str] = mapped_column(String(10), default="")

    unit: Mapped[Unit] = relationship(lazy="joined")
    superior: Mapped[Position | None] = relationship(remote_side=[id])


class Employee(Base):
    __tablename__ = "employee"

    id: Mapped[int] = mapped_column(primary_key=True)
    nip: Mapped[str] = mapped_column(String(18), unique=True)
    nik: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    login: Mapped[str] = mapped_column(String(80), unique=True)
    email: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    position_id: Mapped[int | None] = mapped_column(ForeignKey("position.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    position: Mapped[Position | None] = relationship(lazy="joined")


class EmployeeRole(Base):
    __tablename__ = "employee_role"
    __table_args__ = (UniqueConstraint("employee_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    role: Mapped[str] = mapped_column(String(30))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))


class Delegation(Base):
    """A Plh/Plt assignment: from `start` to `end` the delegate receives the position's work."""

    __tablename__ = "delegation"
    __table_args__ = (Index("ix_delegation_delegate_period", "delegate_id", "start", "end"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("position.id"), index=True)
    delegate_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    kind: Mapped[str] = mapped_column(String(3))
    start: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    end: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    decree: Mapped[str] = mapped_column(String(120))
    created_by: Mapped[str] = mapped_column(String(80))
    ended_early_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    position: Mapped[Position] = relationship(lazy="joined")
    delegate: Mapped[Employee] = relationship(lazy="joined")
