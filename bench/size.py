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
import random
import sys
import tempfile
import re
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import SimpleNamespace

from sqlalchemy import text

from eoffice.processes.events import chain_of
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
    from eoffice import create_app
    from eoffice.app import setup
    from eoffice.app.extensions import db

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
    return {
        "wf_process_instance": _rows(conn, "SELECT * FROM wf_process_instance WHERE id = :i", i=instance_id),
        "wf_work_item": _rows(conn, "SELECT * FROM wf_work_item WHERE instance_id = :i ORDER BY id", i=instance_id),
        "wf_work_item_candidate": _rows(conn, "SELECT c.* FROM wf_work_item_candidate c JOIN wf_work_item w "
                                              "ON w.id = c.work_item_id WHERE w.instance_id = :i ORDER BY c.id",
                                        i=instance_id),
        "audit_event": _rows(conn, "SELECT * FROM audit_event WHERE chain = :c ORDER BY seq", c=chain_of(instance_id)),
        "chain": chain_of(instance_id),
    }


UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
ISO_RE = re.compile(r'"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?\+00:00)"')
STAMP_RE = re.compile(r'"last_state_change": ([0-9.]+)')
ITEM_RE = re.compile(r'"work_item_id": (\d+)')


@dataclass(frozen=True)
class Person:
    login: str
    position: int
    name: str


def _people(tpl: dict) -> tuple[Person, Person]:
    """The requester and the approver of the template instance (the real leave request)."""
    cols, rows = tpl["audit_event"]
    start = dict(zip(cols, rows[0]))["detail"]["data"]
    requester = Person(start["requester"], start["requester_position"], start["requester_name"])
    icols, items = tpl["wf_work_item"]
    ccols, cands = tpl["wf_work_item_candidate"]
    assert len(items) == 1 and [c[ccols.index("kind")] for c in cands] == ["position"], "cuti: one review task"
    approver = Person(items[0][icols.index("completed_by")], int(cands[0][ccols.index("value")]), "")
    return requester, approver


