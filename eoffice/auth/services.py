"""Authentication use cases: check a password under login throttling, issue API tokens."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from eoffice.core import clock
from eoffice.auth import tokens
from eoffice.core import passwords
from eoffice.auth.models import LoginThrottle
from eoffice.core.errors import DomainError
from eoffice.org import services as org
from eoffice.org.models import Employee


class LoginFailed(DomainError):
    status = 401


class LoginLocked(DomainError):
    status = 429


def authenticate(session: Session, login: str, password: str, *, max_failures: int,
                 lock_seconds: int) -> Employee:
    """The employee for these credentials; counts failures per login and locks after too many."""
    login = (login or "").strip().lower()
    if len(login) > Employee.__table__.c.login.type.length:  # names nobody; the throttle key could not hold it
        passwords.verify_password(None, password or "")
        raise LoginFailed("Nama pengguna atau kata sandi salah.")
    key = f"login:{login}"
    throttle = session.get(LoginThrottle, key)
    now = clock.now()
    if throttle and throttle.locked_until and clock.aware(throttle.locked_until) > now:
        raise LoginLocked("Terlalu banyak percobaan gagal. Coba lagi nanti.")
    employee = org.employee_by_login(session, login) if login else None
    ok = passwords.verify_password(employee.password_hash if employee else None, password or "")
    if not ok or employee is None or not employee.active:
        if throttle is None:
            throttle = LoginThrottle(key=key, failures=0)
            session.add(throttle)
        throttle.failures += 1
        if throttle.failures >= max_failures:
            throttle.locked_until = now + timedelta(seconds=lock_seconds)
            throttle.failures = 0
        session.commit()
        raise LoginFailed("Nama pengguna atau kata sandi salah.")
    if throttle is not None:
        session.delete(throttle)
        session.commit()
    return employee


def issue_token(secret: str, employee: Employee, expires_seconds: int) -> dict:
    return {"access_token": tokens.issue(secret, employee.login, expires_seconds),
            "token_type": "Bearer", "expires_in": expires_seconds}
