"""Size: fill PostgreSQL with completed leave requests (cuti) and measure the inbox, the instance
page and the bytes stored per completed instance.

Run: ``python -m bench.size [--count 1000000] [--baseline 10000] [--positions 2000]``.
One real leave request is started and approved through the API; its rows (instance, work item,
candidates, audit events) are the template that COPY replicates with fresh ids, times and
hashes, spread over `--positions` approver positions. Measured at the baseline and at the full
count: inbox p95 (GET /api/v1/tasks of an approver with open items), instance page p95
(GET /api/v1/instances/<id>), bytes per completed instance. Aims: inbox p95 < 20 ms and flat,
< 4 KB per completed instance. The database is dropped afterwards; nothing is written to the tree.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from datetime import timedelta

from sqlalchemy import text

from tests.conftest import PG_ADMIN_URL, create_pg_database

DB_NAME = "eoffice_bench_size"
TABLES = ("wf_process_instance", "wf_work_item", "wf_work_item_candidate", "audit_event")
LEAVE = {"leave_type": "tahunan", "start_date": "2026-03-02", "end_date": "2026-03-04", "reason": "Acara keluarga"}


class Progress:
    """A one-line progress bar on stderr."""

    def __init__(self, total: int, label: str):
        self.total, self.label, self.began, self.shown = total, label, time.monotonic(), -1

    def update(self, done: int) -> None:
        percent = int(done * 100 / max(self.total, 1))
        if percent != self.shown:
            self.shown = percent
            rate = done / max(time.monotonic() - self.began, 1e-9)
            bar = "#" * (percent // 4)
            sys.stderr.write(f"\r{self.label} [{bar:<25}] {percent:3d}% {done:,}/{self.total:,} ({rate:,.0f}/s)")
            sys.stderr.flush()
        if done >= self.total:
            sys.stderr.write("\n")


def _app(database_url: str, tmp: str):
    from eoffice import create_app, setup
    from eoffice.extensions import db

    app = create_app({"SECRET_KEY": "bench-size-secret-key-long-enough-1234", "SQLALCHEMY_DATABASE_URI": database_url,
                      "STORAGE_DIR": tmp, "CELERY_EAGER": True, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        db.create_all()
        setup.seed_all()
    return app


def _token(client, login: str) -> dict:
    body = client.post("/api/v1/auth/token", json={"username": login, "password": "eoffice-demo"}).get_json()
    return {"Authorization": f"Bearer {body['access_token']}"}


def _one_real_leave(client, staff, boss) -> int:
    instance_id = client.post("/api/v1/process-models/cuti/instances", json={"data": LEAVE}, headers=staff).get_json()["id"]
    task = next(t["id"] for t in client.get(f"/api/v1/instances/{instance_id}", headers=staff).get_json()["tasks"])
    assert client.post(f"/api/v1/tasks/{task}/complete", json={"data": {"decision": "approve"}},
                       headers=boss).status_code == 200
    return instance_id


def _rows(conn, sql: str, **params) -> tuple[list[str], list[tuple]]:
    result = conn.execute(text(sql), params)
    return list(result.keys()), [tuple(r) for r in result]


def template(conn, instance_id: int) -> dict:
    """The rows the engine and the audit listener wrote for one completed leave request."""
    from eoffice.processes.events import chain_of

    return {
        "wf_process_instance": _rows(conn, "SELECT * FROM wf_process_instance WHERE id = :i", i=instance_id),
        "wf_work_item": _rows(conn, "SELECT * FROM wf_work_item WHERE instance_id = :i ORDER BY id", i=instance_id),
        "wf_work_item_candidate": _rows(conn, "SELECT c.* FROM wf_work_item_candidate c JOIN wf_work_item w "
                                              "ON w.id = c.work_item_id WHERE w.instance_id = :i ORDER BY c.id",
                                        i=instance_id),
        "audit_event": _rows(conn, "SELECT * FROM audit_event WHERE chain = :c ORDER BY seq", c=chain_of(instance_id)),
        "chain": chain_of(instance_id),
    }


def _copy_value(value):
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return value


class Generator:
    """Writes copies of the template with new ids (COPY), `batch` instances per transaction."""

    def __init__(self, raw_conn, tpl: dict, positions: int, seed: int = 7):
        self.conn, self.tpl, self.positions = raw_conn, tpl, positions
        self.random = random.Random(seed)
        cur = raw_conn.cursor()
        self.next_ids = {t: cur.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {t}").fetchone()[0] for t in TABLES}

    def _shifted(self, cols, row, changes: dict, delta: timedelta) -> tuple:
        out = []
        for col, value in zip(cols, row):
            if col in changes:
                value = changes[col]
            elif hasattr(value, "tzinfo") and value is not None and hasattr(value, "hour"):
                value = value - delta
            out.append(_copy_value(value))
        return tuple(out)

    def write(self, count: int, progress: Progress, done_before: int, batch: int = 5000) -> None:
        done = 0
        while done < count:
            n = min(batch, count - done)
            self._batch(n)
            self.conn.commit()
            done += n
            progress.update(done_before + done)

    def _batch(self, n: int) -> None:
        tpl, ids = self.tpl, self.next_ids
        buffers = {t: [] for t in TABLES}
        for _ in range(n):
            delta = timedelta(minutes=self.random.randint(60, 3 * 365 * 24 * 60))
            iid = ids["wf_process_instance"]
            ids["wf_process_instance"] += 1
            cols, rows = tpl["wf_process_instance"]
            buffers["wf_process_instance"] += [self._shifted(cols, r, {"id": iid}, delta) for r in rows]
            item_map = {}
            cols, rows = tpl["wf_work_item"]
            for r in rows:
                item_map[r[cols.index("id")]] = ids["wf_work_item"]
                buffers["wf_work_item"].append(self._shifted(cols, r, {"id": ids["wf_work_item"], "instance_id": iid}, delta))
                ids["wf_work_item"] += 1
            cols, rows = tpl["wf_work_item_candidate"]
            for r in rows:
                changes = {"id": ids["wf_work_item_candidate"], "work_item_id": item_map[r[cols.index("work_item_id")]]}
                if r[cols.index("kind")] == "position":
                    changes["value"] = str(100000 + self.random.randrange(self.positions))
                buffers["wf_work_item_candidate"].append(self._shifted(cols, r, changes, delta))
                ids["wf_work_item_candidate"] += 1
            cols, rows = tpl["audit_event"]
            chain = f"instance:{iid}" if tpl["chain"].startswith("instance:") else f"{tpl['chain']}-{iid}"
            for r in rows:
                changes = {"id": ids["audit_event"], "chain": chain, "hash": os.urandom(32),
                           "prev_hash": os.urandom(32), "data_hash": os.urandom(32)}
                buffers["audit_event"].append(self._shifted(cols, r, changes, delta))
                ids["audit_event"] += 1
        cur = self.conn.cursor()
        for table in TABLES:
            cols = self.tpl[table][0]
            with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                for row in buffers[table]:
                    copy.write_row(row)

    def fix_sequences(self) -> None:
        cur = self.conn.cursor()
        for table in TABLES:
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        cur.execute("ANALYZE")
        self.conn.commit()


def bytes_stored(conn) -> int:
    return sum(conn.execute(text(f"SELECT pg_total_relation_size('{t}')")).scalar() for t in TABLES)


def p95_ms(fn, runs: int = 200) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    times.sort()
    return times[int(0.95 * (len(times) - 1))] * 1000


def measure(client, staff, boss, instance_ids: list[int]) -> tuple[float, float]:
    rnd = random.Random(3)
    inbox = p95_ms(lambda: client.get("/api/v1/tasks", headers=boss))
    page = p95_ms(lambda: client.get(f"/api/v1/instances/{rnd.choice(instance_ids)}", headers=staff))
    return inbox, page


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--baseline", type=int, default=10_000)
    parser.add_argument("--positions", type=int, default=2000)
    args = parser.parse_args(argv)
    from eoffice.extensions import db

    database_url = create_pg_database(DB_NAME)
    with tempfile.TemporaryDirectory(prefix="eoffice-size-") as tmp:
        app = _app(database_url, tmp)
        try:
            with app.app_context():
                client = app.test_client()
                staff, boss = _token(client, "staf.egov1"), _token(client, "kasi.egov")
                real = _one_real_leave(client, staff, boss)
                with db.engine.connect() as conn:
                    tpl = template(conn, real)
                for _ in range(5):  # the approver has a few open requests in the inbox
                    client.post("/api/v1/process-models/cuti/instances", json={"data": LEAVE}, headers=staff)
                raw = db.engine.raw_connection()
                gen = Generator(raw.driver_connection, tpl, args.positions)
                first_id = gen.next_ids["wf_process_instance"]
                with db.engine.connect() as conn:
                    empty = bytes_stored(conn)
                progress = Progress(args.count, "filling")
                rows = [("", 0, 0.0, 0.0, 0.0)]
                for target in sorted({min(args.baseline, args.count), args.count}):
                    gen.write(target - rows[-1][1], progress, rows[-1][1])
                    gen.fix_sequences()
                    db.session.remove()
                    with db.engine.connect() as conn:
                        per_instance = (bytes_stored(conn) - empty) / target
                    ids = list(range(first_id, first_id + target))
                    inbox, page = measure(client, staff, boss, ids)
                    rows.append((f"{target:,}", target, inbox, page, per_instance))
                raw.close()
            print(f"size: completed leave requests in PostgreSQL ({args.positions} approver positions); "
                  f"template = {sum(len(tpl[t][1]) for t in TABLES)} rows per instance")
            base = rows[1]
            for label, _n, inbox, page, per in rows[1:]:
                print(f"  {label:>11} instances: inbox p95 {inbox:6.1f} ms ({inbox / base[2]:4.2f}x baseline), "
                      f"instance page p95 {page:6.1f} ms ({page / base[3]:4.2f}x), {per / 1024:5.2f} KB per instance")
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
            from sqlalchemy import create_engine

            admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    main()