class Generator:
    """Writes copies of the template with new ids (COPY), `batch` instances per transaction.

    Each copy is what the engine and the audit listener write for another leave request: fresh
    task UUIDs in the workflow state and the work item, times shifted back (columns, ISO strings
    and SpiffWorkflow's epoch stamps), another requester and approver (logins, positions and names
    wherever they appear), the audit detail pointing at the copy's work item, and a real hash chain
    (data hashes and event hashes computed as `eoffice.audit.services.record` does), so
    `flask audit verify` passes on generated chains. `busy_share` of the copies are requested by
    the real requester and decided by the real approver, so their inbox and "my requests" carry a
    long history.
    """

    def __init__(self, raw_conn, tpl: dict, positions: int, requesters: int, busy_share: float, seed: int = 7):
        self.conn, self.tpl = raw_conn, tpl
        self.positions, self.requesters, self.busy_share = positions, requesters, busy_share
        self.random = random.Random(seed)
        self.requester, self.approver = _people(tpl)
        self.own_requests: list[int] = []  # generated ids started by the real requester
        cur = raw_conn.cursor()
        self.next_ids = {t: cur.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {t}").fetchone()[0] for t in TABLES}
        self.rows = {t: [dict(zip(tpl[t][0], r)) for r in tpl[t][1]] for t in TABLES}
        self.json_cols = {t: {c for r in self.rows[t] for c, v in r.items() if isinstance(v, (dict, list))} for t in TABLES}
        self._texts = {id(v): json.dumps(v) for t in TABLES for r in self.rows[t] for v in r.values()
                       if isinstance(v, (dict, list))}  # the stored JSON text, as SQLAlchemy's JSON type writes it

    def _pick(self) -> tuple[Person, Person]:
        rnd = self.random
        requester = self.requester if rnd.random() < self.busy_share else Person(
            f"bench.staf{(k := rnd.randrange(self.requesters)):05d}", 300000 + k, f"Pegawai Contoh {k:05d}, S.Kom.")
        approver = self.approver if rnd.random() < self.busy_share else Person(
            f"bench.atasan{(k := rnd.randrange(self.positions)):05d}", 100000 + k, "")
        return requester, approver

    def _subs(self, requester: Person, approver: Person) -> tuple[list[tuple[str, str]], dict]:
        r0, a0 = self.requester, self.approver
        text_subs = [(json.dumps(r0.login), json.dumps(requester.login)),
                     (json.dumps(r0.name), json.dumps(requester.name)),
                     (f'"requester_position": {r0.position}', f'"requester_position": {requester.position}'),
                     (f'"approver": {a0.position}', f'"approver": {approver.position}'),
                     (f'"position:{a0.position}"', f'"position:{approver.position}"'),
                     (f'"position:{r0.position}"', f'"position:{requester.position}"')]
        scalars = {r0.login: requester.login, a0.login: approver.login,
                   f"position:{r0.position}": f"position:{requester.position}",
                   f"position:{a0.position}": f"position:{approver.position}"}
        return text_subs, scalars

    def _uuid(self) -> str:
        h = f"{self.random.getrandbits(128) | (4 << 76) | (2 << 62):032x}"  # version 4, RFC 4122 variant
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def _render(self, text_: str, text_subs, uuids: dict, delta: timedelta, item_ids: dict) -> str:
        text_ = UUID_RE.sub(lambda m: uuids.get(m.group(0)) or uuids.setdefault(m.group(0), self._uuid()), text_)
        for old, new in text_subs:
            text_ = text_.replace(old, new)
        if '+00:00"' in text_:
            text_ = ISO_RE.sub(lambda m: json.dumps((datetime.fromisoformat(m.group(1)) - delta).isoformat()), text_)
        if '"last_state_change"' in text_:
            seconds = delta.total_seconds()
            text_ = STAMP_RE.sub(lambda m: f'"last_state_change": {float(m.group(1)) - seconds!r}', text_)
        if '"work_item_id"' in text_:
            text_ = ITEM_RE.sub(lambda m: f'"work_item_id": {item_ids[int(m.group(1))]}', text_)
        return text_

    def _copy(self, table: str, row: dict, changes: dict, delta, text_subs, scalars, uuids, item_ids) -> dict:
        out = {}
        for col, value in row.items():
            if col in changes:
                value = changes[col]
            elif col in self.json_cols[table] and value is not None:
                value = self._render(self._texts[id(value)], text_subs, uuids, delta, item_ids)
            elif isinstance(value, datetime):
                value = value - delta
            elif isinstance(value, str):
                value = (uuids.get(value) or uuids.setdefault(value, self._uuid())) if UUID_RE.fullmatch(value) \
                    else scalars.get(value, value)
            out[col] = value
        return out

    def _instance(self, buffers: dict) -> None:
        from eoffice.audit.services import GENESIS, _event_hash, data_hash

        ids, rows = self.next_ids, self.rows
        delta = timedelta(minutes=self.random.randint(60, 3 * 365 * 24 * 60), microseconds=self.random.randrange(10**6))
        requester, approver = self._pick()
        text_subs, scalars = self._subs(requester, approver)
        uuids: dict[str, str] = {}
        iid = ids["wf_process_instance"]
        ids["wf_process_instance"] += 1
        if requester == self.requester:
            self.own_requests.append(iid)
        item_ids = {}
        for r in rows["wf_work_item"]:
            item_ids[r["id"]], ids["wf_work_item"] = ids["wf_work_item"], ids["wf_work_item"] + 1
        args = (delta, text_subs, scalars, uuids, item_ids)
        for r in rows["wf_process_instance"]:
            buffers["wf_process_instance"].append(self._copy("wf_process_instance", r, {"id": iid}, *args))
        for r in rows["wf_work_item"]:
            buffers["wf_work_item"].append(self._copy(
                "wf_work_item", r, {"id": item_ids[r["id"]], "instance_id": iid}, *args))
        for r in rows["wf_work_item_candidate"]:
            buffers["wf_work_item_candidate"].append(self._copy(
                "wf_work_item_candidate", r, {"id": ids["wf_work_item_candidate"], "work_item_id": item_ids[r["work_item_id"]],
                                              "value": str(approver.position)}, *args))
            ids["wf_work_item_candidate"] += 1
        prev = GENESIS
        for r in rows["audit_event"]:
            event = self._copy("audit_event", r, {"id": ids["audit_event"], "chain": chain_of(iid)}, *args)
            ids["audit_event"] += 1
            detail = json.loads(event["detail"]) if event["detail"] is not None else None
            event["data_hash"] = data_hash((detail or {}).get("data"))
            event["prev_hash"] = prev
            event["hash"] = prev = _event_hash(SimpleNamespace(**event))
            buffers["audit_event"].append(event)

    def write(self, count: int, progress: Progress, done_before: int, batch: int = 5000) -> None:
        done = 0
        while done < count:
            n = min(batch, count - done)
            buffers = {t: [] for t in TABLES}
            for _ in range(n):
                self._instance(buffers)
            cur = self.conn.cursor()
            for table in TABLES:
                cols = self.tpl[table][0]
                with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                    for row in buffers[table]:
                        copy.write_row(tuple(row[c] for c in cols))
            self.conn.commit()
            done += n
            progress.update(done_before + done)

    def fix_sequences(self) -> None:
        cur = self.conn.cursor()
        for table in TABLES:
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        self.conn.commit()
        self.conn.autocommit = True  # VACUUM runs outside a transaction; it sets the visibility map
        cur.execute("VACUUM ANALYZE")  # as autovacuum would have done on a live system
        self.conn.autocommit = False


def bytes_stored(conn) -> int:
    return sum(conn.execute(text(f"SELECT pg_total_relation_size('{t}')")).scalar() for t in TABLES)


def p95_ms(fn, runs: int = 300) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        assert fn().status_code == 200
        times.append(time.perf_counter() - t0)
    times.sort()
    return times[int(0.95 * (len(times) - 1))] * 1000


class Statements:
    """The SQL statements one request runs, then each again under EXPLAIN (ANALYZE, BUFFERS)."""

    def __init__(self, engine):
        self.engine, self.seen = engine, []

    def _record(self, conn, cursor, statement, parameters, context, executemany):
        self.seen.append((statement, parameters))

    def of(self, request) -> list[tuple[str, object]]:
        from sqlalchemy import event

        self.seen = []
        event.listen(self.engine, "before_cursor_execute", self._record)
        try:
            assert request().status_code == 200
        finally:
            event.remove(self.engine, "before_cursor_execute", self._record)
        return [(s, p) for s, p in self.seen if s.lstrip().upper().startswith("SELECT")]

    def explain(self, request) -> list[dict]:
        """Per statement: its text, plan (JSON), pages touched (shared buffers) and execution ms."""
        plans = []
        raw = self.engine.raw_connection()
        try:
            cur = raw.cursor()
            for statement, params in self.of(request):
                cur.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + statement, params)
                plan = cur.fetchone()[0][0]
                top = plan["Plan"]
                plans.append({"sql": statement, "plan": top, "ms": plan["Execution Time"],
                              "pages": top.get("Shared Hit Blocks", 0) + top.get("Shared Read Blocks", 0)})
            raw.rollback()
        finally:
            raw.close()
        return plans


