"""The organisation as people use it: the chart page, positions, Plh/Plt delegation forms and API.
The organisation's data and rules are `eoffice.org`; these pages need the signed-in actor, so they
sit above `auth`."""
