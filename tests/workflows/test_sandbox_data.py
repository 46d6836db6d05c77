"""What scripts may store and say: bounded JSON data, bounded errors, no class, print and dates that work."""
from __future__ import annotations

import json
import logging
import time
from datetime import datetime, timezone
from types import MappingProxyType
from xml.sax.saxutils import escape

import pytest

from workflows.errors import ScriptError
from workflows.registry import ModelPackage
from workflows.sandbox import Limits, Sandbox, compile_problem
from workflows.validation import validate_package
from workflows.versions import deploy

from .conftest import start_revisi

TOO_MUCH_DATA = ("data yang disimpan skrip terlalu besar (maksimal %(limit)s byte, "
                 "terlampaui di variabel '%(name)s')")
NOT_STORABLE = ("variabel '%(name)s' berisi nilai bertipe %(type)s yang tidak dapat disimpan "
                "(hanya teks, angka, boolean, None, list dan dict)")
SCRIPT_FAILED = "kesalahan skrip: %(error)s"


@pytest.fixture
def sandbox():
    return Sandbox({"double": lambda v: 2 * v})


def refused(sandbox, script, data, msgid):
    before = json.dumps(data, default=str)
    with pytest.raises(ScriptError) as info:
        sandbox.execute(script, data)
    message = info.value.args[0]
    assert getattr(message, "msgid", None) == msgid, message
    assert json.dumps(data, default=str) == before   # nothing stored, nothing changed in place
    return message


# -- 3. the data a step may store is capped --------------------------------------------------
def test_a_variable_over_the_data_cap_is_refused_and_nothing_is_stored(sandbox):
    message = refused(sandbox, "note = 'ok'\nblob = 'x' * 100000\nblob = blob + blob + blob", {"a": 1}, TOO_MUCH_DATA)
    assert message.params == {"name": "blob", "limit": 256 * 1024}


def test_many_small_variables_together_over_the_cap_are_refused(sandbox):
    script = "for i in range(40):\n    pass\nparts = ['y' * 10000 for i in range(30)]"
    refused(sandbox, script, {}, TOO_MUCH_DATA)


def test_aliased_values_count_as_often_as_json_writes_them(sandbox):
    refused(sandbox, "s = 'x' * 100000\ns = s + s + s + s + s + s + s + s + s + s\nmany = [s] * 100000", {},
            TOO_MUCH_DATA)


def test_a_list_grown_in_place_counts_and_is_put_back_when_refused(sandbox):
    data = {"items": ["a"], "form": {"k": 1}}
    refused(sandbox, "items.extend(['x' * 1000] * 300)\nform['k'] = 2", data, TOO_MUCH_DATA)
    assert data == {"items": ["a"], "form": {"k": 1}}


def test_a_container_changed_in_place_is_put_back_when_the_script_fails(sandbox):
    data = {"items": ["a"]}
    with pytest.raises(ScriptError):
        sandbox.execute("items.extend(['x' * 100000] * 50000)\nwhile True:\n    pass", data)
    assert len(data["items"]) == 1 and data["items"][0] == "a"


def test_the_data_cap_is_a_parameter_of_the_sandbox():
    small = Sandbox(limits=Limits(max_data_bytes=1000))
    with pytest.raises(ScriptError):
        small.execute("s = 'x' * 2000", {})
    data = {}
    Sandbox().execute("s = 'x' * 2000", data)
    assert len(data["s"]) == 2000


def test_unchanged_large_input_data_does_not_count(sandbox):
    data = {"form_text": "z" * 300_000}
    sandbox.execute("n = len(form_text)", data)
    assert data["n"] == 300_000


def test_a_large_value_refused_by_the_engine_is_not_stored(engine, session, revisi_pkg):
    instance = _run_remind_script(engine, session, revisi_pkg, "blob = 'x' * 100000\nblob = blob + blob + blob")
    assert instance.status == "error" and "blob" in instance.error
    assert "xxxxxxxxxx" not in json.dumps(instance.state) and len(json.dumps(instance.state)) < 50_000


# -- 4. values that are not JSON are refused, naming the variable ----------------------------
@pytest.mark.parametrize("script, name, type_name", [
    ("tags = {1, 2}", "tags", "set"),
    ("tags = frozenset([1])", "tags", "frozenset"),
    ("raw = 'x'.encode()", "raw", "bytes"),
    ("fns = [len]", "fns", "builtin_function_or_method"),
    ("alias = double", "alias", "function"),
    ("kind = datetime", "kind", "type"),
    ("lazy = map(str, [1])", "lazy", "generator"),
    ("span = range(3)", "span", "range"),
    ("err = ValueError('x')", "err", "ValueError"),
    ("nested = {'a': [1, {2}]}", "nested", "set"),
])
def test_a_value_that_is_not_json_is_refused_naming_the_variable(sandbox, script, name, type_name):
    message = refused(sandbox, script, {"kept": 1}, NOT_STORABLE)
    assert message.params == {"name": name, "type": type_name}