def _plan_lines(node: dict, depth: int = 0) -> list[str]:
    what = node["Node Type"]
    if node.get("Index Name"):
        what += f" using {node['Index Name']}"
    if node.get("Relation Name"):
        what += f" on {node['Relation Name']}"
    pages = node.get("Shared Hit Blocks", 0) + node.get("Shared Read Blocks", 0)
    extra = f" heap fetches {node['Heap Fetches']}" if "Heap Fetches" in node else ""
    lines = [f"{'  ' * depth}-> {what} (rows {node.get('Actual Rows')} x{node.get('Actual Loops')}, pages {pages}{extra})"]
    for child in node.get("Plans", []):
        lines += _plan_lines(child, depth + 1)
    return lines


def print_plans(label: str, plans: list[dict]) -> None:
    print(f"  EXPLAIN ANALYZE of {label}: {len(plans)} statements, {sum(p['pages'] for p in plans)} pages, "
          f"{sum(p['ms'] for p in plans):.2f} ms in the database")
    for p in plans:
        if not any(t in p["sql"] for t in TABLES):
            continue
        print(f"    {p['pages']:5d} pages {p['ms']:6.2f} ms  {' '.join(p['sql'].split())[:150]}")
        for line in _plan_lines(p["plan"]):
            print(f"        {line}")


