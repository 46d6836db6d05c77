"""Guards for building text: str()/repr(), format specs, `%` formatting, f-strings and the methods
of str and bytes (and the strftime of dates).

The result size of these depends on their arguments, not on the size of the text they start
from (`f'{1:>100000000}'`, `'%100000000d' % 1`, `'x'.rjust(10**8)`, `s.replace('a', s)`,
`''.join(...)`): each guard works out the size it would build from the widths, precisions,
counts and lengths involved and refuses one over `Limits.max_str` *before* building it; the
size built is charged to the run. Methods whose result is at most a few times the text's size
are free on short texts and charged on long ones (`_m_proportional`). `str.format` runs through
a Formatter whose fields reach attributes and items only through the sandbox's own guards.
"""
from __future__ import annotations

import _string  # the field-name parser str.format uses
import builtins
import re
import string
from datetime import date, datetime, time as dtime

from .budget import (
    FLAT_TYPES, SMALL, WALKED, Run, _local, active, check_len, consume, refused, too_long, too_many, weight,
)


def to_str(value, run: Run | None = None) -> str:
    """str(value), refusing (before building it) a text over `max_str` characters."""
    t = type(value)
    if t is str:
        return value
    if t in FLAT_TYPES:
        return builtins.str(value)
    run = run or active()
    if t in WALKED or isinstance(value, BaseException):   # (an exception's str() shows its args)
        shown = value.args if isinstance(value, BaseException) else value
        if weight(shown, run, run.limits.max_str) > run.limits.max_str:
            raise too_long("str()", run.limits.max_str)
    return check_len("str()", builtins.str(value), run)


def to_repr(value, run: Run | None = None) -> str:
    """repr(value), bounded like `to_str`."""
    t = type(value)
    if t in FLAT_TYPES:
        return builtins.repr(value)
    run = run or active()
    if (t in WALKED or t is str or t is bytes) and weight(value, run, run.limits.max_str) > run.limits.max_str:
        raise too_long("repr()", run.limits.max_str)
    return check_len("repr()", builtins.repr(value), run)


# -- formatting -----------------------------------------------------------------------------
_SPEC = re.compile(r"(?:(?P<fill>.)?(?P<align>[<>=^]))?(?P<sign>[-+ ])?z?#?0?(?P<width>\d+)?[,_]?"
                   r"(?:\.(?P<precision>\d+))?(?P<type>[bcdeEfFgGnosxX%])?", re.S)
_STRFTIME_WIDTH = re.compile(r"%[-_0^#]*\d")
_FORMATTED = (str, int, float, bool, complex)
_DATES = (datetime, date, dtime)
MAX_SPEC = 200


def _spec_number(text: str | None, run: Run, operation: str) -> int:
    if not text:
        return 0
    if len(text) > 9 or int(text) > run.limits.max_str:
        raise too_long(operation, run.limits.max_str)
    return int(text)


def format_value(value, conversion=-1, spec=None) -> str:
    """`_fmt_`: one f-string field, format(), and str.format's fields, with widths and precisions checked first."""
    run = active()
    if conversion == 115:
        value = to_str(value, run)
    elif conversion == 114:
        value = to_repr(value, run)
    elif conversion == 97:
        value = check_len("ascii()", to_repr(value, run).encode("ascii", "backslashreplace").decode("ascii"), run)
    if not spec:
        return to_str(value, run)
    if type(spec) is not str:
        raise TypeError("format spec must be a str")
    if len(spec) > MAX_SPEC:
        raise too_long("format", MAX_SPEC)
    if isinstance(value, _DATES):
        if _STRFTIME_WIDTH.search(spec):
            raise refused("lebar pada format tanggal")
        return check_len("format", builtins.format(value, spec), run)
    if not isinstance(value, _FORMATTED):
        raise refused(f"format '{spec[:20]}' untuk {type(value).__name__}")
    match = _SPEC.fullmatch(spec)
    if match is None:
        raise ValueError(f"format tidak valid: {spec[:40]!r}")
    width = _spec_number(match["width"], run, "format")
    precision = _spec_number(match["precision"], run, "format")
    run.chars(max(width, precision))
    return check_len("format", builtins.format(value, spec), run)


def fstring(value: str) -> str:
    """`_fstr_`: the whole f-string, whose fields were each checked, stays within `max_str`."""
    run = _local.run or active()
    if len(value) >= SMALL:
        check_len("f-string", value, run)
    return value


_PERCENT = re.compile(r"%(?:\((?P<key>[^)]*)\))?(?P<flags>[-#0 +]*)(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d+))?"
                      r"[hlL]?(?P<conv>.?)", re.S)


