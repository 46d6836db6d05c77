"""Every page carries a Content-Security-Policy that lets no inline or foreign script run."""
from __future__ import annotations


def test_pages_forbid_inline_and_foreign_scripts(client):
    response = client.get("/login")
    policy = response.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'" and directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'self'" and directives["form-action"] == "'self'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_json_and_pdf_answers_carry_no_page_policy(client):
    response = client.get("/healthz")
    assert "Content-Security-Policy" not in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"