def _shape(value):
    """The structure of a stored value: JSON keys and types, with ids, times and names left out."""
    if isinstance(value, dict):
        return {("<uuid>" if UUID_RE.fullmatch(k) else k): _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(v) for v in value]
    return type(value).__name__


def _row_sizes(conn, table: str, where: str, **params) -> list[int]:
    return [r[0] for r in conn.execute(text(f"SELECT pg_column_size(t.*) FROM {table} t WHERE {where} ORDER BY id"), params)]


def compare_with_real(conn, real_id: int, generated_id: int) -> list[str]:
    """Differences in shape between a generated instance and a real one created in this run ([] = same)."""
    problems = []
    real, made = template(conn, real_id), template(conn, generated_id)
    for table in TABLES:
        cols, rows_real = real[table]
        rows_made = made[table][1]
        if len(rows_real) != len(rows_made):
            problems.append(f"{table}: {len(rows_made)} rows, real {len(rows_real)}")
            continue
        for a, b in zip(rows_real, rows_made):
            for col, va, vb in zip(cols, a, b):
                if _shape(va) != _shape(vb):
                    problems.append(f"{table}.{col}: {_shape(vb)} != real {_shape(va)}")
    return problems


def shape_report(conn, session, real_id: int, generated_ids: list[int]) -> str:
    """Compare generated rows with a real instance and verify a sample of generated audit chains."""
    from eoffice.audit.services import verify_chain

    sample = random.Random(5).sample(generated_ids, min(50, len(generated_ids)))
    problems = compare_with_real(conn, real_id, sample[0])
    bad = [i for i in sample if not verify_chain(session, chain_of(i)).verified]
    uuids = conn.execute(text("SELECT count(DISTINCT task_id), count(*) FROM wf_work_item WHERE instance_id = ANY(:ids)"),
                         {"ids": sample}).one()
    size = {t: (sum(_row_sizes(conn, t, w, i=real_id)), sum(_row_sizes(conn, t, w, i=sample[0]))) for t, w in (
        ("wf_process_instance", "id = :i"), ("wf_work_item", "instance_id = :i"),
        ("audit_event", "chain = 'instance:' || :i"))}
    if problems or bad or uuids[0] != uuids[1]:
        raise AssertionError(f"generated rows differ from a real instance: {problems}, unverified chains {bad}, "
                             f"task ids {uuids}")
    return (f"generated rows shaped like real instance {real_id} (same columns, JSON keys and types); "
            f"{len(sample)} sampled chains verify; row bytes generated/real: "
            + ", ".join(f"{t} {m}/{r}" for t, (r, m) in size.items()))


def _login(app, login: str):
    client = app.test_client()
    assert client.post("/login", data={"username": login, "password": "eoffice-demo"}).status_code in (200, 302)
    return client


