"""Run localstripe's own aiohttp app on 127.0.0.1 only, keeping its state in memory.

`python -m localstripe` binds every interface ('::') and pickles its store to
/tmp/localstripe.pickle after each write (shared by every run on the machine); the tests need
neither, so they start this instead: same server, same routes, loopback only.
"""

from __future__ import annotations

import argparse
import logging

from aiohttp import web
from localstripe import resources, server


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    resources.Store.dump_to_disk = lambda self: None  # no shared /tmp pickle between runs
    logging.basicConfig(level=logging.WARNING)
    web.run_app(server.app, host="127.0.0.1", port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
