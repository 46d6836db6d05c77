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
    "METRICS_TOKEN": "m" * 32,
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


def test_metrics_open_to_anyone_are_refused():
    message = _refusal(METRICS_TOKEN=None)
    assert "EOFFICE_METRICS_TOKEN" in message and "EOFFICE_METRICS_ALLOW" in message


def test_metrics_behind_an_allow_list_or_a_token_from_the_environment_start():
    check({**GOOD, "METRICS_TOKEN": None}, env={"EOFFICE_METRICS_ALLOW": "10.0.0.0/8,192.0.2.7"})
    check({**GOOD, "METRICS_TOKEN": None}, env={"EOFFICE_METRICS_TOKEN": "e" * 20})


def test_a_short_metrics_token_or_a_bad_allow_list_is_refused():
    assert "shorter than 16" in _refusal(METRICS_TOKEN="kurang")
    assert "not an address or CIDR" in _refusal(METRICS_TOKEN=None, METRICS_ALLOW="10.0.0.0/8, intranet")
    assert "open to anyone" in _refusal(METRICS_TOKEN=None, METRICS_ALLOW=" , ")
