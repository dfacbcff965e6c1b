"""Event tickets as QR codes: what a ticket's QR holds. The lobby kiosk reads them
(community_hub/kiosk/tickets.py) and checks the holder in, as staff do by typing the code."""

from __future__ import annotations

import re

PREFIX = "hub-ticket:"
TICKET_PATTERN = re.compile(r"^hub-ticket:([A-Za-z0-9]{4,16})$", re.IGNORECASE)


def payload(ticket_code: str) -> str:
    """What the ticket's QR code holds."""
    return PREFIX + ticket_code
