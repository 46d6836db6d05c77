"""RestrictedPython sandbox for scripts, conditions and expressions: safe builtins plus app helpers only."""
from __future__ import annotations

import ast
import builtins
import operator
import sys
import time
from functools import lru_cache
from types import CodeType, ModuleType
from typing import Any, Callable, Mapping

from RestrictedPython import RestrictingNodeTransformer, compile_restricted_eval, compile_restricted_exec
from RestrictedPython.Guards import (
    full_write_guard, guarded_iter_unpack_sequence, guarded_unpack_sequence, safer_getattr,
)

from .errors import ScriptError

_SAFE_BUILTIN_NAMES = (
    "abs all any bool chr dict divmod enumerate filter float frozenset int isinstance len list "
    "map max min ord range repr reversed round set slice sorted str sum tuple zip "
    "True False None ArithmeticError Exception IndexError KeyError LookupError TypeError "
    "ValueError ZeroDivisionError"
).split()
MAX_RANGE = 100_000
MAX_SEQUENCE = 100_000      # items (or characters) a `*` may build
MAX_POWER_BITS = 10_000     # size of an integer a `**` may build
MAX_STEPS = 200_000
MAX_SECONDS = 2.0
_SANDBOX_FILES = frozenset({"<script>", "<expression>"})


def _limited_range(*args: int) -> range:
    """range() with a length cap, so a model script cannot spin through billions of items in C."""
    result = range(*args)
    if len(result) > MAX_RANGE:
        raise ScriptError(f"range terlalu besar (maksimal {MAX_RANGE} elemen)")
    return result


def _guarded_mul(left: Any, right: Any) -> Any:
    """`a * b`, refusing to build a huge string or list (`'x' * 10**10` would exhaust memory)."""
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, (str, bytes, list, tuple)) and isinstance(times, int) \
                and len(seq) * max(times, 0) > MAX_SEQUENCE:
            raise ScriptError(f"hasil perkalian terlalu besar (maksimal {MAX_SEQUENCE} elemen)")
    return left * right


def _guarded_pow(base: Any, exponent: Any) -> Any:
    """`a ** b`, refusing integers too large to compute in reasonable time and memory."""
    if isinstance(base, int) and isinstance(exponent, int) and abs(base) > 1 and exponent > 0 \
            and exponent * max(abs(base).bit_length(), 1) > MAX_POWER_BITS:
        raise ScriptError("hasil pangkat terlalu besar")
    return base ** exponent


class _SizeGuardingTransformer(RestrictingNodeTransformer):
    """RestrictedPython's rules, plus `*` and `**` routed through size guards."""

    _GUARDS = {ast.Mult: "_mul_", ast.Pow: "_pow_"}

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        node = self.node_contents_visit(node)
        guard = self._GUARDS.get(type(node.op))
        if guard is None:
            return node
        call = ast.Call(func=ast.Name(id=guard, ctx=ast.Load()), args=[node.left, node.right], keywords=[])
        return ast.fix_missing_locations(ast.copy_location(call, node))


SAFE_BUILTINS = {name: getattr(builtins, name) for name in _SAFE_BUILTIN_NAMES}
SAFE_BUILTINS["range"] = _limited_range

_INPLACE_OPERATORS = {
    "+=": operator.iadd, "-=": operator.isub, "*=": lambda a, b: _guarded_mul(a, b), "/=": operator.itruediv,
    "//=": operator.ifloordiv, "%=": operator.imod, "**=": lambda a, b: _guarded_pow(a, b),
    "|=": operator.ior, "&=": operator.iand, "^=": operator.ixor,
}


def _inplacevar(op: str, target: Any, value: Any) -> Any:
    if op not in _INPLACE_OPERATORS:
        raise ScriptError(f"operator {op} tidak diizinkan")
    return _INPLACE_OPERATORS[op](target, value)


def _getitem(obj: Any, key: Any) -> Any:
    return obj[key]


def _guard_globals() -> dict[str, Any]:
    return {
        "__builtins__": SAFE_BUILTINS,
        "_getattr_": safer_getattr,
        "_getitem_": _getitem,
        "_getiter_": iter,
        "_write_": full_write_guard,
        "_inplacevar_": _inplacevar,
        "_mul_": _guarded_mul,
        "_pow_": _guarded_pow,
        "_iter_unpack_sequence_": guarded_iter_unpack_sequence,
        "_unpack_sequence_": guarded_unpack_sequence,
    }


