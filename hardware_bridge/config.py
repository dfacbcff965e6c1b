"""Command-line flags and an optional JSON config file, merged into one frozen Config.

Precedence: command line > environment (token and secret only) > config file > defaults.
The token and secret may come from the environment so they do not have to appear on a
command line, where every local user can read them in `ps`.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import re
from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import urlsplit

FRAMINGS = ("any", "cr", "lf", "crlf", "stx-etx")
IMAGE_DONE = ("move", "delete")

# Well-known values used only with --simulate --dev, so the web app's demo mode can pair
# without copying secrets around. They are public: never use them with real devices.
DEV_TOKEN = "dev-token"
DEV_SECRET = "dev-secret"
DEV_KIOSK_ID = "dev-kiosk"
# Reflex serves its frontend on port 3000 by default.
DEV_ORIGINS = ("http://localhost:3000", "http://127.0.0.1:3000")

ENV_TOKEN = "HUB_BRIDGE_TOKEN"
ENV_SECRET = "HUB_BRIDGE_SECRET"

MIN_SECRET_LEN = 16
_KIOSK_ID_RE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class ConfigError(ValueError):
    """A setting is missing or wrong; the message is meant for the person starting the bridge."""


@dataclass(frozen=True)
class Config:
    host: str = "127.0.0.1"
    port: int = 8765
    kiosk_id: str | None = None
    token: str | None = None
    secret: str | None = None
    origins: tuple[str, ...] = ()
    scanner: str | None = None
    card_reader: str | None = None
    baud: int = 9600
    framing: str = "any"
    image_dir: str | None = None
    image_done: str = "move"
    simulate: bool = False
    dev: bool = False
    terminal_timeout: float = 60.0
    ping_interval: float = 20.0
    replay_size: int = 200


_KEYS = {f.name for f in fields(Config)}


def build_parser() -> argparse.ArgumentParser:
    # Every default is None so we can tell "not given" apart and let the config file fill it.
    p = argparse.ArgumentParser(
        prog="python -m hardware_bridge",
        description="Local websocket bridge between the kiosk page and its hardware.",
    )
    p.add_argument("--config", metavar="FILE", help="JSON file with any of the settings below")
    p.add_argument("--host", help="loopback address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, help="TCP port (default 8765; 0 picks a free one)")
    p.add_argument("--kiosk-id", dest="kiosk_id", metavar="ID", help="this kiosk's id, as registered in the web app")
    p.add_argument("--token", help=f"pairing token the page must send (or env {ENV_TOKEN})")
    p.add_argument("--secret", help=f"kiosk HMAC secret for signed results (or env {ENV_SECRET})")
    p.add_argument("--origin", dest="origins", action="append", metavar="ORIGIN",
                   help="allowed page origin, e.g. https://hub.example.org (repeatable)")
    p.add_argument("--scanner", metavar="PATH", help="serial barcode scanner, e.g. /dev/ttyACM0")
    p.add_argument("--card-reader", dest="card_reader", metavar="PATH", help="serial card reader")
    p.add_argument("--baud", type=int, metavar="N", help="serial speed (default 9600)")
    p.add_argument("--framing", choices=FRAMINGS,
                   help="serial frame end: any (CR or LF, CRLF counts once; default), cr, lf, crlf, stx-etx")
    p.add_argument("--image-dir", dest="image_dir", metavar="DIR",
                   help="decode barcode images dropped into DIR")
    p.add_argument("--image-done", dest="image_done", choices=IMAGE_DONE,
                   help="what to do with decoded images: move to DIR/processed (default) or delete")
    p.add_argument("--simulate", action="store_true", default=None,
                   help="add simulated scanner, card reader and payment terminal driven by `action` messages")
    p.add_argument("--dev", action="store_true", default=None,
                   help="with --simulate only: fill missing kiosk id/token/secret/origins with public dev values")
    p.add_argument("--terminal-timeout", dest="terminal_timeout", type=float, metavar="SECONDS",
                   help="seconds the simulated terminal waits for a card (default 60)")
    p.add_argument("--ping-interval", dest="ping_interval", type=float, metavar="SECONDS",
                   help="seconds between heartbeats (default 20)")
    p.add_argument("--replay-size", dest="replay_size", type=int, metavar="N",
                   help="messages kept for reconnecting pages (default 200)")
    return p


def load_config(argv: list[str] | None = None, environ: dict[str, str] | None = None) -> Config:
    """Parse flags, merge the config file and environment, validate; raise ConfigError."""
    environ = os.environ if environ is None else environ
    args = build_parser().parse_args(argv)
    values: dict = {}
    if args.config:
        values.update(_read_config_file(args.config))
    for name in (ENV_TOKEN, ENV_SECRET):
        if environ.get(name):
            values[name.removeprefix("HUB_BRIDGE_").lower()] = environ[name]
    for key, value in vars(args).items():
        if key != "config" and value is not None:
            values[key] = value
    return validate(values)


def _read_config_file(path: str) -> dict:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror or exc}") from exc
    except json.JSONDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid JSON: {exc}") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"config file {path} must hold a JSON object")
    values = {}
    for key, value in raw.items():
        name = key.replace("-", "_")
        if name == "origin":  # the flag is --origin; accept the singular key too
            name = "origins"
        if name not in _KEYS:
            # A typo in a config file should stop the bridge, not be silently ignored.
            raise ConfigError(f"config file {path}: unknown key {key!r}")
        values[name] = value
    return values


def validate(values: dict) -> Config:
    """Turn raw values (from any source) into a checked Config."""
    v = dict(values)
    simulate = bool(v.get("simulate", False))
    dev = bool(v.get("dev", False))
    if dev and not simulate:
        # Real card reads signed with a public secret would be worthless, so dev values
        # are only ever used with simulated devices.
        raise ConfigError("--dev is only allowed together with --simulate")
    if dev:
        v.setdefault("kiosk_id", DEV_KIOSK_ID)
        v.setdefault("token", DEV_TOKEN)
        v.setdefault("secret", DEV_SECRET)
        if not v.get("origins"):
            v["origins"] = list(DEV_ORIGINS)

    host = loopback_host(str(v.get("host", Config.host)))
    port = _int(v, "port", Config.port, 0, 65535)

    kiosk_id = v.get("kiosk_id")
    if not kiosk_id:
        raise ConfigError("missing --kiosk-id (or use --simulate --dev for a local demo)")
    if not isinstance(kiosk_id, str) or not _KIOSK_ID_RE.match(kiosk_id):
        raise ConfigError("--kiosk-id must be 1-64 characters of letters, digits, '.', '_' or '-'")

    token, secret = v.get("token"), v.get("secret")
    if not token:
        raise ConfigError(f"missing pairing token: pass --token or set {ENV_TOKEN} "
                          "(or use --simulate --dev for a local demo)")
    if not secret:
        raise ConfigError(f"missing kiosk secret: pass --secret or set {ENV_SECRET} "
                          "(or use --simulate --dev for a local demo)")
    if not dev:
        for name, value in (("token", token), ("secret", secret)):
            if len(str(value)) < MIN_SECRET_LEN:
                raise ConfigError(f"--{name} must be at least {MIN_SECRET_LEN} characters")

    origins = v.get("origins") or []
    if isinstance(origins, str):
        origins = [origins]
    if not origins:
        raise ConfigError("give at least one --origin (the web app's address, e.g. https://hub.example.org)")
    origins = tuple(dict.fromkeys(normalize_origin(o, strict=True) for o in origins))

    framing = v.get("framing", Config.framing)
    if framing not in FRAMINGS:
        raise ConfigError(f"--framing must be one of {', '.join(FRAMINGS)}")
    image_done = v.get("image_done", Config.image_done)
    if image_done not in IMAGE_DONE:
        raise ConfigError(f"--image-done must be one of {', '.join(IMAGE_DONE)}")

    scanner, card_reader, image_dir = v.get("scanner"), v.get("card_reader"), v.get("image_dir")
    if scanner and card_reader and os.path.abspath(scanner) == os.path.abspath(card_reader):
        raise ConfigError("--scanner and --card-reader cannot be the same port")
    if not (scanner or card_reader or image_dir or simulate):
        raise ConfigError("no devices: give --scanner, --card-reader, --image-dir and/or --simulate")

    return Config(
        host=host,
        port=port,
        kiosk_id=kiosk_id,
        token=str(token),
        secret=str(secret),
        origins=origins,
        scanner=scanner or None,
        card_reader=card_reader or None,
        baud=_int(v, "baud", Config.baud, 1, 10_000_000),
        framing=framing,
        image_dir=image_dir or None,
        image_done=image_done,
        simulate=simulate,
        dev=dev,
        terminal_timeout=_float(v, "terminal_timeout", Config.terminal_timeout),
        ping_interval=_float(v, "ping_interval", Config.ping_interval),
        replay_size=_int(v, "replay_size", Config.replay_size, 1, 100_000),
    )


def loopback_host(host: str) -> str:
    """Return a bindable loopback address or raise: the bridge must never be reachable
    from the network, because anyone reaching it could inject scans or card reads."""
    if host == "localhost":
        return "127.0.0.1"  # "localhost" may resolve to a non-loopback name on odd systems
    try:
        addr = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        raise ConfigError(f"--host {host!r} is not an IP address; the bridge only binds "
                          "to a loopback address such as 127.0.0.1 or ::1") from None
    if not addr.is_loopback:
        raise ConfigError(f"--host {host} is not a loopback address; the bridge only binds "
                          "to 127.0.0.1 (or ::1) so nothing outside this machine can reach it")
    return str(addr)


def normalize_origin(origin: str, strict: bool = False) -> str:
    """Browsers send Origin as scheme://host[:port]; compare in lower case without a slash.
    With strict=True (configured values) reject anything that is not such an origin."""
    text = str(origin).strip().rstrip("/").lower()
    if strict:
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path or parts.query:
            raise ConfigError(f"--origin {origin!r} must look like https://host or http://host:port")
    return text


def _int(v: dict, key: str, default: int, lo: int, hi: int) -> int:
    value = v.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise ConfigError(f"--{key.replace('_', '-')} must be a whole number from {lo} to {hi}")
    return value


def _float(v: dict, key: str, default: float) -> float:
    value = v.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise ConfigError(f"--{key.replace('_', '-')} must be a positive number of seconds")
    return float(value)
