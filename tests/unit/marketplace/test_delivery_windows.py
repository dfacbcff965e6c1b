"""Checkout's delivery windows: whole local hours labelled in the resident's zone, chosen by their
UTC start; anything not from the list is refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from community_hub.core.errors import ServiceError
from community_hub.marketplace import delivery_windows as dw


def test_the_next_hours_are_offered_in_the_residents_zone_and_come_back_as_utc():
    now = datetime(2026, 12, 4, 14, 20, tzinfo=UTC)  # 09:20 in New York
    offered = dw.choices("America/New_York", now=now)
    assert offered[0] == (dw.ASAP, "As soon as possible") and len(offered) == 1 + dw.WINDOWS
    value, label = offered[1]
    assert "10:00" in label  # the next whole local hour
    start, end = dw.window_of(value)
    assert start == datetime(2026, 12, 4, 15, 0, tzinfo=UTC) and end - start == timedelta(hours=1)
    assert dw.window_of(dw.ASAP) == (None, None)


@pytest.mark.parametrize("junk", ["tomorrow", "2026-13-45T99:00", "<script>"])
def test_a_window_not_from_the_list_is_refused(junk):
    with pytest.raises(ServiceError, match="Choose a delivery time"):
        dw.window_of(junk)
