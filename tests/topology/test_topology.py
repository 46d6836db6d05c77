"""The production topology end to end: the leave flow over HTTP, 100 racing clients, a worker
killed mid-job, PostgreSQL connections dropped during traffic, beat driving the workers."""
from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from celery import Celery

pytestmark = pytest.mark.topology

LEAVE = {"leave_type": "tahunan", "start_date": "2026-03-02", "end_date": "2026-03-04", "reason": "Acara keluarga"}


def _start_leave(topology, headers) -> int:
    response = requests.post(f"{topology.base_url}/api/v1/process-models/cuti/instances",
                             json={"data": LEAVE}, headers=headers, timeout=30)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def _review_task(topology, headers, instance_id) -> int:
    tasks = requests.get(f"{topology.base_url}/api/v1/tasks", headers=headers, timeout=30).json()
    return next(t["id"] for t in tasks if t["instance_id"] == instance_id and t["name"] == "review")


def _approve(topology, headers, task_id, session=requests):
    return session.post(f"{topology.base_url}/api/v1/tasks/{task_id}/complete",
                        json={"data": {"decision": "approve"}}, headers=headers, timeout=60)


def _wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.25)
    pytest.fail(f"timed out waiting for {what}")


def test_leave_request_is_started_and_approved_over_http_on_gunicorn(topology):
    staff, kasi = topology.token("staf.egov1"), topology.token("kasi.egov")
    instance_id = _start_leave(topology, staff)
    response = _approve(topology, kasi, _review_task(topology, kasi, instance_id))
    assert response.status_code == 200 and response.json()["instance"]["status"] == "completed"
    detail = requests.get(f"{topology.base_url}/api/v1/instances/{instance_id}", headers=staff, timeout=30).json()
    assert detail["status"] == "completed" and detail["result"] == "approved"
    [(status,)] = topology.sql("SELECT status FROM wf_process_instance WHERE id = :i", i=instance_id)
    assert status == "completed"
    metrics = requests.get(f"{topology.base_url}/metrics", timeout=30).text
    assert "eoffice_work_items_completed_total" in metrics and "eoffice_job_queue_depth" in metrics


def test_hundred_clients_completing_one_task_at_once_one_wins_ninety_nine_get_409(topology):
    staff, kasi = topology.token("staf.egov1"), topology.token("kasi.egov")
    task_id = _review_task(topology, kasi, _start_leave(topology, staff))

    def attempt(_):
        with requests.Session() as session:
            return _approve(topology, kasi, task_id, session).status_code

    with ThreadPoolExecutor(max_workers=100) as pool:
        statuses = list(pool.map(attempt, range(100)))
    assert sorted(statuses).count(200) == 1 and statuses.count(409) == 99, sorted(statuses)
    rows = topology.sql("SELECT count(*) FROM wf_work_item WHERE id = :t AND state = 'completed'", t=task_id)
    assert rows[0][0] == 1


def test_worker_killed_mid_job_is_restarted_and_the_job_takes_effect_once(topology):
    key = uuid.uuid4().hex
    client = Celery(broker=topology.redis_url, backend=topology.redis_url)
    client.conf.broker_transport_options = {"visibility_timeout": 4,
                                            "global_keyprefix": topology.env["EOFFICE_BROKER_KEYPREFIX"]}
    client.send_task("eoffice.jobs.probe", args=[key, 8.0])
    attempts = f"eoffice:probe:{key}:attempts"
    _wait_for(lambda: topology.redis().get(attempts) == b"1", 90, "the job to start")
    topology.kill("worker")  # SIGKILL the whole worker (main process and pool) mid-job
    assert topology.sql("SELECT count(*) FROM audit_event WHERE chain = :c", c=f"ops.probe:{key}")[0][0] == 0
    topology.start_worker()
    _wait_for(lambda: topology.sql("SELECT count(*) FROM job_run WHERE key = :k", k=f"probe:{key}")[0][0] == 1,
              150, "the redelivered job to finish\n" + topology.log("worker"))
    time.sleep(5)  # past the visibility timeout: no third delivery adds anything
    assert topology.sql("SELECT count(*) FROM audit_event WHERE chain = :c", c=f"ops.probe:{key}")[0][0] == 1
    assert int(topology.redis().get(attempts)) >= 2


def test_dropped_database_connections_fail_requests_cleanly_and_lose_nothing_committed(topology):
    staff, kasi = topology.token("staf.egov1"), topology.token("kasi.egov")
    outcomes, stop = [], time.monotonic() + 6

    def client(_):
        with requests.Session() as session:
            while time.monotonic() < stop:
                start = session.post(f"{topology.base_url}/api/v1/process-models/cuti/instances",
                                     json={"data": LEAVE}, headers=staff, timeout=60)
                outcomes.append(("start", start.status_code, start.headers.get("Content-Type"),
                                 start.json().get("id") if start.status_code == 201 else None))

    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(client, i) for i in range(8)]
        for _ in range(3):
            time.sleep(1.5)
            topology.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        for f in futures:
            f.result()
    statuses = {status for _, status, _, _ in outcomes}
    assert statuses <= {201, 503}, statuses
    assert all(ctype.startswith("application/json") for _, _, ctype, _ in outcomes)
    created = [iid for _, status, _, iid in outcomes if status == 201]
    stored = {row[0] for row in topology.sql("SELECT id FROM wf_process_instance")}
    assert created and set(created) <= stored
    # after the outage the next requests succeed
    instance_id = _start_leave(topology, staff)
    assert _approve(topology, kasi, _review_task(topology, kasi, instance_id)).status_code == 200


def test_beat_schedules_timer_jobs_that_the_worker_runs(topology):
    def timer_jobs_done():
        text = requests.get(f"{topology.base_url}/metrics", timeout=30).text
        lines = [line for line in text.splitlines()
                 if line.startswith('eoffice_jobs_completed_total{job="eoffice.jobs.fire_due_timers"}')]
        return lines and float(lines[0].split()[-1]) >= 1

    _wait_for(timer_jobs_done, 90, "beat to schedule fire_due_timers\n" + topology.log("beat"))
