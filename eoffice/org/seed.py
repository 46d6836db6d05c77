"""Loads the demo organisation (idempotent): units, positions, employees with the demo password."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.core.passwords import demo_hash
from eoffice.org.models import Employee, EmployeeRole, Position, Unit
from eoffice.org.seed_data import PEOPLE, UNITS


def _nip(index: int) -> str:
    """NIP layout: birth date (8), appointment year and month (6), sex (1), sequence (3)."""
    birth = f"{1968 + index % 25}{index % 12 + 1:02d}{index % 27 + 1:02d}"
    return f"{birth}{1995 + index % 25}{index % 12 + 1:02d}{1 + index % 2}{index:03d}"


def _nik(index: int) -> str:
    return f"3671{index:012d}"


def seed(session: Session) -> None:
    if session.scalar(select(Employee.id).limit(1)) is not None:
        return
    password_hash = demo_hash(current_app.config["DEMO_PASSWORD"])
    units: dict[str, Unit] = {}
    for code, name, kind, parent, address in UNITS:
        unit = Unit(code=code, name=name, kind=kind, parent=units.get(parent), address=address,
                    phone="Telp. (021) 5585 2000" if kind == "opd" else "",
                    website="tangerangkota.go.id" if kind == "opd" else "")
        session.add(unit)
        units[code] = unit
    session.flush()
    positions: dict[str, Position] = {}
    for index, (pcode, title, ucode, superior, is_head, login, name, roles) in enumerate(PEOPLE, start=1):
        position = Position(code=pcode, title=title, unit_id=units[ucode].id, is_head=is_head,
                            superior_id=positions[superior].id if superior else None)
        session.add(position)
        session.flush()
        positions[pcode] = position
        employee = Employee(nip=_nip(index), nik=_nik(index), name=name, login=login,
                            email=f"{login}@tangerangkota.go.id", password_hash=password_hash,
                            position_id=position.id)
        session.add(employee)
        session.flush()
        opd = units[ucode]
        while opd.kind not in ("opd", "pemda"):
            opd = opd.parent
        for role in roles:
            session.add(EmployeeRole(employee_id=employee.id, role=role,
                                     unit_id=opd.id if role == "pencatat" else None))
    session.flush()
