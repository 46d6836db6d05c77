"""The budget of one sandbox run, and the measures every guard charges it with.

A `Run` counts steps: a traced line of script code is one step, an element a guarded built-in
consumes is one step, building a value of n characters costs n // `Limits.chars_per_step`, and
comparing, hashing or printing a container costs a step per element it holds (`weight`). Every
`CHECK_EVERY` steps the wall clock is read too. Exhausting either raises `Stop`, a
BaseException, so a script's `except Exception` cannot swallow it; once stopped a run stays
stopped (`alive()` is called at the top of every `finally:` block).

Guards find the current run through a thread-local (`active()`), so one Sandbox serves many
threads; a guard reached outside any run (a generator finalised after its run) refuses to work.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import date, datetime, time as dtime, timedelta

from ..errors import ScriptError
from ..messages import Message, N_


@dataclass(frozen=True)
class Limits:
    """The bounds of one script or expression run (a Sandbox/Engine parameter; the defaults are the policy).

    steps:          line events + elements iterated by built-ins + size charges (see `Run`).
    seconds:        wall clock of one run, checked every `CHECK_EVERY` steps.
    max_str:        characters (bytes) of any str/bytes value an operation builds (1 MB).
    max_items:      elements of any list/tuple/dict/set a guarded operation builds.
    max_int_bits:   size of any integer an operation builds (10 000 bits ≈ 3 000 digits).
    max_range:      length of a range().
    chars_per_step: building n characters costs n // chars_per_step steps, so one run can
                    allocate at most about steps × chars_per_step bytes (≈ 25 MB by default).
    max_data_bytes: JSON size of the variables one script run stores in the task data (256 KiB).
    max_data_depth: nesting of stored values (lists/dicts within lists/dicts).
    max_print_chars: text a run's print() calls keep (and log); the rest is dropped.
    """

    steps: int = 200_000
    seconds: float = 2.0
    max_str: int = 1_000_000
    max_items: int = 100_000
    max_int_bits: int = 10_000
    max_range: int = 100_000
    chars_per_step: int = 128
    max_data_bytes: int = 256 * 1024
    max_data_depth: int = 32
    max_print_chars: int = 10_000


DEFAULT_LIMITS = Limits()
CHECK_EVERY = 256          # steps between two looks at the clock
SMALL = 1024               # str/bytes shorter than this are never charged for their size
SMALL_INT = 1 << 62       # results of int + - * below this need no size check
MISSING = object()


class Stop(BaseException):
    """The run's budget is exhausted. A BaseException, so `except Exception` in a script cannot catch it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Run:
    """One run's budget and bookkeeping (found by guards through `active()`)."""

    __slots__ = ("limits", "steps", "check_at", "deadline", "pure", "dirty", "printed", "printed_chars", "stopped")

    def __init__(self, limits: Limits, pure: bool):
        self.limits = limits
        self.steps = 0
        self.check_at = min(CHECK_EVERY, limits.steps + 1)
        self.deadline = time.perf_counter() + limits.seconds
        self.pure = pure          # an expression: may not change data
        self.dirty = None         # {id: container} a script changed in place
        self.printed = None       # list of printed text (bounded)
        self.printed_chars = 0
        self.stopped = None       # the message once the budget is exhausted (stays exhausted)

    def charge(self, steps: int) -> None:
        self.steps += steps
        if self.steps >= self.check_at:
            self.check()

    def check(self) -> None:
        if self.stopped is None:
            if self.steps > self.limits.steps:
                self.stopped = Message(N_("skrip melebihi batas %(limit)s langkah"), limit=self.limits.steps)
            elif time.perf_counter() > self.deadline:
                self.stopped = Message(N_("skrip melebihi batas waktu %(seconds)s detik"),
                                       seconds=self.limits.seconds)
            else:
                self.check_at = min(self.steps + CHECK_EVERY, self.limits.steps + 1)
                return
        raise Stop(self.stopped)

    def chars(self, n: int) -> None:
        """Charge for building a value of n characters/bytes."""
        if n >= SMALL:
            self.charge(n // self.limits.chars_per_step)

    def touch(self, container) -> None:
        """Note a container about to change in place, keeping a shallow copy of its contents.

        Called before every in-place change (methods, item assignment, `+=`): the stored-size check
        after the run counts the variables holding a touched container, and a failed run puts
        every touched container back (`restore`), since SpiffWorkflow stores the task data of a
        failed task as it is.
        """
        if self.pure:
            raise ScriptError(Message(N_("ekspresi tidak boleh mengubah data")))
        if self.dirty is None:
            self.dirty = {}
        key = id(container)
        if key not in self.dirty:
            self.charge(len(container) >> 4)
            self.dirty[key] = (container, container.copy())

    def restore(self) -> None:
        """Put every container the run changed in place back as it was before its first change."""
        for container, saved in (self.dirty or {}).values():
            if type(container) is list:
                container[:] = saved
            else:
                container.clear()
                container.update(saved)


class _Local(threading.local):
    run: Run | None = None


_local = _Local()


def active() -> Run:
    run = _local.run
    if run is None:
        raise Stop(Message(N_("kode skrip dijalankan di luar sandbox")))
    return run


def current_run() -> Run | None:
    return _local.run


def enter(run: Run) -> Run | None:
    previous, _local.run = _local.run, run
    return previous


def leave(previous: Run | None) -> None:
    _local.run = previous


def alive() -> None:
    """Inserted at the top of every `finally:` block: a stopped run does not run cleanup code."""
    run = _local.run
    if run is None or run.stopped is not None:
        raise Stop(run.stopped if run is not None else Message(N_("kode skrip dijalankan di luar sandbox")))


# -- refusals ---------------------------------------------------------------------------------
def too_long(operation: str, limit: int) -> ScriptError:
    return ScriptError(Message(N_("%(operation)s menghasilkan teks terlalu panjang (maksimal %(limit)s karakter)"),
                               operation=operation, limit=limit))


def too_many(operation: str, limit: int) -> ScriptError:
    return ScriptError(Message(N_("%(operation)s menghasilkan terlalu banyak elemen (maksimal %(limit)s)"),
                               operation=operation, limit=limit))


def too_big_int(operation: str, limit: int) -> ScriptError:
    return ScriptError(Message(N_("%(operation)s menghasilkan bilangan terlalu besar (maksimal %(limit)s bit)"),
                               operation=operation, limit=limit))


def refused(what: str) -> ScriptError:
    return ScriptError(Message(N_("%(what)s tidak diizinkan di skrip"), what=what))


def check_len(operation: str, value, run: Run):
    """Refuse (after the fact) a str/bytes/container value over the caps; charge for its size."""
    if isinstance(value, (str, bytes)):
        if len(value) > run.limits.max_str:
            raise too_long(operation, run.limits.max_str)
        run.chars(len(value))
    elif isinstance(value, (list, tuple, dict, set, frozenset)):
        if len(value) > run.limits.max_items:
            raise too_many(operation, run.limits.max_items)
        run.charge(len(value) >> 4)
    return value


def check_int(operation: str, value, run: Run):
    if type(value) is int and not -SMALL_INT < value < SMALL_INT and value.bit_length() > run.limits.max_int_bits:
        raise too_big_int(operation, run.limits.max_int_bits)
    return value


# -- weight: the work of comparing, hashing or printing a value ---------------------------------
FLAT_TYPES = frozenset({int, float, bool, type(None), complex, datetime, date, dtime, timedelta, range, slice})
_DICT_VIEWS = (type({}.keys()), type({}.values()), type({}.items()))
WALKED = frozenset({list, tuple, set, frozenset, dict, *_DICT_VIEWS})


def weight(value, run: Run, stop_at: int | None = None) -> int:
    """Charge and return the size of `value` in characters (an estimate of its repr's length).

    Containers are walked (iteratively, aliases counted every time they appear, as comparing,
    hashing or printing will visit them): one step per element plus the characters of the
    strings. The walk stops, and the run stops, as soon as the remaining budget is spent, so
    `t = (t, t)` doubled forty times costs a few steps to refuse, not 2**40. With `stop_at`, the
    walk also ends (returning more than `stop_at`) once that many characters are counted.
    """
    t = type(value)
    if t is str or t is bytes:
        run.chars(len(value))
        return len(value) + 2
    if t not in WALKED:
        return _flat_chars(value, t)
    per_step = run.limits.chars_per_step
    budget = (run.limits.steps - run.steps + 1) * per_step   # in characters
    stop_at = budget if stop_at is None else stop_at
    chars = nodes = 0
    stack = [value]
    while stack:
        item = stack.pop()
        t = type(item)
        if t is str or t is bytes:
            chars += len(item) + 4
        elif t in WALKED:
            n = len(item)
            nodes += n + 1
            chars += 2 + 4 * n if t is dict else 2 + 2 * n
            if nodes * per_step + chars > budget:
                break
            if t is dict:
                stack.extend(item.keys())
                stack.extend(item.values())
            else:
                stack.extend(item)
        else:
            chars += _flat_chars(item, t)
        if nodes * per_step + chars > budget or chars > stop_at:
            break
    if nodes * per_step + chars > budget:
        run.charge(budget // per_step + 1)   # exhausts the budget: Stop
    run.charge(nodes + chars // per_step)
    return chars


def _flat_chars(value, t) -> int:
    if t is int:
        return value.bit_length() // 3 + 2
    if t is float or t is bool or t is type(None):
        return 24
    return 64


def charge_weight(value):
    """`_cv_`/`_hk_`: the guard around compared operands and hashed keys (returns the value)."""
    t = type(value)
    if t in FLAT_TYPES:
        return value
    if t is str or t is bytes:
        if len(value) >= SMALL:
            active().chars(len(value))
        return value
    if (t is list or t is tuple) and len(value) <= 8:
        for item in value:   # a few numbers or short texts: as cheap as a line of code, not charged
            ti = type(item)
            if not (ti in FLAT_TYPES or (ti is str or ti is bytes) and len(item) < SMALL):
                break
        else:
            return value
    if t in WALKED:
        weight(value, active())
    return value


def hash_key(value):
    """`_hk_`: hashing a tuple visits all of it every time (tuples do not cache their hash)."""
    if type(value) is tuple:
        weight(value, active())
    return value


# -- iteration ------------------------------------------------------------------------------
SIZED = frozenset({list, tuple, str, bytes, dict, set, frozenset, range, *_DICT_VIEWS})


def consume(iterable, run: Run, operation: str) -> list:
    """The elements of `iterable` as a new list, one step each, at most `max_items` of them.

    Sized built-in containers are charged their length up front and copied in C; anything else
    (generators, map/filter/zip…) is iterated here, at Python level, so the budget check runs
    between elements and a hostile generator cannot hold the GIL.
    """
    limit = run.limits.max_items
    if type(iterable) in SIZED:
        n = len(iterable)
        if n > limit:
            raise too_many(operation, limit)
        run.charge(n)
        return list(iterable)
    out = []
    append = out.append
    for item in iterable:
        append(item)
        run.steps += 1
        if run.steps >= run.check_at:
            run.check()
            if len(out) > limit:
                raise too_many(operation, limit)
    if len(out) > limit:
        raise too_many(operation, limit)
    return out


def charging(iterator, run: Run, cost: int = 1):
    """A lazy iterator charging `cost` steps per element it yields (zip's tuples cost their width)."""
    for item in iterator:
        run.steps += cost
        if run.steps >= run.check_at:
            run.check()
        yield item


def element_costs(items: list, run: Run, factor: int = 1) -> None:
    """Charge what comparing/hashing the elements costs beyond one step each (long strings, tuples)."""
    extra = 0
    per_step = run.limits.chars_per_step
    for item in items:
        t = type(item)
        if t is str or t is bytes:
            if len(item) >= SMALL:
                extra += len(item) // per_step
        elif t in WALKED:   # tuples re-hash every element; lists, sets, dicts compare element-wise
            extra += weight(item, run) // per_step + len(item)
    if extra:
        run.charge(extra * factor)


def charged_key(key, run: Run, factor: int):
    """Wrap a sort/min/max key so the keys it returns are charged like elements."""
    if key is None:
        return None

    def charged(item):
        value = key(item)
        element_costs([value], run, factor)
        return value

    return charged


def log2(n: int) -> int:
    return max(1, n.bit_length())


