"""Preparing a database: tables, then every capability's seed (org chart, calendar, models, …)."""
from __future__ import annotations

import click
from flask import Flask

from eoffice.app.capabilities import modules
from eoffice.app.extensions import db


def create_tables() -> None:
    db.create_all()


def seed_all() -> None:
    """Run each capability's idempotent `seed(session)` in capability order, then commit."""
    for mod in modules("seed"):
        mod.seed(db.session)
        db.session.flush()
    db.session.commit()


def register(app: Flask) -> None:
    @app.cli.command("setup")
    @click.option("--demo/--no-demo", default=True, help="Load the demo organisation and samples.")
    def setup_command(demo: bool):
        """Create missing tables and load the seed data."""
        create_tables()
        if demo:
            seed_all()
        click.echo("database ready")
