"""`notify(...)`: tell people (by position, login or employee id) in the app and by e-mail.

Other capabilities call `notify` inside their use case; e-mails are queued in the outbox and
handed to the Celery task `eoffice.notifications.tasks.send_email` only after the transaction
commits, so a rolled-back use case never sends anything.
"""
from __future__ import annotations

import uuid
from typing import Iterable

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from eoffice.core import clock
from eoffice.core.errors import NotFound
from eoffice.core.ids import as_id
from eoffice.core.rows import insert_missing
from eoffice.notifications.models import EmailOutbox, Notification
from eoffice.org import services as org
from eoffice.org.models import Employee, EmployeeRole

PENDING_KEY = "eoffice.outbox"


def _recipients(session: Session, positions, logins, employee_ids, roles) -> list[Employee]:
    people: dict[int, Employee] = {}
    for position_id in positions:
        employee, _ = org.acting_holder(session, int(position_id))
        if employee is not None:
            people[employee.id] = employee
    if logins:
        for e in session.scalars(select(Employee).where(Employee.login.in_(list(logins)))):
            people[e.id] = e
    if employee_ids:
        for e in session.scalars(select(Employee).where(Employee.id.in_(list(employee_ids)))):
            people[e.id] = e
    if roles:
        for e in session.scalars(select(Employee).join(EmployeeRole, EmployeeRole.employee_id == Employee.id)
                                 .where(EmployeeRole.role.in_(list(roles)))):
            people[e.id] = e
    return [e for e in people.values() if e.active]


def notify(session: Session, *, kind: str, title: str, body: str = "", link: str | None = None,
           positions: Iterable[int] = (), logins: Iterable[str] = (), employee_ids: Iterable[int] = (),
           roles: Iterable[str] = (), dedupe_key: str | None = None, email: bool = True) -> list[Notification]:
    """Notify everyone named (a position reaches whoever acts for it now: holder or Plh/Plt).

    With a `dedupe_key`, repeating the same call notifies and e-mails nobody twice.
    """
    created = []
    now = clock.now()
    for person in _recipients(session, positions, logins, employee_ids, roles):
        key = f"{dedupe_key}:{person.id}" if dedupe_key else None
        values = {"employee_id": person.id, "kind": kind, "title": title[:300], "body": body, "link": link,
                  "dedupe_key": key, "created_at": now}
        if key is None:
            note = Notification(**values)
            session.add(note)
        elif insert_missing(session, Notification.__table__, values, index_elements=["dedupe_key"]):
            note = session.scalars(select(Notification).where(Notification.dedupe_key == key)).one()
        else:  # notified before, or by a request running at the same moment
            continue
        created.append(note)
        if email and person.email:
            queue_email(session, person.email, title, _email_body(body, link), key or f"n:{uuid.uuid4().hex}")
    session.flush()
    return created


def _email_body(body: str, link: str | None) -> str:
    from flask import current_app, has_app_context

    base = current_app.config.get("PUBLIC_URL", "") if has_app_context() else ""
    return body + (f"\n\n{base}{link}" if link else "") + "\n\n— e-Office Pemerintah Kota Tangerang\n"


def queue_email(session: Session, to_address: str, subject: str, body: str, dedupe_key: str) -> EmailOutbox | None:
    """Queue one e-mail (idempotent by dedupe key, also against a request queueing it at the same
    moment); it is sent after the transaction commits."""
    values = {"dedupe_key": dedupe_key, "to_address": to_address, "subject": subject[:300], "body": body,
              "status": "pending", "created_at": clock.now()}
    if not insert_missing(session, EmailOutbox.__table__, values, index_elements=["dedupe_key"]):
        return None
    row = session.scalars(select(EmailOutbox).where(EmailOutbox.dedupe_key == dedupe_key)).one()
    session.info.setdefault(PENDING_KEY, []).append(row.id)
    return row


def remind(session: Session, recipients, title: str, body: str, link: str | None) -> None:
    """The runtime's reminder notifier: recipients are (kind, value) candidate keys."""
    by_kind: dict[str, list] = {"position": [], "user": [], "role": []}
    for kind, value in recipients:
        by_kind.setdefault(kind, []).append(value)
    notify(session, kind="task_reminder", title=f"Pengingat: {title}", body=body, link=link,
           positions=[int(v) for v in by_kind["position"]], logins=by_kind["user"], roles=by_kind["role"])


# -- reading -----------------------------------------------------------------------------------
def list_for(session: Session, employee_id: int, *, unread_only: bool = False, limit: int = 50) -> list[Notification]:
    stmt = select(Notification).where(Notification.employee_id == employee_id)
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    return list(session.scalars(stmt.order_by(Notification.id.desc()).limit(limit)))


def unread_count(session: Session, employee_id: int) -> int:
    return session.scalar(select(func.count()).where(Notification.employee_id == employee_id,
                                                     Notification.read_at.is_(None))) or 0


def mark_read(session: Session, employee_id: int, notification_id: int | str | None = None) -> int:
    """Mark one (or, without an id, every) notification of the employee read; an id that names
    none of theirs (or is no id at all, e.g. from a form) is NotFound, never "all of them"."""
    stmt = update(Notification).where(Notification.employee_id == employee_id, Notification.read_at.is_(None))
    if notification_id not in (None, ""):
        key = as_id(notification_id)
        if key is None or session.scalar(select(Notification.employee_id).where(Notification.id == key)) != employee_id:
            raise NotFound("notification")
        stmt = stmt.where(Notification.id == key)
    return session.execute(stmt.values(read_at=clock.now())).rowcount or 0


def as_dict(n: Notification) -> dict:
    return {"id": n.id, "kind": n.kind, "title": n.title, "body": n.body, "link": n.link,
            "created_at": n.created_at.isoformat(), "read_at": n.read_at.isoformat() if n.read_at else None}
