"""Benchmark of the engine layer: cycle cost against bare SpiffWorkflow, and per-step cost over a long life.

Run: ``python -m bench.engine_bench [--runs N] [--passes 10,500,1500,5000]``. Prints medians and
ratios against bare SpiffWorkflow doing the same work in the same run:
(a) start + submit + approve of the example revision model, bare in-memory vs our Engine on SQLite;
(b) time of one revision pass (submit + review) at pass 10, 500, 1,500 and 5,000 of one instance,
    and where bare SpiffWorkflow (no history compaction) stops working.
"""
from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.orm import Session
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from workflows.db import Base
from workflows.registry import load_model_dir
from workflows.runtime import Engine
from workflows.scripting import SandboxScriptEngine
from workflows.specs import parse_bpmn
from workflows.versions import deploy
from workflows.workitems import open_items

MODEL_DIR = Path(__file__).resolve().parents[1] / "tests" / "workflows" / "models" / "revisi"
START_DATA = {"requester": "budi", "reviewer_position": 12}


def add_working_days(start: datetime, days: int) -> datetime:
    day = start
    while days > 0:
        day += timedelta(days=1)
        days -= day.weekday() < 5
    return day


HELPERS = {"add_working_days": add_working_days}


# -- bare SpiffWorkflow ---------------------------------------------------------------------
def _bare_workflow(parsed) -> BpmnWorkflow:
    workflow = BpmnWorkflow(parsed.spec, parsed.subprocess_specs, script_engine=SandboxScriptEngine(HELPERS))
    workflow.get_tasks(state=TaskState.READY)[0].data.update(START_DATA)
    workflow.do_engine_steps()
    return workflow


def _bare_step(workflow, data) -> None:
    task = workflow.get_next_task(state=TaskState.READY, manual=True)
    task.data.update(data)
    task.run()
    workflow.do_engine_steps()


def bare_cycle(parsed) -> None:
    workflow = _bare_workflow(parsed)
    _bare_step(workflow, {"subject": "Cuti"})
    _bare_step(workflow, {"decision": "approve"})
    assert workflow.is_completed()


def bare_stall_pass(parsed, limit: int = 5000) -> int | None:
    """The revision pass at which bare SpiffWorkflow stops finding/handling ready tasks, if any."""
    workflow = _bare_workflow(parsed)
    for n in range(1, limit + 1):
        try:
            _bare_step(workflow, {"subject": "Cuti"})
            _bare_step(workflow, {"decision": "revise"})
        except (AttributeError, RecursionError):
            return n
    return None


# -- our Engine on SQLite -------------------------------------------------------------------
def sqlite_session(directory: str) -> Session:
    db = create_engine(f"sqlite:///{directory}/bench.sqlite")

    @event.listens_for(db, "connect")
    def _pragmas(conn, _record):
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON"):
            conn.execute(f"PRAGMA {pragma}")

    Base.metadata.create_all(db, tables=[t for n, t in Base.metadata.tables.items() if n.startswith("wf_")])
    session = Session(db, expire_on_commit=False)
    deploy(session, load_model_dir(MODEL_DIR))
    session.commit()
    return session


def engine_step(engine: Engine, session: Session, instance, data) -> None:
    item = open_items(session, instance.id)[0]
    engine.complete(session, item.id, data, actor="bench")
    session.commit()


def engine_cycle(engine: Engine, session: Session) -> None:
    instance = engine.start(session, "revisi", START_DATA, started_by="bench")
    session.commit()
    engine_step(engine, session, instance, {"subject": "Cuti"})
    engine_step(engine, session, instance, {"decision": "approve"})
    assert instance.status == "completed"


def median_ms(fn, runs: int) -> float:
    fn()  # warm-up
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)


def cycle_figures(runs: int = 200) -> dict:
    """(a) median start+complete cycle: bare SpiffWorkflow vs Engine on SQLite."""
    parsed = parse_bpmn((MODEL_DIR / "process.bpmn").read_bytes())
    bare = median_ms(lambda: bare_cycle(parsed), runs)
    with tempfile.TemporaryDirectory() as tmp:
        session = sqlite_session(tmp)
        engine = Engine(helpers=HELPERS)
        ours = median_ms(lambda: engine_cycle(engine, session), runs)
        session.close()
    print(f"(a) start+submit+approve cycle, median of {runs}:")
    print(f"    bare SpiffWorkflow in-process  {bare:8.2f} ms")
    print(f"    Engine on SQLite (3 commits)   {ours:8.2f} ms   ratio {ours / bare:.1f}x")
    return {"bare_ms": bare, "engine_ms": ours, "ratio": ours / bare}


def step_figures(marks=(10, 500, 1500, 5000), window: int = 25) -> dict:
    """(b) time of one revision pass at the given pass numbers of one long-lived instance."""
    parsed = parse_bpmn((MODEL_DIR / "process.bpmn").read_bytes())
    stall = bare_stall_pass(parsed, limit=max(marks))
    figures = {}
    with tempfile.TemporaryDirectory() as tmp:
        session = sqlite_session(tmp)
        engine = Engine(helpers=HELPERS)
        instance = engine.start(session, "revisi", START_DATA, started_by="bench")
        session.commit()
        wall, cpu = {}, {}
        for n in range(1, max(marks) + window + 1):
            began, began_cpu = time.perf_counter(), time.process_time()
            engine_step(engine, session, instance, {"subject": "Cuti"})
            engine_step(engine, session, instance, {"decision": "revise"})
            wall[n] = (time.perf_counter() - began) * 1000
            cpu[n] = (time.process_time() - began_cpu) * 1000
        state_bytes = len(json.dumps(instance.state))
        session.close()
    def med(series, mark):
        return statistics.median(series[n] for n in range(mark, mark + window))

    base_wall, base_cpu = med(wall, marks[0]), med(cpu, marks[0])
    print(f"(b) one revision pass (submit + review, 2 commits), median of {window} passes:")
    for mark in marks:
        figures[mark] = {"wall_ms": med(wall, mark), "cpu_ms": med(cpu, mark)}
        print(f"    pass {mark:>5}: wall {med(wall, mark):7.2f} ms ({med(wall, mark) / base_wall:.2f}x)"
              f"   cpu {med(cpu, mark):7.2f} ms ({med(cpu, mark) / base_cpu:.2f}x of pass {marks[0]})")
    print(f"    stored state after {max(marks) + window} passes: {state_bytes} bytes")
    print(f"    bare SpiffWorkflow (no compaction) breaks at pass: {stall or 'not reached'}")
    return {"per_pass_ms": figures, "state_bytes": state_bytes, "bare_stall_pass": stall}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--passes", default="10,500,1500,5000")
    args = parser.parse_args(argv)
    print(f"engine bench ({datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC)")
    cycle_figures(args.runs)
    step_figures(tuple(int(p) for p in args.passes.split(",")))


if __name__ == "__main__":
    main()
