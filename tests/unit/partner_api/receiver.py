"""A real webhook receiver for tests: a small HTTP server on this computer that verifies every
post with the `standardwebhooks` library, answers as its plan says (500, 503, then 200...), keeps
what it accepted, and can be stopped and started again on the same port (a receiver that is down)."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from tests.throwaway import free_port


class Receiver:
    def __init__(self):
        self.port = free_port()
        self.secret = ""
        self.secrets: dict[str, str] = {}  # path -> secret, for several endpoints on one receiver
        self.delay = 0.0  # seconds before answering (a slow receiver)
        self.plan: list[int] = []  # answers to the next posts; 200 once it runs out
        self.accepted: list[str] = []  # webhook-ids answered 200, in arrival order
        self.accepted_at: list[tuple[str, str]] = []  # (path, webhook-id) answered 200
        self.refused_signatures = 0
        self.last: tuple[bytes, dict[str, str]] | None = None
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                headers = {k.lower(): v for k, v in self.headers.items()}
                time.sleep(receiver.delay)
                try:
                    Webhook(receiver.secrets.get(self.path, receiver.secret)).verify(body, headers)
                except WebhookVerificationError:
                    receiver.refused_signatures += 1
                    code = 400
                else:
                    receiver.last = (body, headers)
                    code = receiver.plan.pop(0) if receiver.plan else 200
                    if code == 200:
                        receiver.accepted.append(headers["webhook-id"])
                        receiver.accepted_at.append((self.path, headers["webhook-id"]))
                self.send_response(code)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *_args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
