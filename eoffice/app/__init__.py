"""Application plumbing: configuration, profile checks, extensions, database, Celery, capability loading, i18n, setup and the web error handling."""
