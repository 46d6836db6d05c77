"""Tables the operations side owns: the job idempotency ledger (defined in eoffice.jobs)."""
from eoffice.jobs.models import JobRun  # noqa: F401  (registers `job_run` on the shared metadata)
