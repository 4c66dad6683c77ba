"""Inspections and visits: the framework rules, models, admin, imports, report reading, standing."""
