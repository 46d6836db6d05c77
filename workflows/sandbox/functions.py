"""The built-ins a script sees: the iterating ones consume at Python level, one step per element.

A built-in written in C loops without reaching a bytecode boundary, so the tracer's budget
never fires inside it and it holds the GIL throughout (`sum(map(sum, [range(100000)] * 3000))`
ran 8 s and froze the server). Here `sum`, `min`, `max`, `sorted`, `any`, `all`, `list`,
`tuple`, `set`, `frozenset` and `dict` take their elements through `consume` (sized built-in
containers are charged their length up front and copied in C; anything lazy is iterated in
Python), and the lazy `map`, `filter`, `zip`, `enumerate` and `reversed` yield through a
generator that charges each element, so nesting them charges every level. Comparison costs of
long texts and tuples (sorting, min/max, hashing into sets) are charged too. `range` is
capped; iterating it is charged by whoever iterates. `int` refuses integers over the bit cap,
`str`/`repr`/`format` go through the text guards, `isinstance` understands the guarded
constructors, and `print` keeps a bounded amount of text (logged at DEBUG).
`datetime`, `date` and `timedelta` are the real types, reachable only through the attribute
policy.
"""
from __future__ import annotations

import builtins
import logging
from datetime import date, datetime, timedelta

from RestrictedPython.Guards import guarded_iter_unpack_sequence, guarded_unpack_sequence

from ..errors import ScriptError
from ..messages import Message, N_
from .attributes import getattr_
from .budget import (
    MISSING, SIZED, active, alive, charge_weight, charged_key, charging, check_int, consume, element_costs, hash_key,
    log2, refused, too_big_int, too_many, _local,
)
from .operators import (
    add, apply, getitem, inplacevar, lshift, mod, mul, power, star, starhash, starstar, sub, write,
)
from .text import decode, format_value, fstring, to_repr, to_str

log = logging.getLogger("workflows.sandbox")


def _limited_range(*args) -> range:
    """range() with a length cap; iterating it is charged by whoever iterates (loop lines, built-ins)."""
    result = range(*args)
    limit = active().limits.max_range
    if len(result) > limit:
        raise ScriptError(Message(N_("range terlalu besar (maksimal %(limit)s elemen)"), limit=limit))
    return result


def _sum(iterable, /, start=0):
    run = active()
    items = consume(iterable, run, "sum()")
    if type(start) in (list, tuple, str, bytes):
        total = start
        for item in items:
            total = add(total, item)
        return total
    return check_int("sum()", builtins.sum(items, start), run)


def _any(iterable) -> bool:
    run = active()
    for item in iterable:
        run.steps += 1
        if run.steps >= run.check_at:
            run.check()
        if item:
            return True
    return False


def _all(iterable) -> bool:
    run = active()
    for item in iterable:
        run.steps += 1
        if run.steps >= run.check_at:
            run.check()
        if not item:
            return False
    return True


def _sorted(iterable, /, *, key=None, reverse=False) -> list:
    run = active()
    items = consume(iterable, run, "sorted()")
    factor = log2(len(items))
    element_costs(items, run, factor)
    items.sort(key=charged_key(key, run, factor), reverse=reverse)
    return items


def _extremum(builtin, name):
    def guarded(*args, key=None, default=MISSING):
        run = active()
        items = consume(args[0] if len(args) == 1 else args, run, f"{name}()")
        element_costs(items, run)
        kwargs = {} if default is MISSING else {"default": default}
        return builtin(items, key=charged_key(key, run, 1), **kwargs)

    guarded.__name__ = name
    return guarded


def _list(iterable=()) -> list:
    return consume(iterable, active(), "list()")


def _tuple(iterable=()) -> tuple:
    if type(iterable) is tuple:
        return iterable
    return tuple(consume(iterable, active(), "tuple()"))


def _set(iterable=()) -> set:
    run = active()
    items = consume(iterable, run, "set()")
    element_costs(items, run)
    return set(items)


def _frozenset(iterable=()) -> frozenset:
    run = active()
    items = consume(iterable, run, "frozenset()")
    element_costs(items, run)
    return frozenset(items)


def _dict(*args, **kwargs) -> dict:
    run = active()
    if len(args) > 1:
        raise TypeError(f"dict expected at most 1 argument, got {len(args)}")
    result = {}
    if args:
        source = args[0]
        if isinstance(source, dict):
            run.charge(len(source))
            element_costs(list(source), run)
            result = dict(source)
        else:
            pairs = consume(source, run, "dict()")
            element_costs([pair[0] for pair in pairs if type(pair) in (tuple, list) and pair], run)
            result = dict(pairs)
    if kwargs:
        result.update(kwargs)
    if len(result) > run.limits.max_items:
        raise too_many("dict()", run.limits.max_items)
    return result


def _map(function, iterable, *iterables):
    return charging(builtins.map(function, iterable, *iterables), active(), 1 + len(iterables))


def _filter(function, iterable):
    return charging(builtins.filter(function, iterable), active())


def _zip(*iterables, strict=False):
    return charging(builtins.zip(*iterables, strict=strict), active(), max(1, len(iterables)))