def percent_format(template, args, run: Run):
    """`template % args`, with the size of the result estimated from the conversions first."""
    text = template.decode("latin-1") if type(template) is bytes else template
    run.chars(len(text))
    positional = list(args) if type(args) is tuple else [args]
    index, total, limit = 0, len(text), run.limits.max_str

    def next_arg():
        nonlocal index
        value = positional[index] if index < len(positional) else None
        index += 1
        return value

    for match in _PERCENT.finditer(text):
        conv = match["conv"]
        if conv == "%":
            continue
        sizes = []
        for group in ("width", "precision"):
            spec = match[group]
            if spec == "*":
                star = next_arg()
                sizes.append(abs(star) if type(star) is int and abs(star) <= limit else limit + 1)
            else:
                sizes.append(_spec_number(spec, run, "%"))
        if match["key"] is not None:
            try:
                value = args[match["key"]]
            except Exception:  # Python reports the missing key itself, below
                value = None
        else:
            value = next_arg()
        if conv in "sra":
            own = weight(value, run, limit) * (1 if conv == "s" else 4)
        elif type(value) is int:
            own = value.bit_length() // 3 + 2 + sizes[1]
        else:   # a float: up to 309 digits before the point, `precision` after it
            own = 330 + sizes[1]
        total += max(sizes[0], own)
        if total > limit:
            raise too_long("%", limit)
    return check_len("%", template % args, run)


# -- methods ------------------------------------------------------------------------------
# Every attribute of the built-in values a script can hold is listed here: True means harmless
# (bounded work, result no bigger than a small multiple of the object), a function means guarded
# (called with the object and the name, it returns what the script gets). Anything else is refused.
_ENCODINGS = frozenset({"utf-8", "utf8", "ascii", "latin-1", "latin1", "iso-8859-1", "utf-16", "cp1252"})
_ERRORS = frozenset({"strict", "ignore", "replace"})


def _codec(encoding: str, errors: str) -> None:
    if str(encoding).lower().replace("_", "-") not in _ENCODINGS or errors not in _ERRORS:
        raise refused(f"encoding {str(encoding)[:20]!r}/{str(errors)[:20]!r}")


def decode(data, encoding="utf-8", errors="strict"):
    _codec(encoding, errors)
    return check_len("decode", builtins.str(data, encoding, errors), active())


def _m_encode(obj, _name):
    def encode(encoding="utf-8", errors="strict"):
        _codec(encoding, errors)
        return check_len("encode", obj.encode(encoding, errors), active())
    return encode


def _m_decode(obj, _name):
    def decode(encoding="utf-8", errors="strict"):
        _codec(encoding, errors)
        return check_len("decode", obj.decode(encoding, errors), active())
    return decode


def _m_proportional(obj, name):
    """Result no bigger than a few times the object: free for small objects, charged for big ones."""
    method = getattr(obj, name)
    if len(obj) < SMALL:
        return method

    def call(*args, **kwargs):
        run = active()
        run.chars(len(obj))
        return check_len(f"{type(obj).__name__}.{name}", method(*args, **kwargs), run)
    return call


def _m_pad(obj, name):
    method = getattr(obj, name)

    def pad(width, *args):
        run = active()
        if type(width) is int and width > run.limits.max_str:
            raise too_long(f"{type(obj).__name__}.{name}", run.limits.max_str)
        run.chars(max(width, len(obj)) if type(width) is int else len(obj))
        return method(width, *args)
    return pad


def _m_expandtabs(obj, name):
    def expandtabs(tabsize=8):
        run = active()
        tab = "\t" if type(obj) is str else b"\t"
        size = len(obj) + obj.count(tab) * max(tabsize, 0) if type(tabsize) is int else len(obj)
        if size > run.limits.max_str:
            raise too_long(f"{type(obj).__name__}.expandtabs", run.limits.max_str)
        run.chars(size)
        return obj.expandtabs(tabsize)
    return expandtabs


def _m_replace(obj, name):
    def replace(old, new, count=-1):
        run = active()
        if type(old) is type(obj) and type(new) is type(obj) and type(count) is int and len(new) > len(old):
            hits = len(obj) + 1 if not old else obj.count(old)
            if count >= 0:
                hits = min(hits, count)
            size = len(obj) + hits * (len(new) - len(old))
            if size > run.limits.max_str:
                raise too_long(f"{type(obj).__name__}.replace", run.limits.max_str)
            run.chars(size)
        return obj.replace(old, new, count)
    return replace


