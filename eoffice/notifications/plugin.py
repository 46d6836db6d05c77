"""Notifications in the runtime: a reminder timer notifies the people of the waiting tasks."""
from __future__ import annotations

from eoffice.app.plugins import Plugin
from eoffice.notifications import services

PLUGIN = Plugin("notifications", reminder_notifier=services.remind)
