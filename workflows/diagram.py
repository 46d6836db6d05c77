"""Draw a BPMN diagram as self-contained SVG from its diagram interchange (DI) data.

Shapes and edges come from BPMNShape/BPMNEdge; the instance's taken path and waiting elements get
the CSS classes `taken` and `waiting`. Labels are escaped; no external assets are referenced.
"""
from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from .xml import parse_xml

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
}
STYLE = """
.bpmn text{font:12px sans-serif;fill:#212529}
.bpmn .shape{fill:#fff;stroke:#495057;stroke-width:1.5}
.bpmn .container{fill:none;stroke:#adb5bd;stroke-width:1}
.bpmn .endEvent .shape{stroke-width:4}
.bpmn .non-interrupting .shape{stroke-dasharray:4 3}
.bpmn .marker{fill:none;stroke:#495057;stroke-width:2}
.bpmn .flow{fill:none;stroke:#495057;stroke-width:1.5}
.bpmn .taken .shape{fill:#d1e7dd;stroke:#198754}
.bpmn .flow.taken{stroke:#198754;stroke-width:2.5}
.bpmn .waiting .shape{fill:#fff3cd;stroke:#fd7e14;stroke-width:3}
"""
TASKS = {"task", "userTask", "scriptTask", "serviceTask", "manualTask", "sendTask", "receiveTask",
         "businessRuleTask", "subProcess", "callActivity", "transaction", "adHocSubProcess"}
EVENTS = {"startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent"}
GATEWAYS = {"exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway", "complexGateway"}


@dataclass
class _Shape:
    element_id: str
    kind: str
    name: str
    x: float
    y: float
    w: float
    h: float
    element: object


def _num(value) -> float:
    return float(value or 0)


def _elements(root) -> dict:
    return {el.get("id"): el for el in root.iter() if isinstance(el.tag, str) and el.get("id")}


def _shapes(root, elements) -> list[_Shape]:
    shapes = []
    for node in root.xpath("//bpmndi:BPMNShape", namespaces=NS):
        bounds = node.find("dc:Bounds", NS)
        element = elements.get(node.get("bpmnElement"))
        if bounds is None or element is None:
            continue
        shapes.append(_Shape(element.get("id"), etree.QName(element).localname, element.get("name") or "",
                             _num(bounds.get("x")), _num(bounds.get("y")), _num(bounds.get("width")),
                             _num(bounds.get("height")), element))
    order = {"participant": 0, "lane": 1}
    return sorted(shapes, key=lambda s: order.get(s.kind, 2))


def _wrap(text: str, width: float) -> list[str]:
    limit, lines, line = max(int(width / 7), 4), [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > limit:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line] if line else lines


def _text(lines: list[str], cx: float, cy: float) -> str:
    top = cy - (len(lines) - 1) * 7
    spans = "".join(f'<tspan x="{cx:.1f}" y="{top + i * 14:.1f}">{escape(s)}</tspan>' for i, s in enumerate(lines))
    return f'<text text-anchor="middle" dominant-baseline="middle">{spans}</text>'


def _event(s: _Shape) -> str:
    cx, cy, r = s.x + s.w / 2, s.y + s.h / 2, min(s.w, s.h) / 2
    body = f'<circle class="shape" cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}"/>'
    if s.element.find("bpmn:timerEventDefinition", NS) is not None:
        body += (f'<circle class="marker" cx="{cx:.1f}" cy="{cy:.1f}" r="{r * 0.6:.1f}"/>'
                 f'<path class="marker" d="M{cx:.1f} {cy - r * 0.45:.1f}V{cy:.1f}H{cx + r * 0.35:.1f}"/>')
    label = _text(_wrap(s.name, 90), cx, s.y + s.h + 12) if s.name else ""
    return body + label


def _gateway(s: _Shape) -> str:
    cx, cy = s.x + s.w / 2, s.y + s.h / 2
    body = (f'<path class="shape" d="M{cx:.1f} {s.y:.1f}L{s.x + s.w:.1f} {cy:.1f}'
            f'L{cx:.1f} {s.y + s.h:.1f}L{s.x:.1f} {cy:.1f}Z"/>')
    d = s.w * 0.2
    if s.kind == "exclusiveGateway":
        body += f'<path class="marker" d="M{cx - d:.1f} {cy - d:.1f}L{cx + d:.1f} {cy + d:.1f}M{cx + d:.1f} {cy - d:.1f}L{cx - d:.1f} {cy + d:.1f}"/>'
    elif s.kind == "parallelGateway":
        body += f'<path class="marker" d="M{cx:.1f} {cy - d:.1f}V{cy + d:.1f}M{cx - d:.1f} {cy:.1f}H{cx + d:.1f}"/>'
    label = _text(_wrap(s.name, 90), cx, s.y - 10) if s.name else ""
    return body + label


