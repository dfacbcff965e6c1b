"""The kiosk page's bridge connection: a small React component (assets/bridge_client.js) whose
hook opens the hardware bridge's websocket and turns every message into a Reflex event.

    bridge_client(url=..., token=..., command=State.bridge_command,
                  on_message=State.on_bridge_message)

`on_message` receives each bridge message as a JSON string (plus `bridge.down` when the socket
drops); `command` is a JSON envelope the page sends to the bridge whenever the value changes.
The device-status corner it draws reads in the reader's language (`labels`, compiled in here).
"""

from __future__ import annotations

import reflex as rx
from reflex_base.event import passthrough_event_spec

from components.i18n import N_
from state.shared.language import LanguageState, chinese

# The words of the device-status corner, by the key the script looks them up with (a device's
# kind, a status, or its own key); English is the script's own fallback.
LABELS = {
    "devices": N_("Devices"), "offline": N_("Devices offline"), "sim": N_("(sim)"),
    "scanner": N_("Scanner"), "card_reader": N_("Card reader"), "payment_terminal": N_("Terminal"),
    "camera": N_("Camera"), "disconnected": N_("disconnected"), "connecting": N_("connecting"),
    "error": N_("error"),
}


class BridgeClient(rx.Component):
    library = "$/public/bridge_client.js"
    tag = "BridgeClient"

    url: rx.Var[str]
    token: rx.Var[str]
    command: rx.Var[str]
    on_message: rx.EventHandler[passthrough_event_spec(str)]
    labels: rx.Var[dict[str, str]]


def bridge_client(**props) -> rx.Component:
    props.setdefault("labels", rx.cond(LanguageState.lang == "zh",
                                       {k: chinese(v) or v for k, v in LABELS.items()}, LABELS))
    return BridgeClient.create(**props)
