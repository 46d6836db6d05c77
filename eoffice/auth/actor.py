"""The signed-in person as services see them: employee, roles, positions held or acted for."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from eoffice.org import services as org
from eoffice.org.models import Employee


@dataclass(frozen=True)
class Actor:
    employee_id: int
    login: str
    name: str
    roles: frozenset[str]
    positions: tuple[org.ActingPosition, ...] = field(default_factory=tuple)
    pencatat_units: frozenset[int] = frozenset()

    @property
    def position_ids(self) -> list[int]:
        return [p.position_id for p in self.positions]

    @property
    def own_position_id(self) -> int | None:
        own = [p.position_id for p in self.positions if p.delegation_id is None]
        return own[0] if own else None

    def acting(self, position_id: int) -> org.ActingPosition | None:
        return next((p for p in self.positions if p.position_id == position_id), None)

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def candidate_keys(self) -> list[tuple[str, str]]:
        """Keys under which work items name this actor (see workflows.workitems)."""
        keys = [("user", self.login)] + [("position", str(p)) for p in self.position_ids]
        keys += [("role", r) for r in sorted(self.roles)]
        return keys


def actor_for(session: Session, employee: Employee) -> Actor:
    return Actor(
        employee_id=employee.id,
        login=employee.login,
        name=employee.name,
        roles=frozenset(org.roles_of(session, employee.id)),
        positions=tuple(org.acting_positions(session, employee)),
        pencatat_units=frozenset(org.role_units(session, employee.id, "pencatat")),
    )
