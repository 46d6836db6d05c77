"""Building small process-model packages in tests (a one-task approval wired to SPBE records)."""
from __future__ import annotations

import tomli_w

from workflows.registry import ModelPackage

OFFICE_LINKS = {"RAB": ["RAB.09.06.01"], "RAL": ["RAL.02.07.01"], "RAD": ["RAD.02.03.01"],
                "RAA": ["RAA.01.03.01"], "RAI": ["RAI.01.01.01"], "RAK": ["RAK.01.01.01"]}

BPMN = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
    xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"
    id="Definitions_{pid}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="{pid}" name="Uji" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="approve" name="Setujui">
      <bpmn:extensionElements><spiffworkflow:properties>
        <spiffworkflow:property name="candidates" value="'user:kasi.egov'" />
        <spiffworkflow:property name="due" value="{due}" />
      </spiffworkflow:properties></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:scriptTask id="mark" name="Tandai"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing>
      <bpmn:script>{script}</bpmn:script></bpmn:scriptTask>
    <bpmn:endEvent id="end"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="approve" />
    <bpmn:sequenceFlow id="f2" sourceRef="approve" targetRef="mark" />
    <bpmn:sequenceFlow id="f3" sourceRef="mark" targetRef="end" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="D"><bpmndi:BPMNPlane id="P" bpmnElement="{pid}">
    <bpmndi:BPMNShape id="s_di" bpmnElement="start"><dc:Bounds x="100" y="100" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="a_di" bpmnElement="approve"><dc:Bounds x="180" y="78" width="100" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="m_di" bpmnElement="mark"><dc:Bounds x="320" y="78" width="100" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="e_di" bpmnElement="end"><dc:Bounds x="460" y="100" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="136" y="118" /><di:waypoint x="180" y="118" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="280" y="118" /><di:waypoint x="320" y="118" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="f3_di" bpmnElement="f3"><di:waypoint x="420" y="118" /><di:waypoint x="460" y="118" /></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>
"""
FORM = b'{"type": "object", "properties": {"decision": {"type": "string", "enum": ["approve", "reject"], "title": "Keputusan"}}}'


def model_files(model_id: str, spbe: dict | None = None, version: str = "1.0", script: str = "done = True",
                due: str = "now()", title: str = "Model uji") -> dict[str, bytes]:
    meta = {"id": model_id, "title": title, "owner_unit": "DISKOMINFO", "version": version}
    if spbe is not False:
        meta["spbe"] = OFFICE_LINKS if spbe is None else spbe
    return {"model.toml": tomli_w.dumps(meta).encode(),
            "process.bpmn": BPMN.format(pid=f"proc_{model_id}", script=script, due=due).encode(),
            "forms/approve.json": FORM}


def package(model_id: str, **kwargs) -> ModelPackage:
    return ModelPackage(model_id, model_files(model_id, **kwargs))


def deploy_model(session, model_id: str, **kwargs):
    """Deploy a test model through the engine with the app's deploy checks (as the seed does)."""
    from eoffice.processes.seed import deploy_checks
    from workflows.versions import deploy

    version = deploy(session, package(model_id, **kwargs), extra_checks=deploy_checks(session), deployed_by="admin")
    session.commit()
    return version
