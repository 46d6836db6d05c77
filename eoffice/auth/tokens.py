"""API bearer tokens: JWT signed with the app secret under one pinned algorithm."""
from __future__ import annotations

from datetime import timedelta

from jose import JWTError, jwt

from eoffice.core import clock

ALLOWED_ALGORITHMS = ["HS256"]


class InvalidToken(Exception):
    pass


def issue(secret: str, login: str, expires_seconds: int) -> str:
    now = clock.now()
    claims = {"sub": login, "iat": int(now.timestamp()),
              "exp": int((now + timedelta(seconds=expires_seconds)).timestamp()), "typ": "access"}
    return jwt.encode(claims, secret, algorithm=ALLOWED_ALGORITHMS[0])


# Tokens whose signature was checked, keyed by (secret, token): a client sends the same token with
# every request and the JWT check is a good part of a small request's time. Bounded; expiry is
# still checked on every use.
_verified: dict[tuple[str, str], tuple[str, int]] = {}
_VERIFIED_MAX = 10_000


def read(secret: str, token: str) -> str:
    """The login the token was issued to; refuses other algorithms, `none`, and expired tokens."""
    known = _verified.get((secret, token))
    if known is None:
        known = _verify(secret, token)
        if len(_verified) >= _VERIFIED_MAX:
            _verified.clear()
        _verified[(secret, token)] = known
    login, expires = known
    if expires < clock.now().timestamp():
        raise InvalidToken("expired")
    return login


def _verify(secret: str, token: str) -> tuple[str, int]:
    try:
        header = jwt.get_unverified_header(token)
    except JWTError as exc:
        raise InvalidToken("malformed token") from exc
    if header.get("alg") not in ALLOWED_ALGORITHMS:
        raise InvalidToken("algorithm not allowed")
    try:
        claims = jwt.decode(token, secret, algorithms=ALLOWED_ALGORITHMS,
                            options={"verify_exp": False})
    except JWTError as exc:
        raise InvalidToken("bad signature") from exc
    if claims.get("typ") != "access" or not isinstance(claims.get("sub"), str):
        raise InvalidToken("not an access token")
    return claims["sub"], int(claims.get("exp", 0))
