"""What a script may leave in the task data, and how a script's failure is told, both bounded.

The task data is stored as JSON on every step, as it is: SpiffWorkflow 3.2 writes task data
(and its deltas) without its type registry, the app's JSON column (orjson) turns a datetime
into a string and fails on a timedelta, the engine's own tests (json) fail on both. So after a
script runs, every variable it created, rebound or changed in place must be (1) made of JSON
values only — str (valid UTF-8), int within 64 bits, finite float, bool, None, list/tuple,
dict with str/number/bool/None keys (not 'typename', which the serializer reads back as an
object) — nested at most `Limits.max_data_depth` deep, and (2) together at most
`Limits.max_data_bytes` of JSON. Dates and durations are for computing; a script stores them
as text (`.isoformat()`), as the app's forms and services do. Anything else is refused *before* the data is touched, with an
error that names the variable, instead of failing later in serialisation (a 500 in the app) or
growing the database by megabytes per step.

Measuring is a walk that stops as soon as the cap is passed, so its cost is bounded by the cap,
not by the value (a list holding one 1 MB string 100 000 times is refused after a few elements).
"""
from __future__ import annotations

import math
import reprlib
from datetime import date, datetime, time as dtime, timedelta
from typing import Mapping

from ..errors import ScriptError
from ..messages import Message, N_
from .budget import Limits

_INT_MIN, _INT_MAX = -(1 << 63), (1 << 64) - 1   # what orjson (and PostgreSQL's jsonb via the app) accepts
_KEY_TYPES = (str, int, float, bool, type(None))
_FIXED_SIZES = {bool: 5, type(None): 4}
_DATES = (datetime, date, dtime, timedelta)
MAX_NAME = 60
MAX_ERROR = 300


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _refuse(name: str, msgid: str, **params) -> ScriptError:
    return ScriptError(Message(msgid, name=_clip(name, MAX_NAME), **params))


def _text_size(name: str, value: str) -> int:
    if value.isascii():
        return len(value) + 2 + value.count('"') + value.count("\\")
    try:
        return len(value.encode("utf-8")) + 2
    except UnicodeEncodeError:
        raise _refuse(name, N_("variabel '%(name)s' berisi teks yang bukan UTF-8 yang sah")) from None


def measure(name: str, value, limits: Limits, limit: int, dirty: Mapping | None = None) -> tuple[int, bool]:
    """(JSON size of `value`, whether it holds a container changed in place); raises ScriptError
    naming `name` when the value cannot be stored. Stops (returning a size over `limit`) once
    the size passes `limit`."""
    size, touched = 0, False
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        t = type(item)
        if t is str:
            size += _text_size(name, item)
        elif t is int:
            if not _INT_MIN <= item <= _INT_MAX:
                raise _refuse(name, N_("variabel '%(name)s' berisi bilangan bulat di luar 64 bit"))
            size += len(str(item))
        elif t is float:
            if not math.isfinite(item):
                raise _refuse(name, N_("variabel '%(name)s' berisi angka tak hingga atau NaN"))
            size += len(repr(item))
        elif t in _FIXED_SIZES:
            size += _FIXED_SIZES[t]
        elif t is list or t is tuple or t is dict:
            if depth >= limits.max_data_depth:
                raise _refuse(name, N_("variabel '%(name)s' bersarang terlalu dalam (maksimal %(limit)s tingkat)"),
                              limit=limits.max_data_depth)
            if dirty and id(item) in dirty:
                touched = True
            size += 2 + len(item)
            if size > limit:
                return size, True
            if t is dict:
                if "typename" in item:   # SpiffWorkflow's serializer reads such a dict back as an object
                    raise _refuse(name, N_("variabel '%(name)s' berisi dict dengan kunci 'typename' (dicadangkan)"))
                for key in item:
                    if not isinstance(key, _KEY_TYPES):
                        raise _refuse(name, N_("variabel '%(name)s' berisi kunci dict bertipe %(type)s"),
                                      type=_clip(type(key).__name__, MAX_NAME))
                    size += _text_size(name, key) if type(key) is str else len(str(key)) + 3
                    if size > limit:
                        return size, True
                stack.extend((v, depth + 1) for v in item.values())
            else:
                stack.extend((v, depth + 1) for v in item)
        elif isinstance(item, str):     # subclasses (an app's Message): stored as their text
            size += _text_size(name, str(item))
        elif isinstance(item, int) and not isinstance(item, bool) and _INT_MIN <= item <= _INT_MAX:
            size += len(str(int(item)))
        elif isinstance(item, _DATES):
            raise _refuse(name, N_("variabel '%(name)s' berisi %(type)s; simpan tanggal dan waktu sebagai teks "
                                   "dengan .isoformat()"), type=type(item).__name__)
        else:
            raise _refuse(name, N_("variabel '%(name)s' berisi nilai bertipe %(type)s yang tidak dapat disimpan "
                                   "(hanya teks, angka, boolean, None, list dan dict)"),
                          type=_clip(type(item).__name__, MAX_NAME))
        if size > limit:
            return size, True
    return size, touched


