"""Long-lived instances: 1,500 revision passes keep working with bounded stored state and task tree.

Per-step time is a figure for `bench/engine_bench.py`, not a timed test; here we assert the
structural reason it stays flat: the stored task tree does not grow with the number of passes.
"""
from __future__ import annotations

import json

from workflows.workitems import instance_items, open_items

from .conftest import start_revisi


def _pass(engine, session, instance, decision):
    submit = open_items(session, instance.id)[0]
    review = engine.complete(session, submit.id, {"subject": "Revisi dokumen"}, actor="budi").next_items[0]
    return engine.complete(session, review.id, {"decision": decision}, actor="siti")


def test_1500_revision_passes_then_completes_with_bounded_state(engine, session, deployed):
    instance = start_revisi(engine, session)
    sizes, tree_sizes = [], []
    for n in range(1500):
        _pass(engine, session, instance, "revise")
        if n % 100 == 0:
            session.commit()
            sizes.append(len(json.dumps(instance.state)))
            tree_sizes.append(len(instance.state["tasks"]))
    done = _pass(engine, session, instance, "approve")
    session.commit()
    assert done.instance.status == "completed" and done.instance.result == "end_approved"
    assert max(sizes) < 1.2 * min(sizes) and max(sizes) < 20_000
    assert max(tree_sizes) == min(tree_sizes) < 40
    assert len(instance_items(session, instance.id)) == 2 * 1501
    assert instance.path[:3] == ["start", "submit", "review"]
