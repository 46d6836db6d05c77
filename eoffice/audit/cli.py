"""`flask audit verify`: check every hash chain (naming the first bad event of each broken one) and
every signed checkpoint; `flask audit checkpoint`: sign a checkpoint of the new events now."""
from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from eoffice.audit import checkpoints, services
from eoffice.app.extensions import db

audit_cli = AppGroup("audit", help="Audit trail commands.")


@audit_cli.command("verify")
def verify():
    reports = services.verify_all(db.session)
    broken = [r for r in reports if not r.verified]
    for r in broken:
        click.echo(f"BROKEN chain {r.chain}: first bad event seq {r.first_bad_seq}")
    click.echo(f"{len(reports)} chains checked, {len(broken)} broken")
    keys = checkpoints.keys_from_config(current_app.config)
    cps = checkpoints.verify_checkpoints(db.session, keys)
    bad = [c for c in cps if not c.verified]
    for c in bad:
        click.echo(f"BROKEN checkpoint {c.seq}: {c.problem}")
    click.echo(f"{len(cps)} checkpoints checked, {len(bad)} broken")
    if broken or bad:
        raise SystemExit(1)


@audit_cli.command("checkpoint")
def checkpoint():
    """Sign a checkpoint over the audit events written since the last one."""
    cp = checkpoints.checkpoint_now(db.session, current_app.config)
    if cp is None:
        click.echo("no new settled events; no checkpoint made")
    else:
        click.echo(f"checkpoint {cp.seq}: events {cp.first_event_id}..{cp.last_event_id} "
                   f"({cp.event_count}), root {cp.merkle_root.hex()}, {cp.algorithm}")


def register(app: Flask) -> None:
    app.cli.add_command(audit_cli)
