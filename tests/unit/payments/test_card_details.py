"""Card details typed on the payment page are checked before the provider sees them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from community_hub.core.errors import ServiceError
from community_hub.payments.card_details import check_card_details

NOW = datetime(2026, 12, 4, tzinfo=UTC)


def test_a_good_card_passes_as_digits():
    assert check_card_details("4242 4242 4242 4242", "12 / 34", "123", NOW) == "4242424242424242"
    assert check_card_details("4000-0000-0000-0002", "12/26", "1234", NOW) == "4000000000000002"  # this month


@pytest.mark.parametrize(("number", "expiry", "cvc", "message"), [
    ("4242 4242 4242 4241", "12/34", "123", "card number is not right"),  # one digit off: Luhn
    ("4242", "12/34", "123", "card number is not right"),
    ("abcd efgh", "12/34", "123", "card number is not right"),
    ("4242424242424242", "13/34", "123", "MM / YY"),
    ("4242424242424242", "1234", "123", "MM / YY"),
    ("4242424242424242", "11/26", "123", "expired"),
    ("4242424242424242", "12/34", "12", "3 or 4 digits"),
    ("4242424242424242", "12/34", "", "3 or 4 digits"),
])
def test_a_wrong_detail_is_named(number, expiry, cvc, message):
    with pytest.raises(ServiceError, match=message):
        check_card_details(number, expiry, cvc, NOW)
