"""CLI: `flask calendar import-holidays FILE`."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from eoffice.app.extensions import db
from eoffice.core.csv_import import run_csv_import


def register(app: Flask) -> None:
    calendar = AppGroup("calendar", help="The working-day calendar (holidays).")

    @calendar.command("import-holidays")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    def import_holidays(path):
        """Import date,name rows (ISO dates) from a CSV file."""
        from eoffice.calendar.services import import_holidays_csv

        run_csv_import(db.session, import_holidays_csv, path, "holidays")

    app.cli.add_command(calendar)
