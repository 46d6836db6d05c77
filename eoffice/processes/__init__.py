"""Processes: the configured engine, starting and completing process instances, timers, the catalogue."""
