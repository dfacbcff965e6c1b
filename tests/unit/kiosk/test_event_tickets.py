"""An event ticket shown as a QR code on the resident's phone checks them in at the lobby kiosk:
the real QR image is decoded by pyzbar, and only a confirmed ticket for an event of this
building that is on now is accepted, once."""

from __future__ import annotations

import base64
import io
from datetime import timedelta

import pytest
from PIL import Image
from pyzbar.pyzbar import decode
from sqlmodel import select

from community_hub.core.errors import PermissionDenied, ServiceError
from community_hub.core.qr_images import png_data_uri
from community_hub.kiosk import scan as kiosk_scan
from community_hub.kiosk import tickets as kiosk_tickets
from community_hub.models import Role
from community_hub.models.base import utcnow
from community_hub.models.events import EventSignup
from community_hub.property import event_tickets, events
from tests import factories as f


def _scan(data_uri: str) -> str:
    """What a scanner reads off the ticket image."""
    png = base64.b64decode(data_uri.split(",", 1)[1])
    [symbol] = decode(Image.open(io.BytesIO(png)))
    return symbol.data.decode()


def _event(tx, community_id: int, starts_in: timedelta, capacity: int = 1) -> int:
    with tx() as db:
        staff = f.actor(db, f.user(db, Role.PROPERTY_STAFF, community_id=community_id))
        start = utcnow() + starts_in
        return events.create_event(db, staff, community_id, title="Garden day", starts_at=start,
                                   ends_at=start + timedelta(hours=3), capacity=capacity, location="Garden").id


def test_ticket_qr_checks_the_holder_in_once(tx, db, world):
    ev = _event(tx, world.community_id, timedelta(minutes=30))
    with tx() as s:
        ticket = events.sign_up(s, world.resident, ev).ticket_code
        neighbour = f.actor(s, f.user(s, Role.RESIDENT, community_id=world.community_id,
                                      household_id=f.household(s, world.community_id).id))
        waiting = events.sign_up(s, neighbour, ev, join_waitlist=True).ticket_code
    scanned = _scan(png_data_uri(event_tickets.payload(ticket), scale=5))
    assert scanned == f"hub-ticket:{ticket}" and kiosk_scan.kind_of(scanned) == "ticket"
    with pytest.raises(PermissionDenied), tx() as s:  # only a lobby kiosk checks people in this way
        kiosk_tickets.kiosk_check_in(s, world.resident, scanned)
    with tx() as s:
        done = kiosk_tickets.kiosk_check_in(s, world.kiosk, scanned)
    assert done.event == "Garden day" and done.name
    db.expire_all()
    checked = db.exec(select(EventSignup).where(EventSignup.ticket_code == ticket)).one()
    assert checked.checked_in_at is not None
    with pytest.raises(ServiceError, match="Already checked in"), tx() as s:
        kiosk_tickets.kiosk_check_in(s, world.kiosk, scanned)
    with pytest.raises(ServiceError, match="waiting list"), tx() as s:
        kiosk_tickets.kiosk_check_in(s, world.kiosk, event_tickets.payload(waiting))
    with pytest.raises(ServiceError, match="not for an event here"), tx() as s:
        kiosk_tickets.kiosk_check_in(s, world.kiosk, "hub-ticket:ZZZZZZZZ")


def test_too_early_and_other_buildings_tickets_are_refused(tx, db, world):
    later = _event(tx, world.community_id, timedelta(days=3))
    elsewhere = _event(tx, world.other_community_id, timedelta(minutes=10))
    with tx() as s:
        early = events.sign_up(s, world.resident, later).ticket_code
        theirs = events.sign_up(s, world.other_resident, elsewhere).ticket_code
    with pytest.raises(ServiceError, match="check-in opens an hour before"), tx() as s:
        kiosk_tickets.kiosk_check_in(s, world.kiosk, event_tickets.payload(early))
    with pytest.raises(ServiceError, match="not for an event here"), tx() as s:
        kiosk_tickets.kiosk_check_in(s, world.kiosk, event_tickets.payload(theirs))
    with pytest.raises(ServiceError, match="Could not read"), tx() as s:
        kiosk_tickets.kiosk_check_in(s, world.kiosk, "hub-ticket:<script>")
    rows = db.exec(select(EventSignup)).all()
    assert all(r.checked_in_at is None for r in rows)
