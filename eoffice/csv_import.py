"""Runs a CSV import use case from the command line: read the file, import, report, exit 1 on errors."""
from __future__ import annotations

import click

from eoffice.errors import InvalidInput


def run_csv_import(importer, path: str, what: str) -> None:
    """`importer(session, text) -> count`, all-or-nothing; field errors go to stderr."""
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
