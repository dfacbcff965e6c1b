"""Reflex states: thin. Validate input, call a service, hold what the screen shows."""

from state import (
    equal_assignments,
    lean_state_tree,
    link_cookies,
    opening_hydrates,
    packet_json,
    route_args,
)

lean_state_tree.install()  # before any state is built: each tab's tree costs less (see the module)
equal_assignments.install()  # a list or dict assigned again unchanged is not sent again (see the module)
opening_hydrates.install()  # a link to a protected page: one server event fewer (see the module)
packet_json.install()  # before the app builds its socket server: packets by orjson (see the module)
route_args.install()  # before the app adds its pages: a link's route arguments cost less (see the module)
link_cookies.install()  # before the app compiles: a link sends the cookies only when they changed (see the module)
