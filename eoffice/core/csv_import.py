"""Runs a CSV import use case from the command line: read the file, import, report, exit 1 on errors."""
from __future__ import annotations

import click

from eoffice.core.errors import InvalidInput


def run_csv_import(session, importer, path: str, what: str) -> None:
    """`importer(session, text) -> count`, all-or-nothing; field errors go to stderr."""
    with open(path, encoding="utf-8-sig") as fh:
        text = fh.read()
    try:
        count = importer(session, text)
    except InvalidInput as exc:
        session.rollback()
        for e in exc.errors:
            click.echo(f"{e['field']}: {e['message']}", err=True)
        raise SystemExit(1) from None
    session.commit()
    click.echo(f"{count} {what} imported")
