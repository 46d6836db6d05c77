"""A letter with 200 dispositions six levels deep: one disposisi instance each, and still fast."""
from __future__ import annotations

import time

from sqlalchemy import func, select

from eoffice.auth.actor import Actor
from eoffice.org.services import ActingPosition
from tests.eoffice.letters.helpers import complete, position_id, registered_letter, task_for_letter

LEVEL_SIZES = (5, 15, 30, 50, 50, 50)  # 200 positions under the Kepala Dinas, six levels deep


def _org_levels(db_session, head_id: int, unit_id: int) -> list[list[int]]:
    from eoffice.org.models import Position

    levels, parents = [], [head_id]
    for depth, size in enumerate(LEVEL_SIZES, start=1):
        level = []
        for n in range(size):
            p = Position(code=f"BENCH.L{depth}.{n}", title=f"Pelaksana tingkat {depth} nomor {n}", unit_id=unit_id,
                         superior_id=parents[n % len(parents)], is_head=False)
            db_session.add(p)
            db_session.flush()
            level.append(p.id)
        levels.append(level)
        parents = level
    db_session.commit()
    return levels


def _actor(position: int) -> Actor:
    return Actor(employee_id=0, login=f"pos{position}", name=f"Pejabat {position}", roles=frozenset(),
                 positions=(ActingPosition(position),))


def test_two_hundred_dispositions_six_levels_deep_work_and_stay_fast(client, token, db_session):
    from eoffice.letters.dispositions import services
    from eoffice.letters.dispositions.models import Disposition
    from eoffice.letters.models import Letter
    from eoffice.org.models import Position
    from workflows.models import ProcessInstance

    head = position_id("KADIS.KOMINFO")
    levels = _org_levels(db_session, head, db_session.get(Position, head).unit_id)
    letter_ref = registered_letter(client, token)
    letter = db_session.get(Letter, letter_ref["id"])
    started = time.perf_counter()
    by_position: dict[int, Disposition] = {}
    parents = [(head, None)]
    for level in levels:
        children_of: dict[int, list[int]] = {}
        for position in level:
            superior = db_session.get(Position, position).superior_id
            children_of.setdefault(superior, []).append(position)
        for sender, parent in parents:
            if sender in children_of:
                plan = services.plan_disposition(db_session, letter, sender, parent,
                                                 {"recipients": children_of[sender], "instructions": ["Koordinasi"]})
                for d in services.apply_disposition(db_session, _actor(sender), plan):
                    by_position[d.to_position_id] = d
        db_session.commit()
        parents = [(p, by_position[p]) for p in level]
    build_seconds = time.perf_counter() - started

    assert db_session.scalar(select(func.count()).select_from(Disposition).where(Disposition.letter_id == letter.id)) == 200
    assert db_session.scalar(select(func.max(Disposition.depth)).where(Disposition.letter_id == letter.id)) == 6
    assert db_session.scalar(select(func.count(func.distinct(ProcessInstance.id))).where(
        ProcessInstance.business_key == f"letter:{letter.id}", ProcessInstance.model_id == "disposisi")) == 200
    assert build_seconds < 60

    kadis = token("kadis.kominfo")
    started = time.perf_counter()
    body = client.get(f"/api/v1/letters/{letter.id}", headers=kadis).get_json()
    page_seconds = time.perf_counter() - started
    depth, node = 1, body["dispositions"][0]
    while node["children"]:
        depth, node = depth + 1, node["children"][0]
    assert depth == 6
    assert page_seconds < 2.0
    sheet = client.get(f"/api/v1/letters/{letter.id}/disposition-sheet.pdf", headers=kadis)
    assert sheet.status_code == 200

    # the deepest recipient still acts normally, and the head still closes the letter
    deepest = by_position[levels[-1][0]]
    services.plan_report(deepest, {"report": "Selesai di tingkat enam"})
    services.apply_report(db_session, _actor(deepest.to_position_id), deepest, "Selesai di tingkat enam", None)
    db_session.commit()
    head_task = task_for_letter(client, kadis, letter.id)
    started = time.perf_counter()
    assert complete(client, kadis, head_task["id"], {"action": "close"}).status_code == 200
    assert time.perf_counter() - started < 30
