"""Fixtures for the engine tests: a fresh database, a movable clock, the example model deployed.

SQLite (WAL, as the app configures it) by default; `EOFFICE_TEST_DB=postgresql` runs the same tests
on PostgreSQL (one database per xdist worker). The engine tables are created once per worker and
kept as an empty `tests.conftest.DatabaseTemplate`; each test gets its own SQLAlchemy engine on
them, emptied (sequences reset): on SQLite a new file filled by the backup API, on PostgreSQL the
worker's database with every row deleted. Creating the tables for each test cost 40 ms on
SQLite and more on PostgreSQL (DDL, and DROP TABLE waits on the checkpointer's file handling).
"""
from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import DatabaseTemplate
from workflows.db import Base
from workflows.registry import load_model_dir
from workflows.runtime import Engine
from workflows.versions import deploy

MODELS = Path(__file__).parent / "models"
START = datetime(2024, 3, 4, 9, 0, tzinfo=timezone.utc)  # a Monday


class MovableClock:
    """An aware-UTC clock the tests move forward."""

    def __init__(self, start: datetime = START):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs) -> None:
        self.now += timedelta(**kwargs)


def add_working_days(start: datetime, days: int) -> datetime:
    """Monday–Friday arithmetic, like the app's calendar helper (without holidays)."""
    day, remaining = start, days
    while remaining > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            remaining -= 1
    return day


class RecordingListener:
    """Collects engine events as (action, kwargs)."""

    def __init__(self):
        self.events = []

    def on_event(self, session, instance, action, **kwargs):
        self.events.append((action, instance.id, kwargs))

    def actions(self) -> list[str]:
        return [e[0] for e in self.events]


WF_TABLES = [t for name, t in Base.metadata.tables.items() if name.startswith("wf_")]


@pytest.fixture(scope="session")
def postgres_url(pg_databases):
    if os.environ.get("EOFFICE_TEST_DB") != "postgresql":
        return None
    return pg_databases.create("wf_test")


def _new_engine(postgres_url: str | None, sqlite_path: Path):
    if postgres_url:
        return create_engine(postgres_url)
    engine = create_engine(f"sqlite:///{sqlite_path}")

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):  # as the app configures SQLite
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL", "busy_timeout=30000"):
            dbapi_connection.execute(f"PRAGMA {pragma}")

    return engine


@pytest.fixture(scope="session")
def _empty_tables(tmp_path_factory, postgres_url):
    """The engine tables, created once per worker, as an empty template."""
    engine = _new_engine(postgres_url, tmp_path_factory.mktemp("wf") / "template.sqlite")
    Base.metadata.create_all(engine, tables=WF_TABLES)
    template = DatabaseTemplate(engine, WF_TABLES)
    yield template
    template.drop(engine)
    engine.dispose()


@pytest.fixture
def db_engine(tmp_path, postgres_url, _empty_tables):
    """An engine of this test's own on the engine tables, empty."""
    engine = _new_engine(postgres_url, tmp_path / "wf.sqlite")
    _empty_tables.restore(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def make_session(db_engine):
    return sessionmaker(db_engine, expire_on_commit=False)


@pytest.fixture
def session(make_session):
    with make_session() as s:
        yield s


@pytest.fixture
def clock():
    return MovableClock()


@pytest.fixture
def listener():
    return RecordingListener()


@pytest.fixture
def engine(clock, listener):
    return Engine(helpers={"add_working_days": add_working_days}, clock=clock, listener=listener)


@pytest.fixture
def revisi_pkg():
    return load_model_dir(MODELS / "revisi")


@pytest.fixture
def deployed(session, revisi_pkg):
    version = deploy(session, revisi_pkg)
    session.commit()
    return version


def start_revisi(engine: Engine, session: Session, **data):
    values = {"requester": "budi", "reviewer_position": 12, **data}
    return engine.start(session, "revisi", values, started_by="budi", business_key="letter:12")
