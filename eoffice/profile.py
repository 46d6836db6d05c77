"""Refuses to start the production profile with development settings."""
from __future__ import annotations

from eoffice.config import DEV_SECRET_KEY


class ProfileError(RuntimeError):
    pass


def check(config: dict) -> None:
    if config.get("PROFILE") != "production":
        return
    problems = []
    if config.get("SECRET_KEY") in (None, "", DEV_SECRET_KEY) or len(config["SECRET_KEY"]) < 32:
        problems.append("SECRET_KEY is the development key or shorter than 32 characters")
    if config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        problems.append("DATABASE_URL points to SQLite; production needs PostgreSQL")
    if config.get("CELERY_EAGER"):
        problems.append("Celery runs eagerly; production needs REDIS_URL and CELERY_EAGER unset")
    if not config.get("REDIS_URL"):
        problems.append("REDIS_URL is not set")
    if problems:
        raise ProfileError("production profile refused: " + "; ".join(problems))
