"""Benchmark: a leave request (start + inbox + decision) over HTTP vs the same cycle on bare SpiffWorkflow.

Run: ``python -m bench.http_cycle [--runs N]``. The app runs under gunicorn on loopback (one
worker, SQLite in a temporary folder); one client with a keep-alive session starts a `cuti`
request as staf.egov1, lists kasi.egov's tasks and approves it. The baseline, in the same run,
is bare SpiffWorkflow in-process doing the same steps on the same BPMN (no database, no HTTP).
Prints both medians, the ratio (aim: at most 10x), the CPU the server spent per cycle against the
bare cycle's CPU (robust when other work shares the machine) and the SQL statements of each request.
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import requests
from sqlalchemy import event
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from workflows.scripting import SandboxScriptEngine
from workflows.specs import parse_bpmn

ROOT = Path(__file__).resolve().parents[1]
LEAVE = {"leave_type": "tahunan", "start_date": "2026-03-02", "end_date": "2026-03-04", "reason": "Acara keluarga"}
SECRET = "bench-secret-key-long-enough-for-hs256-0123456789"


# -- bare SpiffWorkflow ---------------------------------------------------------------------
def _add_working_days(start, days):
    day = start
    while days > 0:
        day += timedelta(days=1)
        days -= day.weekday() < 5
    return day


def _working_days(start, end):
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    return sum((first + timedelta(days=n)).weekday() < 5 for n in range((last - first).days + 1))


BARE_HELPERS = {"superior_of": lambda pid: 7, "working_days": _working_days, "add_working_days": _add_working_days}


def bare_cycle(parsed) -> None:
    workflow = BpmnWorkflow(parsed.spec, parsed.subprocess_specs, script_engine=SandboxScriptEngine(BARE_HELPERS))
    workflow.get_tasks(state=TaskState.READY)[0].data.update({**LEAVE, "requester": "staf.egov1",
                                                              "requester_position": 8})
    workflow.do_engine_steps()
    task = workflow.get_next_task(state=TaskState.READY, manual=True)
    task.data.update({"decision": "approve"})
    task.run()
    workflow.do_engine_steps()
    assert workflow.is_completed() and workflow.data["result"] == "approved"


# -- the app over HTTP ----------------------------------------------------------------------
def _env(tmp: Path) -> dict:
    return {**os.environ, "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite'}", "EOFFICE_VAR_DIR": str(tmp),
            "SECRET_KEY": SECRET, "EOFFICE_PROFILE": "embedded", "PYTHONPATH": str(ROOT)}


def _prepare(env: dict) -> None:
    code = "from eoffice import create_app\nfrom eoffice.app import setup\napp = create_app()\nwith app.app_context():\n" \
           "    setup.create_tables(); setup.seed_all()\n"
    subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=ROOT)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(env: dict, tmp: Path, port: int) -> subprocess.Popen:
    config = tmp / "gunicorn.bench.py"
    config.write_text("workers = 1\nthreads = 1\nkeepalive = 30\naccesslog = None\n")
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(config), "-b", f"127.0.0.1:{port}",
                               "wsgi:app"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/login", timeout=10)
            return server
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start: " + server.stderr.read().decode()[-2000:])


class Client:
    def __init__(self, base: str):
        self.base, self.http = base, requests.Session()
        self.staff, self.kasi = self._token("staf.egov1"), self._token("kasi.egov")

    def _token(self, login: str) -> dict:
        r = self.http.post(f"{self.base}/api/v1/auth/token", json={"username": login, "password": "eoffice-demo"})
        r.raise_for_status()
        return {"Authorization": f"Bearer {r.json()['access_token']}"}

    def cycle(self) -> None:
        r = self.http.post(f"{self.base}/api/v1/process-models/cuti/instances", json={"data": LEAVE}, headers=self.staff)
        assert r.status_code == 201, r.text
        instance_id = r.json()["id"]
        tasks = self.http.get(f"{self.base}/api/v1/tasks", headers=self.kasi).json()
        task = next(t for t in tasks if t["instance_id"] == instance_id)
        r = self.http.post(f"{self.base}/api/v1/tasks/{task['id']}/complete", json={"data": {"decision": "approve"}},
                           headers=self.kasi)
        assert r.status_code == 200 and r.json()["instance"]["status"] == "completed", r.text


def statements_per_request(env: dict) -> dict[str, int]:
    """SQL statements of each request of one cycle, counted in-process on the same database."""
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "EOFFICE_VAR_DIR", "SECRET_KEY", "EOFFICE_PROFILE")})
    from eoffice import create_app
    from eoffice.app.extensions import db

    app = create_app()
    client, counts, current = app.test_client(), {}, []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *a: current.append(1))

    def measure(name, call):
        current.clear()
        response = call()
        counts[name] = len(current)
        return response

    token = lambda login: {"Authorization": "Bearer " + client.post(  # noqa: E731
        "/api/v1/auth/token", json={"username": login, "password": "eoffice-demo"}).get_json()["access_token"]}
    staff, kasi = token("staf.egov1"), token("kasi.egov")
    started = measure("start", lambda: client.post("/api/v1/process-models/cuti/instances", json={"data": LEAVE},
                                                   headers=staff)).get_json()
    tasks = measure("tasks", lambda: client.get("/api/v1/tasks", headers=kasi)).get_json()
    task = next(t for t in tasks if t["instance_id"] == started["id"])
    measure("complete", lambda: client.post(f"/api/v1/tasks/{task['id']}/complete",
                                            json={"data": {"decision": "approve"}}, headers=kasi))
    return counts


def _process_cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process and its children (the gunicorn workers), from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    total = (int(fields[11]) + int(fields[12])) / ticks
    children = Path(f"/proc/{pid}/task/{pid}/children")
    for child in (children.read_text().split() if children.exists() else []):
        total += _process_cpu_s(int(child))
    return total


def _median_ms(fn, runs: int, warmup: int = 5) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args(argv)
    parsed = parse_bpmn((ROOT / "bpmn" / "cuti" / "process.bpmn").read_bytes())
    with tempfile.TemporaryDirectory(prefix="eoffice-bench-") as name:
        tmp = Path(name)
        env = _env(tmp)
        _prepare(env)
        port = _free_port()
        server = _serve(env, tmp, port)
        try:
            client = Client(f"http://127.0.0.1:{port}")
            for _ in range(5):
                client.cycle()
            cpu_before = _process_cpu_s(server.pid)
            http_ms = _median_ms(client.cycle, args.runs, warmup=0)
            server_cpu_ms = (_process_cpu_s(server.pid) - cpu_before) / args.runs * 1000
        finally:
            server.terminate()
            server.wait(10)
        bare_ms = _median_ms(lambda: bare_cycle(parsed), args.runs)
        began = time.process_time()
        for _ in range(args.runs):
            bare_cycle(parsed)
        bare_cpu_ms = (time.process_time() - began) / args.runs * 1000
        counts = statements_per_request(env)
    print(f"leave cycle (start + inbox + approve), {args.runs} runs, medians:")
    print(f"  bare SpiffWorkflow in-process : {bare_ms:8.2f} ms")
    print(f"  HTTP via gunicorn (keep-alive): {http_ms:8.2f} ms")
    print(f"  ratio HTTP / bare             : {http_ms / bare_ms:8.1f}x (aim <= 10x)")
    print(f"  CPU per cycle: server {server_cpu_ms:.2f} ms vs bare {bare_cpu_ms:.2f} ms = {server_cpu_ms / bare_cpu_ms:.1f}x"
          " (mean; unlike wall time, not inflated by other load on a shared machine)")
    print("  SQL statements per request    : " + ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
