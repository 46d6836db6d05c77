"""Build-time tools (message catalogs); not part of the runtime package."""
