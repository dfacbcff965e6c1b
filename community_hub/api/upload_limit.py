"""A ceiling on upload requests, before anything reads them whole.

Reflex's `/_upload` route parses the multipart body into memory and temporary files before the
state's handler (which checks who is asking) runs. This ASGI wrapper refuses a body larger than
the limit from its Content-Length at once (413), and stops a body that grows past it without one,
so a stranger cannot make a worker read gigabytes. The handlers still check the actor and each
file (core/uploads.py) before anything is stored.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from community_hub.core.i18n import from_accept_language, localized, phrase

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]

# The largest form sends several photos of 5 MB each (core/uploads.MAX_BYTES) plus multipart framing.
MAX_UPLOAD_REQUEST_BYTES = 26 * 1024 * 1024
UPLOAD_PATH = "/_upload"


def limit_upload_size(app: ASGIApp, max_bytes: int = MAX_UPLOAD_REQUEST_BYTES) -> ASGIApp:
    async def limited(scope: Scope, receive, send) -> None:
        if scope.get("type") != "http" or not scope.get("path", "").startswith(UPLOAD_PATH):
            await app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > max_bytes):
            await _too_large(send, max_bytes, scope)
            return
        seen, over, answered = 0, False, False

        async def counted_receive() -> Message:
            nonlocal seen, over
            if over:
                return {"type": "http.disconnect"}
            message = await receive()
            if message.get("type") == "http.request":
                seen += len(message.get("body", b""))
                if seen > max_bytes:
                    over = True  # the app sees the client go away and stops reading
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal answered
            if not over:
                await send(message)
            elif not answered:  # whatever the app answers to the cut-off body, the client hears 413
                answered = True
                await _too_large(send, max_bytes, scope)

        try:
            await app(scope, counted_receive, guarded_send)
        except Exception:
            if not over:
                raise
        if over and not answered:
            await _too_large(send, max_bytes, scope)

    return limited


async def _too_large(send, max_bytes: int, scope: Scope) -> None:
    # Said in the browser's language (the upload widget shows the detail).
    lang = from_accept_language(dict(scope.get("headers") or []).get(b"accept-language", b"").decode("latin-1"))
    detail = localized(lang, phrase("The upload is too large; the limit is {limit} MB.", limit=max_bytes // 1_048_576))
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