def _task(s: _Shape) -> str:
    body = f'<rect class="shape" x="{s.x:.1f}" y="{s.y:.1f}" width="{s.w:.1f}" height="{s.h:.1f}" rx="8"/>'
    return body + _text(_wrap(s.name, s.w - 8), s.x + s.w / 2, s.y + s.h / 2)


def _container(s: _Shape) -> str:
    body = f'<rect class="container" x="{s.x:.1f}" y="{s.y:.1f}" width="{s.w:.1f}" height="{s.h:.1f}"/>'
    cx, cy = s.x + 12, s.y + s.h / 2
    return body + (f'<text text-anchor="middle" transform="rotate(-90 {cx:.1f} {cy:.1f})" '
                   f'x="{cx:.1f}" y="{cy + 4:.1f}">{escape(s.name)}</text>')


def _draw_shape(s: _Shape, taken: set, waiting: set) -> str:
    classes = ["bpmn-element", s.kind]
    if s.element_id in waiting:
        classes.append("waiting")
    elif s.element_id in taken:
        classes.append("taken")
    if s.kind == "boundaryEvent" and s.element.get("cancelActivity") == "false":
        classes.append("non-interrupting")
    if s.kind in EVENTS:
        body = _event(s)
    elif s.kind in GATEWAYS:
        body = _gateway(s)
    elif s.kind in ("participant", "lane"):
        body = _container(s)
    else:
        body = _task(s)
    return f'<g class={quoteattr(" ".join(classes))} data-element={quoteattr(s.element_id)}>{body}</g>'


def _draw_edges(root, elements, taken: set, waiting: set) -> tuple[list[str], list[tuple[float, float]]]:
    parts, points = [], []
    for node in root.xpath("//bpmndi:BPMNEdge", namespaces=NS):
        element = elements.get(node.get("bpmnElement"))
        coords = [(_num(w.get("x")), _num(w.get("y"))) for w in node.findall("di:waypoint", NS)]
        if element is None or len(coords) < 2:
            continue
        points += coords
        source, target = element.get("sourceRef"), element.get("targetRef")
        done = source in taken and (target in taken or target in waiting)
        d = "M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in coords)
        label = ""
        if element.get("name"):
            bounds = node.find("bpmndi:BPMNLabel/dc:Bounds", NS)
            lx, ly = ((_num(bounds.get("x")) + _num(bounds.get("width")) / 2, _num(bounds.get("y")) + 7)
                      if bounds is not None else coords[len(coords) // 2])
            label = _text([element.get("name")], lx, ly)
        parts.append(f'<g data-element={quoteattr(element.get("id"))}>'
                     f'<path class="flow{" taken" if done else ""}" d="{d}" marker-end="url(#bpmn-arrow)"/>{label}</g>')
    return parts, points


def render_svg(bpmn_xml: bytes | str, taken=(), waiting=(), title: str | None = None,
               embed_style: bool = True) -> str:
    """SVG markup of the process diagram with `taken` and `waiting` element ids highlighted.

    `embed_style=False` leaves out the `<style>` element (STYLE): a page whose Content-Security-Policy
    allows no inline style loads those rules from its own style sheet instead."""
    root = parse_xml(bpmn_xml)
    elements = _elements(root)
    taken, waiting = set(taken), set(waiting)
    shapes = _shapes(root, elements)
    edges, points = _draw_edges(root, elements, taken, waiting)
    points += [(s.x, s.y) for s in shapes] + [(s.x + s.w, s.y + s.h + 30) for s in shapes]
    if not points:
        points = [(0, 0), (100, 100)]
    x0, y0 = min(p[0] for p in points) - 10, min(p[1] for p in points) - 20
    x1, y1 = max(p[0] for p in points) + 10, max(p[1] for p in points) + 10
    heading = f"<title>{escape(title)}</title>" if title else ""
    style = f"<style>{STYLE}</style>" if embed_style else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bpmn" role="img" '
        f'viewBox="{x0:.1f} {y0:.1f} {x1 - x0:.1f} {y1 - y0:.1f}">{heading}{style}'
        '<defs><marker id="bpmn-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" '
        'markerHeight="8" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#495057"/></marker></defs>'
        + "".join(_draw_shape(s, taken, waiting) for s in shapes) + "".join(edges) + "</svg>"
    )
