"""The public site at the HTTP layer: host names bound to a community or a shop, /sitemap.xml,
/robots.txt, and search-engine tags written into a public page's HTML.

An ASGI wrapper around the whole app (rx.App(api_transformer=[..., public_site])), so it sees
every request before Reflex's static frontend answers it:
- `/` on a bound, switched-on host redirects to that community's front or shop (the same app
  serves every host; site/host_bindings.py says where each leads);
- `/sitemap.xml` lists the public pages (of that host's community or shop when it is bound),
  `/robots.txt` keeps the signed-in and personal areas out (site/sitemap.py);
- a public page (`/c/...`, `/shop/{slug}`, `/product/{id}`) gets its title, description,
  keywords, canonical URL and Open Graph tags in its <head> (site/seo.py), so a crawler that runs
  no script reads them; the page's own script sets the same title once it runs.
The database is read in a worker thread; nothing here needs a session or says anything private.
"""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from community_hub.core.db import read_session
from community_hub.site import host_bindings, seo, sitemap

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]

PUBLIC_PREFIXES = ("/c/", "/shop/", "/product/")
MAX_HTML = 2 * 1024 * 1024  # a page bigger than this is passed on untouched


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers") or []:
        if key.lower() == name:
            return value.decode("latin-1")
    return ""


def _base_url(scope: Scope) -> str:
    host = _header(scope, b"host") or "localhost"
    scheme = _header(scope, b"x-forwarded-proto") or scope.get("scheme") or "http"
    return f"{scheme.split(',')[0].strip()}://{host}"


def _read(fn, *args):
    with read_session() as db:
        return fn(db, *args)


def _target(db, host: str):
    return host_bindings.target_of(db, host)


def _sitemap(db, host: str) -> str:
    return sitemap.public_paths(db, host_bindings.target_of(db, host))


async def _answer(send, status: int, body: bytes, content_type: str, extra: list | None = None) -> None:
    headers = [(b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode()),
               *(extra or [])]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def head_tags(meta: seo.PageMeta, base_url: str) -> str:
    """The <head> lines of a public page (escaped: the words are its owner's)."""
    e = lambda s: html.escape(s, quote=True)  # noqa: E731 - a short local name keeps the lines readable
    url = base_url + meta.path
    image = meta.image if meta.image.startswith(("http://", "https://")) else (base_url + meta.image if meta.image.startswith("/") else "")
    lines = [
        f"<title>{e(meta.title)}</title>",
        f'<meta name="description" content="{e(meta.description)}">',
        f'<link rel="canonical" href="{e(url)}">',
        f'<meta property="og:title" content="{e(meta.title)}">',
        f'<meta property="og:description" content="{e(meta.description)}">',
        f'<meta property="og:type" content="{e(meta.og_type)}">',
        f'<meta property="og:url" content="{e(url)}">',
        f'<meta property="og:site_name" content="{e(seo.SITE_NAME)}">',
    ]
    if meta.keywords:
        lines.append(f'<meta name="keywords" content="{e(meta.keywords)}">')
    if image:
        lines.append(f'<meta property="og:image" content="{e(image)}">')
    return "".join(lines)


_OLD_TAGS = re.compile(rb'<title>.*?</title>|<meta name="description"[^>]*>', re.S)


def inject(page: bytes, tags: str) -> bytes:
    if b"</head>" not in page:
        return page
    page = _OLD_TAGS.sub(b"", page)
    return page.replace(b"</head>", tags.encode() + b"</head>", 1)


def public_site(app: ASGIApp) -> ASGIApp:
    async def serve(scope: Scope, receive, send) -> None:
        if scope.get("type") != "http" or scope.get("method") not in ("GET", "HEAD"):
            await app(scope, receive, send)
            return
        path, host = scope.get("path", ""), _header(scope, b"host")
        if path == "/robots.txt":
            await _answer(send, 200, sitemap.robots_txt(_base_url(scope)).encode(), "text/plain; charset=utf-8")
            return
        if path == "/sitemap.xml":
            paths = await asyncio.to_thread(_read, _sitemap, host)
            await _answer(send, 200, sitemap.sitemap_xml(_base_url(scope), paths).encode(), "application/xml; charset=utf-8")
            return
        if path == "/" and host:
            target = await asyncio.to_thread(_read, _target, host)
            if target is not None:
                await _answer(send, 307, b"", "text/plain", [(b"location", target.path.encode())])
                return
        if path.startswith(PUBLIC_PREFIXES) and scope.get("method") == "GET":
            meta = await asyncio.to_thread(_read, seo.meta_for_path, path)
            if meta is not None:
                await _with_tags(app, scope, receive, send, head_tags(meta, _base_url(scope)))
                return
        await app(scope, receive, send)

    return serve


async def _with_tags(app: ASGIApp, scope: Scope, receive, send, tags: str) -> None:
    """Run the app for a public page asking for plain (uncompressed) HTML, and add the tags."""
    plain = dict(scope)
    plain["headers"] = [(k, v) for k, v in scope.get("headers") or [] if k.lower() != b"accept-encoding"]
    # The file must come as body messages to be read here, not as a path the server sends itself.
    plain["extensions"] = {k: v for k, v in (scope.get("extensions") or {}).items()
                           if k not in ("http.response.pathsend", "http.response.zerocopy")}
    start: Message | None = None
    chunks: list[bytes] = []
    passing = False

    async def capture(message: Message) -> None:
        nonlocal start, passing
        if message["type"] == "http.response.start":
            content_type = dict(message.get("headers") or []).get(b"content-type", b"")
            if message.get("status") != 200 or not content_type.startswith(b"text/html"):
                passing = True
                await send(message)
            else:
                start = message
            return
        if passing:
            await send(message)
            return
        if message["type"] != "http.response.body":  # an answer this wrapper cannot read: as it is
            passing = True
            await send(start)
            await send(message)
            return
        chunks.append(message.get("body", b""))
        if message.get("more_body"):
            if sum(map(len, chunks)) > MAX_HTML:  # too big to hold: send it as it is
                passing = True
                await send(start)
                await send({"type": "http.response.body", "body": b"".join(chunks), "more_body": True})
            return
        page = inject(b"".join(chunks), tags)
        headers = [(k, v) for k, v in start.get("headers") or [] if k.lower() not in (b"content-length", b"etag")]
        headers.append((b"content-length", str(len(page)).encode()))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": page})

    await app(plain, receive, capture)