@pytest.mark.parametrize("script, name, msgid", [
    ("n = 2 ** 64", "n", "variabel '%(name)s' berisi bilangan bulat di luar 64 bit"),
    ("n = -(2 ** 63) - 1", "n", "variabel '%(name)s' berisi bilangan bulat di luar 64 bit"),
    ("n = [float('nan')]", "n", "variabel '%(name)s' berisi angka tak hingga atau NaN"),
    ("s = chr(55296)", "s", "variabel '%(name)s' berisi teks yang bukan UTF-8 yang sah"),
    ("d = {(1, 2): 3}", "d", "variabel '%(name)s' berisi kunci dict bertipe %(type)s"),
    ("d = {'typename': 'x'}", "d", "variabel '%(name)s' berisi dict dengan kunci 'typename' (dicadangkan)"),
    ("x = []\nfor i in range(40):\n    x = [x]", "x",
     "variabel '%(name)s' bersarang terlalu dalam (maksimal %(limit)s tingkat)"),
])
def test_values_json_or_the_engine_cannot_store_are_refused(sandbox, script, name, msgid):
    message = refused(sandbox, script, {}, msgid)
    assert message.params["name"] == name


def test_json_values_and_own_functions_are_fine(sandbox):
    data = {}
    sandbox.execute("def helper(v):\n    return v + 1\nn = helper(2 ** 63)\nm = -(2 ** 63)\n"
                    "doc = {'a': [1, 2.5, None, True, 'x'], 'b': (1, 2)}\nday = date(2024, 3, 4).isoformat()\n"
                    "keys = {1: 'a', None: 'b'}\nshout = lambda v: v.upper()", data)
    assert set(data) == {"n", "m", "doc", "day", "keys"}   # `helper` and `shout` are code, not data


@pytest.mark.parametrize("script, type_name", [("day = date(2024, 3, 4)", "date"),
                                               ("when = [now()]", "datetime"),
                                               ("clock = now().time()", "time"),
                                               ("span = {'d': timedelta(days=2)}", "timedelta")])
def test_a_date_left_in_the_data_is_refused_with_a_hint_to_store_text(script, type_name):
    clocked = Sandbox({"now": lambda: datetime(2024, 3, 4, tzinfo=timezone.utc)})
    message = refused(clocked, script, {}, "variabel '%(name)s' berisi %(type)s; simpan tanggal dan waktu "
                                           "sebagai teks dengan .isoformat()")
    assert message.params["type"] == type_name


def test_a_set_refused_by_the_engine_leaves_an_error_not_a_crash(engine, session, revisi_pkg):
    instance = _run_remind_script(engine, session, revisi_pkg, "tags = {1, 2}")
    assert instance.status == "error" and "'tags'" in instance.error


def test_a_date_computed_by_a_script_is_stored_as_text(engine, session, revisi_pkg):
    script = "reminded = True\nday = (date(2024, 3, 8) + timedelta(days=1)).isoformat()"
    instance = _run_remind_script(engine, session, revisi_pkg, script)
    session.commit()
    session.expire_all()
    assert instance.status == "running" and '"day": "2024-03-09"' in json.dumps(instance.state)


# -- exceptions are told briefly --------------------------------------------------------------
@pytest.mark.parametrize("script, type_name", [
    ("raise ValueError('x' * 100000)", "ValueError"),
    ("raise ValueError(['x' * 100000] * 100000)", "ValueError"),
    ("raise KeyError(['x' * 100000] * 100000)", "KeyError"),
    ("d = {}\nd['k' * 100000]", "KeyError"),
    ("x = 1 / 0", "ZeroDivisionError"),
])
def test_a_script_exception_is_reported_with_a_bounded_message(sandbox, script, type_name):
    started = time.perf_counter()
    message = refused(sandbox, script, {}, SCRIPT_FAILED)
    assert message.params["error"].startswith(type_name) and len(message) < 500
    assert time.perf_counter() - started < 1.0


def test_the_engine_stores_a_bounded_error_for_a_script_exception(engine, session, revisi_pkg):
    instance = _run_remind_script(engine, session, revisi_pkg, "raise ValueError('x' * 100000)")
    assert instance.status == "error" and "ValueError" in instance.error and len(instance.error) < 1000


