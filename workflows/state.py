"""Workflow state as plain data: serialize without the spec, restore with the version's spec, compact history."""
from __future__ import annotations

from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter
from SpiffWorkflow.util.task import TaskState

from .specs import ParsedSpec

ANCHOR_MASK = TaskState.DEFINITE_MASK | TaskState.ERROR
KEEP_ANCESTORS = 2


class SpeclessWorkflowConverter(BpmnWorkflowConverter):
    """Stores the workflow without its spec; the spec is handed back in at restore time."""

    def to_dict(self, workflow):
        dct = super(BpmnWorkflowConverter, self).to_dict(workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def from_dict(self, dct, spec=None, subprocess_specs=None):
        workflow = self.target_class(spec, subprocess_specs, deserializing=True)
        workflow.tasks = self.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


def _make_serializer() -> BpmnWorkflowSerializer:
    registry = BpmnWorkflowSerializer.configure()
    SpeclessWorkflowConverter(BpmnWorkflow, registry)
    return BpmnWorkflowSerializer(registry)


SERIALIZER = _make_serializer()


def dump_state(workflow: BpmnWorkflow) -> dict:
    """The workflow's state as JSON-ready data, without the spec."""
    dct = SERIALIZER.to_dict(workflow)
    dct[SERIALIZER.VERSION_KEY] = SERIALIZER.VERSION
    return dct


def load_state(state: dict, parsed: ParsedSpec, script_engine) -> BpmnWorkflow:
    """Rebuild a workflow from stored state and the version's (shared, cached) spec."""
    dct = dict(state)  # the converter pops keys; never mutate the mapped column value
    dct["subprocesses"] = {k: dict(v) for k, v in dct.get("subprocesses", {}).items()}
    SERIALIZER.migrate(dct)
    workflow = SERIALIZER.from_dict(dct, spec=parsed.spec, subprocess_specs=parsed.subprocess_specs)
    workflow.script_engine = script_engine
    return workflow


def _ancestors(task) -> list:
    chain = []
    while task is not None:
        chain.append(task)
        task = task.parent
    return chain


def _lowest_common_ancestor(tasks: list):
    path = list(reversed(_ancestors(tasks[0])))  # root first
    index = {t.id: i for i, t in enumerate(path)}
    deepest = len(path) - 1
    for task in tasks[1:]:
        while task.id not in index:
            task = task.parent
        deepest = min(deepest, index[task.id])
    return path[deepest]


def _subtree_ids(task) -> set:
    ids, stack = set(), [task]
    while stack:
        current = stack.pop()
        ids.add(current.id)
        stack.extend(current.children)
    return ids


def compact_workflow(workflow) -> int:
    """Prune finished history above the live part of the task tree; return the number of tasks removed.

    Everything still running (ready, waiting, future tasks) lies under their lowest common
    ancestor; we keep that subtree plus a couple of ancestors (joins and boundary events look at
    their direct parents) and re-attach it under the root. The path taken is recorded elsewhere.
    """
    root = workflow.task_tree
    anchors = [t for t in workflow.tasks.values() if t.has_state(ANCHOR_MASK)]
    if not anchors and workflow.last_task is not None and workflow.last_task.id in workflow.tasks:
        anchors = [workflow.last_task]
    if not anchors:
        return 0
    keep = _lowest_common_ancestor(anchors)
    for _ in range(KEEP_ANCESTORS):
        if keep.parent is None or keep.parent is root:
            break
        keep = keep.parent
    if keep is root or keep.parent is root:
        return 0
    kept = _subtree_ids(keep) | {root.id}
    removed = [tid for tid in workflow.tasks if tid not in kept]
    for tid in removed:
        del workflow.tasks[tid]
    keep._parent = root.id
    root._children = [keep.id]
    if workflow.last_task is not None and workflow.last_task.id not in kept:
        workflow.last_task = None
    return len(removed)


def compact(workflow: BpmnWorkflow) -> int:
    """Compact the top workflow and its subprocesses; drop subprocesses whose task was pruned."""
    removed = compact_workflow(workflow)
    for sub in list(workflow.subprocesses.values()):
        removed += compact_workflow(sub)
    live = True
    while live:
        known = set(workflow.tasks)
        for sub in workflow.subprocesses.values():
            known |= set(sub.tasks)
        orphans = [sid for sid in workflow.subprocesses if sid not in known]
        for sid in orphans:
            del workflow.subprocesses[sid]
        live = bool(orphans)
    return removed
