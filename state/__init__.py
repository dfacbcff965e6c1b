"""Reflex states: thin. Validate input, call a service, hold what the screen shows."""

from state import lean_state_tree

lean_state_tree.install()  # before any state is built: each tab's tree costs less (see the module)
