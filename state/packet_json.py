"""The socket's packets written and read by orjson instead of the standard library's json.

Every delta the worker sends is a Socket.IO packet that Reflex 0.10.1 encodes with a
`json.JSONEncoder` (Reflex's serializers as its `default`): under the resident mix that encoder was
the largest single function of the worker's samples (3-4 %; 4.4 % opening the search page, whose
delta carries a page of products). orjson writes the same text, compact as Socket.IO asks for it,
about four times faster (2,827 packets of the mix's pages 26.1 -> 5.8 us each, every one the same
text; docs/PROFILE.md, fifteenth round). What orjson would write differently goes to Reflex's
serializers as before: dates and times
(`OPT_PASSTHROUGH_DATETIME`: Reflex writes them as `str()` does) and dataclasses; anything orjson
refuses (an integer past 64 bits, a string with a lone surrogate, NaN on the way in) is written or
read by Reflex's own functions instead, so nothing a page sends or shows changes. One thing does,
for the better: a float that is not a number (NaN, infinity) is written null, where Reflex wrote
`NaN`, which the browser's JSON.parse refuses, losing the whole packet.

Installed once, by importing `state` (state/__init__.py), before the app builds its socket server
(which takes the functions then). Reflex is pinned (pyproject.toml): `tests/state/test_packet_json.py`
fails if the replaced functions change in another version. The load bench's echo server installs
it too, so its ceiling pays what the app pays per packet.
"""

from __future__ import annotations

from typing import Any

import orjson
import reflex.app as reflex_app
from reflex_base import otel
from reflex_base.utils.format import _get_serialize

REFLEX_DUMPS = reflex_app._sio_dumps
REFLEX_LOADS = reflex_app._sio_loads
_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
_COMPACT = (",", ":")


def dumps(obj: Any, **kwargs: Any) -> str:
    """Reflex's `_sio_dumps` for the compact packets Socket.IO writes; anything else as Reflex does."""
    if kwargs != {"separators": _COMPACT}:  # Socket.IO's packets ask for this; anything else is Reflex's
        return REFLEX_DUMPS(obj, **kwargs)
    try:
        data = orjson.dumps(obj, default=_get_serialize(), option=_OPTIONS).decode()
    except (TypeError, orjson.JSONEncodeError):
        return REFLEX_DUMPS(obj, **kwargs)
    if otel.enabled:
        otel.record_message_size(len(data.encode()), "transmit")
    return data


def loads(data: str | bytes, **kwargs: Any) -> Any:
    """Reflex's `_sio_loads`; what orjson refuses (NaN, say) is read by Reflex's."""
    if kwargs or otel.enabled:
        return REFLEX_LOADS(data, **kwargs)
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return REFLEX_LOADS(data)


def install() -> None:
    reflex_app._sio_dumps = dumps
    reflex_app._sio_loads = loads
