"""Timer event definitions that read the engine's injectable clock and accept helper results.

SpiffWorkflow's timers call `datetime.now()` directly; these subclasses ask the workflow's script
engine for the time instead, and accept `datetime`/`timedelta` values returned by app helpers
(e.g. working-day arithmetic) as well as ISO 8601 strings.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from SpiffWorkflow.bpmn.parser.util import full_tag
from SpiffWorkflow.bpmn.specs.defaults import BoundaryEvent, IntermediateCatchEvent, StartEvent
from SpiffWorkflow.bpmn.specs.event_definitions.timer import (
    CycleTimerEventDefinition, DurationTimerEventDefinition, TimeDateEventDefinition, TimerEventDefinition,
)
from SpiffWorkflow.spiff.parser.event_parsers import (
    SpiffBoundaryEventParser, SpiffIntermediateCatchEventParser, SpiffStartEventParser,
)


def _now(my_task) -> datetime:
    engine = my_task.workflow.script_engine
    clock = getattr(engine, "clock", None)
    return clock() if clock else datetime.now(timezone.utc)


def _iso_instant(value) -> str:
    """Normalise a timer date value to an ISO string; naive datetimes are taken as UTC."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc).isoformat()
    return str(value)


def timer_due_at(event_value) -> datetime | None:
    """The instant a waiting timer fires, from the value stored in the task's internal data."""
    if event_value is None:
        return None
    if isinstance(event_value, dict):
        return datetime.fromisoformat(event_value["next"]) if event_value.get("cycles") else None
    return TimerEventDefinition.parse_time_or_duration(event_value)


class ClockedTimeDate(TimeDateEventDefinition):
    """timeDate: the expression yields an instant (datetime or ISO string)."""

    def has_fired(self, my_task):
        event_value = my_task._get_internal_data("event_value")
        if event_value is None:
            event_value = _iso_instant(my_task.workflow.script_engine.evaluate(my_task, self.expression))
            my_task._set_internal_data(event_value=event_value)
        if TimerEventDefinition.parse_time_or_duration(event_value) <= _now(my_task):
            my_task._set_internal_data(event_fired=True)
        return my_task._get_internal_data("event_fired", False)


class ClockedDuration(DurationTimerEventDefinition):
    """timeDuration: the expression yields an ISO duration ("P3D") or a timedelta."""

    def has_fired(self, my_task):
        event_value = my_task._get_internal_data("event_value")
        now = _now(my_task)
        if event_value is None:
            value = my_task.workflow.script_engine.evaluate(my_task, self.expression)
            if not isinstance(value, timedelta):
                parsed = TimerEventDefinition.parse_iso_duration(value)
                value = TimerEventDefinition.get_timedelta_from_start(parsed, now)
            event_value = (now + value).isoformat()
            my_task._set_internal_data(event_value=event_value)
        if TimerEventDefinition.get_datetime(event_value) <= now:
            my_task._set_internal_data(event_fired=True)
        return my_task._get_internal_data("event_fired", False)


class ClockedCycle(CycleTimerEventDefinition):
    """timeCycle: an ISO repeating interval ("R3/P1D" or "R/2024-01-01T08:00:00+00:00/P1D")."""

    def cycle_complete(self, my_task):
        event_value = my_task._get_internal_data("event_value")
        now = _now(my_task)
        if event_value is None:
            expression = my_task.workflow.script_engine.evaluate(my_task, self.expression)
            cycles, start, duration = self._parse_cycle(expression, now)
            event_value = {"cycles": cycles, "next": start.isoformat(), "duration": duration.total_seconds()}
        ready = False
        if event_value["cycles"] != 0:
            next_event = datetime.fromisoformat(event_value["next"])
            if next_event <= now:
                event_value["next"] = (next_event + timedelta(seconds=event_value["duration"])).isoformat()
                event_value["cycles"] -= 1
                ready = True
        else:
            my_task.internal_data.pop("event_value", None)
            my_task.internal_data["event_fired"] = True
        my_task._set_internal_data(event_value=event_value)
        return ready

    @staticmethod
    def _parse_cycle(expression: str, now: datetime):
        parts = expression.upper().replace("--", "/").strip("R").split("/")
        if len(parts) == 2 and parts[1].startswith("P"):
            cycles = int(parts[0]) if parts[0] else -1
            duration = TimerEventDefinition.get_timedelta_from_start(
                TimerEventDefinition.parse_iso_duration(parts[1]), now)
            return cycles, now + duration, duration
        return TimerEventDefinition.parse_iso_recurring_interval(expression)


_CLOCKED = {TimeDateEventDefinition: ClockedTimeDate, DurationTimerEventDefinition: ClockedDuration,
            CycleTimerEventDefinition: ClockedCycle}


class _ClockedTimerParsing:
    def parse_timer_event(self, event):
        definition = super().parse_timer_event(event)
        clocked = _CLOCKED.get(type(definition))
        if clocked is None:
            return definition
        return clocked(definition.name, definition.expression, description=definition.description)


class StartEventParser(_ClockedTimerParsing, SpiffStartEventParser):
    """Start events with clocked timers."""


class BoundaryEventParser(_ClockedTimerParsing, SpiffBoundaryEventParser):
    """Boundary events with clocked timers."""


class IntermediateCatchEventParser(_ClockedTimerParsing, SpiffIntermediateCatchEventParser):
    """Intermediate catch events with clocked timers."""


TIMER_PARSER_OVERRIDES = {
    full_tag("startEvent"): (StartEventParser, StartEvent),
    full_tag("boundaryEvent"): (BoundaryEventParser, BoundaryEvent),
    full_tag("intermediateCatchEvent"): (IntermediateCatchEventParser, IntermediateCatchEvent),
}
