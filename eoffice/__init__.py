"""The e-office Flask application: `create_app()` builds it; nothing is created at import time."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from eoffice.app import config as config_module


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=False)
    from eoffice.core.ids import IdConverter
    app.url_map.converters["int"] = IdConverter  # before any route: ids past the column range are 404
    app.config.from_mapping(config_module.from_environment())
    if test_config:
        app.config.update(test_config)
        if "SQLALCHEMY_DATABASE_URI" in test_config and "SQLALCHEMY_ENGINE_OPTIONS" not in test_config:
            app.config["SQLALCHEMY_ENGINE_OPTIONS"] = config_module._engine_options(
                test_config["SQLALCHEMY_DATABASE_URI"])
    Path(app.config["STORAGE_DIR"]).mkdir(parents=True, exist_ok=True)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        Path(app.config["SQLALCHEMY_DATABASE_URI"][len("sqlite:///"):]).parent.mkdir(
            parents=True, exist_ok=True)

    from eoffice.app import profile
    profile.check(app.config)

    from eoffice.app import celery_app, database, i18n, ratelimit, web
    from eoffice.core import inputs
    from eoffice.app.extensions import csrf, db, migrate

    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    csrf.init_app(app)
    i18n.init_app(app)
    celery_app.init_app(app)
    web.init_app(app)
    ratelimit.init_app(app)
    inputs.init_app(app)
    if app.config.get("TRUSTED_PROXIES"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["TRUSTED_PROXIES"])
    _register_capabilities(app)
    return app


def _register_capabilities(app: Flask) -> None:
    from eoffice.app import plugins
    from eoffice.app.capabilities import modules
    from eoffice.app.extensions import csrf

    modules("models")  # importing the model modules registers their tables on the shared metadata
    for mod in modules("views"):
        app.register_blueprint(mod.bp)
    for mod in modules("api"):
        if hasattr(mod, "api_bp"):
            csrf.exempt(mod.api_bp)
            app.register_blueprint(mod.api_bp)
    for mod in modules("cli"):
        mod.register(app)
    for mod in modules("hooks"):  # request plumbing and configuration defaults
        mod.init_app(app)
    app.extensions[plugins.KEY] = plugins.compose(mod.PLUGIN for mod in modules("plugin"))
    from eoffice.app import setup

    setup.register(app)