# -- class statements are refused at deploy ----------------------------------------------------
def test_a_class_statement_is_refused_when_the_model_is_validated(revisi_pkg):
    assert compile_problem("class A:\n    pass", mode="exec").msgid == "definisi class tidak diizinkan (baris %(line)s)"
    problems = validate_package(_with_remind_script(revisi_pkg, "class A:\n    pass\nreminded = True"))
    assert [p.path for p in problems] == ["process.bpmn#remind"] and "class" in problems[0].message


def test_a_class_statement_reaching_the_sandbox_is_a_script_error(sandbox):
    with pytest.raises(ScriptError, match="class"):
        sandbox.execute("class A(Exception):\n    pass", {})


# -- print and dates ------------------------------------------------------------------------
def test_print_works_and_is_logged_bounded(sandbox, caplog):
    data = {}
    with caplog.at_level(logging.DEBUG, logger="workflows.sandbox"):
        sandbox.execute("print('halo', 1, [2])\nprint('x' * 900000)\nx = 1", data)
    assert data == {"x": 1}
    logged = [r.getMessage() for r in caplog.records]
    assert "print dari skrip: halo 1 [2]" in logged and sum(len(m) for m in logged) < 11_000


def test_print_passes_validation_and_runs_in_an_expression(sandbox):
    assert compile_problem("print('x')\ny = 1", mode="exec") is None
    assert sandbox.evaluate("print('cek') or 5", {}) == 5


def test_dates_can_be_built_added_compared_and_formatted(sandbox):
    data = {"start": "2024-03-04T09:00:00+00:00"}
    sandbox.execute(
        "begin = datetime.fromisoformat(start)\ndue = begin + timedelta(days=3, hours=2)\nlate = due > begin\n"
        "back = (due - timedelta(hours=2)).isoformat()\nspan = (due - begin).total_seconds()\n"
        "day = date(2024, 2, 28) + timedelta(days=2)\niso = due.isoformat()\n"
        "shown = f'{day:%d-%m-%Y}' + ' / ' + day.strftime('%A')\nweekday = due.weekday()\n"
        "same_day = day == date.fromisoformat('2024-03-01')\ndel begin, due, day", data)
    assert data["late"] is True and data["back"] == "2024-03-07T09:00:00+00:00" and data["span"] == 266400.0
    assert data["iso"] == "2024-03-07T11:00:00+00:00" and data["shown"] == "01-03-2024 / Friday"
    assert data["weekday"] == 3 and data["same_day"] is True


@pytest.mark.parametrize("source", ["datetime.now()", "date.today()", "datetime.mro()", "ValueError.mro()",
                                    "now().strftime('%1000000Y')", "f'{now():%999999d}'"])
def test_date_types_expose_no_dangerous_attributes(sandbox, source):
    with pytest.raises(ScriptError):
        Sandbox({"now": lambda: datetime(2024, 3, 4, tzinfo=timezone.utc)}).evaluate(source, {})


# -- helpers --------------------------------------------------------------------------------
@pytest.mark.parametrize("source", ["double([['x' * 100000] * 100000])", "double(v for v in [1])",
                                    "double(lambda: 1)"])
def test_what_a_script_hands_to_a_helper_is_bounded(sandbox, source):
    with pytest.raises(ScriptError):
        sandbox.evaluate(source, {})


def test_helpers_still_take_ordinary_arguments(sandbox):
    assert sandbox.evaluate("double([1, 2])", {}) == [1, 2, 1, 2]


def test_a_helper_that_loops_can_charge_the_scripts_budget():
    """Helpers run untraced; `charge()` in their loops makes them stop with the script's budget."""
    from workflows.sandbox import charge

    def count_days(n):
        total = 0
        for _ in range(n):
            charge()
            total += 1
        return total

    counting = Sandbox({"count_days": count_days})
    assert counting.evaluate("count_days(10)", {}) == 10 and count_days(5) == 5   # outside a run: free
    started = time.perf_counter()
    with pytest.raises(ScriptError) as info:
        counting.evaluate("count_days(10 ** 9)", {})
    assert info.value.args[0].msgid == "skrip melebihi batas %(limit)s langkah"
    assert time.perf_counter() - started < 2.0


# -- helpers of this module ----------------------------------------------------------------
def _with_remind_script(pkg: ModelPackage, script: str) -> ModelPackage:
    files = dict(pkg.files)
    files["process.bpmn"] = files["process.bpmn"].replace(b"reminded = True", escape(script).encode())
    return ModelPackage(pkg.model_id, MappingProxyType(files))


def _run_remind_script(engine, session, pkg, script):
    """Deploy the revisi model with `script` as its reminder script and run it (two days after start)."""
    deploy(session, _with_remind_script(pkg, script))
    instance = start_revisi(engine, session)
    engine.clock.advance(days=2)
    engine.fire_due_timers(session)
    return instance
