"""Login throttling under real concurrency (threads, each with its own session and connection; the
app tier runs this on SQLite and on PostgreSQL): however many wrong passwords arrive at once, at
most LOGIN_MAX_FAILURES are checked with argon2, the rest are refused as locked (429, never a 500),
and while locked even the right password is refused unchecked. Parallel RIGHT passwords all pass."""
from __future__ import annotations

from datetime import timedelta

from eoffice.core import clock, passwords
from tests.eoffice.concurrency import count_calls, in_parallel

LOGIN, ATTEMPTS = "kasi.egov", 32
RIGHT = {"username": LOGIN, "password": "eoffice-demo"}


def _attempt(password: str, web: bool):
    def call(client):
        if web:
            return client.post("/login", data={"username": LOGIN, "password": password}).status_code
        return client.post("/api/v1/auth/token", json={"username": LOGIN, "password": password}).status_code

    return call


def test_parallel_wrong_passwords_are_checked_at_most_the_limit_then_even_the_right_one_is_refused(
        app, client, monkeypatch):
    checks = count_calls(monkeypatch, (passwords, "verify_password"))
    limit = app.config["LOGIN_MAX_FAILURES"]
    statuses = in_parallel(app, [_attempt(f"salah-{i}", web=i % 2 == 1) for i in range(ATTEMPTS)])
    assert set(statuses) <= {401, 429}, statuses  # every first attempt raced for the throttle row: no 500
    assert checks.calls == statuses.count(401) == limit
    right = in_parallel(app, [_attempt("eoffice-demo", web=False), _attempt("eoffice-demo", web=True)])
    assert right == [429, 429] and checks.calls == limit  # refused without checking the password
    clock.advance(timedelta(seconds=app.config["LOGIN_LOCK_SECONDS"] + 1))
    assert client.post("/api/v1/auth/token", json=RIGHT).status_code == 200


def test_parallel_right_passwords_all_sign_in_and_clear_earlier_failures(app, client):
    wrong = {"username": LOGIN, "password": "salah"}
    limit = app.config["LOGIN_MAX_FAILURES"]
    for _ in range(limit - 1):
        assert client.post("/api/v1/auth/token", json=wrong).status_code == 401
    statuses = in_parallel(app, [_attempt("eoffice-demo", web=i % 2 == 1) for i in range(8)])
    assert statuses == [200 if i % 2 == 0 else 302 for i in range(8)]  # none refused as locked
    for _ in range(limit - 1):  # the count starts again from nothing
        assert client.post("/api/v1/auth/token", json=wrong).status_code == 401
    assert client.post("/api/v1/auth/token", json=RIGHT).status_code == 200
