"""API bearer tokens: JWT signed with the app secret under one pinned algorithm."""
from __future__ import annotations

from datetime import timedelta

from jose import JWTError, jwt

from eoffice import clock

ALLOWED_ALGORITHMS = ["HS256"]


class InvalidToken(Exception):
    pass


def issue(secret: str, login: str, expires_seconds: int) -> str:
    now = clock.now()
    claims = {"sub": login, "iat": int(now.timestamp()),
              "exp": int((now + timedelta(seconds=expires_seconds)).timestamp()), "typ": "access"}
    return jwt.encode(claims, secret, algorithm=ALLOWED_ALGORITHMS[0])


def read(secret: str, token: str) -> str:
    """The login the token was issued to; refuses other algorithms, `none`, and expired tokens."""
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
    if int(claims.get("exp", 0)) < clock.now().timestamp():
        raise InvalidToken("expired")
    return claims["sub"]
