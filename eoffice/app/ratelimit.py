"""Rate limits per client address (Flask-Limiter) for the endpoints anyone may call without a login.

One limiter per app (Flask-Limiter keeps its storage on the limiter object, so a limiter shared
between apps would share one storage), held in `app.extensions["eoffice.limiter"]`. Storage:
`RATELIMIT_STORAGE_URI` (config.py: memory on the embedded profile, `REDIS_URL` in production,
so every web process counts against the same budget). A capability limits its own endpoints in
its `hooks.init_app` with `limit(app, endpoints, config_key, scope)`; the value is read from the
configuration on each request (e.g. `"10/minute"`), so a test can lower it for itself.

The client address is `request.remote_addr`; behind reverse proxies set `EOFFICE_TRUSTED_PROXIES`
(how many) so that the address the nearest trusted proxy saw is used (werkzeug's ProxyFix, set up
in `create_app`); an address in X-Forwarded-For that no trusted proxy added is never believed.
"""
from __future__ import annotations

import time

from flask import Flask, current_app, request
from flask_limiter import Limiter

KEY = "eoffice.limiter"


def client_address() -> str:
    return request.remote_addr or "unknown"


def init_app(app: Flask) -> None:
    app.extensions[KEY] = Limiter(client_address, app=app)


def limiter(app: Flask | None = None) -> Limiter:
    return (app or current_app).extensions[KEY]


def limit(app: Flask, endpoints: tuple[str, ...], config_key: str, scope: str) -> None:
    """One budget per client address, shared by `endpoints`, of `app.config[config_key]` requests."""
    shared = limiter(app).shared_limit(lambda: current_app.config[config_key], scope=scope)
    for endpoint in endpoints:
        app.view_functions[endpoint] = shared(app.view_functions[endpoint])


def retry_after() -> int:
    """Seconds until the limit that refused this request lets the client in again (at least 1)."""
    current = limiter().current_limit
    if current is None:
        return 60
    return max(1, int(current.reset_at - time.time()))  # as Flask-Limiter words Retry-After
