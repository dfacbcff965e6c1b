"""A product photo given by its URL (issue 19): fetched by us, then stored like an uploaded one
(checked by its content, re-encoded without metadata: partner_api/products.add_photo).

The fetch runs before the request's database transaction (a slow picture server never holds a
write lock), bounded in time and size, over http(s) only and never into our own network
(partner_api/outbound.py); each redirect is checked again, at most 3 of them."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import httpx

from community_hub.core.config import settings
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.partner_api.outbound import HostUnknown, reaches_inside

MAX_BYTES = 5 * 1024 * 1024
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
MAX_REDIRECTS = 3
URL_MAX = 1000


def _check(url: str) -> str:
    url = str(url or "").strip()
    if not url or len(url) > URL_MAX:
        raise ServiceError(phrase("Give the photo's address (at most {most} characters).", most=URL_MAX))
    parts = urlsplit(url)
    schemes = ("http", "https") if settings().demo_mode else ("https",)
    if parts.scheme not in schemes or not parts.hostname or parts.username or parts.password:
        raise ServiceError(phrase("A photo's address starts with https:// and names a host."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        inside = reaches_inside(parts.hostname, port)
    except ValueError:
        raise ServiceError(phrase("That photo address has an impossible port.")) from None
    except HostUnknown:
        raise ServiceError(phrase("The photo's host name {host} cannot be found.", host=parts.hostname)) from None
    if inside:
        raise ServiceError(phrase("A photo cannot be fetched from this app or inside its own network."))
    return url


def fetch_photo(url: str) -> bytes:
    """The picture's bytes, or a ServiceError saying what went wrong (nothing is stored)."""
    url = _check(url)
    try:
        with httpx.Client(timeout=TIMEOUT, follow_redirects=False) as client:
            for _ in range(MAX_REDIRECTS + 1):
                with client.stream("GET", url, headers={"Accept": "image/png, image/jpeg, image/webp"}) as answer:
                    if answer.is_redirect and answer.headers.get("location"):
                        url = _check(urljoin(url, answer.headers["location"]))
                        continue
                    if answer.status_code != 200:
                        raise ServiceError(phrase("The photo's address answered {status}, not the picture.",
                                                  status=answer.status_code))
                    return _read(answer)
    except httpx.HTTPError as exc:
        raise ServiceError(phrase("The photo could not be fetched: {why}.", why=type(exc).__name__)) from None
    raise ServiceError(phrase("The photo's address redirects too many times."))


def _read(answer: httpx.Response) -> bytes:
    declared = answer.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BYTES:
        raise ServiceError(phrase("The photo is larger than 5 MB."))
    chunks, size = [], 0
    for chunk in answer.iter_bytes():
        size += len(chunk)
        if size > MAX_BYTES:
            raise ServiceError(phrase("The photo is larger than 5 MB."))
        chunks.append(chunk)
    return b"".join(chunks)
