"""SVG diagrams: shapes and edges from DI, highlighted path and waiting tasks, escaped labels."""
from __future__ import annotations

from lxml import etree

from workflows.diagram import render_svg
from workflows.history import human_steps, instance_svg, path_taken, waiting_elements
from workflows.workitems import open_items

from .conftest import MODELS, start_revisi

SVG = "{http://www.w3.org/2000/svg}"
BPMN = (MODELS / "revisi" / "process.bpmn").read_bytes()


def _groups(svg: str) -> dict[str, str]:
    root = etree.fromstring(svg.encode())
    return {g.get("data-element"): g.get("class") or "" for g in root.iter(f"{SVG}g") if g.get("data-element")}


def test_every_shape_and_edge_is_drawn():
    groups = _groups(render_svg(BPMN))
    assert {"start", "submit", "review", "decision", "review_timer", "Lane_pemohon", "f_revise"} <= set(groups)
    assert "userTask" in groups["submit"] and "exclusiveGateway" in groups["decision"]
    assert "non-interrupting" in groups["reminder_timer"]


def test_taken_and_waiting_elements_get_css_classes():
    svg = render_svg(BPMN, taken=["start", "submit"], waiting=["review"])
    groups = _groups(svg)
    assert "taken" in groups["submit"].split() and "waiting" in groups["review"].split()
    assert "taken" not in groups["decision"].split()
    root = etree.fromstring(svg.encode())
    flow = root.find(f".//{SVG}g[@data-element='f_submit_review']/{SVG}path")
    assert "taken" in flow.get("class").split()


def test_labels_are_escaped_and_no_external_assets():
    svg = render_svg(BPMN, title="<script>alert(1)</script>")
    assert "&lt;dokumen&gt;" in svg and "<script>" not in svg
    assert "href" not in svg and "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_instance_views_follow_the_instance(engine, session, deployed):
    instance = start_revisi(engine, session)
    engine.complete(session, open_items(session, instance.id)[0].id, {"subject": "abc"}, actor="budi")
    assert path_taken(instance)[:2] == ["start", "submit"]
    assert waiting_elements(instance) == ["review", "review_timer"]
    groups = _groups(instance_svg(instance))
    assert "waiting" in groups["review"] and "taken" in groups["submit"]
    assert [(s["task"], s["state"]) for s in human_steps(session, instance)] == [
        ("submit", "completed"), ("review", "ready")]
