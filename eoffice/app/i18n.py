"""Language selection: Bahasa Indonesia by default, English on request (Flask-Babel).

Catalogs: `eoffice/translations` (core), `eoffice/<capability>/translations`, and
`eoffice/translations_workflows` for the engine's messages (`N_` markers in `workflows/`, built with
`python -m tools.i18n_extract workflows`). Engine messages are `workflows.messages.Message`s and
are translated at the app's boundary with `translate_message`.
"""
from __future__ import annotations

from pathlib import Path

from flask import Flask, request, session
from flask_babel import gettext, lazy_gettext

from eoffice.app.capabilities import CAPABILITIES
from eoffice.app.extensions import babel

PACKAGE_DIR = Path(__file__).resolve().parents[1]


def translation_directories() -> list[str]:
    dirs = [PACKAGE_DIR / "translations", PACKAGE_DIR / "translations_workflows"]
    dirs += [PACKAGE_DIR / cap.replace(".", "/") / "translations" for cap in CAPABILITIES]
    return [str(d) for d in dirs if d.is_dir()]


def select_locale() -> str:
    from flask import current_app, has_request_context

    if not has_request_context():  # seeds, CLI commands and Celery jobs speak the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    chosen = request.args.get("lang") or session.get("lang")
    if chosen in languages:
        return chosen
    if chosen is None and request.path.startswith("/api/"):  # API clients say it in Accept-Language
        return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(translation_directories())
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.filters["translated"] = translate_message


def translate_message(message):
    """An engine message (`workflows.messages.Message`) in the request's language; other text unchanged."""
    msgid = getattr(message, "msgid", None)
    if msgid is None:
        return message
    return gettext(msgid, **message.params) if message.params else gettext(msgid)


def translate_errors(errors: list[dict]) -> list[dict]:
    """Field errors with engine messages translated (a copy; the caller's list is left as it is)."""
    return [{**e, "message": translate_message(e.get("message"))} if hasattr(e.get("message"), "msgid") else e
            for e in errors]


def N_(message: str):
    """Mark a message for extraction; translated lazily when rendered."""
    return lazy_gettext(message)
