"""Parse BPMN into SpiffWorkflow specs and keep them cached in-process per content hash."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

from SpiffWorkflow.bpmn.specs.mixins.user_task import UserTask as UserTaskMixin
from SpiffWorkflow.spiff.parser import VALIDATOR, SpiffBpmnParser

from .messages import Message, N_
from .timers import TIMER_PARSER_OVERRIDES
from .xml import parse_xml


class EngineParser(SpiffBpmnParser):
    """SpiffBpmnParser whose timer events read the engine clock."""

    OVERRIDE_PARSER_CLASSES = {**SpiffBpmnParser.OVERRIDE_PARSER_CLASSES, **TIMER_PARSER_OVERRIDES}


@dataclass(frozen=True)
class ParsedSpec:
    """The executable process of one version: its spec, subprocess specs and user-task specs by id."""

    process_id: str
    spec: object
    subprocess_specs: dict
    user_tasks: dict = field(default_factory=dict)


class SpecError(Exception):
    """The BPMN could not be turned into an executable spec (message in Bahasa Indonesia)."""


def parse_bpmn(xml: bytes | str, process_id: str | None = None) -> ParsedSpec:
    """Parse (validating against the BPMN XSD) and build the spec of the executable process."""
    parser = EngineParser(validator=VALIDATOR)
    parser.add_bpmn_xml(parse_xml(xml), filename="process.bpmn")
    ids = parser.get_process_ids()
    if process_id is None:
        if len(ids) != 1:
            raise SpecError(Message(N_("harus ada tepat satu proses executable (isExecutable=\"true\") "
                                       "atau sebutkan 'process' di model.toml; ditemukan: %(ids)s"), ids=ids))
        process_id = ids[0]
    elif process_id not in ids:
        raise SpecError(Message(N_("proses executable '%(id)s' tidak ditemukan"), id=process_id))
    spec = parser.get_spec(process_id)
    subprocess_specs = parser.get_subprocess_specs(process_id)
    user_tasks = {}
    for wf_spec in [spec, *subprocess_specs.values()]:
        for task_spec in wf_spec.task_specs.values():
            if isinstance(task_spec, UserTaskMixin):
                user_tasks[task_spec.bpmn_id or task_spec.name] = task_spec
    return ParsedSpec(process_id, spec, subprocess_specs, user_tasks)


_cache: dict[str, ParsedSpec] = {}
_cache_lock = threading.Lock()


def cached_spec(content_hash: str, xml, process_id: str | None = None) -> ParsedSpec:
    """The parsed spec for a version's content, parsed once per process and shared.

    `xml` is the BPMN (bytes or str) or a callable giving it, called only on a cache miss (so a
    version's deferred `files` column is not loaded when the spec is already cached).
    """
    parsed = _cache.get(content_hash)
    if parsed is None:
        with _cache_lock:
            parsed = _cache.get(content_hash)
            if parsed is None:
                parsed = parse_bpmn(xml() if callable(xml) else xml, process_id)
                _cache[content_hash] = parsed
    return parsed
