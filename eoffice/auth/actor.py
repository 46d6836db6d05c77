"""The signed-in person as services see them: employee, roles, positions held or acted for."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import DateTime, and_, bindparam, func, select
from sqlalchemy.orm import Session

from eoffice.auth.models import SessionEpoch
from eoffice.core import clock
from eoffice.org import services as org
from eoffice.org.models import Delegation, Employee, EmployeeRole


@dataclass(frozen=True)
class Actor:
    employee_id: int
    login: str
    name: str
    roles: frozenset[str]
    positions: tuple[org.ActingPosition, ...] = field(default_factory=tuple)
    pencatat_units: frozenset[int] = frozenset()
    session_epoch: int = 0  # the generation of this person's web sessions (eoffice.auth.models.SessionEpoch)

    @property
    def position_ids(self) -> list[int]:
        return [p.position_id for p in self.positions]

    @property
    def own_position_id(self) -> int | None:
        own = [p.position_id for p in self.positions if p.delegation_id is None]
        return own[0] if own else None

    def acting(self, position_id: int) -> org.ActingPosition | None:
        return next((p for p in self.positions if p.position_id == position_id), None)

    def candidate_keys(self) -> list[tuple[str, str]]:
        """Keys under which work items name this actor (see workflows.workitems)."""
        keys = [("user", self.login)] + [("position", str(p)) for p in self.position_ids]
        keys += [("role", r) for r in sorted(self.roles)]
        return keys



# Built once (bound parameters): building and cache-keying a statement per request costs as much as
# running it. The delegation predicate is org.active_delegations' (start <= at < end, not ended early).
# Core columns (not ORM attributes): plain rows, without the ORM's per-statement result machinery.
_AT = bindparam("at", type_=DateTime(timezone=True))
_E, _R, _D, _S = Employee.__table__.c, EmployeeRole.__table__.c, Delegation.__table__.c, SessionEpoch.__table__.c
_ACTOR_ROWS = (
    select(_E.id, _E.name, _E.position_id, _E.active, func.coalesce(_S.epoch, 0),
           _R.role, _R.unit_id, _D.id, _D.position_id, _D.kind)
    .select_from(Employee.__table__)
    .outerjoin(SessionEpoch.__table__, _S.employee_id == _E.id)
    .outerjoin(EmployeeRole.__table__, _R.employee_id == _E.id)
    .outerjoin(Delegation.__table__, and_(_D.delegate_id == _E.id, _D.start <= _AT, _D.end > _AT,
                                          _D.ended_early_at.is_(None)))
    .where(_E.login == bindparam("login"))
    .order_by(_D.start, _D.id))


def actor_by_login(session: Session, login: str, at: datetime | None = None) -> Actor | None:
    """The active employee's Actor in ONE query (every request needs it), or None.

    Employee, session generation, roles (with their units) and the delegations active at `at` (default now) come
    back as one row per
    role × delegation pair (a handful), read fresh each time so a new delegation counts at once.
    """
    rows = session.execute(_ACTOR_ROWS, {"login": login, "at": at or clock.now()}).all()
    if not rows or not rows[0][3]:
        return None
    employee_id, name, own_position, epoch = rows[0][0], rows[0][1], rows[0][2], rows[0][4]
    roles: set[str] = set()
    pencatat: set[int] = set()
    acting: dict[int, org.ActingPosition] = {}
    for *_, role, unit_id, delegation_id, position_id, kind in rows:
        if role is not None:
            roles.add(role)
            if role == "pencatat" and unit_id is not None:
                pencatat.add(unit_id)
        if delegation_id is not None and delegation_id not in acting:
            acting[delegation_id] = org.ActingPosition(position_id, delegation_id, kind)
    own = [org.ActingPosition(own_position)] if own_position else []
    return Actor(employee_id=employee_id, login=login, name=name, roles=frozenset(roles),
                 positions=tuple(own + list(acting.values())), pencatat_units=frozenset(pencatat),
                 session_epoch=epoch)
