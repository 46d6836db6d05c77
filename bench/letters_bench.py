"""Benchmark of the letter register: inbox and letter-page response times at scale.

Run: ``python -m bench.letters_bench [--requests N] [--letters 10000] [--dispositions 100000]``.
Measures, in one run on a fresh SQLite database (WAL), p50/p95 of
  - the inbox of a Kepala Bidang (letters page with counters and their dispositions, and the
    counters API),
  - a letter page (web page and GET /api/v1/letters/<id> with its disposition tree),
first with a small baseline (50 letters registered through the real service), then after bulk
inserting generated rows up to 10,000 letters and 100,000 dispositions, and prints the ratios.
"""
from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date, timedelta

from sqlalchemy import func, insert, select

BASELINE_LETTERS = 50


def _app(tmp: str):
    from eoffice import create_app
    from eoffice.app import setup
    from eoffice.app.extensions import db

    app = create_app({"TESTING": True, "SECRET_KEY": "bench-secret-key-long-enough-for-hs256-0123",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite", "STORAGE_DIR": f"{tmp}/files",
                      "WTF_CSRF_ENABLED": False, "CELERY_EAGER": True, "SMTP_HOST": ""})
    with app.app_context():
        db.create_all()
        setup.seed_all()
    return app


def _pdf() -> bytes:
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 760, "Surat untuk benchmark")
    c.save()
    return buf.getvalue()


def _baseline(app) -> list[int]:
    """Letters registered and disposed through the real services (with their process instances)."""
    from eoffice.auth.actor import actor_by_login
    from eoffice.letters.dispositions import services as dispositions
    from eoffice.app.extensions import db
    from eoffice.letters import services as letters
    from eoffice.org.models import Position

    session = db.session
    tu = actor_by_login(session, "tu.kominfo")
    kadis = actor_by_login(session, "kadis.kominfo")
    head = session.scalar(select(Position.id).where(Position.code == "KADIS.KOMINFO"))
    kabid = session.scalar(select(Position.id).where(Position.code == "KABID.APTIKA"))
    opd = letters.registering_opd(session, tu, head)
    ids, pdf = [], _pdf()
    for n in range(BASELINE_LETTERS):
        fields = {"sender": f"Instansi {n}", "letter_number": f"B-{n}/2026", "letter_date": "2026-11-20",
                  "received_date": "2026-11-23", "subject": f"Perihal surat {n}", "classification": "000.1.2"}
        letter = letters.register_incoming(session, tu, opd, fields, pdf, head)
        plan = dispositions.plan_disposition(session, letter, head, None,
                                             {"recipients": [kabid], "instructions": ["Proses lebih lanjut"]})
        dispositions.apply_disposition(session, kadis, plan)
        session.commit()
        ids.append(letter.id)
    return ids


