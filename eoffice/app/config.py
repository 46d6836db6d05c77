"""Configuration: safe embedded defaults, overridden by environment variables (12-factor)."""
from __future__ import annotations

import os
from pathlib import Path

import orjson

DEV_SECRET_KEY = "dev-insecure-secret-key-change-me"
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def from_environment(env: dict[str, str] | None = None) -> dict:
    """Build the configuration mapping from environment variables."""
    env = dict(os.environ if env is None else env)
    var_dir = Path(env.get("EOFFICE_VAR_DIR", PROJECT_ROOT / "var"))
    profile = env.get("EOFFICE_PROFILE", "embedded")
    database_url = env.get("DATABASE_URL") or f"sqlite:///{var_dir / 'eoffice.sqlite'}"
    redis_url = env.get("REDIS_URL", "")
    return {
        "PROFILE": profile,
        "SECRET_KEY": env.get("SECRET_KEY", DEV_SECRET_KEY),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": _engine_options(database_url),
        "VAR_DIR": str(var_dir),
        "STORAGE_DIR": env.get("EOFFICE_STORAGE_DIR", str(var_dir / "files")),
        "MODELS_DIR": env.get("EOFFICE_MODELS_DIR", str(PROJECT_ROOT / "bpmn")),
        "PUBLIC_URL": env.get("PUBLIC_URL", "http://127.0.0.1:5000"),
        "REDIS_URL": redis_url,
        "CELERY_EAGER": _bool(env.get("CELERY_EAGER"), default=not redis_url),
        "TIMER_LOOP": _bool(env.get("EOFFICE_TIMER_LOOP"), default=False),
        "DEMO_PASSWORD": env.get("EOFFICE_DEMO_PASSWORD", "eoffice-demo"),
        "DEMO_PASSPHRASE": env.get("EOFFICE_DEMO_PASSPHRASE", "tte-demo"),
        "JWT_ALGORITHM": "HS256",
        "JWT_EXPIRES_SECONDS": int(env.get("EOFFICE_JWT_EXPIRES", "3600")),
        "MAX_UPLOAD_BYTES": int(env.get("EOFFICE_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024))),
        "MAX_CONTENT_LENGTH": int(env.get("EOFFICE_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024))) + 1024 * 1024,
        "SMTP_HOST": env.get("SMTP_HOST", ""),
        "SMTP_PORT": int(env.get("SMTP_PORT", "25")),
        "MAIL_FROM": env.get("MAIL_FROM", "eoffice@tangerangkota.go.id"),
        "LOGIN_MAX_FAILURES": int(env.get("EOFFICE_LOGIN_MAX_FAILURES", "5")),
        "LOGIN_LOCK_SECONDS": int(env.get("EOFFICE_LOGIN_LOCK_SECONDS", "900")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool(env.get("SESSION_COOKIE_SECURE"), default=profile == "production"),
        "BABEL_DEFAULT_LOCALE": "id",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Jakarta",
        "LANGUAGES": ["id", "en"],
        "WTF_CSRF_TIME_LIMIT": None,
        # rate limits of the public endpoints (eoffice/app/ratelimit.py): one count for every web
        # process (Redis) in production; a storage failure falls back to counting in memory
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI") or (
            redis_url if profile == "production" and redis_url else "memory://"),
        "RATELIMIT_KEY_PREFIX": env.get("EOFFICE_RATELIMIT_PREFIX", "eoffice-ratelimit"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        # reverse proxies in front of the app whose X-Forwarded-For is believed (0: none)
        "TRUSTED_PROXIES": int(env.get("EOFFICE_TRUSTED_PROXIES", "0")),
    }


def json_dumps(value) -> str:
    """JSON columns are written with orjson (the workflow state is written on every step; the
    standard encoder was about a twentieth of a request). Keys that are not strings become strings,
    as with `json.dumps`."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def _engine_options(url: str) -> dict:
    codec = {"json_serializer": json_dumps, "json_deserializer": orjson.loads}
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 30, "check_same_thread": False}, **codec}
    return {"pool_pre_ping": True, "pool_size": 5, "max_overflow": 10, **codec}
