"""The inbox: every ready task offered to the signed-in person, including those received as Plh/Plt."""