def _bulk(app, letters_total: int, dispositions_total: int, seed: int = 7) -> None:
    """Generated rows (no process instances): most old letters closed, a few still open."""
    from eoffice.letters.dispositions.models import Disposition
    from eoffice.app.extensions import db
    from eoffice.letters.models import Letter
    from eoffice.org.models import Position, Unit
    from eoffice.org.services import opd_of_position

    rng = random.Random(seed)
    session = db.session
    heads = [p for p in session.scalars(select(Position).where(Position.is_head.is_(True)))]
    by_opd: dict[int, list[Position]] = {}
    for p in heads:
        by_opd.setdefault(opd_of_position(session, p.id).id, []).append(p)
    subordinates = {p.id: [c for c in session.scalars(select(Position.id).where(Position.superior_id == p.id))]
                    for p in session.scalars(select(Position))}
    opds = [u for u in session.scalars(select(Unit).where(Unit.kind == "opd")) if u.id in by_opd]
    existing = session.scalar(select(func.count()).select_from(Letter))
    next_letter = (session.scalar(select(func.max(Letter.id))) or 0) + 1
    next_disp = (session.scalar(select(func.max(Disposition.id))) or 0) + 1
    now = __import__("eoffice.core.clock", fromlist=["now"]).now()
    letter_rows, disp_rows, agenda = [], [], {}
    existing_dispositions = session.scalar(select(func.count()).select_from(Disposition))
    generated = max(1, letters_total - existing)
    per_letter, extra = divmod(max(0, dispositions_total - existing_dispositions), generated)
    for n in range(letters_total - existing):
        opd = opds[n % len(opds)]
        head = min(by_opd[opd.id], key=lambda p: p.id)
        agenda[opd.id] = agenda.get(opd.id, 0) + 1
        created = now - timedelta(days=rng.randint(1, 700), minutes=rng.randint(0, 1440))
        open_letter = rng.random() < 0.05
        letter_id = next_letter + n
        letter_rows.append(dict(
            id=letter_id, direction="masuk", kind="surat dinas", opd_unit_id=opd.id, agenda_year=2025,
            agenda_number=agenda[opd.id], letter_number=f"G-{n}/2025", letter_date=date(2025, 1, 1),
            received_date=created.date(), sender=f"Pengirim {n % 500}", subject=f"Perihal generik {n}",
            summary="", sifat=rng.choice(("biasa", "biasa", "biasa", "terbatas", "rahasia")), urgency="biasa",
            classification_code="000.1.2", attachments_count=0, addressed_to_position_id=head.id,
            source="bench", status="in_progress" if open_letter else "done", created_at=created,
            deadline=created + timedelta(days=7)))
        frontier, made, wanted = [(head.id, None, 0)], 0, per_letter + (n < extra)
        while made < wanted:
            if not frontier:  # a small OPD: the head disposes again (another round)
                frontier = [(head.id, None, 0)]
            sender, parent, depth = frontier.pop(0)
            for target in subordinates.get(sender, [])[:3]:
                if made >= wanted:
                    break
                status = rng.choice(("unread", "read")) if open_letter else rng.choice(("reported", "done"))
                disp_rows.append(dict(
                    id=next_disp, letter_id=letter_id, parent_id=parent, depth=depth + 1, from_position_id=sender,
                    to_position_id=target, instructions=["Proses lebih lanjut"], for_information=False, note="",
                    deadline=created + timedelta(days=5), status=status, created_at=created))
                frontier.append((target, next_disp, depth + 1))
                next_disp, made = next_disp + 1, made + 1
    for chunk in range(0, len(letter_rows), 5000):
        session.execute(insert(Letter), letter_rows[chunk:chunk + 5000])
    for chunk in range(0, len(disp_rows), 5000):
        session.execute(insert(Disposition), disp_rows[chunk:chunk + 5000])
    session.commit()


def _timed(client, path: str, headers: dict | None, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path, headers=headers or {})
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return samples


def _measure(app, letter_id: int, runs: int) -> dict[str, tuple[float, float]]:
    web, api = app.test_client(), app.test_client()
    web.post("/login", data={"username": "kabid.aptika", "password": "eoffice-demo"})
    token = api.post("/api/v1/auth/token", json={"username": "kabid.aptika", "password": "eoffice-demo"})
    headers = {"Authorization": f"Bearer {token.get_json()['access_token']}"}
    paths = {"inbox page": ("/letters/", web, None), "counters API": ("/api/v1/dispositions/counters", api, headers),
             "letter page": (f"/letters/{letter_id}", web, None),
             "letter API": (f"/api/v1/letters/{letter_id}", api, headers)}
    result = {}
    for name, (path, client, hdrs) in paths.items():
        _timed(client, path, hdrs, 3)  # warm up
        samples = sorted(_timed(client, path, hdrs, runs))
        result[name] = (statistics.median(samples), samples[int(0.95 * (len(samples) - 1))])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--letters", type=int, default=10_000)
    parser.add_argument("--dispositions", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = _app(tmp)
        with app.app_context():
            ids = _baseline(app)
            small = _measure(app, ids[len(ids) // 2], args.requests)
            started = time.perf_counter()
            _bulk(app, args.letters, args.dispositions)
            load = time.perf_counter() - started
            from eoffice.letters.dispositions.models import Disposition
            from eoffice.app.extensions import db
            from eoffice.letters.models import Letter

            counts = (db.session.scalar(select(func.count()).select_from(Letter)),
                      db.session.scalar(select(func.count()).select_from(Disposition)))
            large = _measure(app, ids[len(ids) // 2], args.requests)
    print(f"letters bench: baseline {BASELINE_LETTERS} letters; large {counts[0]} letters, "
          f"{counts[1]} dispositions (bulk load {load:.1f} s); {args.requests} requests each")
    print(f"{'endpoint':<14} {'p50 small':>10} {'p95 small':>10} {'p50 large':>10} {'p95 large':>10} {'p50 ×':>7} {'p95 ×':>7}")
    for name in small:
        (s50, s95), (l50, l95) = small[name], large[name]
        print(f"{name:<14} {s50:>8.1f}ms {s95:>8.1f}ms {l50:>8.1f}ms {l95:>8.1f}ms {l50 / s50:>7.2f} {l95 / s95:>7.2f}")


if __name__ == "__main__":
    main()
