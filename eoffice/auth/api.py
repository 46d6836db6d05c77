"""POST /api/v1/auth/token: exchange a username and password for a bearer token."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from flask_babel import gettext as _

from eoffice.auth import services
from eoffice.core.errors import InvalidInput
from eoffice.app.extensions import db
from eoffice.core.http import json_body

api_bp = Blueprint("auth_api", __name__, url_prefix="/api/v1")


@api_bp.post("/auth/token")
def token():
    body = json_body()
    username, password = body.get("username"), body.get("password")
    errors = [{"field": f, "message": _("Wajib diisi.")} for f, v in (("username", username), ("password", password))
              if not isinstance(v, str) or not v]
    if errors:
        raise InvalidInput(errors)
    try:
        employee = services.authenticate(db.session, username, password,
                                         max_failures=current_app.config["LOGIN_MAX_FAILURES"],
                                         lock_seconds=current_app.config["LOGIN_LOCK_SECONDS"])
    except services.LoginFailed:
        return jsonify(error="invalid credentials", message=_("Nama pengguna atau kata sandi salah.")), 401
    except services.LoginLocked as exc:
        return jsonify(error=exc.message), 429
    return jsonify(services.issue_token(current_app.config["SECRET_KEY"], employee,
                                        current_app.config["JWT_EXPIRES_SECONDS"]))


OPENAPI = {
    "/auth/token": {"post": {
        "summary": "Exchange credentials for a bearer token",
        "security": [],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["username", "password"],
            "properties": {"username": {"type": "string", "minLength": 1},
                           "password": {"type": "string", "minLength": 1}}}}}},
        "responses": {"200": {"description": "Token: access_token, token_type, expires_in",
                              "content": {"application/json": {"schema": {
                                  "type": "object", "required": ["access_token", "token_type", "expires_in"],
                                  "properties": {"access_token": {"type": "string"}, "token_type": {"const": "Bearer"},
                                                 "expires_in": {"type": "integer"}}}}}},
                      "401": {"description": "Bad credentials"}, "422": {"description": "Missing fields"},
                      "429": {"description": "Too many failures; locked"}}}},
}
