"""Local time: what people read and type, on the real IANA rules (zoneinfo), including the two
nights a year when New York's clocks skip or repeat an hour."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from community_hub.core import local_time as lt
from community_hub.core.errors import ServiceError

NY = "America/New_York"


def test_format_shows_local_wall_time_and_zone_abbreviation():
    winter = datetime(2026, 11, 22, 14, 30, tzinfo=UTC)
    summer = datetime(2026, 7, 4, 14, 30, tzinfo=UTC)
    assert lt.fmt(winter, NY) == "2026-11-22 09:30 EST"
    assert lt.fmt(summer, NY) == "2026-07-04 10:30 EDT"
    assert lt.fmt(winter, "Europe/London") == "2026-11-22 14:30 GMT"
    assert lt.fmt(winter, NY, with_zone=False) == "2026-11-22 09:30"
    assert lt.fmt(None, NY) == ""
    # Late evening in New York is already tomorrow in UTC: the local date is the one shown.
    assert lt.fmt_date(datetime(2026, 11, 23, 2, 0, tzinfo=UTC), NY) == "2026-11-22"
    assert lt.to_input(winter, NY) == "2026-11-22T09:30"


def test_parse_reads_typed_time_in_the_zone_and_returns_utc():
    got = lt.parse_input("2026-11-22T09:30", NY)
    assert got == datetime(2026, 11, 22, 14, 30, tzinfo=UTC) and got.tzinfo == UTC
    assert lt.parse_input("2026-07-04T10:30", NY) == datetime(2026, 7, 4, 14, 30, tzinfo=UTC)
    assert lt.parse_input("  ", NY) is None and lt.parse_input(None, NY) is None
    # A value that already says its offset (the checkout slot values) is taken as that instant.
    assert lt.parse_input("2026-11-22T14:30:00+00:00", NY) == datetime(2026, 11, 22, 14, 30, tzinfo=UTC)


@pytest.mark.parametrize("text", ["tomorrow", "2026-13-01T09:00", "2026-11-22T25:00"])
def test_parse_refuses_text_that_is_not_a_time(text):
    with pytest.raises(ServiceError, match="is not a date and time"):
        lt.parse_input(text, NY)


def test_a_wall_time_skipped_by_spring_forward_is_refused():
    # 8 March 2026: New York goes from 01:59:59 EST straight to 03:00 EDT.
    with pytest.raises(ServiceError, match="does not exist in America/New_York") as err:
        lt.parse_input("2026-03-08T02:30", NY)
    assert err.value.code == "time_gap"
    assert lt.parse_input("2026-03-08T01:59", NY) == datetime(2026, 3, 8, 6, 59, tzinfo=UTC)
    assert lt.parse_input("2026-03-08T03:00", NY) == datetime(2026, 3, 8, 7, 0, tzinfo=UTC)


def test_a_repeated_wall_time_on_fall_back_is_its_first_occurrence():
    # 1 November 2026: 01:30 happens at 05:30 UTC (EDT) and again at 06:30 UTC (EST).
    got = lt.parse_input("2026-11-01T01:30", NY)
    assert got == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    assert lt.fmt(got, NY) == "2026-11-01 01:30 EDT"
    assert lt.fmt(got + timedelta(hours=1), NY) == "2026-11-01 01:30 EST"


@pytest.mark.parametrize("bad", ["Mars/Base", "", "  ", "EST5EDT/../../etc/passwd", "/etc/localtime", "x" * 65])
def test_an_unknown_zone_is_refused_with_an_example(bad):
    with pytest.raises(ServiceError, match=r"is not a time zone \(use a name like Europe/London\)"):
        lt.check_zone(bad)


def test_known_zones_pass_and_an_unknown_stored_zone_shows_utc_rather_than_crash():
    assert lt.check_zone(" America/New_York ") == NY
    assert lt.check_zone("UTC") == "UTC"
    assert lt.fmt(datetime(2026, 11, 22, 14, 30, tzinfo=UTC), "Not/AZone") == "2026-11-22 14:30 UTC"


def test_local_day_bounds_follow_the_calendar_across_dst():
    assert lt.local_date_start("2026-11-22", NY) == datetime(2026, 11, 22, 5, 0, tzinfo=UTC)
    assert lt.local_date_end("2026-11-22", NY) == datetime(2026, 11, 23, 5, 0, tzinfo=UTC)
    # The fall-back day is 25 hours long, the spring-forward day 23.
    assert lt.local_date_end("2026-11-01", NY) - lt.local_date_start("2026-11-01", NY) == timedelta(hours=25)
    assert lt.local_date_end("2026-03-08", NY) - lt.local_date_start("2026-03-08", NY) == timedelta(hours=23)
    assert lt.local_date_start("", NY) is None
    with pytest.raises(ServiceError, match="The start date must be a date like 2026-12-31"):
        lt.local_date_start("31/12/2026", NY, "start date")


def test_today_is_the_local_date():
    late_evening_ny = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
    assert str(lt.local_today(NY, late_evening_ny)) == "2026-11-22"
    assert str(lt.local_today("UTC", late_evening_ny)) == "2026-11-23"


def test_delivery_slots_start_on_whole_local_hours_even_in_a_half_hour_zone():
    now = datetime(2026, 11, 22, 14, 10, tzinfo=UTC)  # 19:40 in Kolkata (UTC+05:30)
    slots = lt.next_local_hours("Asia/Kolkata", 3, now)
    assert [lt.fmt(s, "Asia/Kolkata", with_zone=False)[-5:] for s in slots] == ["20:00", "21:00", "22:00"]
    assert slots[0] == datetime(2026, 11, 22, 14, 30, tzinfo=UTC)
    ny = lt.next_local_hours(NY, 2, now)  # 09:10 EST
    assert lt.fmt_window(ny[0], ny[0] + timedelta(hours=1), NY) == "Sun 22 Nov, 10:00–11:00 EST"


def test_slots_across_fall_back_neither_repeat_nor_skip_an_hour():
    now = datetime(2026, 11, 1, 4, 15, tzinfo=UTC)  # 00:15 EDT, the night clocks go back
    slots = lt.next_local_hours(NY, 3, now)
    assert [lt.fmt(s, NY) for s in slots] == ["2026-11-01 01:00 EDT", "2026-11-01 01:00 EST", "2026-11-01 02:00 EST"]
    assert all(b - a == timedelta(hours=1) for a, b in zip(slots, slots[1:], strict=False))


ZONES = st.sampled_from([NY, "Europe/London", "Asia/Kolkata", "Australia/Lord_Howe", "UTC", "America/Sao_Paulo"])


@given(zone=ZONES, minutes=st.integers(min_value=0, max_value=60 * 24 * 366 * 3))
def test_round_trip_shown_time_reads_back_as_the_same_instant(zone, minutes):
    at = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=minutes)
    back = lt.parse_input(lt.to_input(at, zone), zone)
    # Every shown minute reads back; the second pass of a repeated hour reads as the first.
    assert back == at or (back < at and lt.to_input(back, zone) == lt.to_input(at, zone))
