"""Guards for operators, subscripts, item assignment and unpacking.

`+ - * % ** <<` are compiled into calls of these functions (`_add_`, `_mul_`…, augmented
assignment through `_inplacevar_`): texts and containers they would build over `Limits.max_str`
characters or `Limits.max_items` elements, and integers over `Limits.max_int_bits`, are refused
before they are built (`s = s + s` doubling, `1 << 800000000`, `x = x * x` squaring), and what
they build is charged. Small ints, floats and short texts take a fast path. Subscripts charge
for the slices they copy and for hashing tuple keys; item and slice assignment go through
`_write_`, which notes the container as changed (and refuses in expressions, which may not
change data) and caps slice growth; `*x`/`**x` are charged for what they unpack.
"""
from __future__ import annotations

import math
import operator

from RestrictedPython.Guards import full_write_guard

from ..errors import ScriptError
from ..messages import Message, N_
from .budget import (
    SIZED, SMALL, SMALL_INT, Run, active, charging, check_int, check_len, consume, element_costs, refused, too_big_int,
    too_long, too_many, weight,
)
from .text import percent_format

_LIMITED_SEQUENCES = (str, bytes, list, tuple)


def add(left, right):
    """`_add_`: `+` (and sum of lists/strings), refusing texts, containers and integers over the caps."""
    tl = type(left)
    if tl is int and type(right) is int:
        result = left + right
        if -SMALL_INT < result < SMALL_INT:
            return result
        return check_int("+", result, active())
    if tl is float or tl is str and type(right) is str and len(left) + len(right) < SMALL:
        return left + right
    if tl in _LIMITED_SEQUENCES and type(right) is tl:
        run = active()
        size = len(left) + len(right)
        if tl is str or tl is bytes:
            if size > run.limits.max_str:
                raise too_long("+", run.limits.max_str)
            run.chars(size)
        else:
            if size > run.limits.max_items:
                raise too_many("+", run.limits.max_items)
            run.charge(size >> 4)
        return left + right
    result = left + right
    tr = type(result)
    if tr is int:
        return check_int("+", result, active())
    if isinstance(result, _LIMITED_SEQUENCES):   # subclasses of str/list… (an app's Message, say)
        return check_len("+", result, active())
    return result


def sub(left, right):
    """`_sub_`: `-`, refusing integers over the cap (a - b can grow by a bit per step)."""
    result = left - right
    if type(result) is int and not -SMALL_INT < result < SMALL_INT:
        return check_int("-", result, active())
    return result


def mul(left, right):
    """`_mul_`: `*`, refusing a huge text/list (`'x' * 10**10`) or integer (repeated squaring)."""
    tl, tr = type(left), type(right)
    if tl is float or tr is float:
        return left * right
    if tl is int and tr is int:
        if -SMALL_INT < left < SMALL_INT and -SMALL_INT < right < SMALL_INT:
            return left * right
        run = active()
        if left.bit_length() + right.bit_length() > run.limits.max_int_bits + 1:
            raise too_big_int("*", run.limits.max_int_bits)
        return left * right
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, _LIMITED_SEQUENCES) and isinstance(times, int):
            run = active()
            size = len(seq) * max(times, 0)
            if isinstance(seq, (str, bytes)):
                if size > run.limits.max_str:
                    raise too_long("*", run.limits.max_str)
                run.chars(size)
            else:
                if size > run.limits.max_items:
                    raise too_many("*", run.limits.max_items)
                run.charge(size >> 4)
            return left * right
    return left * right


def power(base, exponent):
    """`_pow_`: `**`, refusing integers too large to compute in reasonable time and memory."""
    if type(base) in (int, bool) and type(exponent) in (int, bool) and abs(base) > 1 and exponent > 0:
        limit = active().limits.max_int_bits
        if exponent > limit or exponent * math.log2(abs(base)) > limit:
            raise too_big_int("**", limit)
    return base ** exponent


def lshift(value, count):
    """`_lshift_`: `<<` is multiplication by a power of two; `1 << 800000000` is refused."""
    if type(value) is int and type(count) is int and value and count > 0:
        limit = active().limits.max_int_bits
        if value.bit_length() + count > limit:
            raise too_big_int("<<", limit)
    return value << count


