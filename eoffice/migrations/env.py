"""Alembic environment for `flask db …`: one history over the shared metadata (engine + app tables).

Batch mode keeps ALTERs working on SQLite; the engine's `UtcDateTime` is rendered as a plain
`sa.DateTime(timezone=True)` so migration scripts never import application code.
"""
import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
if config.config_file_name and not logging.getLogger().handlers:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db


def get_engine():
    return target_db.engine


def get_metadata():
    from eoffice.app.capabilities import modules

    import workflows.models  # noqa: F401  (engine tables)

    modules("models")  # importing registers every capability's tables on the shared metadata
    return target_db.metadata


def render_item(type_, obj, autogen_context):
    """Render engine column types as plain SQLAlchemy types."""
    if type_ == "type" and type(obj).__name__ == "UtcDateTime":
        return "sa.DateTime(timezone=True)"
    return False


def configure_args(connection=None, url=None) -> dict:
    is_sqlite = (connection.dialect.name if connection is not None else str(url)).startswith("sqlite")
    return {
        "target_metadata": get_metadata(),
        "render_as_batch": is_sqlite,
        "compare_type": True,
        "render_item": render_item,
    }


def run_migrations_offline():
    url = get_engine().url.render_as_string(hide_password=False)
    context.configure(url=url, literal_binds=True, **configure_args(url=url))
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    def process_revision_directives(context_, revision, directives):
        # `flask db migrate` with no schema change writes no empty revision
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    extra = dict(current_app.extensions["migrate"].configure_args)
    extra.setdefault("process_revision_directives", process_revision_directives)
    with get_engine().connect() as connection:
        args = configure_args(connection=connection)
        args.update({k: v for k, v in extra.items() if k not in args})
        context.configure(connection=connection, **args)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
