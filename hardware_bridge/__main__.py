"""`python -m hardware_bridge`: parse the configuration, start devices and the websocket
server, print one line with the URL, and run until SIGINT/SIGTERM."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys

from .bridge import build_bridge
from .config import ConfigError, load_config
from .server import BridgeServer

log = logging.getLogger("hardware_bridge")


async def run(config) -> None:
    bridge = build_bridge(config)
    server = BridgeServer(bridge, token=config.token, origins=config.origins, host=config.host,
                          port=config.port, ping_interval=config.ping_interval)
    await server.start()
    bridge.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    devices = ", ".join(f"{d.id}({d.kind})" for d in bridge.devices.values())
    # The one line people (and scripts) look for; the token is deliberately not printed.
    print(f"hardware_bridge: kiosk {config.kiosk_id} listening on {server.url} "
          f"(pass ?token=...; devices: {devices})", flush=True)
    try:
        await stop.wait()
    finally:
        log.info("shutting down")
        bridge.stop()
        await server.stop()


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        config = load_config(argv)
    except ConfigError as exc:
        print(f"hardware_bridge: error: {exc}", file=sys.stderr)
        return 2
    if config.dev:
        log.warning("DEV MODE: public token %r and secret %r; for local development only. "
                    "Never use this on a real kiosk.", config.token, config.secret)
    try:
        asyncio.run(run(config))
    except OSError as exc:  # e.g. port already in use
        print(f"hardware_bridge: error: cannot listen on {config.host}:{config.port}: {exc.strerror or exc}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
