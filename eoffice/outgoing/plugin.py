"""Outgoing letters in the runtime: the `surat_keluar` task handler, task listings, the paraf path
in the letters' visibility rule, and the number/signer fields of a letter's API body."""
from __future__ import annotations

from eoffice.app.plugins import Plugin
from eoffice.outgoing import services, tasks

PLUGIN = Plugin("outgoing", handlers={services.MODEL_ID: tasks.OutgoingTasks()},
                task_enrichers=(tasks.enrich,), letter_path=(services.paraf_path,),
                letter_fields=(services.letter_api_fields,))
