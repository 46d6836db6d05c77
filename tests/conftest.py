"""Fixtures shared by every tier: an app on SQLite or PostgreSQL, clients, logins and tokens.

`EOFFICE_TEST_DB=postgresql` runs the app tier on PostgreSQL (one database per xdist worker);
the default is SQLite in a temporary file. Each test starts from the seeded demo data.
"""
from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text

PG_ADMIN_URL = os.environ.get("EOFFICE_TEST_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def pytest_sessionstart(session):
    """English catalogs are compiled from the .po files (the .mo files are build output)."""
    from tools.i18n_build import compile_all

    compile_all()


def pg_url(name: str) -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def create_pg_database(name: str) -> str:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return pg_url(name)


def drop_pg_database(name: str) -> None:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def scratch_pg_database(worker_id, testrun_uid):
    """Factory of throw-away PostgreSQL databases, unique per test run and worker, dropped afterwards."""
    made = []

    def make(hint: str) -> str:
        name = f"eoffice_{hint}_{testrun_uid[:10]}_{worker_id}"
        made.append(name)
        return create_pg_database(name)

    yield make
    for name in made:
        drop_pg_database(name)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, worker_id, testrun_uid):
    """One database per test run and worker, so concurrent runs never share one."""
    if os.environ.get("EOFFICE_TEST_DB") == "postgresql":
        name = f"eoffice_test_{testrun_uid[:10]}_{worker_id}"
        yield create_pg_database(name)
        drop_pg_database(name)
        return
    yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


@pytest.fixture(scope="session")
def _app(database_url, tmp_path_factory):
    from eoffice import create_app
    from eoffice.app.extensions import db

    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-for-hs256",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "STORAGE_DIR": str(tmp_path_factory.mktemp("files")),
        "WTF_CSRF_ENABLED": False,
        "CELERY_EAGER": True,
        "PUBLIC_URL": "http://testserver",
        # every test shares one client address: limits high enough never to trip across tests
        # (tests of the limiter lower them for themselves and use their own address)
        "VERIFY_UPLOAD_RATE_LIMIT": "100000/minute",
        "VERIFY_TOKEN_RATE_LIMIT": "100000/minute",
    })
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


def wipe(db) -> None:
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())


@pytest.fixture
def app(_app):
    from eoffice.core import clock
    from eoffice.app import setup
    from eoffice.app.extensions import db

    clock.reset()
    with _app.app_context():
        wipe(db)
        setup.seed_all()
        db.session.remove()
    ctx = _app.app_context()
    ctx.push()
    yield _app
    db.session.rollback()
    db.session.remove()
    ctx.pop()
    clock.reset()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def login(client):
    """Sign the test client in as a demo login (web session)."""

    def _login(username: str, password: str = "eoffice-demo"):
        client.post("/logout")
        response = client.post("/login", data={"username": username, "password": password})
        assert response.status_code == 302, response.data[:500]
        return client

    return _login


@pytest.fixture
def token(client):
    """A bearer-token header for a demo login."""

    def _token(username: str, password: str = "eoffice-demo") -> dict:
        response = client.post("/api/v1/auth/token", json={"username": username, "password": password})
        assert response.status_code == 200, response.get_json()
        return {"Authorization": f"Bearer {response.get_json()['access_token']}"}

    return _token


@pytest.fixture
def db_session(app):
    from eoffice.app.extensions import db

    return db.session
