"""Web sign-in, sign-out and language choice."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from eoffice.auth import services
from eoffice.app.extensions import db
from eoffice.core.http import safe_next

bp = Blueprint("auth", __name__, template_folder="templates")


@bp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        try:
            employee = services.authenticate(
                db.session, request.form.get("username", ""), request.form.get("password", ""),
                max_failures=current_app.config["LOGIN_MAX_FAILURES"],
                lock_seconds=current_app.config["LOGIN_LOCK_SECONDS"])
        except (services.LoginFailed, services.LoginLocked) as exc:
            error = exc.message
            return render_template("auth/login.html", error=error), exc.status
        lang = session.get("lang")
        session.clear()
        session["login"] = employee.login
        session["epoch"] = services.session_epoch(db.session, employee.id)
        if lang:
            session["lang"] = lang
        return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", error=error)


@bp.route("/logout", methods=["POST"])
def logout():
    """Sign out: this cookie, any copy of it and the person's other sessions stop working."""
    if g.get("actor") is not None:
        services.end_sessions(db.session, g.actor.employee_id)
        db.session.commit()
    session.pop("login", None)
    session.pop("epoch", None)
    flash(_("Anda telah keluar."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/lang/<code>", methods=["POST"])
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(safe_next(request.form.get("next")))


@bp.app_context_processor
def _inject_actor():
    return {"actor": g.get("actor")}


@bp.route("/")
def root():
    return redirect(url_for("home"))
