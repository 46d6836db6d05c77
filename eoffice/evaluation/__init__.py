"""SPBE evaluation evidence (PermenPANRB 59/2020, Layanan Kearsipan): the page and PDF report that
show levels 3–5 from the office's own data. Reads the SPBE registry, model administration and the
API catalogue, so it sits at the top of the capabilities."""
