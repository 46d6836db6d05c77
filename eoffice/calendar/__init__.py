"""Working-day calendar: weekends and configured holidays, in Western Indonesian Time."""
