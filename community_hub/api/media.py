"""GET /api/media/catalog/...: product photos for shop pages. Only the public catalog area is
served (services.uploads.public_file); private uploads never leave through here."""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from community_hub.core.uploads import public_file


async def media(request: Request) -> Response:
    found = await asyncio.to_thread(public_file, request.path_params["path"])
    if found is None:
        return PlainTextResponse("Not found", status_code=404)
    data, content_type = found
    # Names are random and never reused, so a photo can be cached for good.
    return Response(data, media_type=content_type, headers={"Cache-Control": "public, max-age=31536000, immutable"})
