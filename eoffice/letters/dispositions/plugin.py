"""Incoming letters and dispositions in the runtime: the handlers of `surat_masuk` and
`disposisi`, the task enricher (letter id, agenda number, subject), the letter page as the task
page, reading a disposition when its task is opened, and the reactions to its timers."""
from __future__ import annotations

from eoffice.app.plugins import Plugin
from eoffice.letters.dispositions import handlers, services

PLUGIN = Plugin("letters.dispositions",
                handlers={"surat_masuk": handlers.IncomingLetterTasks(),
                          services.DISPOSITION_MODEL: handlers.DispositionTasks()},
                task_enrichers=(handlers.enrich_tasks,), task_pages=(handlers.task_page,),
                task_opened=(handlers.on_task_opened,), event_listeners=(handlers.on_engine_event,))
