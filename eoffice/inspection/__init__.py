"""The inspector's desk: instances with the state of their audit chains, and an instance's audit
history (read-only; reads processes and audit, so it sits above both)."""
