"""A new row's defaults come from its factories as before, without pydantic asking each factory's
signature on every row built (community_hub/models/default_factories.py)."""

from __future__ import annotations

import hashlib
import inspect
from datetime import datetime

from pydantic._internal import _fields, _typing_extra
from pydantic.fields import FieldInfo

from community_hub.models import default_factories
from community_hub.models.orders import OrderEvent
from community_hub.models.partner_api import ApiEvent

# sha256 of the source of pydantic's check that default_factories remembers, as in pydantic 2.14.4.
# Another source means another pydantic: read the new check, keep or drop the memo, then update this.
PINNED = "7269cb52448ab144d9f40c8b40bb04b1b2c1a8bca81b82a7057fb527666d8197"


def test_the_replaced_check_is_the_one_reviewed():
    assert _fields.takes_validated_data_argument is default_factories._takes_validated_data
    source = inspect.getsource(default_factories._original)
    assert hashlib.sha256(source.encode()).hexdigest() == PINNED


def test_rows_built_again_do_not_ask_for_signatures_again(monkeypatch):
    asked: list[object] = []
    real = _typing_extra.signature_no_eval

    def counting(fn):
        asked.append(fn)
        return real(fn)

    monkeypatch.setattr(_typing_extra, "signature_no_eval", counting)
    default_factories._known.clear()
    OrderEvent(order_id=1, to_state="placed", by_role="resident")
    first = len(asked)
    assert first > 0  # the factories were asked once each
    for _ in range(20):
        OrderEvent(order_id=1, to_state="placed", by_role="resident")
    assert len(asked) == first  # without the memo: 20 more times each


def test_defaults_are_fresh_for_each_row():
    a, b = OrderEvent(order_id=1, to_state="placed", by_role="resident"), \
        OrderEvent(order_id=2, to_state="placed", by_role="resident")
    assert isinstance(a.at, datetime) and a.at.tzinfo is not None
    assert a.photos == [] and a.photos is not b.photos  # a list each, never one shared
    e = ApiEvent(merchant_id=1, seq=1, type="order.created")
    assert e.data == {} and e.data is not ApiEvent(merchant_id=1, seq=2, type="order.created").data


def test_a_factory_that_takes_the_validated_data_still_gets_it():
    field = FieldInfo(default_factory=lambda data: data["a"] * 2)
    assert field.get_default(call_default_factory=True, validated_data={"a": 21}) == 42
    assert field.get_default(call_default_factory=True, validated_data={"a": 5}) == 10
    plain = FieldInfo(default_factory=list)
    assert plain.get_default(call_default_factory=True) == []
