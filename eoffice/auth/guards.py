"""Who is signed in: the session's actor on every page, the bearer token's on the API, and the
decorators views use to require one."""
from __future__ import annotations

import functools

from flask import Flask, current_app, g, jsonify, redirect, request, session, url_for
from flask_babel import gettext as _

from eoffice.app.extensions import db
from eoffice.app.web import home_page
from eoffice.auth.actor import actor_by_login
from eoffice.auth.tokens import InvalidToken, read


def init_app(app: Flask) -> None:
    app.before_request(_load_session_actor)
    app.add_url_rule("/home", "home", login_required(home_page))


def _load_session_actor() -> None:
    """The session's actor, unless the person is unknown or inactive now, or signed out since this
    cookie was issued (its session generation is behind: `auth.services.end_sessions`)."""
    g.actor = None
    login = session.get("login")
    if login and not request.path.startswith(("/static/", "/api/")):
        g.actor = load_actor(login)
        if g.actor is None or session.get("epoch") != g.actor.session_epoch:
            g.actor = None
            session.clear()


def load_actor(login: str):
    """The signed-in employee's Actor (None when unknown or inactive): one query per request."""
    return actor_by_login(db.session, login)


def login_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if g.get("actor") is None:
            return redirect(url_for("auth.login", next=request.full_path))
        return view(*args, **kwargs)

    return wrapped


def api_auth(view):
    """Bearer-token authentication for /api/v1 endpoints; sets g.actor."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        message = _("Token akses tidak ada, tidak valid atau kedaluwarsa. Minta token baru di /api/v1/auth/token.")
        if not header.startswith("Bearer "):
            return jsonify(error="authentication required", message=message), 401
        try:
            login = read(current_app.config["SECRET_KEY"], header[len("Bearer "):].strip())
        except InvalidToken as exc:
            return jsonify(error=f"invalid token: {exc}", message=message), 401
        g.actor = load_actor(login)
        if g.actor is None:
            return jsonify(error="invalid token: unknown user", message=message), 401
        return view(*args, **kwargs)

    return wrapped
