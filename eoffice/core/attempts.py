"""Counted attempts at a secret with a lockout, atomic on SQLite and PostgreSQL (login throttling,
the signing passphrase).

An attempt is RESERVED before the secret is checked: one conditional `UPDATE … SET failures =
failures + 1 … WHERE <not locked> RETURNING failures` takes it, and the attempt that reaches the
limit also sets the lock. The reserved row stays locked until the caller's transaction ends (on
SQLite the whole database's write lock): the caller checks the secret inside that transaction and
commits the verdict, a wrong secret leaving its attempt counted and a right one clearing the count.
So checks of one key run one at a time, each seeing the verdict of the one before: however many
attempts arrive at once, at most `limit` wrong secrets are checked, the others are refused as
locked without checking them, even when they carry the right secret; and parallel RIGHT secrets all
pass (each clears the count before the next reserves). An attempt whose check never finished
(the process died) rolls back with its transaction. The first row of a key is inserted with
`INSERT … ON CONFLICT DO NOTHING`, so parallel first attempts do not collide. A table used here has
its key as the primary key, `failures` and `locked_until`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Table, case, literal, or_, update

from eoffice.core.rows import insert_missing


@dataclass(frozen=True)
class Limit:
    """At most `attempts` wrong secrets in a row; the attempt that reaches it locks for `lock_seconds`."""

    attempts: int
    lock_seconds: int


def reserve(conn, table: Table, key, limit: Limit, now: datetime) -> int | None:
    """Take one attempt for `key` in `conn`'s transaction (a Session or Connection): its number
    (1 … limit), or None while the key is locked. An expired lock starts a fresh count. The key's
    row stays locked until that transaction ends."""
    key_column = _key_column(table)
    insert_missing(conn, table, {key_column.name: key, "failures": 0, "locked_until": None})
    failures, locked_until = table.c.failures, table.c.locked_until
    taken = case((locked_until.is_(None), failures + 1), else_=1)
    until = literal(now + timedelta(seconds=limit.lock_seconds), locked_until.type)
    stmt = (update(table)
            .where(key_column == key, or_(locked_until.is_(None), locked_until <= now))
            .values(failures=taken, locked_until=case((taken >= limit.attempts, until), else_=None))
            .returning(failures))
    return conn.execute(stmt).scalar_one_or_none()


def clear(conn, table: Table, key) -> None:
    """The right secret was given: no failures and no lock for `key` (the caller commits). The row
    stays (a waiting attempt re-reads it), so a table holds one row per key ever tried."""
    conn.execute(update(table).where(_key_column(table) == key).values(failures=0, locked_until=None))


def _key_column(table: Table):
    (column,) = table.primary_key.columns
    return column
