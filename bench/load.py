"""Load: N concurrent clients each looping "start a leave request, approve it" over HTTP against
the production profile (gunicorn, Celery worker and beat, PostgreSQL, Redis) on this machine.

Run: ``python -m bench.load [--clients 1,8,32,64] [--seconds 8] [--web-workers 4] [--threads 8]``.
Prints per N: task completions per second, requests per second, and p50/p95/p99 latency of all
requests and of the completing request; then the server-side time split from /metrics.
Aims: at 32 clients ≥ 300 completions/s with p95 < 100 ms (figures are reported as measured).
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import requests

from tests.topology.conftest import launch, require_services, shutdown

LEAVE = {"leave_type": "tahunan", "start_date": "2026-03-02", "end_date": "2026-03-04", "reason": "Acara keluarga"}


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class Client:
    """One keep-alive HTTP/1.1 connection with the request bodies and headers prepared once.

    The load client shares the two cores with the server, so it is kept lean (http.client, no
    session machinery): what it spends is taken from the server's share.
    """

    def __init__(self, base: str, staff: dict, boss: dict):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.staff = {**staff, "Content-Type": "application/json"}
        self.boss = {**boss, "Content-Type": "application/json"}
        self.start_body = json.dumps({"data": LEAVE}).encode()
        self.approve_body = json.dumps({"data": {"decision": "approve"}}).encode()
        self.conn = None

    def request(self, method: str, path: str, body: bytes | None, headers: dict) -> tuple[int, bytes]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            self.conn.request(method, path, body, headers)
            response = self.conn.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            raise

    def cycle(self, timings: dict) -> bool:
        """Start a leave request, then approve the task it made ready; True when approved."""
        t0 = time.perf_counter()
        status, body = self.request("POST", "/api/v1/process-models/cuti/instances", self.start_body, self.staff)
        t1 = time.perf_counter()
        timings["start"].append(t1 - t0)
        if status != 201:
            return False
        task = json.loads(body)["next_tasks"][0]["id"]
        status, _ = self.request("POST", f"/api/v1/tasks/{task}/complete", self.approve_body, self.boss)
        timings["complete"].append(time.perf_counter() - t1)
        return status == 200


    def probe(self, timings: dict) -> bool:
        """The baseline: GET /healthz, the same HTTP stack with no database and no engine."""
        t0 = time.perf_counter()
        status, _ = self.request("GET", "/healthz", None, {})
        timings["probe"].append(time.perf_counter() - t0)
        return status == 200


def run_clients(base: str, staff: dict, boss: dict, clients: int, seconds: float, baseline: bool = False) -> dict:
    timings = {"start": [], "complete": [], "probe": []}
    completions, errors, lock = [0], [0], threading.Lock()
    stop = time.monotonic() + seconds

    def client():
        local = {key: [] for key in timings}
        ok = bad = 0
        me = Client(base, staff, boss)
        while time.monotonic() < stop:
            try:
                if (me.probe(local) if baseline else me.cycle(local)):
                    ok += 1
                else:
                    bad += 1
            except (OSError, http.client.HTTPException):
                bad += 1
        with lock:
            completions[0] += ok
            errors[0] += bad
            for k in timings:
                timings[k] += local[k]

    began = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    every = timings["start"] + timings["complete"] + timings["probe"]
    return {"clients": clients, "completions_per_s": completions[0] / elapsed, "requests_per_s": len(every) / elapsed,
            "errors": errors[0], "all": every, "complete": timings["complete"], "start": timings["start"]}


def _ms(values, p) -> str:
    return f"{percentile(values, p) * 1000:7.1f}"


def print_row(r: dict) -> None:
    print(f"{r['clients']:>4} clients: {r['completions_per_s']:7.1f} completions/s {r['requests_per_s']:7.1f} req/s"
          f" | all p50/p95/p99 {_ms(r['all'], 50)} {_ms(r['all'], 95)} {_ms(r['all'], 99)} ms"
          f" | complete p50/p95/p99 {_ms(r['complete'], 50)} {_ms(r['complete'], 95)} {_ms(r['complete'], 99)} ms"
          f" | start p95 {_ms(r['start'], 95)} ms | errors {r['errors']}")


def server_split(base: str) -> str:
    """Mean server time per route from the request-latency histogram (where the time goes)."""
    sums, counts = {}, {}
    for line in requests.get(f"{base}/metrics", timeout=30).text.splitlines():
        for suffix, target in (("_sum{", sums), ("_count{", counts)):
            if line.startswith("eoffice_http_request_duration_seconds" + suffix):
                labels, value = line.rsplit(" ", 1)
                endpoint = labels.split('endpoint="')[1].split('"')[0]
                target[endpoint] = target.get(endpoint, 0) + float(value)
    rows = [f"  {ep:<45} {counts[ep]:8.0f} requests, mean {sums[ep] / counts[ep] * 1000:6.1f} ms in the app"
            for ep in sorted(counts, key=lambda e: -sums[e]) if counts[ep]]
    return "\n".join(rows[:6])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="1,8,32,64")
    parser.add_argument("--seconds", type=float, default=8.0)
    # cores + 1 processes with 2 threads each served the most cycles on 2 cores (the work is CPU-bound)
    parser.add_argument("--web-workers", type=int,
                        default=int(os.environ.get("BENCH_WEB_WORKERS", str((os.cpu_count() or 1) + 1))))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("BENCH_THREADS", "2")))
    args = parser.parse_args(argv)
    require_services()
    print(f"load: gunicorn {args.web_workers} workers x {args.threads} threads, Celery worker (1 process), beat, "
          f"PostgreSQL, Redis on {os.cpu_count()} cores; each cycle = start (its answer names the new task) + approve")
    with tempfile.TemporaryDirectory(prefix="eoffice-load-") as tmp:
        topo = launch(Path(tmp), "eoffice_bench_load", 11, web_workers=args.web_workers, threads=args.threads,
                      worker_concurrency=1, extra_env={"EOFFICE_LOG_JSON": "0"})
        try:
            staff, boss = topo.token("staf.egov1"), topo.token("kasi.egov")
            # warm up every gunicorn process and thread: specs parsed, pool connections opened and
            # their statements prepared (the first requests of each are several times slower)
            run_clients(topo.base_url, staff, boss, 2 * args.web_workers * args.threads, 4.0)
            for n in [int(x) for x in args.clients.split(",")]:
                row = run_clients(topo.base_url, staff, boss, n, args.seconds)
                print_row(row)
                floor = run_clients(topo.base_url, staff, boss, n, min(args.seconds, 4.0), baseline=True)
                print(f"{'':>4}   baseline GET /healthz (same stack, no database, no engine): "
                      f"{floor['requests_per_s']:7.1f} req/s, p95 {_ms(floor['all'], 95)} ms; "
                      f"the cycle's requests run at {row['requests_per_s'] / floor['requests_per_s']:.2f}x that rate")
            print("server time per route (all runs):")
            print(server_split(topo.base_url))
        finally:
            shutdown(topo)


if __name__ == "__main__":
    main()
