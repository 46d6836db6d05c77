"""Password hashing with argon2id (OWASP parameters)."""
from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# A fixed hash to verify against when the login is unknown, so timing does not reveal logins.
_DUMMY = _hasher.hash("not-a-real-password")


@lru_cache(maxsize=8)
def demo_hash(password: str) -> str:
    """One hash per process for the seeded demo accounts (they all share the demo password)."""
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _DUMMY, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False