@lru_cache(maxsize=2048)
def compile_expression(source: str) -> CodeType:
    """Compile an expression under the sandbox rules (cached); raise ScriptError with the reasons."""
    result = compile_restricted_eval(source.strip(), "<expression>", policy=_SizeGuardingTransformer)
    if result.errors or result.code is None:
        raise ScriptError("; ".join(result.errors) or "ekspresi tidak valid")
    return result.code


@lru_cache(maxsize=2048)
def compile_script(source: str) -> CodeType:
    """Compile a script under the sandbox rules (cached); raise ScriptError with the reasons."""
    try:
        tree = ast.parse(source, "<script>")
    except SyntaxError as exc:
        raise ScriptError(f"Line {exc.lineno}: {exc.msg}") from exc
    if any(isinstance(node, (ast.Import, ast.ImportFrom)) for node in ast.walk(tree)):
        raise ScriptError("import tidak diizinkan")
    result = compile_restricted_exec(source, "<script>", policy=_SizeGuardingTransformer)
    if result.errors or result.code is None:
        raise ScriptError("; ".join(result.errors) or "skrip tidak valid")
    return result.code


def _run_limited(run: Callable[[], Any]) -> Any:
    """Run sandboxed code under a step and time budget: an endless loop stops with ScriptError.

    Only frames of the sandboxed code are traced (not the app's helpers), so the cost is paid by
    scripts alone, which are a few lines each.
    """
    steps = 0
    deadline = time.perf_counter() + MAX_SECONDS

    def count(frame, event, arg):
        nonlocal steps
        steps += 1
        if steps > MAX_STEPS or (steps & 1023 == 0 and time.perf_counter() > deadline):
            raise ScriptError("skrip melebihi batas langkah atau waktu eksekusi")
        return count

    def dispatch(frame, event, arg):
        return count if frame.f_code.co_filename in _SANDBOX_FILES else None

    previous = sys.gettrace()
    sys.settrace(dispatch)
    try:
        return run()
    finally:
        sys.settrace(previous)


def _untraced(helper: Callable) -> Callable:
    """Run an app helper without the sandbox's tracer: the budget is for the script's own steps,
    and tracing every call inside a helper (database look-ups) would cost far more than it."""

    def call(*args, **kwargs):
        tracer = sys.gettrace()
        if tracer is None:
            return helper(*args, **kwargs)
        sys.settrace(None)
        try:
            return helper(*args, **kwargs)
        finally:
            sys.settrace(tracer)

    call.__name__ = getattr(helper, "__name__", "helper")
    call.__doc__ = getattr(helper, "__doc__", None)
    return call


def _untraced_all(helpers: Mapping[str, Any]) -> dict[str, Any]:
    return {name: _untraced(value) if callable(value) else value for name, value in helpers.items()}


def _is_data(key: str, value: Any) -> bool:
    return not key.startswith("_") and not callable(value) and not isinstance(value, ModuleType)


class Sandbox:
    """Evaluates expressions and runs scripts over task data with only the given helpers in scope."""

    def __init__(self, helpers: Mapping[str, Callable] | None = None):
        self.helpers = dict(helpers or {})
        bad = [name for name in self.helpers if name.startswith("_")]
        if bad:
            raise ValueError(f"helper names must not start with '_': {bad}")
        self._scope_helpers = _untraced_all(self.helpers)

    def _globals(self, data: Mapping[str, Any], extra: Mapping[str, Any] | None) -> dict[str, Any]:
        scope = _guard_globals()
        scope.update(self._scope_helpers)
        scope.update(_untraced_all(extra or {}))
        scope.update(data)
        return scope

    def evaluate(self, expression: str, data: Mapping[str, Any], extra: Mapping[str, Any] | None = None) -> Any:
        """Return the value of `expression` over `data` (a mapping of variables)."""
        code = compile_expression(expression)
        scope = self._globals(data, extra)
        return _run_limited(lambda: eval(code, scope))  # noqa: S307 - restricted bytecode

    def execute(self, script: str, data: dict[str, Any], extra: Mapping[str, Any] | None = None) -> None:
        """Run `script` with `data` as its variables; assignments and deletions are written back to `data`."""
        code = compile_script(script)
        scope = self._globals(data, extra)
        _run_limited(lambda: exec(code, scope))  # noqa: S102 - restricted bytecode
        base = {**self.helpers, **(extra or {})}
        result = {k: v for k, v in scope.items()
                  if _is_data(k, v) and not (k in base and base[k] is v)}
        data.clear()
        data.update(result)


def compile_problem(source: str, mode: str = "eval") -> str | None:
    """Return why `source` does not compile under the sandbox, or None when it does."""
    try:
        (compile_expression if mode == "eval" else compile_script)(source)
    except ScriptError as exc:
        return str(exc)
    return None
