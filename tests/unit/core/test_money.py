"""Money as people type and read it: exact amounts or a clear refusal; Babel formatting."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from community_hub.core.errors import ServiceError
from community_hub.core.money import format_money, minor_digits, parse_amount, plain_amount


@pytest.mark.parametrize(("text", "currency", "minor"), [
    ("12.50", "USD", 1250), ("12.5", "USD", 1250), ("12", "USD", 1200), ("$1,234.05", "USD", 123405),
    (" 0.99 ", "USD", 99), ("1200", "JPY", 1200), ("300", "PTS", 300), (".5", "USD", 50),
])
def test_exact_amounts_are_read_in_minor_units(text, currency, minor):
    assert parse_amount(text, currency) == minor


@pytest.mark.parametrize(("text", "currency", "message"), [
    ("12.505", "USD", "at most 2 decimals"), ("1.5", "JPY", "whole number"), ("inf", "USD", "as a number"),
    ("nan", "USD", "as a number"), ("-3", "USD", "cannot be negative"), ("abc", "USD", "as a number"),
    ("", "USD", "Enter the price"), ("1e30", "USD", "larger than we accept"), ("1" * 40, "USD", "too long"),
])
def test_inexact_or_absurd_amounts_are_refused_with_a_message(text, currency, message):
    with pytest.raises(ServiceError) as exc:
        parse_amount(text, currency, "price")
    assert message in exc.value.message


def test_blank_and_zero_rules():
    assert parse_amount("", allow_blank=True) is None
    with pytest.raises(ServiceError, match="more than zero"):
        parse_amount("0.00", allow_zero=False)


def test_formatting_follows_the_currency():
    assert format_money(1250, "USD") == "$12.50"
    assert format_money(-1250, "USD") == "-$12.50"
    assert format_money(1200, "JPY") == "¥1,200"
    assert format_money(123456789, "USD") == "$1,234,567.89"
    assert format_money(1500, "PTS") == "1,500 points"
    assert format_money(None) == ""
    assert format_money(1250, "USD", locale="zh_CN") == "US$12.50"
    assert plain_amount(1250, "USD") == "12.50" and plain_amount(7, "JPY") == "7"
    assert minor_digits("usd") == 2 and minor_digits("JPY") == 0


@given(st.integers(min_value=0, max_value=10**11), st.sampled_from(["USD", "EUR", "JPY", "PTS"]))
def test_plain_amount_reads_back_exactly(minor, currency):
    assert parse_amount(plain_amount(minor, currency), currency) == minor
