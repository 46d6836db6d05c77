"""SpiffWorkflow script engine backed by the sandbox, carrying the engine's injectable clock."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Callable, Mapping

from SpiffWorkflow.bpmn.script_engine import BasePythonScriptEngineEnvironment, PythonScriptEngine

from .sandbox import DEFAULT_LIMITS, Limits, Sandbox, compile_expression

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The real clock: an aware UTC datetime."""
    return datetime.now(timezone.utc)


class SandboxEnvironment(BasePythonScriptEngineEnvironment):
    """Spiff environment that evaluates and executes through `Sandbox` instead of eval/exec."""

    def __init__(self, sandbox: Sandbox):
        super().__init__({})
        self.sandbox = sandbox

    def evaluate(self, expression: str, context: dict, external_context: Mapping | None = None) -> Any:
        return self.sandbox.evaluate(expression, context, external_context)

    def execute(self, script: str, context: dict, external_context: Mapping | None = None) -> bool:
        self.sandbox.execute(script, context, external_context)
        return True

    def call_service(self, context, **kwargs):
        raise NotImplementedError("service tasks are not supported by this engine")


class SandboxScriptEngine(PythonScriptEngine):
    """Script engine for scripts, conditions and timer expressions; `clock()` is the engine's time,
    `limits` the sandbox's bounds (steps, seconds, sizes, data a script may store)."""

    def __init__(self, helpers: Mapping[str, Callable] | None = None, clock: Clock = utc_now,
                 limits: Limits = DEFAULT_LIMITS):
        self.clock = clock
        merged = {"now": lambda: self.clock(), **(helpers or {})}
        super().__init__(environment=SandboxEnvironment(Sandbox(merged, limits)))

    @property
    def sandbox(self) -> Sandbox:
        return self.environment.sandbox

    def validate(self, expression: str) -> None:
        compile_expression(expression)