def _m_join(obj, name):
    def join(iterable):
        run = active()
        items = consume(iterable, run, f"{type(obj).__name__}.join")
        limit = run.limits.max_str
        size = len(obj) * max(len(items) - 1, 0)
        if size > limit:
            raise too_long(f"{type(obj).__name__}.join", limit)
        for item in items:
            if type(item) is str or type(item) is bytes:
                size += len(item)
                if size > limit:
                    raise too_long(f"{type(obj).__name__}.join", limit)
        run.chars(size)
        return obj.join(items)
    return join


def _m_split(obj, name):
    method = getattr(obj, name)

    def split(*args, **kwargs):
        run = active()
        run.chars(len(obj))
        result = method(*args, **kwargs)
        if len(result) > run.limits.max_items:
            raise too_many(f"{type(obj).__name__}.{name}", run.limits.max_items)
        run.charge(len(result))
        return result
    return split


class _Formatter(string.Formatter):
    """str.format through the guards: fields reach attributes/items only as script code could,
    and each field is formatted by `format_value` (widths checked, size charged)."""

    def get_field(self, field_name, args, kwargs):
        from .attributes import getattr_   # (they import this module)
        from .operators import getitem

        first, rest = _string.formatter_field_name_split(field_name)
        obj = self.get_value(first, args, kwargs)
        for is_attr, key in rest:
            obj = getattr_(obj, key) if is_attr else getitem(obj, key)
        return obj, first

    def convert_field(self, value, conversion):
        if conversion is None:
            return value
        if conversion in "sra":
            return format_value(value, ord(conversion))
        raise ValueError(f"Unknown conversion specifier {conversion[:10]}")

    def format_field(self, value, format_spec):
        active().charge(1)
        return format_value(value, -1, format_spec)


_FORMATTER = _Formatter()


def _m_format(obj, name):
    def format(*args, **kwargs):
        run = active()
        run.chars(len(obj))
        return check_len("str.format", _FORMATTER.vformat(obj, args, kwargs), run)

    def format_map(mapping):
        run = active()
        run.chars(len(obj))
        return check_len("str.format_map", _FORMATTER.vformat(obj, (), mapping), run)
    return format if name == "format" else format_map


def _m_strftime(obj, name):
    def strftime(fmt):
        if type(fmt) is not str or len(fmt) > MAX_SPEC or _STRFTIME_WIDTH.search(fmt):
            raise refused("format strftime ini")
        return obj.strftime(fmt)
    return strftime


_TEXT_COMMON = {   # searching and testing are O(len) too: free on short texts, charged on long ones
    "count": _m_proportional, "endswith": _m_proportional, "find": _m_proportional, "index": _m_proportional,
    "isalnum": _m_proportional, "isalpha": _m_proportional, "isascii": True, "isdigit": _m_proportional,
    "islower": _m_proportional, "isspace": _m_proportional, "istitle": _m_proportional,
    "isupper": _m_proportional, "rfind": _m_proportional, "rindex": _m_proportional,
    "startswith": _m_proportional, "capitalize": _m_proportional, "lower": _m_proportional, "upper": _m_proportional,
    "swapcase": _m_proportional, "title": _m_proportional, "strip": _m_proportional,
    "lstrip": _m_proportional, "rstrip": _m_proportional, "removeprefix": _m_proportional,
    "removesuffix": _m_proportional, "partition": _m_proportional, "rpartition": _m_proportional,
    "center": _m_pad, "ljust": _m_pad, "rjust": _m_pad, "zfill": _m_pad,
    "expandtabs": _m_expandtabs, "replace": _m_replace, "join": _m_join,
    "split": _m_split, "rsplit": _m_split, "splitlines": _m_split,
}
STR_METHODS = {
    **_TEXT_COMMON, "isdecimal": _m_proportional, "isidentifier": _m_proportional,
    "isnumeric": _m_proportional, "isprintable": _m_proportional,
    "casefold": _m_proportional, "encode": _m_encode, "format": _m_format, "format_map": _m_format,
}
BYTES_METHODS = {**_TEXT_COMMON, "decode": _m_decode, "hex": _m_proportional}

DATE_METHODS = {
    "year": True, "month": True, "day": True, "isoformat": True, "replace": True, "weekday": True,
    "isoweekday": True, "isocalendar": True, "toordinal": True, "strftime": _m_strftime,
}
DATETIME_METHODS = {
    **DATE_METHODS, "hour": True, "minute": True, "second": True, "microsecond": True, "tzinfo": True,
    "fold": True, "date": True, "time": True, "timetz": True, "timestamp": True, "astimezone": True,
    "utcoffset": True, "tzname": True,
}
TIME_METHODS = {"hour": True, "minute": True, "second": True, "microsecond": True, "tzinfo": True,
                "isoformat": True, "replace": True, "strftime": _m_strftime}
