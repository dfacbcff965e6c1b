"""Community Hub hardware bridge: a separate local process that exposes the kiosk's
scanner, card reader, camera and payment terminal to the kiosk page over a websocket.

It imports nothing from the web app (`community_hub`, `state`, `components`, reflex):
the only contract between the two is the JSON protocol in PROTOCOL.md.
"""

__version__ = "0.1.0"
