"""Organisation: units, positions, employees, roles and Plh/Plt delegations."""
