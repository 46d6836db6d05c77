"""RestrictedPython sandbox for scripts, conditions and expressions: safe builtins plus app helpers only.

Three layers keep a model's code (written by whoever may deploy a process model) from harming
the server:

1. **Compile-time policy** (`policy._GuardingTransformer`, RestrictedPython's rules plus ours): no
   imports, no `class`, no underscore names; every operation that can do work proportional to
   its operands' size is rewritten into a call to a guard — `+ - * % ** <<`, comparisons
   (`_cv_`), f-string fields (`_fmt_`) and f-strings (`_fstr_`), `*x`/`**x` unpacking, hashed
   keys of displays (`_hk_`), subscripts, attribute access, item assignment and `print`. Bare
   `except:` becomes `except Exception:` and every `finally:` starts with `_alive_()`, so a
   stopped run cannot be resumed by the script.
2. **Run-time guards and one budget** (`budget`, `functions`, `operators`, `text`,
   `attributes`): built-ins iterate at Python level and charge one step per element,
   size-producing operations check the size first, and the tracer charges one step per line of
   script code; `Limits` holds the numbers. Arguments handed to app helpers are bounded too.
3. **Bounded outputs** (`data`): a script's variables must be storable JSON within
   `Limits.max_data_bytes`, expression values within the same size, and a script's exception
   becomes a `ScriptError` with a bounded message.

All errors are `ScriptError`s carrying translatable `Message`s.
"""
from __future__ import annotations

import sys
from types import CodeType, FunctionType, GeneratorType
from typing import Any, Callable, Mapping

from ..errors import ScriptError
from ..messages import Message, N_
from .budget import DEFAULT_LIMITS, FLAT_TYPES, SMALL, Limits, Run, Stop, current_run, enter, leave, weight
from .data import check_stored, describe, result_size_problem
from .functions import SAFE_BUILTINS, guard_globals
from .policy import _SANDBOX_FILES, compile_expression, compile_problem, compile_script

# The default bounds, by their old names (see `Limits` for all of them).
MAX_RANGE = DEFAULT_LIMITS.max_range
MAX_SEQUENCE = DEFAULT_LIMITS.max_items
MAX_POWER_BITS = DEFAULT_LIMITS.max_int_bits
MAX_STEPS = DEFAULT_LIMITS.steps
MAX_SECONDS = DEFAULT_LIMITS.seconds


def _run(code: CodeType, scope: dict, limits: Limits, pure: bool) -> tuple[Run, Any]:
    """Run sandboxed code under the budget; every failure leaves as a ScriptError with a bounded message.

    Only frames of the sandboxed code are traced (not the guards or the app's helpers), one step
    per line event; the guards charge the same budget for the work they do in C.
    """
    run = Run(limits, pure)

    def count(frame, event, arg):
        run.steps += 1
        if run.steps >= run.check_at:
            run.check()
        return count

    def dispatch(frame, event, arg):
        return count if frame.f_code.co_filename in _SANDBOX_FILES else None

    previous_run = enter(run)
    previous = sys.gettrace()
    failure = None
    sys.settrace(dispatch)
    try:
        result = eval(code, scope)  # noqa: S307 - restricted bytecode (eval of exec-mode code runs it)
    except Stop as stop:
        failure = stop.message
    except ScriptError:
        run.restore()
        raise
    except Exception as exc:  # the script's own error: told by type and a bounded message
        failure = describe(exc)
    finally:
        sys.settrace(previous)
        leave(previous_run)
    if failure is not None:   # raised here, so the script's exception is not kept as __context__
        run.restore()
        raise ScriptError(failure)
    return run, result


