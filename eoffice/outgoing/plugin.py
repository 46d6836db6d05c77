"""Outgoing letters in the runtime: the `surat_keluar` task handler, task listings, the paraf path
in the letters' visibility rule, and the number/signer fields of a letter's API body."""
from __future__ import annotations

from eoffice.app.plugins import Plugin
from eoffice.outgoing import handlers, services

PLUGIN = Plugin("outgoing", handlers={services.MODEL_ID: handlers.OutgoingTasks()},
                task_enrichers=(handlers.enrich,), letter_path=(services.paraf_path,),
                letter_fields=(services.letter_api_fields,))
