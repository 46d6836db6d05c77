"""`flask timers fire`: fire every due BPMN timer now (the embedded loop and Celery beat do it periodically)."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

timers_cli = AppGroup("timers", help="BPMN timer commands.")


@timers_cli.command("fire")
@click.option("--limit", default=100, show_default=True, help="Most instances handled in one run.")
def fire(limit: int):
    from eoffice.processes.runtime import fire_due_timers

    click.echo(f"{fire_due_timers(limit=limit)} timers fired")


def register(app: Flask) -> None:
    app.cli.add_command(timers_cli)