def measure(app, client, staff, boss, own_ids: list[int]) -> dict:
    """p95 of the inbox (API and page) and the instance page (API and page) of the real people."""
    rnd = random.Random(3)
    boss_web, staff_web = _login(app, "kasi.egov"), _login(app, "staf.egov1")
    return {"inbox": p95_ms(lambda: client.get("/api/v1/tasks", headers=boss)),
            "inbox page": p95_ms(lambda: boss_web.get("/inbox")),
            "instance": p95_ms(lambda: client.get(f"/api/v1/instances/{rnd.choice(own_ids)}", headers=staff)),
            "instance page": p95_ms(lambda: staff_web.get(f"/instances/{rnd.choice(own_ids)}"), runs=100)}


def explain(app, client, staff, boss, instance_id: int) -> dict:
    from eoffice.app.extensions import db

    statements = Statements(db.engine)
    staff_web = _login(app, "staf.egov1")
    return {"inbox": statements.explain(lambda: client.get("/api/v1/tasks", headers=boss)),
            "instance": statements.explain(lambda: client.get(f"/api/v1/instances/{instance_id}", headers=staff)),
            "instance page": statements.explain(lambda: staff_web.get(f"/instances/{instance_id}"))}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--baseline", type=int, default=10_000)
    parser.add_argument("--positions", type=int, default=2000, help="approver positions the requests spread over")
    parser.add_argument("--requesters", type=int, default=20000, help="requesters the requests spread over")
    parser.add_argument("--busy-share", type=float, default=0.01,
                        help="share of requests by the measured requester and decided by the measured approver")
    parser.add_argument("--explain", action="store_true", help="print the EXPLAIN ANALYZE plans at the full count")
    args = parser.parse_args(argv)
    from eoffice.app.extensions import db

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
                gen = Generator(raw.driver_connection, tpl, args.positions, args.requesters, args.busy_share)
                first_id = gen.next_ids["wf_process_instance"]
                with db.engine.connect() as conn:
                    empty = bytes_stored(conn)
                progress = Progress(args.count, "filling")
                rows, plans = [], {}
                for target in sorted({min(args.baseline, args.count), args.count}):
                    gen.write(target - (rows[-1]["n"] if rows else 0), progress, rows[-1]["n"] if rows else 0)
                    gen.fix_sequences()
                    db.session.remove()
                    with db.engine.connect() as conn:
                        per_instance = (bytes_stored(conn) - empty) / target
                    figures = measure(app, client, staff, boss, gen.own_requests)
                    plans = explain(app, client, staff, boss, gen.own_requests[-1])
                    rows.append({"n": target, "bytes": per_instance, **figures,
                                 **{f"{k} pages": sum(p["pages"] for p in v) for k, v in plans.items()}})
                raw.close()
                second = _one_real_leave(client, staff, boss)  # a real instance made after the fill
                with db.engine.connect() as conn:
                    shape = shape_report(conn, db.session, second, list(range(first_id, first_id + args.count)))
                db.session.remove()
            print(f"size: completed leave requests in PostgreSQL ({args.positions} approver positions, "
                  f"{args.requesters} requesters, {args.busy_share:.0%} by/for the measured people); "
                  f"{sum(len(tpl[t][1]) for t in TABLES)} rows per instance")
            print(f"  {shape}")
            base = rows[0]
            for row in rows:
                print(f"  {row['n']:>11,} instances: {row['bytes'] / 1024:5.2f} KB per instance "
                      f"({row['bytes'] / base['bytes']:4.2f}x)")
                for key in ("inbox", "inbox page", "instance", "instance page"):
                    pages = f", {row[key + ' pages']:4d} pages" if key + " pages" in row else ""
                    print(f"      {key:<14} p95 {row[key]:6.1f} ms ({row[key] / base[key]:4.2f}x baseline){pages}")
            if args.explain:
                for label, found in plans.items():
                    print_plans(label, found)
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
