"""`flask db upgrade` takes a database of any earlier release to the current schema, and the
migrations agree with the models (every schema change needs a migration). SQLite and PostgreSQL."""
from __future__ import annotations

import contextlib

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import inspect, text

from eoffice.app import celery_app
from eoffice import create_app

FIRST = "0001_foundation"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def blank_url(request, tmp_path, scratch_pg_database):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'migrate.sqlite'}"
    return scratch_pg_database("migrate")


@contextlib.contextmanager
def _app_on(url, current):
    """An app bound to another database (the test app's Celery binding is restored after)."""
    other = create_app({"TESTING": True, "SECRET_KEY": "migration-test-secret-key-long-enough",
                        "SQLALCHEMY_DATABASE_URI": url, "CELERY_EAGER": True})
    try:
        with other.app_context():
            yield other
    finally:
        celery_app.init_app(current)
        with other.app_context():
            from eoffice.app.extensions import db

            db.engine.dispose()


def _insert_first_release_data(conn):
    conn.execute(text("INSERT INTO unit (id, code, name, kind, address, phone, website) "
                      "VALUES (1, 'PEMKOT', 'Pemerintah Kota', 'pemda', '', '', '')"))
    conn.execute(text("INSERT INTO holiday (day, name, sample) VALUES ('2024-08-17', 'Hari Kemerdekaan', false)"))
    conn.execute(text("INSERT INTO wf_process_model (id, title, updated_at) VALUES ('cuti', 'Permohonan Cuti', "
                      "'2024-01-02 03:04:05+00:00')"))


def test_upgrade_from_the_first_migration_with_data_reaches_head_and_keeps_the_data(app, blank_url):
    with _app_on(blank_url, app):
        from eoffice.app.extensions import db

        upgrade(revision=FIRST)
        with db.engine.begin() as conn:
            _insert_first_release_data(conn)
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        with db.engine.connect() as conn:
            unit = conn.execute(text("SELECT name FROM unit WHERE code = 'PEMKOT'")).scalar()
            model = conn.execute(text("SELECT title FROM wf_process_model WHERE id = 'cuti'")).scalar()
    assert unit == "Pemerintah Kota" and model == "Permohonan Cuti"
    assert {"job_run", "audit_checkpoint", "alembic_version"} <= tables


def test_models_and_migration_head_agree_so_every_schema_change_has_a_migration(app, blank_url):
    with _app_on(blank_url, app):
        from eoffice.app.extensions import db

        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
    assert differences == [], "models changed without a migration (run `flask db migrate`): " + repr(differences)[:2000]