def mod(left, right):
    """`_mod_`: `%`, which on str/bytes is printf-style formatting with widths and precisions."""
    if isinstance(left, (str, bytes)):
        return percent_format(left, right, active())
    return left % right


def _inplace_add(target, value):
    if type(target) is list:
        run = active()
        items = consume(value, run, "+=")
        if len(target) + len(items) > run.limits.max_items:
            raise too_many("+=", run.limits.max_items)
        run.touch(target)
        target += items
        return target
    return add(target, value)


def _inplace_mul(target, value):
    if type(target) is list:
        active().touch(target)
    return mul(target, value)


def _inplace_set_op(op):
    def guarded(target, value):
        if type(target) in (set, dict):
            run = active()
            if isinstance(value, (set, frozenset, dict)):
                run.charge(len(value))
            else:   # `d |= pairs`
                value = consume(value, run, op.__name__)
            element_costs(list(value), run)
            run.touch(target)
            result = op(target, value)
            if len(result) > run.limits.max_items:
                raise too_many(f"{op.__name__}", run.limits.max_items)
            return result
        return op(target, value)

    return guarded


INPLACE_OPERATORS = {
    "+=": _inplace_add, "-=": sub, "*=": _inplace_mul, "/=": operator.itruediv,
    "//=": operator.ifloordiv, "%=": mod, "**=": power, "<<=": lshift, ">>=": operator.irshift,
    "|=": _inplace_set_op(operator.ior), "&=": _inplace_set_op(operator.iand),
    "^=": _inplace_set_op(operator.ixor),
}


def inplacevar(op: str, target, value):
    """`_inplacevar_`: `x op= y` for names, through the same guards as the binary operators."""
    guard = INPLACE_OPERATORS.get(op)
    if guard is None:
        raise refused(f"operator {op}")
    return guard(target, value)


def getitem(obj, key):
    """`_getitem_`: subscripts; slices are charged for what they copy, tuple keys for hashing."""
    tk = type(key)
    if tk is int or tk is str:
        return obj[key]
    if tk is slice:
        result = obj[key]
        tr = type(result)
        if tr is str or tr is bytes:
            if len(result) >= SMALL:
                active().chars(len(result))
        elif tr is list or tr is tuple:
            active().charge(len(result) >> 4)
        return result
    if tk is tuple:
        weight(key, active())
    return obj[key]


class _ListWriter:
    """What `_write_(a_list)` returns: item and slice assignment, with slice growth capped."""

    __slots__ = ("_list", "_run")

    def __init__(self, target: list, run: Run):
        self._list, self._run = target, run

    def __setitem__(self, key, value):
        if type(key) is slice:
            run = self._run
            value = consume(value, run, "slice")
            replaced = len(range(*key.indices(len(self._list))))
            if len(self._list) - replaced + len(value) > run.limits.max_items:
                raise too_many("slice", run.limits.max_items)
        self._list[key] = value

    def __delitem__(self, key):
        del self._list[key]


def write(obj):
    """`_write_`: the target of an item/attribute assignment or deletion."""
    run = active()
    t = type(obj)
    if t is list:
        run.touch(obj)
        return _ListWriter(obj, run)
    if t is dict:
        run.touch(obj)
        if len(obj) >= run.limits.max_items:
            raise too_many("dict", run.limits.max_items)
        return obj
    if run.pure:
        raise ScriptError(Message(N_("ekspresi tidak boleh mengubah data")))
    return full_write_guard(obj)


def star(value):
    """`_star_`: the operand of `*x` in a display or call is charged for what it unpacks."""
    run = active()
    if type(value) in SIZED:
        run.charge(len(value))
        return value
    return charging(iter(value), run)


def starhash(value) -> list:
    """`_starhash_`: the operand of `*x` in a set display: charged, and its tuples for hashing."""
    run = active()
    items = consume(value, run, "{*...}")
    element_costs(items, run)
    return items


def starstar(value):
    """`_starstar_`: the operand of `**x` is charged for what it unpacks."""
    active().charge(len(value))
    return value


def apply(function, *args, **kwargs):
    """`_apply_`: a call with `*args`/`**kwargs` (already charged by `_star_`)."""
    return function(*args, **kwargs)


