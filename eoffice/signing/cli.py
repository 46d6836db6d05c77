"""`flask pki init` (development CA, TSA, keys for the officials) and `flask pki issue LOGIN`."""
from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

import signatures as sig
from eoffice.app.extensions import db
from eoffice.org.services import employee_by_login
from eoffice.signing import services


def register(app: Flask) -> None:
    group = AppGroup("pki", help="Sertifikat elektronik: CA pengembangan, TSA dan kunci pejabat.")

    @group.command("init")
    @click.option("--passphrase", envvar="EOFFICE_DEMO_PASSPHRASE", default=None,
                  help="Frasa sandi demo untuk kunci pejabat (bawaan: EOFFICE_DEMO_PASSPHRASE atau tte-demo).")
    def init_command(passphrase):
        """Create the development root CA and TSA, and issue keys to every head and sekretaris."""
        try:
            services.ensure_development_pki(db.session)
        except sig.DevelopmentCARefused:
            raise click.ClickException("PROFILE=production refuses the development CA") from None
        services.ensure_qr_key(db.session)
        passphrase = passphrase or current_app.config["DEMO_PASSPHRASE"]
        issued = [services.issue_key(db.session, e, passphrase) for e in services.signing_officials(db.session)]
        db.session.commit()
        click.echo(f"development PKI ready; {len(issued)} signer certificates")

    @group.command("issue")
    @click.argument("login")
    @click.option("--passphrase", envvar="EOFFICE_DEMO_PASSPHRASE", default=None)
    @click.option("--replace", is_flag=True, help="Replace an existing key.")
    def issue_command(login, passphrase, replace):
        """Issue (or replace) the signing certificate of one official."""
        employee = employee_by_login(db.session, login)
        if employee is None:
            raise click.ClickException(f"unknown login {login}")
        if services.is_production():
            raise click.ClickException("PROFILE=production refuses the development CA")
        row = services.issue_key(db.session, employee, passphrase, replace=replace)
        db.session.commit()
        click.echo(f"{login}: {sig.certificate_identity(row.cert_pem).name}")

    app.cli.add_command(group)
