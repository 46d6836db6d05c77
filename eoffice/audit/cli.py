"""`flask audit verify`: check every hash chain and name the first bad event of each broken one."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from eoffice.audit import services
from eoffice.extensions import db

audit_cli = AppGroup("audit", help="Audit trail commands.")


@audit_cli.command("verify")
def verify():
    reports = services.verify_all(db.session)
    broken = [r for r in reports if not r.verified]
    for r in broken:
        click.echo(f"BROKEN chain {r.chain}: first bad event seq {r.first_bad_seq}")
    click.echo(f"{len(reports)} chains checked, {len(broken)} broken")
    if broken:
        raise SystemExit(1)


def register(app: Flask) -> None:
    app.cli.add_command(audit_cli)
