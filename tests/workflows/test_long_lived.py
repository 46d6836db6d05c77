"""Long-lived instances: 1,500 revision passes keep working, with bounded state and flat step cost."""
from __future__ import annotations

import json
import time

from workflows.workitems import instance_items, open_items

from .conftest import start_revisi


def _pass(engine, session, instance, decision):
    submit = open_items(session, instance.id)[0]
    review = engine.complete(session, submit.id, {"subject": "Revisi dokumen"}, actor="budi").next_items[0]
    return engine.complete(session, review.id, {"decision": decision}, actor="siti")


def test_1500_revision_passes_then_completes_with_bounded_state(engine, session, deployed):
    instance = start_revisi(engine, session)
    sizes, timings = [], []
    for n in range(1500):
        began = time.perf_counter()
        _pass(engine, session, instance, "revise")
        timings.append(time.perf_counter() - began)
        if n % 100 == 0:
            session.commit()
            sizes.append(len(json.dumps(instance.state)))
    done = _pass(engine, session, instance, "approve")
    session.commit()
    assert done.instance.status == "completed" and done.instance.result == "end_approved"
    assert max(sizes) < 2 * min(sizes) and max(sizes) < 30_000
    early, late = sorted(timings[:100])[50], sorted(timings[-100:])[50]
    assert late < 3 * early
    assert len(instance_items(session, instance.id)) == 2 * 1501
