"""The production profile refuses development settings at start-up."""
from __future__ import annotations

import pytest

from eoffice.app.profile import ProfileError, check
from signatures import generate_development_ca

GOOD = {
    "PROFILE": "production",
    "SECRET_KEY": "k" * 48,
    "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://eoffice@db/eoffice",
    "REDIS_URL": "redis://redis:6379/0",
    "CELERY_EAGER": False,
    "TSA_URL": "",
}


def _refusal(env=None, **changes) -> str:
    with pytest.raises(ProfileError) as info:
        check({**GOOD, **changes}, env=env or {})
    return str(info.value)


def test_production_settings_without_development_parts_start():
    check(dict(GOOD), env={})


def test_development_secret_key_is_refused():
    from eoffice.app.config import DEV_SECRET_KEY

    assert "SECRET_KEY" in _refusal(SECRET_KEY=DEV_SECRET_KEY)


def test_sqlite_is_refused():
    assert "SQLite" in _refusal(SQLALCHEMY_DATABASE_URI="sqlite:///var/eoffice.sqlite")


def test_eager_celery_and_missing_redis_are_refused():
    message = _refusal(CELERY_EAGER=True, REDIS_URL="")
    assert "eagerly" in message and "REDIS_URL" in message


def test_development_ca_in_the_trust_roots_is_refused(tmp_path):
    roots = tmp_path / "roots.pem"
    roots.write_bytes(generate_development_ca().cert_pem)
    assert "development CA" in _refusal(SIGNING_TRUST_ROOTS_FILE=str(roots))


def test_embedded_development_timestamp_authority_is_refused_even_when_unset():
    config = {k: v for k, v in GOOD.items() if k != "TSA_URL"}
    with pytest.raises(ProfileError, match="TSA_URL"):
        check(config, env={})


def test_embedded_profile_starts_with_development_settings():
    check({"PROFILE": "embedded", "SECRET_KEY": "", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
