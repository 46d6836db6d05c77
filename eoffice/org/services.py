"""Org-chart use cases: look-ups along the hierarchy and Plh/Plt delegations."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from flask_babel import gettext as _
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from eoffice.core import clock
from eoffice.core.errors import InvalidInput, NotFound
from eoffice.core.ids import as_id
from eoffice.org.models import DELEGATION_KINDS, Delegation, Employee, Position, Unit


@dataclass(frozen=True)
class ActingPosition:
    """A position the employee holds (delegation None) or acts for through a Plh/Plt."""

    position_id: int
    delegation_id: int | None = None
    kind: str | None = None


def get_position(session: Session, position_id: int) -> Position:
    position = session.get(Position, position_id)
    if position is None:
        raise NotFound(f"position {position_id}")
    return position


def employee_by_login(session: Session, login: str) -> Employee | None:
    return session.scalar(select(Employee).where(Employee.login == login))






def active_delegations(session: Session, at: datetime | None = None):
    at = at or clock.now()
    return select(Delegation).where(
        Delegation.start <= at, Delegation.end > at, Delegation.ended_early_at.is_(None))




def holder_of(session: Session, position_id: int) -> Employee | None:
    return session.scalar(select(Employee).where(Employee.position_id == position_id, Employee.active.is_(True)))


def acting_holder(session: Session, position_id: int, at: datetime | None = None) -> tuple[Employee | None, Delegation | None]:
    """Who receives the position's work now: the Plh/Plt while one is active, else the holder."""
    stmt = active_delegations(session, at).where(Delegation.position_id == position_id)
    delegation = session.scalars(stmt.order_by(Delegation.start.desc())).first()
    if delegation is not None:
        return delegation.delegate, delegation
    return holder_of(session, position_id), None


_SUPERIOR = select(Position.__table__.c.superior_id).where(Position.__table__.c.id == bindparam("position_id"))


def superior_id(session: Session, position_id: int) -> int | None:
    return session.scalar(_SUPERIOR, {"position_id": position_id})


def chain_upwards(session: Session, position_id: int, limit: int = 10) -> list[int]:
    """The superiors of a position, nearest first."""
    chain, current = [], superior_id(session, position_id)
    while current is not None and len(chain) < limit:
        chain.append(current)
        current = superior_id(session, current)
    return chain


def subordinate_ids(session: Session, position_id: int) -> set[int]:
    """All positions below this one, at any depth."""
    found, frontier = set(), [position_id]
    while frontier:
        children = session.scalars(select(Position.id).where(Position.superior_id.in_(frontier))).all()
        frontier = [c for c in children if c not in found]
        found.update(frontier)
    return found


def opd_of_unit(session: Session, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id)
    while unit is not None and unit.kind not in ("opd", "pemda") and unit.parent_id is not None:
        unit = session.get(Unit, unit.parent_id)
    return unit


def opd_of_position(session: Session, position_id: int) -> Unit:
    return opd_of_unit(session, get_position(session, position_id).unit_id)


def head_position_of_unit(session: Session, unit_id: int) -> Position | None:
    return session.scalar(select(Position).where(Position.unit_id == unit_id, Position.is_head.is_(True)))


def list_positions(session: Session) -> list[dict]:
    rows = session.execute(
        select(Position, Employee.login).outerjoin(
            Employee, (Employee.position_id == Position.id) & Employee.active.is_(True)
        ).order_by(Position.id)
    ).all()
    return [{"id": p.id, "code": p.code, "title": p.title, "unit": p.unit.name, "unit_id": p.unit_id,
             "holder_login": login, "superior_id": p.superior_id} for p, login in rows]


def _parse_when(value, field: str, end_of_day: bool = False) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=clock.WIB)
    if isinstance(value, date):
        return datetime.combine(value, time.max if end_of_day else time.min, tzinfo=clock.WIB)
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(_("Wajib diisi."), field)
    text = value.strip()
    try:
        if len(text) == 10:
            return _parse_when(date.fromisoformat(text), field, end_of_day)
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(_("Format tanggal tidak valid (YYYY-MM-DD)."), field) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=clock.WIB)


def create_delegation(session: Session, *, position_id, delegate_login, kind, start, end, decree,
                      created_by: str) -> Delegation:
    errors = []
    position = session.get(Position, position_id) if isinstance(position_id, int) and as_id(position_id) else None
    if position is None:
        errors.append({"field": "position_id", "message": _("Jabatan tidak ditemukan.")})
    delegate = employee_by_login(session, delegate_login) if isinstance(delegate_login, str) else None
    if delegate is None:
        errors.append({"field": "delegate_login", "message": _("Pegawai pelaksana tidak ditemukan.")})
    if kind not in DELEGATION_KINDS:
        errors.append({"field": "kind", "message": _("Jenis harus plh atau plt.")})
    if not isinstance(decree, str) or not decree.strip():
        errors.append({"field": "decree", "message": _("Nomor surat perintah/keputusan wajib diisi.")})
    starts = ends = None
    for field, value, is_end in (("start", start, False), ("end", end, True)):
        try:
            parsed = _parse_when(value, field, end_of_day=is_end)
        except InvalidInput as exc:
            errors.extend(exc.errors)
            continue
        if is_end:
            ends = parsed
        else:
            starts = parsed
    if starts and ends and ends <= starts:
        errors.append({"field": "end", "message": _("Tanggal selesai harus setelah tanggal mulai.")})
    if delegate is not None and position is not None and delegate.position_id == position.id:
        errors.append({"field": "delegate_login", "message": _("Pemegang jabatan tidak dapat menjadi Plh/Plt jabatannya sendiri.")})
    if errors:
        raise InvalidInput(errors)
    delegation = Delegation(position_id=position.id, delegate_id=delegate.id, kind=kind,
                            start=starts.astimezone(timezone.utc), end=ends.astimezone(timezone.utc),
                            decree=decree.strip(), created_by=created_by)
    session.add(delegation)
    session.flush()
    return delegation


def end_delegation(session: Session, delegation_id: int) -> Delegation:
    delegation = session.get(Delegation, delegation_id)
    if delegation is None:
        raise NotFound(f"delegation {delegation_id}")
    if delegation.ended_early_at is None:
        delegation.ended_early_at = clock.now()
    return delegation


def list_delegations(session: Session, include_past: bool = False) -> list[Delegation]:
    stmt = select(Delegation).order_by(Delegation.start.desc())
    if not include_past:
        stmt = stmt.where(Delegation.ended_early_at.is_(None), Delegation.end > clock.now())
    return list(session.scalars(stmt))


def delegation_as_dict(d: Delegation) -> dict:
    return {"id": d.id, "position_id": d.position_id, "position": d.position.title,
            "delegate_login": d.delegate.login, "kind": d.kind, "start": _wib_iso(d.start),
            "end": _wib_iso(d.end), "decree": d.decree,
            "ended_early_at": _wib_iso(d.ended_early_at) if d.ended_early_at else None}


def _wib_iso(moment: datetime) -> str:
    """ISO time with its offset, in WIB (SQLite hands naive UTC datetimes back)."""
    return clock.local(clock.aware(moment)).isoformat()
