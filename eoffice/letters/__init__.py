"""Letters: the incoming register (agenda numbers), classification codes, the letter page and search."""
