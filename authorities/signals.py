"""Signals the authority register sends that Django's own do not cover."""

from django.dispatch import Signal

#: Rows were written in bulk (bulk_create sends no post_save): whoever keeps a version of the
#: data (inspections.signals) moves it.
rows_bulk_written = Signal()
