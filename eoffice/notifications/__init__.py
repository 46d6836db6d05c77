"""Notifications: in-app messages and e-mail (SMTP through the Celery task `send_email`)."""