def _enumerate(iterable, start=0):
    return charging(builtins.enumerate(iterable, start), active())


def _reversed(sequence):
    return charging(builtins.reversed(sequence), active())


def _int(value=0, *args):
    run = active()
    if type(value) in (str, bytes) and len(value) > run.limits.max_int_bits:
        raise too_big_int("int()", run.limits.max_int_bits)
    return check_int("int()", builtins.int(value, *args), run)


def _str(*args):
    if len(args) <= 1:
        return to_str(args[0]) if args else ""
    return decode(*args)


def _repr(value):
    return to_repr(value)


_TYPES = {}   # guarded constructor → the type isinstance() means by it


def _isinstance(value, types) -> bool:
    return builtins.isinstance(value, _real_types(types))


def _real_types(types):
    if type(types) is tuple:
        return tuple(_real_types(t) for t in types)
    return _TYPES.get(types, types)


def _format(value, spec=""):
    return format_value(value, -1, spec)


def _round(number, ndigits=None):
    """round(): `round(1, -10**9)` would compute 10**(10**9) first; such an integer rounds to 0."""
    if type(ndigits) is int and ndigits < 0 and isinstance(number, int) \
            and -ndigits > active().limits.max_int_bits // 3 + 2:
        return 0
    return builtins.round(number, ndigits)


def _unpack_sequence(it, spec, _getiter_):
    """`a, *b = xs` copies xs in C: charged for its length first."""
    if type(it) in SIZED:
        active().charge(len(it))
    return guarded_unpack_sequence(it, spec, _getiter_)


# -- print --------------------------------------------------------------------------------
class Printer:
    """`_print_`: print() keeps at most `max_print_chars` per run and logs them at DEBUG level.

    RestrictedPython compiles `print(...)` into `_print._call_print(...)` with
    `_print = _print_(_getattr_)`, and the name `printed` into `_print()`.
    """

    def __init__(self, _getattr_=None):
        pass

    def _call_print(self, *objects, sep=" ", end="\n", file=None, flush=False):
        if file is not None:
            raise refused("print(file=...)")
        run = active()
        sep = " " if sep is None else sep
        end = "\n" if end is None else end
        if type(sep) is not str or type(end) is not str:
            raise TypeError("sep and end must be str")
        if run.printed is None:
            run.printed = []
        room = run.limits.max_print_chars - run.printed_chars
        if room <= 0:
            return
        text = sep[:room].join(to_str(o, run)[:room] for o in objects[:room]) + end
        text = text[:room]
        run.printed.append(text)
        run.printed_chars += len(text)
        log.debug("print dari skrip: %s", text.rstrip("\n"))

    def __call__(self) -> str:
        run = _local.run
        return "".join(run.printed or []) if run is not None else ""


# -- the builtins a script sees ---------------------------------------------------------------
_PLAIN_BUILTINS = (
    "abs bool chr divmod float len ord slice "
    "True False None ArithmeticError Exception IndexError KeyError LookupError TypeError "
    "ValueError ZeroDivisionError"
).split()

GUARDED_BUILTINS = {
    "sum": _sum, "any": _any, "all": _all, "sorted": _sorted,
    "min": _extremum(builtins.min, "min"), "max": _extremum(builtins.max, "max"),
    "list": _list, "tuple": _tuple, "set": _set, "frozenset": _frozenset, "dict": _dict,
    "map": _map, "filter": _filter, "zip": _zip, "enumerate": _enumerate, "reversed": _reversed,
    "range": _limited_range, "int": _int, "str": _str, "repr": _repr, "format": _format, "round": _round,
    "isinstance": _isinstance, "datetime": datetime, "date": date, "timedelta": timedelta,
}
_TYPES.update({_list: list, _tuple: tuple, _set: set, _frozenset: frozenset, _dict: dict,
               _int: int, _str: str, _limited_range: range})

SAFE_BUILTINS = {name: getattr(builtins, name) for name in _PLAIN_BUILTINS}
SAFE_BUILTINS.update(GUARDED_BUILTINS)


# The names the policy's rewritten code calls. They live in the builtins (looked up after the
# globals), so a run's globals hold only helpers and data; scripts cannot name them ('_').
GUARDS = {
    "_getattr_": getattr_, "_getitem_": getitem, "_getiter_": iter, "_write_": write,
    "_inplacevar_": inplacevar, "_iter_unpack_sequence_": guarded_iter_unpack_sequence,
    "_unpack_sequence_": _unpack_sequence, "_apply_": apply, "_print_": Printer, "_print": Printer(),
    "_add_": add, "_sub_": sub, "_mul_": mul, "_pow_": power, "_lshift_": lshift, "_mod_": mod,
    "_cv_": charge_weight, "_hk_": hash_key, "_fmt_": format_value, "_fstr_": fstring,
    "_star_": star, "_starstar_": starstar, "_starhash_": starhash, "_alive_": alive,
}
RUN_BUILTINS = {**SAFE_BUILTINS, **GUARDS}


def guard_globals() -> dict:
    """The globals every run starts from (before helpers and data)."""
    return {"__builtins__": RUN_BUILTINS}
