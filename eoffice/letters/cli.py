"""CLI: `flask letters import-classifications FILE` and `flask calendar import-holidays FILE`."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from eoffice.errors import InvalidInput


def _import(importer, path: str, what: str) -> None:
    from eoffice.extensions import db

    with open(path, encoding="utf-8-sig") as fh:
        text = fh.read()
    try:
        count = importer(db.session, text)
    except InvalidInput as exc:
        db.session.rollback()
        for e in exc.errors:
            click.echo(f"{e['field']}: {e['message']}", err=True)
        raise SystemExit(1) from None
    db.session.commit()
    click.echo(f"{count} {what} imported")


def register(app: Flask) -> None:
    letters = AppGroup("letters", help="Letters: classification codes (kode klasifikasi arsip).")

    @letters.command("import-classifications")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    def import_classifications(path):
        """Import code,name,active_years,inactive_years,final rows from a CSV file."""
        from eoffice.letters.classifications import import_classifications_csv

        _import(import_classifications_csv, path, "classification codes")

    app.cli.add_command(letters)
    if "calendar" not in app.cli.commands:
        calendar = AppGroup("calendar", help="The working-day calendar (holidays).")

        @calendar.command("import-holidays")
        @click.argument("path", type=click.Path(exists=True, dir_okay=False))
        def import_holidays(path):
            """Import date,name rows (ISO dates) from a CSV file."""
            from eoffice.calendar.services import import_holidays_csv

            _import(import_holidays_csv, path, "holidays")

        app.cli.add_command(calendar)
