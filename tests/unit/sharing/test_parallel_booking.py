"""Neighbours pressing Book on the same hours of one slot at the same moment: exactly one booking is
made, the others read that the time is taken. Threads with their own connections, released
together by a barrier, on SQLite (BEGIN IMMEDIATE) and PostgreSQL (the slot row's FOR UPDATE)."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlmodel import select

from community_hub.core.db import session_scope
from community_hub.core.errors import ServiceError
from community_hub.models.sharing import ParkingBooking
from community_hub.sharing import parking_bookings
from tests.unit.sharing.booking_steps import tomorrow_at
from tests.unit.sharing.people import residents
from tests.unit.sharing.slots import share_slot

RENTERS = 6


def test_parallel_bookings_of_one_slot_exactly_one_wins(engine, tx, db):
    _, (owner, *renters) = residents(tx, RENTERS + 1)
    slot = share_slot(tx, owner)
    start = tomorrow_at(9)
    # Overlapping ranges, not only equal ones: 09-11, 10-12, 09-12 ... all collide with each other.
    ranges = [(start + timedelta(hours=i % 2), start + timedelta(hours=2 + i % 2)) for i in range(RENTERS)]
    gate = threading.Barrier(RENTERS)
    won: list[int] = []
    refused: list[str] = []
    errors: list[BaseException] = []

    def press_book(renter, rng) -> None:
        try:
            gate.wait(timeout=30)
            with session_scope(engine) as s:
                won.append(parking_bookings.book(s, renter, slot, *rng).id)
        except ServiceError as exc:
            refused.append(exc.code)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=press_book, args=(r, rng)) for r, rng in zip(renters, ranges, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert len(won) == 1 and refused == ["taken"] * (RENTERS - 1)
    assert db.exec(select(ParkingBooking.id)).all() == won
