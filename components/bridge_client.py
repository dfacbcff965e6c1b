"""The kiosk page's bridge connection: a small React component (assets/bridge_client.js) whose
hook opens the hardware bridge's websocket and turns every message into a Reflex event.

    bridge_client(url=..., token=..., command=State.bridge_command,
                  on_message=State.on_bridge_message)

`on_message` receives each bridge message as a JSON string (plus `bridge.down` when the socket
drops); `command` is a JSON envelope the page sends to the bridge whenever the value changes.
"""

from __future__ import annotations

import reflex as rx
from reflex_base.event import passthrough_event_spec


class BridgeClient(rx.Component):
    library = "$/public/bridge_client.js"
    tag = "BridgeClient"

    url: rx.Var[str]
    token: rx.Var[str]
    command: rx.Var[str]
    on_message: rx.EventHandler[passthrough_event_spec(str)]


bridge_client = BridgeClient.create
