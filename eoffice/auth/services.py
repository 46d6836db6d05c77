"""Authentication use cases: check a password under login throttling, end web sessions, issue API tokens."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from eoffice.auth import tokens
from eoffice.core import attempts, clock, passwords
from eoffice.auth.models import LoginThrottle, SessionEpoch
from eoffice.core.errors import DomainError
from eoffice.org import services as org
from eoffice.org.models import Employee


class LoginFailed(DomainError):
    status = 401


class LoginLocked(DomainError):
    status = 429


def authenticate(session: Session, login: str, password: str, *, max_failures: int,
                 lock_seconds: int) -> Employee:
    """The employee for these credentials, under login throttling (commits its own bookkeeping).

    An attempt is reserved per login before the password is checked, and the verdict committed
    with it (`eoffice.core.attempts`): however many attempts arrive at once, at most
    `max_failures` wrong passwords are checked before the login locks for `lock_seconds`, and
    while it is locked even the right password is refused unchecked.
    """
    login = (login or "").strip().lower()
    if len(login) > Employee.__table__.c.login.type.length:  # names nobody; the throttle key could not hold it
        passwords.verify_password(None, password or "")
        raise LoginFailed("Nama pengguna atau kata sandi salah.")
    key, table = f"login:{login}", LoginThrottle.__table__
    attempt = attempts.reserve(session, table, key, attempts.Limit(max_failures, lock_seconds), clock.now())
    if attempt is None:
        session.commit()
        raise LoginLocked("Terlalu banyak percobaan gagal. Coba lagi nanti.")
    employee = org.employee_by_login(session, login) if login else None
    ok = passwords.verify_password(employee.password_hash if employee else None, password or "")
    if not ok or employee is None or not employee.active:
        session.commit()  # the reserved attempt stays counted
        raise LoginFailed("Nama pengguna atau kata sandi salah.")
    attempts.clear(session, table, key)
    session.commit()
    return employee


def session_epoch(session: Session, employee_id: int) -> int:
    """The generation a session signed in now carries (see `end_sessions`)."""
    return session.scalar(select(SessionEpoch.epoch).where(SessionEpoch.employee_id == employee_id)) or 0


def end_sessions(session: Session, employee_id: int) -> None:
    """Sign the employee out of every web session: the session generation moves on, so any cookie
    signed in before (this browser's, a copy of it, another device's) is refused from now on.
    The caller commits."""
    table = SessionEpoch.__table__
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(dialect.insert(table).values(employee_id=employee_id, epoch=1).on_conflict_do_update(
        index_elements=["employee_id"], set_={"epoch": table.c.epoch + 1}))


def issue_token(secret: str, employee: Employee, expires_seconds: int) -> dict:
    return {"access_token": tokens.issue(secret, employee.login, expires_seconds),
            "token_type": "Bearer", "expires_in": expires_seconds}
