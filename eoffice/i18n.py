"""Language selection: Bahasa Indonesia by default, English on request (Flask-Babel)."""
from __future__ import annotations

from pathlib import Path

from flask import Flask, request, session
from flask_babel import lazy_gettext

from eoffice.capabilities import CAPABILITIES
from eoffice.extensions import babel

PACKAGE_DIR = Path(__file__).parent


def translation_directories() -> list[str]:
    dirs = [PACKAGE_DIR / "translations"]
    dirs += [PACKAGE_DIR / cap / "translations" for cap in CAPABILITIES]
    return [str(d) for d in dirs if d.is_dir()]


def select_locale() -> str:
    from flask import current_app, has_request_context

    if not has_request_context():  # seeds, CLI commands and Celery jobs speak the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    chosen = request.args.get("lang") or session.get("lang")
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(translation_directories())
    babel.init_app(app, locale_selector=select_locale)


def N_(message: str):
    """Mark a message for extraction; translated lazily when rendered."""
    return lazy_gettext(message)
