"""Ofsted's report finder: the site's layout (site.py), fetching politely (fetch.py); the sync
itself (sync.py)."""
