"""Timer firing from several processes at once: every due timer fires exactly once."""
from __future__ import annotations

import threading
from collections import Counter

from eoffice.processes import timers
from tests.workflows.conftest import start_revisi


def _start(wf_engine, make_session, count):
    with make_session() as session:
        ids = [start_revisi(wf_engine, session).id for _ in range(count)]
        session.commit()
    return ids


def test_four_concurrent_timer_jobs_fire_each_due_timer_exactly_once(
        app, wf_engine, wf_clock, wf_listener, make_session, revisi_deployed):
    ids = _start(wf_engine, make_session, 8)
    wf_clock.advance(days=1, minutes=1)  # each instance's reminder timer is now due
    barrier, totals = threading.Barrier(4), []

    def beat():
        with app.app_context(), make_session() as session:
            barrier.wait(timeout=10)
            totals.append(timers.fire_due(session, wf_engine))

    threads = [threading.Thread(target=beat) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    fired = Counter(iid for action, iid, _ in wf_listener.events if action == "timer_fired")
    assert fired == Counter({iid: 1 for iid in ids})
    assert sum(totals) == len(ids)


def test_timer_job_run_again_after_firing_fires_nothing(app, wf_engine, wf_clock, make_session, revisi_deployed):
    _start(wf_engine, make_session, 2)
    wf_clock.advance(days=1, minutes=1)
    with make_session() as session:
        assert timers.fire_due(session, wf_engine) == 2
        assert timers.fire_due(session, wf_engine) == 0


def test_timers_not_yet_due_are_left_alone(app, wf_engine, wf_clock, make_session, revisi_deployed):
    _start(wf_engine, make_session, 1)
    wf_clock.advance(hours=23)
    with make_session() as session:
        assert timers.fire_due(session, wf_engine) == 0
    wf_clock.advance(hours=2)
    with make_session() as session:
        assert timers.fire_due(session, wf_engine) == 1
