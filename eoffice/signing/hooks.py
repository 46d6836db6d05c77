"""Signing configuration defaults (12-factor) and the response to a wrong signing passphrase."""
from __future__ import annotations

import os

from flask import Flask


def init_app(app: Flask) -> None:
    env = os.environ
    defaults = {
        # local: PAdES with the official's own key; remote: a BSrE-style signing service.
        "SIGNER": env.get("SIGNER", "local"),
        "BSRE_URL": env.get("BSRE_URL", ""),
        "BSRE_USERNAME": env.get("BSRE_USERNAME"),
        "BSRE_PASSWORD": env.get("BSRE_PASSWORD"),
        "BSRE_VERIFY_TLS": env.get("BSRE_VERIFY_TLS", "1") not in ("0", "false", "no"),
        # the issuer the letter footer names when the remote service signs (it holds the certificate)
        "BSRE_ISSUER_LABEL": env.get("BSRE_ISSUER_LABEL", "BSrE"),
        # embedded: the development TSA in-process; an URL: an RFC 3161 TSA; empty: no timestamp.
        "TSA_URL": env.get("TSA_URL", "embedded"),
        "SIGNING_CHAIN_FILE": env.get("SIGNING_CHAIN_FILE", ""),
        "SIGNING_TRUST_ROOTS_FILE": env.get("SIGNING_TRUST_ROOTS_FILE", ""),
        "SIGNING_MAX_FAILURES": int(env.get("SIGNING_MAX_FAILURES", "5")),
        "SIGNING_LOCK_SECONDS": int(env.get("SIGNING_LOCK_SECONDS", "900")),
    }
    for key, value in defaults.items():
        app.config.setdefault(key, value)
    from eoffice.signing.services import WrongSigningPassphrase

    app.register_error_handler(WrongSigningPassphrase, _wrong_passphrase)


def _wrong_passphrase(exc):
    """Say how many attempts are left (the attempt was counted, in its own transaction, before
    the key was opened; the use case itself is rolled back)."""
    from eoffice.app import web
    from eoffice.signing.services import wrong_passphrase_message

    exc.message = wrong_passphrase_message(exc.attempt)
    return web.domain_error(exc)
