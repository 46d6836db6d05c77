"""Domain exceptions raised by the engine layer."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a process model: where (file path, optional #element) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class WorkflowError(Exception):
    """Base class of the engine's domain errors."""


class UnsafeXml(WorkflowError):
    """The XML was refused (DTD, entities, too large or malformed)."""


class ModelInvalid(WorkflowError):
    """A process model package failed validation; `problems` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems) or "model tidak valid")


class ModelNotFound(WorkflowError):
    """No deployed process model (or version) with that id."""


class InstanceNotFound(WorkflowError):
    """No process instance with that id."""


class WorkItemNotFound(WorkflowError):
    """No work item with that id."""


class FormInvalid(WorkflowError):
    """Submitted form data failed validation; `errors` is a list of {"field", "message"}."""

    def __init__(self, errors: list[dict]):
        self.errors = list(errors)
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in self.errors))


class TaskConflict(WorkflowError):
    """The task is no longer ready (already completed, cancelled, or the instance changed meanwhile).

    When raised after a flush the session must be rolled back by the caller.
    """


class InstanceNotRunning(WorkflowError):
    """The operation needs a running instance."""


class ScriptError(WorkflowError):
    """A sandboxed script or expression failed to compile or run."""
