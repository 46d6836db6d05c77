"""Records exchange packages beside SRIKANDI: export and import of letters with their trail."""
