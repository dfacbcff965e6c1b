"""Reusable UI: the four shells, forms, tables, pagers."""
