"""The sandbox's budgets are real: loops inside built-ins, big values and the wall clock are bounded.

Each attack is one a model author could deploy; each test asserts the error it must stop with
(by msgid), that it stops well within the budget, and — for size attacks — that the value was
refused before it was built (tracemalloc peak).
"""
from __future__ import annotations

import threading
import time
import tracemalloc

import pytest

from workflows.errors import ScriptError
from workflows.sandbox import Sandbox

STEPS = "skrip melebihi batas %(limit)s langkah"
SECONDS = "skrip melebihi batas waktu %(seconds)s detik"
TOO_LONG = "%(operation)s menghasilkan teks terlalu panjang (maksimal %(limit)s karakter)"
TOO_MANY = "%(operation)s menghasilkan terlalu banyak elemen (maksimal %(limit)s)"
TOO_BIG_INT = "%(operation)s menghasilkan bilangan terlalu besar (maksimal %(limit)s bit)"
BUDGET_SECONDS = 2.0     # Limits().seconds
PEAK_BYTES = 30_000_000  # a refused attack never gets near the 100 MB it asked for


def stopped(run, msgid: str, within: float = BUDGET_SECONDS, peak: int | None = None):
    """Run `run`, assert it raises ScriptError with `msgid` within `within` seconds; return the message."""
    if peak is not None:
        tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ScriptError) as info:
            run()
        elapsed = time.perf_counter() - started
        if peak is not None:
            assert tracemalloc.get_traced_memory()[1] < peak
    finally:
        if peak is not None:
            tracemalloc.stop()
    message = info.value.args[0]
    assert getattr(message, "msgid", None) == msgid, message
    assert elapsed < within, f"stopped after {elapsed:.2f} s"
    return message


@pytest.fixture
def sandbox():
    return Sandbox()


# -- 1. loops inside built-in functions are charged -----------------------------------------
C_LOOPS = [
    "sum(map(sum, [range(100000)] * 3000))",          # the reported attack (8 s, server frozen)
    "max(map(sum, [range(100000)] * 3000))",
    "min(map(sum, [range(100000)] * 3000))",
    "sorted(map(sum, [range(100000)] * 3000))",
    "list(map(sum, [range(100000)] * 3000))",
    "tuple(filter(None, map(sum, [range(100000)] * 3000)))",
    "set(zip(range(100000), map(sum, [range(100000)] * 3000)))",
    "dict(enumerate(map(sum, [range(100000)] * 3000)))",
    "all(map(sum, [range(1, 100000)] * 3000))",
    "any(reversed([0] * 100000)) or any(reversed([0] * 100000)) or any(reversed([0] * 100000))",
    "[*map(sum, [range(100000)] * 3000)]",
    "{*map(sum, [range(100000)] * 3000)}",
    "-1 in map(sum, [range(100000)] * 3000)",
    "''.join(map(''.join, [['a'] * 100000] * 3000))",
    "len(sorted([list(range(100000))] * 3000))",      # comparing lists element by element
    "[list(range(100000))] * 3000 == [list(range(100000))] * 3000",
    "max([list(range(100000))] * 3000)",
    "len(list(zip(*[list(range(50000))] * 1000)))",   # zip's tuples cost their width
    "len(list(map(max, *[list(range(50000))] * 1000)))",
]


@pytest.mark.parametrize("source", C_LOOPS)
def test_a_loop_inside_a_builtin_stops_at_the_step_budget(sandbox, source):
    stopped(lambda: sandbox.evaluate(source, {}), STEPS, within=2.0)


def test_the_reported_attack_stops_well_before_the_time_budget(sandbox):
    message = stopped(lambda: sandbox.evaluate("sum(map(sum, [range(100000)] * 3000))", {}), STEPS, within=1.5)
    assert message.params == {"limit": 200_000}


def test_hashing_a_doubled_tuple_is_charged_per_element(sandbox):
    script = "t = ()\nfor i in range(64):\n    t = (t, t)\nd = {t: 1}"
    stopped(lambda: sandbox.execute(script, {}), STEPS)


def test_comparing_doubled_tuples_is_charged_per_element(sandbox):
    script = ("a = ()\nb = ()\nfor i in range(64):\n    a = (a, a)\n    b = (b, b)\n"
              "same = a == b")
    stopped(lambda: sandbox.execute(script, {}), STEPS)


