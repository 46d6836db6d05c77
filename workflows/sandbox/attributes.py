"""The attributes a script may use: every method of the built-in values it can hold is listed.

`_getattr_` looks the value's type up in `_ATTRIBUTES`: `True` means harmless (bounded work, a
result no bigger than a small multiple of the value), a function means guarded (it returns the
method the script gets, checking sizes, charging work, noting containers changed in place and
refusing changes in expressions), and a name not listed is refused. Classes expose only a few
listed attributes (`datetime.fromisoformat`…; not `mro`, which would reach `BaseException`),
exceptions only `args`, other built-in objects (functions, iterators, views) nothing. Objects
of the app's own types (helper results) keep RestrictedPython's `safer_getattr`.
"""
from __future__ import annotations

from datetime import date, datetime, time as dtime, timedelta, timezone
from types import GeneratorType

from RestrictedPython.Guards import safer_getattr

from ..errors import ScriptError
from ..messages import Message, N_
from .budget import (
    MISSING, active, charge_weight, charged_key, consume, element_costs, hash_key, log2, refused, too_long,
    too_many, weight,
)
from .text import BYTES_METHODS, DATE_METHODS, DATETIME_METHODS, STR_METHODS, TIME_METHODS


def _m_int_to_bytes(obj, name):
    def to_bytes(length=1, byteorder="big", *, signed=False):
        run = active()
        if type(length) is int and length > run.limits.max_str:
            raise too_long("int.to_bytes", run.limits.max_str)
        return obj.to_bytes(length, byteorder, signed=signed)
    return to_bytes


def _m_mutator(obj, name):
    active().touch(obj)
    return getattr(obj, name)


def _m_grow1(obj, name):
    """append/insert/add/setdefault: one more element, up to `max_items`."""
    run = active()
    run.touch(obj)
    method = getattr(obj, name)

    def grow(*args):
        if len(obj) >= run.limits.max_items:
            raise too_many(f"{type(obj).__name__}.{name}", run.limits.max_items)
        if name in ("add", "setdefault") and args:
            hash_key(args[0])
        return method(*args)
    return grow


def _m_extend(obj, name):
    """list.extend, set.update & co.: charged per element, result capped at `max_items`."""
    run = active()
    run.touch(obj)
    method = getattr(obj, name)

    def extend(*iterables, **kwargs):
        total = len(obj) + len(kwargs)
        parts = []
        for iterable in iterables:
            if isinstance(iterable, dict) and type(obj) is dict:
                run.charge(len(iterable))
                part = iterable
            else:
                part = consume(iterable, run, f"{type(obj).__name__}.{name}")
                if type(obj) is not list:
                    element_costs([p[0] if type(obj) is dict and type(p) in (tuple, list) and p else p
                                    for p in part], run)
            total += len(part)
            if total > run.limits.max_items:
                raise too_many(f"{type(obj).__name__}.{name}", run.limits.max_items)
            parts.append(part)
        return method(*parts, **kwargs)
    return extend


def _m_new_set(obj, name):
    """union/intersection/difference…: a new set built from charged arguments."""
    method = getattr(obj, name)

    def combine(*others):
        run = active()
        parts = [consume(o, run, f"{type(obj).__name__}.{name}") for o in others]
        for part in parts:
            element_costs(part, run)
        run.charge(len(obj))
        result = method(*parts)
        if type(result) in (set, frozenset) and len(result) > run.limits.max_items:
            raise too_many(f"{type(obj).__name__}.{name}", run.limits.max_items)
        return result
    return combine


def _m_search(obj, name):
    """index/count/remove/get/pop…: comparing or hashing the argument against the container."""
    method = getattr(obj, name)

    def search(*args, **kwargs):
        run = active()
        if name in ("index", "count", "remove"):
            weight(obj, run)
        if args:
            charge_weight(args[0])
        return method(*args, **kwargs)
    if name in ("remove", "pop", "popitem"):
        active().touch(obj)
    return search


def _m_copy(obj, name):
    def copy():
        active().charge(len(obj) >> 4)
        return obj.copy()
    return copy


def _m_sort(obj, name):
    run = active()
    run.touch(obj)

    def sort(*, key=None, reverse=False):
        factor = log2(len(obj))
        run.charge(len(obj))
        element_costs(obj, run, factor)
        obj.sort(key=charged_key(key, run, factor), reverse=reverse)
    return sort


def _m_fromkeys(obj, name):
    def fromkeys(iterable, value=None):
        run = active()
        keys = consume(iterable, run, "dict.fromkeys")
        element_costs(keys, run)
        return dict.fromkeys(keys, value)
    return fromkeys


