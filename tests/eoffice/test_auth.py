"""Sign-in, throttling, bearer tokens and the pinned JWT algorithm."""
from __future__ import annotations

import base64

import pytest
import json

from jose import jwt


def test_login_with_demo_password_opens_the_office(client, login):
    login("staf.egov1")
    page = client.get("/home", follow_redirects=True)
    assert page.status_code == 200
    assert "Rudi Hartono" in page.get_data(as_text=True)


def test_wrong_password_is_refused_with_a_clear_message(client):
    response = client.post("/login", data={"username": "staf.egov1", "password": "salah"})
    assert response.status_code == 401
    assert "Nama pengguna atau kata sandi salah" in response.get_data(as_text=True)


def test_a_username_longer_than_any_login_is_refused_like_a_wrong_one(client):
    response = client.post("/login", data={"username": "a" * 5000, "password": "salah"})
    assert response.status_code == 401
    assert "Nama pengguna atau kata sandi salah" in response.get_data(as_text=True)
    assert client.post("/api/v1/auth/token", json={"username": "a" * 5000, "password": "x"}).status_code == 401


def test_login_locks_after_repeated_failures_even_with_the_right_password(client, app):
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        client.post("/login", data={"username": "kasi.egov", "password": "salah"})
    response = client.post("/login", data={"username": "kasi.egov", "password": "eoffice-demo"})
    assert response.status_code == 429


def test_pages_require_sign_in(client):
    response = client.get("/org/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_token_endpoint_returns_bearer_token(client):
    response = client.post("/api/v1/auth/token", json={"username": "kadis.kominfo", "password": "eoffice-demo"})
    body = response.get_json()
    assert response.status_code == 200
    assert body["token_type"] == "Bearer" and body["expires_in"] > 0 and body["access_token"]


def test_token_endpoint_refuses_bad_credentials_with_401(client):
    response = client.post("/api/v1/auth/token", json={"username": "kadis.kominfo", "password": "x"})
    assert response.status_code == 401


def test_token_endpoint_reports_missing_fields_as_422(client):
    response = client.post("/api/v1/auth/token", json={"username": ""})
    assert response.status_code == 422
    assert {e["field"] for e in response.get_json()["errors"]} == {"username", "password"}


def _b64(obj) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()


def test_token_with_alg_none_is_refused(client):
    forged = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64({'sub': 'admin', 'typ': 'access', 'exp': 9999999999})}."
    response = client.get("/api/v1/org/positions", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401


def test_token_naming_another_algorithm_is_refused(client, app):
    forged = jwt.encode({"sub": "admin", "typ": "access", "exp": 9999999999}, app.config["SECRET_KEY"], algorithm="HS512")
    response = client.get("/api/v1/org/positions", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401


def test_hs256_token_signed_with_a_public_key_is_refused(client):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    public_pem = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    import hmac, hashlib
    header, payload = _b64({"alg": "HS256", "typ": "JWT"}), _b64({"sub": "admin", "typ": "access", "exp": 9999999999})
    sig = base64.urlsafe_b64encode(hmac.new(public_pem, f"{header}.{payload}".encode(), hashlib.sha256).digest()).rstrip(b"=").decode()
    response = client.get("/api/v1/org/positions", headers={"Authorization": f"Bearer {header}.{payload}.{sig}"})
    assert response.status_code == 401


def test_expired_token_is_refused(client, token):
    from datetime import timedelta

    from eoffice.core import clock

    headers = token("staf.egov1")
    clock.advance(timedelta(hours=2))
    assert client.get("/api/v1/org/positions", headers=headers).status_code == 401


def test_csrf_is_enforced_on_forms():
    from eoffice import create_app

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "WTF_CSRF_ENABLED": True,
                      "SECRET_KEY": "another-test-secret-key-long-enough"})
    response = app.test_client().post("/login", data={"username": "admin", "password": "eoffice-demo"})
    assert response.status_code == 400


def test_request_actor_in_one_query_matches_the_org_chart_roles_and_running_delegations(app, db_session):
    from datetime import date, timedelta

    from eoffice.auth.actor import actor_by_login
    from eoffice.org import services
    from eoffice.org.models import EmployeeRole

    kasi = services.employee_by_login(db_session, "kasi.egov")
    tu = services.employee_by_login(db_session, "tu.kominfo")
    db_session.add(EmployeeRole(employee_id=tu.id, role="auditor"))
    for days, end in ((0, 3), (5, 9)):  # one running now, one in the future
        services.create_delegation(db_session, position_id=kasi.position_id, delegate_login="tu.kominfo", kind="plh",
                                   start=(date.today() + timedelta(days=days)).isoformat(),
                                   end=(date.today() + timedelta(days=end)).isoformat(), decree=f"SPT-{days}",
                                   created_by="admin")
    db_session.flush()
    actor = actor_by_login(db_session, "tu.kominfo")
    assert (actor.employee_id, actor.login, actor.name) == (tu.id, "tu.kominfo", tu.name)
    assert actor.own_position_id == tu.position_id and kasi.position_id in actor.position_ids
    assert len(actor.positions) == 2 and actor.roles == {"pencatat", "auditor"}  # the future delegation is not there
    assert actor.pencatat_units == {services.opd_of_position(db_session, tu.position_id).id}
    assert actor_by_login(db_session, "nobody") is None
    tu.active = False
    db_session.flush()
    assert actor_by_login(db_session, "tu.kominfo") is None


def test_passwords_are_stored_as_argon2id_hashes(db_session):
    from sqlalchemy import select

    from eoffice.org.models import Employee

    hashes = list(db_session.scalars(select(Employee.password_hash)))
    assert len(hashes) >= 30 and all(h.startswith("$argon2id$") for h in hashes)
    assert not [h for h in hashes if "eoffice-demo" in h]


def test_session_cookie_is_httponly_samesite_and_secure_in_production(client):
    from eoffice.app.config import from_environment

    response = client.post("/login", data={"username": "staf.egov1", "password": "eoffice-demo"})
    cookie = next(v for k, v in response.headers.items() if k == "Set-Cookie" and v.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert from_environment({"EOFFICE_PROFILE": "production"})["SESSION_COOKIE_SECURE"] is True
    assert from_environment({})["SESSION_COOKIE_SECURE"] is False  # the embedded default serves plain http://127.0.0.1


@pytest.mark.parametrize("target", ["//evil.example/x", "/\\evil.example", "https://evil.example/"])
def test_redirects_after_login_language_and_notifications_never_leave_the_site(client, login, target):
    response = client.post(f"/login?next={target}", data={"username": "staf.egov1", "password": "eoffice-demo"})
    assert response.headers["Location"] == "/home"
    assert client.post("/lang/en", data={"next": target}).headers["Location"] == "/home"
    marked = client.post("/notifications/read", data={"id": "", "next": target})
    assert marked.status_code == 302 and "evil" not in marked.headers["Location"]


def test_a_copied_session_cookie_is_refused_after_sign_out(app, client, login):
    """Sign-out is server-side: the cookie a thief copied while the session was open (and the
    person's session in another browser) stops working the moment the person signs out."""
    login("staf.egov1")
    copied = client.get_cookie("session").value
    other = app.test_client()
    other.post("/login", data={"username": "staf.egov1", "password": "eoffice-demo"})
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/org/").status_code == 200  # the copy works while the session is open
    assert client.post("/logout").status_code == 302
    for stolen in (thief, other):
        response = stolen.get("/org/")
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert "Rudi Hartono" not in thief.get("/login").get_data(as_text=True)
    login("staf.egov1")  # signing in again opens a new session
    assert client.get("/org/").status_code == 200
