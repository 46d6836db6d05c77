"""Signing works out of the box: the development root CA, its TSA and the QR-token key.

Officials' keys are not issued here (that would slow every test); the first signing issues
them with the demo passphrase, and `flask pki init` / `flask pki issue LOGIN` issue them ahead.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from eoffice.signing import services


def seed(session: Session) -> None:
    services.ensure_qr_key(session)
    if not services.is_production():
        services.ensure_development_pki(session)