def _helper_arguments(args: tuple, kwargs: dict) -> None:
    """What a script hands an app helper is bounded: helpers run untraced, so a huge argument
    (a list holding one long text 100 000 times, which a helper may str()) or the script's own
    code (a generator or function the helper would run untraced) could do unbounded work there."""
    run = current_run()
    if run is None:
        return
    for value in (*args, *kwargs.values()):
        t = type(value)
        if t in FLAT_TYPES or (t is str and len(value) < SMALL):
            continue
        if isinstance(value, (GeneratorType, FunctionType)):
            raise ScriptError(Message(N_("fungsi atau generator skrip tidak boleh diberikan ke helper")))
        if weight(value, run, run.limits.max_data_bytes) > run.limits.max_data_bytes:
            raise ScriptError(Message(N_("argumen helper terlalu besar (maksimal %(limit)s byte)"),
                                      limit=run.limits.max_data_bytes))


def charge(steps: int = 1) -> None:
    """For app helpers: charge `steps` to the budget of the script run calling them.

    Helpers run untraced, so a loop inside one (counting working days between two dates a
    script chose) is invisible to the budget; calling `charge()` once per iteration makes it
    stop with the script's ScriptError when the budget or the time is spent. Outside a run
    (the app calling the helper itself) it does nothing.
    """
    run = current_run()
    if run is not None:
        run.charge(steps)


def _untraced(helper: Callable) -> Callable:
    """Run an app helper without the sandbox's tracer: the budget is for the script's own steps,
    and tracing every call inside a helper (database look-ups) would cost far more than it.
    The helper's arguments are bounded first (`_helper_arguments`); its own work is its own."""

    def call(*args, **kwargs):
        for value in args:   # numbers, dates, None: nothing to bound
            if type(value) not in FLAT_TYPES:
                _helper_arguments(args, kwargs)
                break
        else:
            if kwargs:
                _helper_arguments(args, kwargs)
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


def _script_function(value: Any) -> bool:
    """A function the script defined (`def`/`lambda`): code, not data, so it is not stored."""
    return type(value) is FunctionType and value.__code__.co_filename in _SANDBOX_FILES


class Sandbox:
    """Evaluates expressions and runs scripts over task data with only the given helpers in scope.

    `limits` bounds every run (steps, seconds, sizes, stored data); see `Limits`.
    """

    def __init__(self, helpers: Mapping[str, Callable] | None = None, limits: Limits = DEFAULT_LIMITS):
        self.helpers = dict(helpers or {})
        bad = [name for name in self.helpers if name.startswith("_")]
        if bad:
            raise ValueError(f"helper names must not start with '_': {bad}")
        self.limits = limits
        self._base = {**guard_globals(), **_untraced_all(self.helpers)}

    def _globals(self, data: Mapping[str, Any], extra: Mapping[str, Any] | None) -> tuple[dict, dict]:
        base = self._base
        if extra:
            base = {**base, **_untraced_all(extra)}
        scope = base.copy()
        scope.update(data)
        return scope, base

    def evaluate(self, expression: str, data: Mapping[str, Any], extra: Mapping[str, Any] | None = None) -> Any:
        """Return the value of `expression` over `data` (a mapping of variables); the data is not changed."""
        code = compile_expression(expression)
        scope, _ = self._globals(data, extra)
        _, result = _run(code, scope, self.limits, pure=True)
        problem = result_size_problem(result, self.limits)
        if problem is not None:
            raise ScriptError(problem)
        return result

    def execute(self, script: str, data: dict[str, Any], extra: Mapping[str, Any] | None = None) -> None:
        """Run `script` with `data` as its variables; assignments and deletions are written back to `data`.

        Nothing is written back when the variables the script set cannot be stored (ScriptError).
        """
        code = compile_script(script)
        scope, base = self._globals(data, extra)
        run, _ = _run(code, scope, self.limits, pure=False)
        result = {k: v for k, v in scope.items()
                  if not k.startswith("_") and not (k in base and base[k] is v) and not _script_function(v)}
        try:
            check_stored(data, result, run.dirty, self.limits)
        except ScriptError:
            run.restore()   # data the script changed in place goes back too: nothing is stored
            raise
        data.clear()
        data.update(result)


__all__ = ["Sandbox", "Limits", "DEFAULT_LIMITS", "SAFE_BUILTINS", "charge", "compile_expression", "compile_script",
           "compile_problem"]
