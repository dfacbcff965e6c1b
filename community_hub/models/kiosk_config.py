"""How a lobby kiosk reaches its hardware bridge. One row per KioskDevice.

The page gets the URL and the pairing token (the browser must send the token); the HMAC secret
never leaves the server: it checks the bridge's signatures on card reads and terminal approvals.
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class KioskBridgeConfig(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    kiosk_id: int = Field(foreign_key="kioskdevice.id", unique=True)
    bridge_url: str = Field(default="ws://127.0.0.1:8765/", max_length=200)
    pairing_token: str = Field(max_length=200)
    secret: str = Field(max_length=200)
    terminal_device: str = Field(default="sim_terminal", max_length=60)  # bridge device id of the terminal
    idle_seconds: int = 60  # back to the attract screen after this long without a touch or scan