_CONTAINERS = (list, tuple, dict)
_SMALL = 1 << 62


def check_stored(before: Mapping, after: Mapping, dirty: Mapping | None, limits: Limits) -> None:
    """Refuse `after` (a script's variables) unless the ones it set or changed can be stored.

    Counted: variables that are new or hold a new object, and — when the script changed a
    container in place — the containers that hold a changed one. A variable passed in unchanged
    costs nothing (form data is checked by its form, earlier data was checked when it was set).
    """
    remaining = limits.max_data_bytes
    for name, value in after.items():
        unchanged = name in before and before[name] is value
        if unchanged and not (dirty and isinstance(value, _CONTAINERS)):
            continue
        t = type(value)
        if t is bool or value is None or (t is int and -_SMALL < value < _SMALL):
            size = 20                   # the usual case, without a walk
        elif t is str and len(value) < 256 and value.isascii():
            size = 2 * len(value) + 2   # at most, with every character escaped
        else:
            size, touched = measure(name, value, limits, remaining, dirty if unchanged else None)
            if unchanged and not touched:
                continue
        remaining -= size + len(name) + 4
        if remaining < 0:
            raise _refuse(name, N_("data yang disimpan skrip terlalu besar (maksimal %(limit)s byte, "
                                   "terlampaui di variabel '%(name)s')"), limit=limits.max_data_bytes)


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxstring, _REPR.maxother, _REPR.maxlong = 3, 120, 60, 60
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = _REPR.maxfrozenset = 8


def safe_repr(value) -> str:
    """repr() that never builds more than a few hundred characters, whatever `value` holds."""
    try:
        return _clip(_REPR.repr(value), MAX_ERROR)
    except Exception:  # an int over the str-conversion limit, a helper object whose repr fails…
        return f"<{_clip(type(value).__name__, MAX_NAME)}>"


def describe(exc: BaseException) -> Message:
    """A script's exception as a bounded message: its type and at most MAX_ERROR characters of its
    arguments. Never calls str(exc), which repr()s the arguments however large they are."""
    args = exc.args
    if not args:
        detail = ""
    elif len(args) == 1 and type(args[0]) is str and not isinstance(exc, KeyError):
        detail = _clip(args[0], MAX_ERROR)
    else:
        detail = safe_repr(args[0] if len(args) == 1 else args)
    error = _clip(type(exc).__name__, MAX_NAME) + (f": {detail}" if detail else "")
    return Message(N_("kesalahan skrip: %(error)s"), error=error)


def result_size_problem(value, limits: Limits) -> Message | None:
    """Why an expression's value is too big to hand to the engine (None when it is fine)."""
    t = type(value)
    if t is bool or t is int or t is float or value is None or isinstance(value, _DATES):
        return None
    limit = limits.max_data_bytes
    size, stack = 0, [value]
    while stack and size <= limit:
        item = stack.pop()
        if isinstance(item, (str, bytes)):
            size += len(item) + 2
        elif isinstance(item, dict):
            size += 2 + 2 * len(item)
            if size > limit:
                break
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            size += 2 + len(item)
            if size > limit:
                break
            stack.extend(item)
        else:
            size += 8
    if size > limit:
        return Message(N_("hasil ekspresi terlalu besar (maksimal %(limit)s byte)"), limit=limit)
    return None
