"""SPBE architecture registry: records of the six domains, their links, and the process models wired to them."""
