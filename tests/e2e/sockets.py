"""Where a server really listens: the addresses of the listening TCP sockets on a port, as the
kernel lists them (/proc/net/tcp and tcp6), not as the program says."""

from __future__ import annotations

import ipaddress
import socket
import struct
from pathlib import Path

LISTEN = "0A"


def _address(hex_ip: str) -> str:
    raw = bytes.fromhex(hex_ip)
    if len(raw) == 4:
        return socket.inet_ntoa(struct.pack("<I", int(hex_ip, 16)))
    words = struct.unpack("<4I", raw)  # IPv6: four little-endian 32-bit words
    return str(ipaddress.IPv6Address(struct.pack(">4I", *words)))


def listening_on(port: int) -> set[str]:
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            local, state = fields[1], fields[3]
            hex_ip, hex_port = local.split(":")
            if state == LISTEN and int(hex_port, 16) == port:
                found.add(_address(hex_ip))
    return found
