"""Where the app may send a request on a partner's word (a webhook's address, a photo's URL):
never inside the server's own network (loopback, private, link-local), so nobody can use our
workers to reach internal services, and never at this app itself. Demo mode allows this computer
(a developer's receiver, a test's server) on another port than the app's."""

from __future__ import annotations

import ipaddress
import socket

from community_hub.core.config import settings


class HostUnknown(Exception):
    """The host name does not resolve."""


def _private(host: str) -> bool:
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        raise HostUnknown(host) from None
    return any(not ipaddress.ip_address(info[4][0]).is_global for info in infos)


def reaches_inside(host: str, port: int) -> bool:
    """Whether a request to host:port would reach this app or its network (see the module's note)."""
    host = host.lower()
    local = host in ("localhost", "0.0.0.0", "::") or host.endswith(".localhost") or _private(host)
    return local and (not settings().demo_mode or port == settings().port)
