"""Fixtures shared by every tier: an app on SQLite or PostgreSQL, clients, logins and tokens.

`EOFFICE_TEST_DB=postgresql` runs the app tier on PostgreSQL (one database per xdist worker);
the default is SQLite in a temporary file. Each test starts from the seeded demo data.

The demo data is seeded once per worker (`db.create_all()` + `seed_all()`) and kept as a
template; before each test the database is put back to that template (`DatabaseTemplate`):

* SQLite: the template is an in-memory copy of the seeded file, made and restored with SQLite's
  backup API through a connection of the app's own engine (~1 ms). The backup takes SQLite's
  locks and writes through the pager, so it is correct in WAL mode and while other connections to
  the file are open (a test's sessions or threads, the browser tier's server); they see the
  restored pages. Copying the file over instead measured 2-7 ms and needs every connection
  closed and the -wal/-shm files removed first, or an open connection sees a torn database.
* PostgreSQL: the seeded rows are copied once into a schema `test_template` of the same database
  (`CREATE TABLE ... AS TABLE`), with every sequence's value. Before each test one round trip
  DELETEs every table's rows (children first), INSERTs the template's back (parents first) and
  resets each sequence to its seeded value (~10 ms). Measured on this machine: `DROP` + `CREATE
  DATABASE ... TEMPLATE` 1.8-4.7 s (the copy is WAL-logged or checkpointed, and every open
  connection must go first), `TRUNCATE` + `INSERT ... SELECT` 0.4-1 s (TRUNCATE makes new files
  for each table), the former `TRUNCATE` + `seed_all()` 0.8-1.1 s. A test wrapped in a
  rolled-back transaction is not an option: the use cases commit, and tests use their own
  sessions, threads and forked processes on the same database.

Both leave exactly what seeding left, ids and sequences included. Process-level state is shared
across tests as before: `clock.reset()` around each test; the in-process caches (parsed specs and
forms by content hash, form validators by schema object, compiled sandbox code by source, verified
tokens by (secret, token), the development PKI, QR key, officials' credentials and demo password
hash by value) hold no database ids, so a restored database never meets a stale entry. The
seeded timestamps are those of the worker's seeding; the template is seeded again when the date
in WIB has changed since, so date-dependent seed data is never a day old.
"""
from __future__ import annotations

import os
import sqlite3

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


class PgDatabases:
    """The PostgreSQL databases a worker makes, all dropped together when the worker finishes.

    Each `DROP DATABASE` makes PostgreSQL run a checkpoint and wait for its fsyncs: seconds, and
    minutes on a machine busy with other writes, which a drop after each test paid every time.
    Back to back only the first drop has much to write. Names are unique per test run and worker
    (and per use), so concurrent runs never share one and nothing needs dropping before a test.
    """

    def __init__(self, run: str, worker: str):
        self.run, self.worker, self.made = run, worker, []

    def create(self, kind: str) -> str:
        name = f"{kind}_{self.run}_{self.worker}"
        if name in self.made:
            name = f"{name}_{len(self.made)}"
        self.made.append(name)
        return create_pg_database(name)

    def drop_all(self) -> None:
        for name in self.made:
            drop_pg_database(name)
        self.made.clear()


@pytest.fixture(scope="session")
def pg_databases(worker_id, testrun_uid):
    databases = PgDatabases(testrun_uid[:10], worker_id)
    yield databases
    databases.drop_all()


@pytest.fixture
def scratch_pg_database(pg_databases):
    """Factory of throw-away PostgreSQL databases, unique per test run, worker and call (dropped
    when the worker finishes: see `PgDatabases`)."""
    return lambda hint: pg_databases.create(f"eoffice_{hint}")


class DatabaseTemplate:
    """A snapshot of every table of a database (rows and sequences), put back with `restore()`.

    See the module docstring for the mechanism per database and why it was chosen.
    """

    SCHEMA = "test_template"

    def __init__(self, engine, tables):
        """`tables`: every table of the database, in dependency order (`metadata.sorted_tables`)."""
        self.dialect = engine.dialect.name
        if self.dialect == "sqlite":
            self._snapshot = sqlite3.connect(":memory:", check_same_thread=False)
            raw = engine.raw_connection()
            try:
                raw.driver_connection.backup(self._snapshot)
            finally:
                raw.close()
        else:
            self._restore_sql = self._copy_to_schema(engine, [t.name for t in tables])

    def _copy_to_schema(self, engine, names: list[str]) -> str:
        schema = self.SCHEMA
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            for name in names:
                conn.execute(text(f'CREATE TABLE "{schema}"."{name}" AS TABLE public."{name}"'))
            sequences = conn.execute(text(
                "SELECT sequencename, last_value, start_value FROM pg_sequences WHERE schemaname = 'public'")).all()
        # `names` are in dependency order (foreign keys are checked at the end of each statement)
        statements = [f'DELETE FROM public."{name}"' for name in reversed(names)]
        statements += [f'INSERT INTO public."{name}" SELECT * FROM "{schema}"."{name}"' for name in names]
        for sequence, last_value, start_value in sequences:
            value, called = (start_value, "false") if last_value is None else (last_value, "true")
            statements.append(f"SELECT setval('public.\"{sequence}\"', {value}, {called})")
        return ";\n".join(statements)

    def restore(self, engine) -> None:
        if self.dialect == "sqlite":
            raw = engine.raw_connection()
            try:
                self._snapshot.backup(raw.driver_connection)
            finally:
                raw.close()
        else:
            with engine.begin() as conn:
                conn.exec_driver_sql(self._restore_sql)

    def drop(self, engine) -> None:
        if self.dialect == "sqlite":
            self._snapshot.close()
        else:
            with engine.begin() as conn:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{self.SCHEMA}" CASCADE'))


class SeededDatabase:
    """The app's database seeded once into a `DatabaseTemplate`, restored before each test.

    Seeded again (emptied, `seed_all()`, a new template) when the WIB date changed since seeding.
    """

    def __init__(self, app):
        self.app, self.template, self.seeded_on = app, None, None

    def fresh(self) -> None:
        from eoffice.app import setup
        from eoffice.app.extensions import db
        from eoffice.core import clock

        clock.reset()
        with self.app.app_context():
            today = clock.local(clock.now()).date()
            if self.template is None or self.seeded_on != today:
                if self.template is not None:
                    self.template.drop(db.engine)
                wipe(db)
                setup.seed_all()
                db.session.remove()
                self.template, self.seeded_on = DatabaseTemplate(db.engine, db.metadata.sorted_tables), today
            else:
                self.template.restore(db.engine)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, pg_databases):
    """One database per test run and worker, so concurrent runs never share one."""
    if os.environ.get("EOFFICE_TEST_DB") == "postgresql":
        return pg_databases.create("eoffice_test")
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


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


@pytest.fixture(scope="session")
def _seeded(_app):
    return SeededDatabase(_app)


def wipe(db) -> None:
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())


@pytest.fixture
def app(_app, _seeded):
    from eoffice.core import clock
    from eoffice.app.extensions import db

    _seeded.fresh()
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
