"""The read-only JSON API (/api/) and the Atom feeds (/feeds/), on the dashboard's queries."""
