"""Reflex states: thin. Validate input, call a service, hold what the screen shows."""
