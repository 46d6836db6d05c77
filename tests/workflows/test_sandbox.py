"""The RestrictedPython sandbox refuses escapes and runs plain scripts over task data."""
from __future__ import annotations

import pytest

from workflows.errors import ScriptError
from workflows.sandbox import Sandbox, compile_problem

ESCAPES = [
    "().__class__.__base__.__subclasses__()",
    "__import__('os')",
    "open('/etc/passwd')",
    "eval('1')",
    "getattr(x, '__globals__')",
    "exec('1')",
    "compile('1', 'f', 'eval')",
    "x.__class__",
    "'{0.__class__}'.format(x)",
    "globals()",
    "type(x).mro()",
    "str.format('{0.__class__}', x)",
    "[g.gi_frame.f_back for g in [x]]",
]


@pytest.fixture
def sandbox():
    return Sandbox({"double": lambda v: 2 * v})


@pytest.mark.parametrize("source", ESCAPES)
def test_escape_expression_fails(sandbox, source):
    with pytest.raises((ScriptError, NameError, NotImplementedError, AttributeError, SyntaxError)):
        sandbox.evaluate(source, {"x": 1})


def test_import_statement_is_refused_at_compile_time(sandbox):
    with pytest.raises(ScriptError, match="import"):
        sandbox.execute("import os", {})
    assert compile_problem("from os import path", mode="exec")


def test_dunder_attribute_refused_in_scripts(sandbox):
    with pytest.raises(ScriptError):
        sandbox.execute("y = x.__dict__", {"x": 1})


def test_script_assignments_and_deletions_write_back_to_data(sandbox):
    data = {"a": 2, "gone": 1, "xs": [1, 2]}
    sandbox.execute("b = double(a)\nc = [v * 2 for v in xs]\nd = {'k': 1}\nd['k'] = 5\nn = 1\nn += 1\ndel gone", data)
    assert data == {"a": 2, "xs": [1, 2], "b": 4, "c": [2, 4], "d": {"k": 5}, "n": 2}


def test_helpers_are_not_copied_into_data(sandbox):
    data = {}
    sandbox.execute("x = double(3)", data)
    assert data == {"x": 6}


def test_expression_sees_data_and_helpers(sandbox):
    assert sandbox.evaluate("double(a) if a > 1 else 0", {"a": 5}) == 10


def test_helper_names_starting_with_underscore_are_refused():
    with pytest.raises(ValueError):
        Sandbox({"_secret": print})


def test_compile_problem_reports_syntax_errors():
    assert compile_problem("a ==") is not None
    assert compile_problem("a == 1") is None


def test_endless_loop_in_a_script_stops_with_a_script_error(sandbox):
    with pytest.raises(ScriptError):
        sandbox.execute("while True:\n    pass", {})


def test_endless_loop_in_a_comprehension_stops_with_a_script_error(sandbox):
    with pytest.raises(ScriptError):
        sandbox.evaluate("[x for x in range(100000) for y in range(100000)]", {})


def test_huge_range_is_refused(sandbox):
    with pytest.raises(ScriptError):
        sandbox.evaluate("sum(range(10 ** 12))", {})


def test_budget_leaves_ordinary_scripts_alone(sandbox):
    data = {"n": 0}
    sandbox.execute("for i in range(1000):\n    n += i", data)
    assert data["n"] == sum(range(1000))


def test_helpers_run_outside_the_step_budget():
    def busy_helper():
        total = 0
        for i in range(300_000):  # more Python steps than a script may take itself
            total += i
        return total

    assert Sandbox({"busy": busy_helper}).evaluate("busy()", {}) == sum(range(300_000))


@pytest.mark.parametrize("source", ["'x' * 10 ** 9", "[0] * (10 ** 8)", "10 ** 10 ** 8", "2 ** 100000"])
def test_expressions_that_would_exhaust_memory_are_refused(sandbox, source):
    with pytest.raises(ScriptError):
        sandbox.evaluate(source, {})


def test_inplace_multiplication_is_guarded_too(sandbox):
    with pytest.raises(ScriptError):
        sandbox.execute("s = 'ab'\ns *= 10 ** 9", {})


def test_ordinary_arithmetic_still_works(sandbox):
    data = {"days": 3}
    sandbox.execute("hours = days * 24\narea = 2 ** 10\nline = '-' * 20\nx = 5\nx *= 3", data)
    assert (data["hours"], data["area"], data["line"], data["x"]) == (72, 1024, "-" * 20, 15)
