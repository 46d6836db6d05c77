"""Create-on-first-use rows that stay correct when many requests create them at once.

`insert_missing` is `INSERT … ON CONFLICT DO NOTHING` on SQLite and PostgreSQL: whoever comes
first inserts, everyone else inserts nothing and no error; the caller then reads the row (on
PostgreSQL the losing insert waits for the winner's transaction, so the re-read sees its row).
"""
from __future__ import annotations

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite


def insert_missing(conn, table: Table, values: dict, index_elements=None) -> bool:
    """Insert `values` unless a row with the same key (primary key, or `index_elements`: the columns
    of a unique constraint) exists; True when this call inserted it. `conn` is a Session or Connection."""
    bind = conn.get_bind() if hasattr(conn, "get_bind") else conn
    dialect = postgresql if bind.dialect.name == "postgresql" else sqlite
    stmt = (dialect.insert(table).values(**values).on_conflict_do_nothing(index_elements=index_elements)
            .returning(*table.primary_key.columns))  # rowcount is not reliable with implicit RETURNING
    return conn.execute(stmt).first() is not None
