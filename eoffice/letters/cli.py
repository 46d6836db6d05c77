"""CLI: `flask letters import-classifications FILE`."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from eoffice.app.extensions import db
from eoffice.core.csv_import import run_csv_import


def register(app: Flask) -> None:
    letters = AppGroup("letters", help="Letters: classification codes (kode klasifikasi arsip).")

    @letters.command("import-classifications")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    def import_classifications(path):
        """Import code,name,active_years,inactive_years,final rows from a CSV file."""
        from eoffice.letters.classifications import import_classifications_csv

        run_csv_import(db.session, import_classifications_csv, path, "classification codes")

    app.cli.add_command(letters)
