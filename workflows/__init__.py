"""Process engine layer: BPMN models, versions, instances and work items on SpiffWorkflow (no Flask)."""
