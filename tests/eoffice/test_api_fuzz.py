"""Schemathesis over every operation of /api/v1/openapi.json, in-process through the app's WSGI
interface, as an administrator and as a staff member: valid and invalid requests never get a server
error, and the answers fit the status codes, media types and schemas the document gives.

One test item per operation and caller, each starting from the seeded demo data. Examples are
bounded, the seed fixed and generation derandomized, so a run is repeatable. (Operations are
parametrized here rather than through schemathesis' pytest plugin, whose node ids collapse to one
name under pytest 9.2.)"""
from __future__ import annotations

import io
import os
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings, strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.core.result import Err
from schemathesis.specs.openapi.checks import (content_type_conformance, response_schema_conformance,
                                                status_code_conformance)

from eoffice.api.openapi import document

EXAMPLES = int(os.environ.get("EOFFICE_FUZZ_EXAMPLES", "12"))  # raise it for a deeper run by hand
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
if os.environ.get("EOFFICE_FUZZ_ONLY_SERVER_ERRORS"):
    CHECKS = [not_a_server_error]
CONFIG = SchemathesisConfig.from_dict({
    "seed": 20260101,
    "generation": {"max-examples": EXAMPLES, "deterministic": True, "with-security-parameters": False},
})
SCHEMA = schemathesis.openapi.from_dict(document(), config=CONFIG)
LOADED = list(SCHEMA.get_all_operations())
OPERATIONS = [result.ok() for result in LOADED if not isinstance(result, Err)]
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
CALLERS = {"administrator": "admin", "staff member": "staf.egov1"}


def test_the_fuzzed_document_is_the_one_the_app_serves(client):
    assert client.get("/api/v1/openapi.json").get_json() == document()


def test_every_documented_operation_loads_into_schemathesis():
    assert [str(result.err()) for result in LOADED if isinstance(result, Err)] == []
    assert len(OPERATIONS) >= 40


def test_every_operation_types_its_parameters_bodies_and_error_answers():
    vague = []
    for path, operations in document()["paths"].items():
        for method, op in operations.items():
            declared = {p["name"]: p for p in op.get("parameters", [])}
            for name in re.findall(r"{(\w+)}", path):
                if name not in declared or not declared[name].get("schema"):
                    vague.append((method, path, f"path parameter {name}"))
            for media, content in op.get("requestBody", {}).get("content", {}).items():
                if content.get("schema", {}).get("type") != "object":
                    vague.append((method, path, f"{media} body"))
            for code, answer in op["responses"].items():
                if int(code) >= 400 and "application/json" not in answer.get("content", {}):
                    vague.append((method, path, f"{code} answer"))
            if op.get("security") != [] and "401" not in op["responses"]:
                vague.append((method, path, "401 answer"))
    assert vague == []


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
def test_no_operation_answers_valid_or_invalid_input_with_a_server_error(app, token, caller, operation):
    headers = token(CALLERS[caller])
    cases = st.one_of(operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE))

    @FUZZ
    @given(case=cases)
    def call(case):
        case.call_and_validate(app=app, headers=headers, checks=CHECKS)

    call()


HUGE = "Ω" * 100_000
PATH_VALUES = {"model_id": "cuti", "code": "RAL.01", "token": HUGE}
BODY_OPERATIONS = [(path, method, op) for path, operations in document()["paths"].items()
                   for method, op in operations.items() if "requestBody" in op]


@pytest.mark.parametrize("path, method, op", BODY_OPERATIONS, ids=[f"{m.upper()} {p}" for p, m, _ in BODY_OPERATIONS])
def test_huge_strings_in_every_body_field_get_no_server_error(client, token, path, method, op):
    """Long strings are rare in generated data; each field at 100,000 characters, on purpose."""
    url = "/api/v1" + re.sub(r"{(\w+)}", lambda m: str(PATH_VALUES.get(m.group(1), 1)), path)
    for media, content in op["requestBody"]["content"].items():
        fields = dict.fromkeys(content["schema"].get("properties", {}), HUGE)
        if media == "application/json":
            if "data" in fields:
                fields["data"] = dict.fromkeys(("leave_type", "start_date", "end_date", "reason", "decision", "note"), HUGE)
            response = client.open(url, method=method, json=fields, headers=token("admin"))
        else:
            fields = {k: (io.BytesIO(HUGE.encode()), "huge.pdf") if k == "file" else v for k, v in fields.items()}
            response = client.open(url, method=method, data=fields, headers=token("admin"))
        assert response.status_code < 500, (media, response.get_json())