@pytest.mark.parametrize("script", [
    "try:\n    while True:\n        pass\nexcept Exception:\n    pass\nn = 0\nwhile n < 30000000:\n    n += 1",
    "try:\n    while True:\n        pass\nexcept:\n    pass\nn = 0\nwhile n < 30000000:\n    n += 1",
    "try:\n    while True:\n        pass\nfinally:\n    n = 0\n    while n < 30000000:\n        n += 1",
    "try:\n    sum(map(sum, [range(100000)] * 3000))\nexcept Exception:\n    pass\n"
    "n = 0\nwhile n < 30000000:\n    n += 1",
])
def test_a_script_cannot_catch_the_budget_and_carry_on(sandbox, script):
    """Catching the budget's error used to switch tracing off: the rest of the script ran unbounded."""
    stopped(lambda: sandbox.execute(script, {}), STEPS)


@pytest.mark.parametrize("script", [
    "xs = list(range(100000))\nwhile True:\n    a, *b = xs",            # unpacking copies in C
    "s = 'a' * 1000000\nwhile True:\n    n = s.count('b')",             # searching a long text
    "while True:\n    print('x')",                                      # print keeps a running total
])
def test_work_a_single_line_does_in_c_is_charged(sandbox, script):
    stopped(lambda: sandbox.execute(script, {}), STEPS)


# -- 2. operations that build values check the size first ------------------------------------
BIG_VALUES = [
    ("f'{1:>100000000}'", TOO_LONG),
    ("f'{1:.100000000f}'", TOO_LONG),
    ("f'{1:>{w}}'", TOO_LONG),
    ("'%100000000d' % 1", TOO_LONG),
    ("'%.100000000f' % 1.5", TOO_LONG),
    ("'%*d' % (100000000, 1)", TOO_LONG),
    ("'%s' % ([['x' * 100000] * 100000],)", TOO_LONG),
    ("format(1, '>100000000')", TOO_LONG),
    ("'{:>100000000}'.format(1)", TOO_LONG),
    ("'{:>{}}'.format(1, 100000000)", TOO_LONG),
    ("'x'.rjust(100000000)", TOO_LONG),
    ("'x'.ljust(100000000)", TOO_LONG),
    ("'x'.center(100000000)", TOO_LONG),
    ("'1'.zfill(100000000)", TOO_LONG),
    ("('\\t' * 1000).expandtabs(100000000)", TOO_LONG),
    ("('a' * 100000).replace('a', 'a' * 1000)", TOO_LONG),
    ("'-'.join(['x' * 100000] * 50000)", TOO_LONG),
    ("str([['x' * 100000] * 100000])", TOO_LONG),
    ("repr([['x' * 100000] * 100000])", TOO_LONG),
    ("1 << 800000000", TOO_BIG_INT),
    ("(2 ** 9000) * (2 ** 9000)", TOO_BIG_INT),
    ("int('f' * 1000000, 16)", TOO_BIG_INT),
    ("'x' * 10 ** 9", TOO_LONG),
    ("[0] * 10 ** 8", TOO_MANY),
]


@pytest.mark.parametrize("source, msgid", BIG_VALUES)
def test_a_value_over_the_size_caps_is_refused_before_it_is_built(sandbox, source, msgid):
    stopped(lambda: sandbox.evaluate(source, {"w": 100_000_000}), msgid, within=2.0, peak=PEAK_BYTES)


GROWING = [
    ("s = 'ab'\nwhile True:\n    s = s + s", TOO_LONG),
    ("s = 'ab'\nwhile True:\n    s += s", TOO_LONG),
    ("x = [0]\nwhile True:\n    x = x + x", TOO_MANY),
    ("x = [0]\nwhile True:\n    x += x", TOO_MANY),
    ("x = [0]\nwhile True:\n    x.extend(x)", TOO_MANY),
    ("x = [0]\nwhile True:\n    x[:0] = x", TOO_MANY),
    ("x = [0]\nwhile True:\n    x *= 2", TOO_MANY),
    ("x = 3\nwhile True:\n    x = x * x", TOO_BIG_INT),
    ("x = 3\nwhile True:\n    x = x + x", TOO_BIG_INT),
]


@pytest.mark.parametrize("script, msgid", GROWING)
def test_a_value_doubled_in_a_loop_is_refused_at_the_cap(sandbox, script, msgid):
    data = {"kept": 1}
    stopped(lambda: sandbox.execute(script, data), msgid, peak=PEAK_BYTES)
    assert data == {"kept": 1}


@pytest.mark.parametrize("script", ["x = []\nwhile True:\n    x.append(0)",
                                    "x = []\nwhile True:\n    x.insert(0, 0)",
                                    "d = {}\nwhile True:\n    d[len(d)] = 0",
                                    "d = {}\nwhile True:\n    d.setdefault(len(d), 0)",
                                    "d = {0: 0}\nwhile True:\n    d.update({len(d) + k: k for k in d})"])
