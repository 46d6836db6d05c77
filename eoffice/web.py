"""Request plumbing shared by every blueprint: who is signed in, error pages and JSON errors."""
from __future__ import annotations

import functools
import uuid

from flask import Flask, g, jsonify, redirect, render_template, request, session, url_for
from flask_babel import format_datetime, gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from eoffice import clock
from eoffice.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied
from eoffice.extensions import db
from eoffice.i18n import translate_errors, translate_message


def wants_json() -> bool:
    return request.path.startswith("/api/")


def init_app(app: Flask) -> None:
    app.before_request(_load_session_actor)
    app.after_request(_security_headers)
    app.register_error_handler(DomainError, _domain_error)
    app.register_error_handler(StaleDataError, lambda e: _domain_error(Conflict(_("Data telah diubah oleh orang lain. Muat ulang halaman."))))
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    from eoffice.policy import can

    app.jinja_env.globals.update(nav_link=nav_link, now=clock.now, can=can)
    app.add_url_rule("/home", "home", login_required(_home))
    app.jinja_env.filters["wib"] = _format_wib
    app.jinja_env.filters["wib_date"] = lambda dt: _format_wib(dt, "d MMM yyyy")


def _format_wib(dt, fmt: str = "d MMM yyyy HH:mm"):
    if dt is None:
        return "–"
    return format_datetime(clock.local(clock.aware(dt)), fmt)


def _home():
    """Start page: the inbox when it is installed."""
    target = nav_link("inbox.index")
    if target:
        return redirect(target)
    return render_template("home.html")


def nav_link(endpoint: str) -> str | None:
    """The URL of an endpoint, or None while that capability is not installed."""
    from flask import current_app

    if endpoint not in current_app.view_functions:
        return None
    return url_for(endpoint)


def _load_session_actor() -> None:
    g.request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex
    g.actor = None
    login = session.get("login")
    if login and not request.path.startswith(("/static/", "/api/")):
        g.actor = load_actor(login)
        if g.actor is None:
            session.clear()


def load_actor(login: str):
    """The signed-in employee's Actor (None when unknown or inactive): one query per request."""
    from eoffice.auth.actor import actor_by_login

    return actor_by_login(db.session, login)


def safe_next(target: str | None, fallback: str = "home") -> str:
    """A local path to go back to; anything else (other sites, `//host`, `/\\host`) goes to `fallback`."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")) and "\n" not in target:
        return target
    return url_for(fallback)


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
        from flask import current_app

        from eoffice.auth.tokens import InvalidToken, read

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


def pdf_response(data: bytes, filename: str, inline: bool = True):
    """A PDF answer that no shared cache keeps (letters are often confidential)."""
    from flask import Response

    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def json_body() -> dict:
    """The request's JSON object, or InvalidInput."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise InvalidInput(_("Badan permintaan harus berupa objek JSON."), "body")
    return data


def _security_headers(response):
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Request-ID", g.get("request_id", ""))
    return response


def _domain_error(exc: DomainError):
    db.session.rollback()
    errors = translate_errors(getattr(exc, "errors", []))  # engine messages in the request's language
    if wants_json():
        if isinstance(exc, InvalidInput):
            return jsonify(error="invalid input", message=_("Isian tidak valid"), errors=errors), exc.status
        return jsonify(error=exc.message or type(exc).__name__, message=_clear_message(exc)), exc.status
    titles = {403: _("Akses ditolak"), 404: _("Tidak ditemukan"), 409: _("Konflik"),
              422: _("Isian tidak valid")}
    message = "; ".join(e["message"] for e in errors) if isinstance(exc, InvalidInput) else _clear_message(exc)
    return render_template("error.html", title=titles.get(exc.status, _("Kesalahan")),
                           message=message, errors=errors), exc.status


def _clear_message(exc: DomainError) -> str:
    """The sentence a person reads: a NotFound's own text names internals, so it is never shown."""
    if isinstance(exc, NotFound):
        return _("Halaman atau data yang Anda cari tidak ditemukan.")
    if isinstance(exc, PermissionDenied) and not exc.message:
        return _("Anda tidak berwenang melakukan tindakan ini.")
    return translate_message(exc.message) or _("Kesalahan")


def _csrf_error(exc):
    if wants_json():
        return jsonify(error="csrf"), 400
    return render_template("error.html", title=_("Sesi formulir kedaluwarsa"),
                           message=_("Token keamanan formulir tidak valid. Muat ulang halaman lalu coba lagi."),
                           errors=[]), 400


def _http_error(exc: HTTPException):
    if wants_json():
        return jsonify(error=exc.name.lower(), message=exc.description), exc.code
    messages = {404: _("Halaman atau data yang Anda cari tidak ditemukan."),
                413: _("Berkas terlalu besar."), 405: _("Metode tidak diizinkan.")}
    return render_template("error.html", title=str(exc.code),
                           message=messages.get(exc.code, exc.description), errors=[]), exc.code
