"""Refuses to start the production profile with development settings.

Production (EOFFICE_PROFILE=production) needs a real secret key, PostgreSQL, a Redis broker with
Celery not eager, and no development certificate authority: the signing chain and trust roots
(SIGNING_CHAIN_FILE, SIGNING_TRUST_ROOTS_FILE), when configured, must not hold the development
CA, and the embedded development timestamp authority (TSA_URL unset or "embedded") is refused.
The signing code checks the CA again each time it signs. /metrics must not be open to anyone:
EOFFICE_METRICS_TOKEN (16 characters or more) or EOFFICE_METRICS_ALLOW (addresses or CIDRs of
the scrapers), or both.
"""
from __future__ import annotations

import os
from pathlib import Path

from eoffice.app.config import DEV_SECRET_KEY
from eoffice.core.http import networks

CA_FILE_SETTINGS = ("SIGNING_CHAIN_FILE", "SIGNING_TRUST_ROOTS_FILE")


class ProfileError(RuntimeError):
    pass


def check(config: dict, env: dict | None = None) -> None:
    if config.get("PROFILE") != "production":
        return
    env = os.environ if env is None else env
    problems = (_secret_problems(config) + _infrastructure_problems(config) + _metrics_problems(config, env)
                + _ca_problems(config, env))
    if problems:
        raise ProfileError("production profile refused: " + "; ".join(problems))


def _secret_problems(config: dict) -> list[str]:
    if config.get("SECRET_KEY") in (None, "", DEV_SECRET_KEY) or len(config["SECRET_KEY"]) < 32:
        return ["SECRET_KEY is the development key or shorter than 32 characters"]
    return []


def _infrastructure_problems(config: dict) -> list[str]:
    problems = []
    if config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        problems.append("DATABASE_URL points to SQLite; production needs PostgreSQL")
    if config.get("CELERY_EAGER"):
        problems.append("Celery runs eagerly; production needs REDIS_URL and CELERY_EAGER unset")
    if not config.get("REDIS_URL"):
        problems.append("REDIS_URL is not set")
    return problems


def _metrics_problems(config: dict, env: dict) -> list[str]:
    token, allow = _deployment_setting(config, "METRICS_TOKEN", env), _deployment_setting(config, "METRICS_ALLOW", env)
    try:
        allowed = networks(allow)
    except ValueError as exc:
        return [f"EOFFICE_METRICS_ALLOW: {exc}"]
    if not token and not allowed:
        return ["neither EOFFICE_METRICS_TOKEN nor EOFFICE_METRICS_ALLOW is set: /metrics would be open to anyone"]
    if token and len(token) < 16:
        return ["EOFFICE_METRICS_TOKEN is shorter than 16 characters"]
    return []


def _deployment_setting(config: dict, key: str, env: dict) -> str:
    """As `eoffice.app.celery_app.setting`: the app config first, then the environment `EOFFICE_<key>`."""
    value = config.get(key)
    return str(value) if value is not None else env.get(f"EOFFICE_{key}", "")


def _setting(config: dict, key: str, env: dict) -> str:
    value = config.get(key)
    return str(value) if value is not None else env.get(key, "")


def _ca_problems(config: dict, env: dict | None) -> list[str]:
    from signatures import is_development_ca, load_certificates

    problems = []
    tsa = config.get("TSA_URL", env.get("TSA_URL", "embedded"))  # unset means embedded (signing's default)
    if tsa == "embedded":
        problems.append("TSA_URL is unset or 'embedded' (the development timestamp authority); "
                        "set an RFC 3161 TSA URL, or TSA_URL= (empty) for no timestamp")
    for key in CA_FILE_SETTINGS:
        path = _setting(config, key, env)
        if not path:
            continue
        try:
            certs = load_certificates(Path(path).read_bytes())
        except (OSError, ValueError) as exc:
            problems.append(f"{key} ({path}) cannot be read as certificates: {exc}")
            continue
        if any(is_development_ca(c) for c in certs):
            problems.append(f"{key} ({path}) holds the development CA")
    return problems
