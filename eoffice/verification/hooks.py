"""Public verification: its rate limits per client address and its answer to a refused document.

Anyone may call these endpoints, so each client address has a budget (`VERIFY_UPLOAD_RATE_LIMIT`
for uploads, page and API together; `VERIFY_TOKEN_RATE_LIMIT` for QR lookups and downloads),
past which the answer is 429 with Retry-After. A document the verifier refuses past its caps is
422 with the reason: JSON for the API, the upload page with the message for people.
"""
from __future__ import annotations

import os

from flask import Flask, jsonify, render_template

from eoffice.app import ratelimit

UPLOAD_ENDPOINTS = ("verification.verify_upload", "verification_api.verify_upload")
TOKEN_ENDPOINTS = ("verification.verify_token", "verification_api.verify_token")


def init_app(app: Flask) -> None:
    env = os.environ
    app.config.setdefault("VERIFY_UPLOAD_RATE_LIMIT", env.get("VERIFY_UPLOAD_RATE_LIMIT", "10/minute"))
    app.config.setdefault("VERIFY_TOKEN_RATE_LIMIT", env.get("VERIFY_TOKEN_RATE_LIMIT", "60/minute"))
    ratelimit.limit(app, UPLOAD_ENDPOINTS, "VERIFY_UPLOAD_RATE_LIMIT", scope="verify-upload")
    ratelimit.limit(app, TOKEN_ENDPOINTS, "VERIFY_TOKEN_RATE_LIMIT", scope="verify-token")
    from eoffice.verification.services import DocumentRefused

    app.register_error_handler(DocumentRefused, _refused)


def _refused(exc):
    from eoffice.app.extensions import db
    from eoffice.app.web import wants_json

    db.session.rollback()
    if wants_json():
        return jsonify(error="verification refused", message=exc.message, reason=exc.reason,
                       limit=exc.limit, found=exc.found, errors=exc.errors), 422
    return render_template("verification/verify.html", result=None, token=None, refusal=exc.message), 422