def test_containers_grown_one_element_at_a_time_stop_at_the_element_cap(script):
    from workflows.sandbox import Limits
    stopped(lambda: Sandbox(limits=Limits(max_items=1000)).execute(script, {}), TOO_MANY)


def test_what_a_run_allocates_in_total_is_bounded_by_the_budget(sandbox):
    """Each value stays under the cap, but building many of them is charged: the run stops."""
    script = "s = 'x' * 900000\nkeep = []\nwhile True:\n    keep.append(s + str(len(keep)))"
    stopped(lambda: sandbox.execute(script, {}), STEPS, peak=60_000_000)


# -- 3. the wall clock ----------------------------------------------------------------------
@pytest.mark.parametrize("source", ["sum(map(sum, [range(100000)] * 3000))",
                                    "[x for x in range(100000) for y in range(100000)]"])
def test_the_time_budget_stops_a_run_whose_step_budget_is_huge(source):
    from workflows.sandbox import Limits
    limited = Sandbox(limits=Limits(steps=10 ** 12, seconds=0.3))
    message = stopped(lambda: limited.evaluate(source, {}), SECONDS, within=0.3 + 0.7)
    assert message.params == {"seconds": 0.3}


def test_another_thread_keeps_running_while_a_hostile_script_spins():
    """The web server stays responsive: built-ins iterate in Python, so the GIL changes hands."""
    from workflows.sandbox import Limits
    limited = Sandbox(limits=Limits(steps=10 ** 12, seconds=1.0))
    outcome = {}

    def hostile():
        started = time.perf_counter()
        try:
            limited.evaluate("sum(map(sum, [range(100000)] * 3000))", {})
        except ScriptError as exc:
            outcome["message"] = exc.args[0]
        outcome["elapsed"] = time.perf_counter() - started

    thread = threading.Thread(target=hostile)
    ticks, gaps, last = 0, [], time.perf_counter()
    thread.start()
    while thread.is_alive():
        time.sleep(0.001)
        now = time.perf_counter()
        gaps.append(now - last)
        last, ticks = now, ticks + 1
    thread.join()
    assert outcome["message"].msgid == SECONDS and outcome["elapsed"] < 1.0 + 0.5
    assert ticks > 20 and max(gaps) < 0.5, (ticks, max(gaps))   # the C-level sum held the GIL for 8 s


# -- legitimate scripts are untouched ---------------------------------------------------------
def test_ordinary_use_of_builtins_formatting_and_containers_still_works(sandbox):
    data = {"amount": 1500000, "name": "budi", "xs": [3, 1, 2]}
    sandbox.execute(
        "total = sum(xs) + sum([0.5, 0.5])\nbig, small = max(xs), min(xs, key=lambda v: -v)\n"
        "ordered = sorted(xs, reverse=True)\nline = f'{name:>8}|{amount:,}|{total:.2f}'\n"
        "pct = '%5d|%-4s|%.1f' % (3, 'ab', 2.25)\nfmt = '{} {:>4} {n}'.format(1, 2, n='x')\n"
        "pad = 'x'.rjust(5, '.') + '1'.zfill(3)\nwords = ', '.join(str(v) for v in xs)\n"
        "pairs = list(zip(xs, map(str, xs)))\nindexed = dict(enumerate('ab'))\n"
        "kinds = isinstance(xs, list) and isinstance(total, (int, float))\n"
        "xs.append(4)\nxs.sort()\nrev = list(reversed(xs))\nbig_int = 2 ** 60 + (1 << 3)\n", data)
    assert (data["total"], data["big"], data["small"], data["ordered"]) == (7.0, 3, 3, [3, 2, 1])
    assert data["line"] == "    budi|1,500,000|7.00" and data["pct"] == "    3|ab  |2.2"
    assert data["fmt"] == "1    2 x" and data["pad"] == "....x001" and data["words"] == "3, 1, 2"
    assert data["pairs"] == [(3, "3"), (1, "1"), (2, "2")] and data["indexed"] == {0: "a", 1: "b"}
    assert data["kinds"] is True and data["xs"] == [1, 2, 3, 4] and data["rev"] == [4, 3, 2, 1]
    assert data["big_int"] == 2 ** 60 + 8


def test_typical_conditions_still_evaluate(sandbox):
    data = {"decision": "approve", "actions": ["ok", "return"], "idx": 1, "verifiers": [1, 2], "requester": "budi"}
    assert sandbox.evaluate("decision == 'approve'", data) is True
    assert sandbox.evaluate("'return' in actions and idx < len(verifiers)", data) is True
    assert sandbox.evaluate("'user:' + requester", data) == "user:budi"
    assert sandbox.evaluate("f'user:{requester}'", data) == "user:budi"
    assert sandbox.evaluate("0 < idx < 2 <= len(verifiers)", data) is True
