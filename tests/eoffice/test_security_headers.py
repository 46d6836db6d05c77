"""Security headers on every answer, and a strict Content-Security-Policy the pages live with: no
inline script or style anywhere in the templates or in what the pages render (the BPMN diagram
comes without its <style>; eoffice.css carries its rules). The browser tier proves the pages work
under the policy."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.eoffice.processes.leave import start_leave

ROOT = Path(__file__).resolve().parents[2] / "eoffice"
DIRECTIVES = ("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'",
              "base-uri 'self'", "form-action 'self'", "frame-ancestors 'self'")
INLINE = [(re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I), "inline <script>"),
          (re.compile(r"\son[a-z]+\s*=", re.I), "on… handler"),
          (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
          (re.compile(r"<style", re.I), "<style> element"),
          (re.compile(r"javascript:", re.I), "javascript: URL")]


def _policy(response) -> str:
    policy = response.headers.get("Content-Security-Policy", "")
    assert all(d in policy for d in DIRECTIVES), policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    return policy


def _inline(text: str) -> list[str]:
    return [name for pattern, name in INLINE if pattern.search(text)]


def test_pages_and_the_api_carry_the_content_security_policy(client, token):
    _policy(client.get("/login"))
    api = client.get("/api/v1/tasks", headers=token("staf.egov1"))
    assert api.status_code == 200 and _policy(api)
    refused = client.get("/api/v1/tasks")
    assert refused.status_code == 401 and _policy(refused)  # refusals too
    assert client.get("/login").headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("template", sorted(str(p.relative_to(ROOT)) for p in ROOT.rglob("templates/**/*.html")))
def test_no_template_holds_inline_script_or_style(template):
    assert _inline((ROOT / template).read_text()) == []


def test_pages_with_a_process_diagram_render_no_inline_style(client, login, token):
    instance_id = start_leave(client, token("staf.egov1"))
    login("staf.egov1")
    page = client.get(f"/instances/{instance_id}")
    assert page.status_code == 200 and 'class="bpmn"' in page.get_data(as_text=True)
    _policy(page)
    assert _inline(page.get_data(as_text=True)) == []


def test_the_style_sheet_carries_every_rule_of_the_diagram():
    from workflows.diagram import STYLE

    css = (ROOT / "static" / "eoffice.css").read_text()
    assert all(rule in css for rule in STYLE.strip().splitlines())
