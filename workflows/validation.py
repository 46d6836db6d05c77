"""Validation of a model package: every problem found, as Problem(path, message) in Bahasa Indonesia.

Messages are `workflows.messages.Message`s, so the app can show them in the user's language.
"""
from __future__ import annotations

from typing import Callable, Iterable

from lxml import etree

from .errors import Problem, UnsafeXml
from .forms import schema_problems
from .messages import Message, N_
from .nesting import TooDeep
from .registry import ModelPackage
from .sandbox import compile_problem
from .specs import SpecError, parse_bpmn
from .xml import parse_xml

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF_NS = "http://spiffworkflow.org/bpmn/schema/1.0/core"
NS = {"bpmn": BPMN_NS, "spiffworkflow": SPIFF_NS}
BPMN = "process.bpmn"

ExtraCheck = Callable[[ModelPackage], list[Problem]]


def _compile_refusal(source: str, mode: str = "eval") -> str | None:
    """The sandbox's verdict on an expression or script, and a refusal when it nests too deep to compile.

    Python's parser raises RecursionError (or MemoryError) on a few thousand nested operators or
    parentheses; a model must get a problem for that, not a 500.
    """
    try:
        return compile_problem(source, mode=mode)
    except (RecursionError, MemoryError):
        return Message(N_("terlalu dalam bersarang untuk dikompilasi"))


def _meta_problems(pkg: ModelPackage) -> list[Problem]:
    if "model.toml" not in pkg.files:
        return [Problem("model.toml", Message(N_("berkas model.toml tidak ada")))]
    try:
        meta = pkg.meta()
    except TooDeep as exc:
        return [Problem("model.toml", exc.args[0])]
    except (ValueError, UnicodeDecodeError) as exc:
        return [Problem("model.toml", Message(N_("model.toml tidak dapat dibaca: %(error)s"), error=str(exc)))]
    problems = [Problem("model.toml", Message(N_("'%(key)s' wajib diisi"), key=key))
                for key in ("title", "owner_unit", "version") if not str(meta.get(key, "")).strip()]
    if "spbe" in meta and not isinstance(meta["spbe"], dict):
        problems.append(Problem("model.toml", Message(N_("[spbe] harus berupa tabel"))))
    return problems


def _property(node, name: str) -> str | None:
    found = node.xpath(f".//spiffworkflow:property[@name='{name}']/@value", namespaces=NS)
    return found[0] if found else None


def _user_task_problems(pkg: ModelPackage, process) -> list[Problem]:
    problems = []
    has_lanes = bool(process.xpath(".//bpmn:lane", namespaces=NS))
    in_lane = set(process.xpath(".//bpmn:lane/bpmn:flowNodeRef/text()", namespaces=NS))
    for task in process.xpath(".//bpmn:userTask", namespaces=NS):
        tid = task.get("id")
        where = f"{BPMN}#{tid}"
        candidates = _property(task, "candidates")
        if not candidates:
            problems.append(Problem(where, Message(N_("tugas pengguna harus punya properti 'candidates'"))))
        if has_lanes and tid not in {s.strip() for s in in_lane}:
            problems.append(Problem(where, Message(N_("tugas pengguna tidak berada di lane mana pun"))))
        for name in ("candidates", "due"):
            expr = _property(task, name)
            if expr and (reason := _compile_refusal(expr)):
                problems.append(Problem(where, Message(N_("ekspresi '%(name)s' tidak valid: %(reason)s"),
                                                      name=name, reason=reason)))
        problems += _form_problems(pkg, tid, f"forms/{tid}.json", required=True)
    return problems


def _form_problems(pkg: ModelPackage, name: str, path: str, required: bool) -> list[Problem]:
    try:
        form = pkg.form(name)
    except TooDeep as exc:
        return [Problem(path, exc.args[0])]
    except (ValueError, UnicodeDecodeError) as exc:
        return [Problem(path, Message(N_("formulir bukan JSON yang valid: %(error)s"), error=str(exc)))]
    if form is None:
        return [Problem(path, Message(N_("formulir untuk tugas pengguna ini tidak ada")))] if required else []
    return [Problem(path, message) for message in schema_problems(form)]


def _owner_id(node) -> str | None:
    """Id of the flow element (event, task, flow) an expression belongs to."""
    owner = node.getparent()
    while owner is not None and (owner.get("id") is None or etree.QName(owner).localname.endswith(
            ("EventDefinition", "LoopCharacteristics"))):
        owner = owner.getparent()
    return None if owner is None else owner.get("id")


def _code_problems(process) -> list[Problem]:
    problems = []
    for script in process.xpath(".//bpmn:scriptTask", namespaces=NS):
        body = "".join(script.xpath("./bpmn:script/text()", namespaces=NS))
        if reason := _compile_refusal(body, mode="exec"):
            problems.append(Problem(f"{BPMN}#{script.get('id')}",
                                    Message(N_("skrip tidak valid: %(reason)s"), reason=reason)))
    expressions = [
        (".//bpmn:sequenceFlow/bpmn:conditionExpression", N_("kondisi tidak valid: %(reason)s")),
        (".//bpmn:timerEventDefinition/*", N_("ekspresi timer tidak valid: %(reason)s")),
        (".//bpmn:multiInstanceLoopCharacteristics/bpmn:loopCardinality", N_("kardinalitas tidak valid: %(reason)s")),
        (".//bpmn:multiInstanceLoopCharacteristics/bpmn:completionCondition",
         N_("kondisi selesai tidak valid: %(reason)s")),
    ]
    for xpath, msgid in expressions:
        for node in process.xpath(xpath, namespaces=NS):
            text = (node.text or "").strip()
            if text and (reason := _compile_refusal(text)):
                problems.append(Problem(f"{BPMN}#{_owner_id(node)}", Message(msgid, reason=reason)))
    return problems


def _reason(exc: Exception) -> str:
    """The exception's message, keeping it a translatable Message when it is one."""
    return exc.args[0] if exc.args and isinstance(exc.args[0], Message) else str(exc)


def _bpmn_problems(pkg: ModelPackage, process_id: str | None) -> list[Problem]:
    if pkg.bpmn is None:
        return [Problem(BPMN, Message(N_("berkas process.bpmn tidak ada")))]
    try:
        root = parse_xml(pkg.bpmn)
    except UnsafeXml as exc:
        return [Problem(BPMN, _reason(exc))]
    try:
        parsed = parse_bpmn(pkg.bpmn, process_id)
    except SpecError as exc:
        return [Problem(BPMN, _reason(exc))]
    except Exception as exc:  # SpiffWorkflow raises ValidationException and friends
        return [Problem(BPMN, Message(N_("BPMN tidak valid: %(error)s"), error=str(exc)))]
    process = root.xpath(f"//bpmn:process[@id='{parsed.process_id}']", namespaces=NS)[0]
    return _user_task_problems(pkg, process) + _code_problems(process)


def validate_package(pkg: ModelPackage, extra_checks: Iterable[ExtraCheck] = ()) -> list[Problem]:
    """Every problem of the package (empty list when it can be deployed)."""
    problems = _meta_problems(pkg)
    try:
        process_id = pkg.meta().get("process")
    except (ValueError, UnicodeDecodeError):
        process_id = None
    problems += _bpmn_problems(pkg, process_id)
    problems += _form_problems(pkg, "start", "forms/start.json", required=False)
    for check in extra_checks:
        problems += list(check(pkg))
    return problems


__all__ = ["validate_package", "ExtraCheck"]
