"""Long-lived instances: 600 revision passes keep working with bounded stored state, task tree and
step time.

Bare SpiffWorkflow (no history compaction) stops at about pass 200 of this model: its task tree
gets deeper with every pass until walking it passes Python's recursion limit (1,000 frames). 600
passes is three times that. The figures over a longer life (the time of one pass at pass 10, 500,
1,500 and 5,000, the stored state after 5,025 passes, the pass where bare SpiffWorkflow breaks)
are printed by `bench/engine_bench.py` (`make bench`), not timed here; this test asserts the
structural reason they stay flat (the stored state and task tree do not grow with the passes) and
that the last passes take under three times the CPU of passes 50-100 (measured: about 1.1 times;
a cost growing linearly with the passes would be about eight times; the margin is for a busy
machine).
"""
from __future__ import annotations

import json
import statistics
import time

from workflows.workitems import instance_items, open_items

from .conftest import start_revisi

PASSES = 600
WINDOW = 50  # passes per CPU-time sample: the early one after warm-up, the late one at the end


def _pass(engine, session, instance, decision):
    submit = open_items(session, instance.id)[0]
    review = engine.complete(session, submit.id, {"subject": "Revisi dokumen"}, actor="budi").next_items[0]
    return engine.complete(session, review.id, {"decision": decision}, actor="siti")


def test_600_revision_passes_then_completes_with_bounded_state_and_flat_step_cost(engine, session, deployed):
    instance = start_revisi(engine, session)
    sizes, tree_sizes, cpu_ms = [], [], []
    for n in range(PASSES):
        began = time.process_time()
        _pass(engine, session, instance, "revise")
        if n % 100 == 0:
            session.commit()
            sizes.append(len(json.dumps(instance.state)))
            tree_sizes.append(len(instance.state["tasks"]))
        cpu_ms.append((time.process_time() - began) * 1000)
    done = _pass(engine, session, instance, "approve")
    session.commit()
    assert done.instance.status == "completed" and done.instance.result == "end_approved"
    assert max(sizes) < 1.2 * min(sizes) and max(sizes) < 20_000
    assert max(tree_sizes) == min(tree_sizes) < 40
    assert len(instance_items(session, instance.id)) == 2 * (PASSES + 1)
    assert instance.path[:3] == ["start", "submit", "review"]
    early = statistics.median(cpu_ms[WINDOW:2 * WINDOW])
    late = statistics.median(cpu_ms[-WINDOW:])
    assert late < 3 * early, f"CPU per pass {early:.2f} ms at passes {WINDOW}-{2 * WINDOW}, {late:.2f} ms at the end"