def _m_now(obj, name):
    raise ScriptError(Message(N_("waktu sekarang hanya lewat now() (jam mesin alur kerja)")))


_INT_METHODS = {
    "bit_length": True, "bit_count": True, "conjugate": True, "real": True, "imag": True,
    "numerator": True, "denominator": True, "as_integer_ratio": True, "is_integer": True,
    "to_bytes": _m_int_to_bytes,
}
_FLOAT_METHODS = {"is_integer": True, "as_integer_ratio": True, "hex": True, "conjugate": True,
                  "real": True, "imag": True}
_LIST_METHODS = {
    "append": _m_grow1, "insert": _m_grow1, "extend": _m_extend, "pop": _m_search, "remove": _m_search,
    "index": _m_search, "count": _m_search, "clear": _m_mutator, "reverse": _m_mutator,
    "copy": _m_copy, "sort": _m_sort,
}
_DICT_METHODS = {
    "get": _m_search, "keys": True, "values": True, "items": True, "pop": _m_search, "popitem": _m_search,
    "setdefault": _m_grow1, "update": _m_extend, "copy": _m_copy, "clear": _m_mutator,
    "fromkeys": _m_fromkeys,
}
_FROZENSET_METHODS = {
    "copy": _m_copy, "difference": _m_new_set, "intersection": _m_new_set, "union": _m_new_set,
    "symmetric_difference": _m_new_set, "isdisjoint": _m_new_set, "issubset": _m_new_set,
    "issuperset": _m_new_set,
}
_SET_METHODS = {
    **_FROZENSET_METHODS, "add": _m_grow1, "discard": _m_search, "remove": _m_search, "pop": _m_search,
    "clear": _m_mutator, "update": _m_extend, "difference_update": _m_extend,
    "intersection_update": _m_extend, "symmetric_difference_update": _m_extend,
}
_TIMEDELTA_METHODS = {"days": True, "seconds": True, "microseconds": True, "total_seconds": True}

_ATTRIBUTES = {
    str: STR_METHODS, bytes: BYTES_METHODS, int: _INT_METHODS, bool: _INT_METHODS,
    float: _FLOAT_METHODS, complex: {"real": True, "imag": True, "conjugate": True},
    list: _LIST_METHODS, tuple: {"index": _m_search, "count": _m_search}, dict: _DICT_METHODS,
    set: _SET_METHODS, frozenset: _FROZENSET_METHODS, datetime: DATETIME_METHODS, date: DATE_METHODS,
    dtime: TIME_METHODS, timedelta: _TIMEDELTA_METHODS, range: {"start": True, "stop": True, "step": True,
                                                                 "count": True, "index": True},
    slice: {"start": True, "stop": True, "step": True},
    timezone: {"utcoffset": True, "tzname": True},
}
_CLASS_ATTRIBUTES = {
    datetime: {"fromisoformat": True, "combine": True, "min": True, "max": True, "now": _m_now,
               "today": _m_now, "utcnow": _m_now},
    date: {"fromisoformat": True, "min": True, "max": True, "today": _m_now},
    timedelta: {"min": True, "max": True},
}
_EXCEPTION_ATTRIBUTES = {"args": True}
_BUILTIN_MODULES = frozenset({"builtins", "datetime"})


def getattr_(obj, name, default=MISSING):
    """`_getattr_`: attributes of built-in values by the table above; of app objects as RestrictedPython allows."""
    table = _ATTRIBUTES.get(type(obj))
    if table is None:
        table = _table_for(obj)
        if table is None:
            return safer_getattr(obj, name) if default is MISSING else safer_getattr(obj, name, default)
    entry = table.get(name) if type(name) is str else None
    if entry is None:
        raise refused(f"atribut '{str(name)[:40]}' pada {type(obj).__name__}")
    if entry is True:
        return getattr(obj, name)
    return entry(obj, name)


def _table_for(obj):
    if isinstance(obj, type):
        return _CLASS_ATTRIBUTES.get(obj, {})
    if isinstance(obj, BaseException):
        return _EXCEPTION_ATTRIBUTES
    for base, table in _ATTRIBUTES.items():
        if isinstance(obj, base):   # a subclass of a built-in value (an app's str subclass, say)
            return table
    if type(obj).__module__ in _BUILTIN_MODULES or isinstance(obj, GeneratorType):
        return {}                   # functions, iterators, views…: no attributes
    return None


