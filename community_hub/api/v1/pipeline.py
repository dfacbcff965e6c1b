"""What every /api/v1 request goes through, in this order: the key (401), its scope (403), the
key's rate (429 with Retry-After), the body's size (413), JSON and field types (400 / 422), the
Idempotency-Key (a kept answer, or 409 for another request with the same key), the operation in
one transaction (off the event loop), and a line on the key's log whatever the answer was."""

from __future__ import annotations

import asyncio
import json
import logging
import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from limits import RateLimitItemPerMinute
from pydantic import BaseModel, ValidationError
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import FormParser
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import Response

from community_hub.api.v1.problems import (
    ApiProblem,
    from_problem,
    from_service_error,
    from_validation,
    problem_response,
)
from community_hub.core.db import read_session, session_scope
from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import from_accept_language, phrase, set_reader
from community_hub.core.rate_storage import moving_window
from community_hub.partner_api import idempotency, keys, partner_keys
from community_hub.partner_api.scopes import grants

log = logging.getLogger("community_hub.api.v1")

MAX_BODY_BYTES = 2 * 1024 * 1024  # 500 products with long descriptions fit; more is refused unread
DEFAULT_PER_MINUTE = 600
INT_MAX = 2**31 - 1  # ids are 32-bit on PostgreSQL: a larger one is simply not found
WHAT = {"products": phrase("product"), "orders": phrase("order"), "webhooks": phrase("webhook endpoint")}


@dataclass(frozen=True)
class Call:
    path: dict[str, int]
    query: dict[str, str]
    body: BaseModel | None
    raw: bytes = b""  # the body as sent, for an operation that takes a file (a photo)


Handler = Callable[[Session, keys.KeyPrincipal, Call], tuple[int, dict]]


@dataclass(frozen=True)
class Operation:
    """One route of the API: how it is served and how the OpenAPI document describes it."""

    method: str
    path: str  # under /api/v1, Starlette style: /orders/{order_id:int}
    scope: str
    handler: Handler
    summary: str
    tag: str
    body: type[BaseModel] | None = None
    answer: type[BaseModel] | None = None
    status: int = 200
    query: tuple[str, ...] = ()  # "after", "limit"
    description: str = ""
    errors: tuple[int, ...] = field(default=(400, 401, 403, 404, 409, 413, 422, 429))
    max_body: int = 0  # bytes this operation accepts; 0: MAX_BODY_BYTES
    file_body: bool = False  # the body is a file (image/png, image/jpeg, image/webp), not JSON
    audience: str = "shop"  # whose keys open it: "shop" (a merchant's), "community" (a partner's) or "any"
    # For a partner's key on an "any" route: it needs one of these instead of `scope`.
    partner_scopes: tuple[str, ...] = ()
    # Slow work on the request before its transaction (fetching a photo by URL): Call -> Call.
    prepare: Callable[[Call], Call] | None = None


def _per_minute() -> int:
    """HUB_API_REQUESTS_PER_MINUTE (a whole number above 0), else 600."""
    text = os.environ.get("HUB_API_REQUESTS_PER_MINUTE", "")
    return int(text) if text.isdigit() and int(text) > 0 else DEFAULT_PER_MINUTE


def _count(principal: keys.KeyPrincipal) -> dict[str, str]:
    """One request of this key in a moving minute: in this worker's memory, or in Redis when the
    app runs several workers (REFLEX_REDIS_URL), so the ceiling holds across them. Returns the
    RateLimit-Limit / RateLimit-Remaining headers of the answer."""
    most = _per_minute()
    item, limiter = RateLimitItemPerMinute(most), moving_window()
    allowed = limiter.hit(item, "hub-api", principal.limit_name)
    stats = limiter.get_window_stats(item, "hub-api", principal.limit_name)
    if not allowed:
        wait = max(1, math.ceil(stats.reset_time - time.time()))
        raise ApiProblem(429, "rate_limited", phrase("Too many requests with this key: at most {most} a minute.",
                                                     most=most), headers={"Retry-After": str(wait)})
    return {"RateLimit-Limit": str(most), "RateLimit-Remaining": str(max(0, stats.remaining))}


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip() or None
    return request.headers.get("x-api-key") or None


def _authenticate(secret: str | None) -> keys.KeyPrincipal:
    with read_session() as db:
        if partner_keys.is_partner_secret(secret):
            return partner_keys.authenticate_partner(db, secret)
        return keys.authenticate(db, secret)


def _check_audience(op: Operation, principal: keys.KeyPrincipal) -> None:
    if op.audience not in ("any", principal.audience):
        raise ApiProblem(403, "wrong_key_kind", phrase(
            "A community partner's key reads only /api/v1/community/…; a shop's key everything else."))


def _check_scope(op: Operation, principal: keys.KeyPrincipal) -> None:
    if principal.audience == "community" and op.partner_scopes:
        if not any(grants(principal.scopes, s) for s in op.partner_scopes):
            keys.require_scope(principal, op.partner_scopes[0])
        return
    keys.require_scope(principal, op.scope)


async def _body(request: Request, most: int = MAX_BODY_BYTES) -> bytes:
    declared = request.headers.get("content-length")
    too_large = ApiProblem(413, "body_too_large", phrase("The request body is larger than {most} MB.",
                                                         most=most // 1_048_576))
    if declared is not None and (not declared.isdigit() or int(declared) > most):
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > most:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def _file_of(content_type: str, raw: bytes) -> bytes:
    """A file operation's file: the body itself, or the one file of a multipart/form-data body
    (a form field named "file", or the only file sent)."""
    if not content_type.lower().startswith("multipart/form-data"):
        return raw
    parts: list[tuple[str, bytes]] = []
    boundary = next((p.split("=", 1)[1].strip('"') for p in content_type.split(";")
                     if p.strip().lower().startswith("boundary=")), "")
    if not boundary:
        raise ApiProblem(400, "malformed_multipart", phrase("The multipart body names no boundary."))

    def on_file(file) -> None:
        file.file_object.seek(0)
        parts.append(((file.field_name or b"").decode(errors="replace"), file.file_object.read()))

    try:
        parser = FormParser("multipart/form-data", lambda _field: None, on_file, boundary=boundary.encode(),
                            config={"MAX_MEMORY_FILE_SIZE": MAX_BODY_BYTES * 4})
        parser.write(raw)
        parser.finalize()
    except FormParserError:
        raise ApiProblem(400, "malformed_multipart", phrase("The multipart body could not be read.")) from None
    named = [data for name, data in parts if name == "file"]
    if named or len(parts) == 1:
        return (named or [parts[0][1]])[0]
    raise ApiProblem(422, "invalid_body", phrase("Send one file, in a form field named file."), field="file")


def _parse(op: Operation, raw: bytes) -> BaseModel | None:
    if op.body is None:
        return None
    try:
        data = json.loads(raw or b"null")
    except (ValueError, UnicodeDecodeError):
        raise ApiProblem(400, "malformed_json", phrase("The body is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise ApiProblem(422, "invalid_body", phrase("The body must be a JSON object."))
    try:
        return op.body.model_validate(data)
    except ValidationError as exc:
        raise from_validation(exc) from None


def _run(op: Operation, principal: keys.KeyPrincipal, call: Call, lang: str, idem: str | None,
         digest: str) -> tuple[int, str, bool]:
    """(status, JSON body, whether it is a kept answer)."""
    set_reader(lang)  # money and dates in messages follow the caller's language
    opened = read_session if op.method == "GET" else session_scope
    partner = principal.audience != "shop"  # its kept answers have their own table
    for attempt in (1, 2):
        try:
            with opened() as db:
                if idem:
                    kept = idempotency.stored_answer(db, principal.key_id, idem, digest, partner)
                    if kept is not None:
                        return kept[0], kept[1], True
                status, answer = op.handler(db, principal, call)
                text = json.dumps(answer, ensure_ascii=False)
                if idem:
                    idempotency.keep_answer(db, principal.key_id, idem, digest, status, text, partner)
                return status, text, False
        except IntegrityError:
            if not idem or attempt == 2:
                raise
            # The same key raced in from another request, which committed first: its answer is ours.
    raise AssertionError("unreachable")


def _record(principal: keys.KeyPrincipal, method: str, route: str, status: int, started: float) -> None:
    key_id, record = principal.key_id, (partner_keys.record_partner_call if principal.audience == "community"
                                        else keys.record_call)
    try:
        with session_scope() as db:
            record(db, key_id, method, route, status, int((time.monotonic() - started) * 1000))
    except Exception:  # noqa: BLE001 - a lost log line never costs the caller its answer
        log.exception("could not log an API call of key %s", key_id)


def endpoint(path: str, operations: list[Operation]) -> Callable:
    """The Starlette endpoint of one path, dispatching on the method (405 in the API's shape)."""
    by_method = {op.method: op for op in operations}
    shown_path = "/api/v1" + path.replace(":int}", "}")  # the key's log reads /api/v1/orders/{order_id}

    async def serve(request: Request) -> Response:
        started, lang = time.monotonic(), from_accept_language(request.headers.get("accept-language"))
        op = by_method.get(request.method)
        if op is None:
            return problem_response(405, "method_not_allowed", phrase("This address does not take {method}.",
                                                                      method=request.method), lang,
                                    headers={"Allow": ", ".join(sorted(by_method))})
        principal, response = None, None
        try:
            principal = await asyncio.to_thread(_authenticate, _bearer(request))
            _check_audience(op, principal)
            _check_scope(op, principal)
            rate = await asyncio.to_thread(_count, principal)  # Redis, when configured, is a network call
            ids = {k: v for k, v in request.path_params.items()}
            if any(not 0 < v <= INT_MAX for v in ids.values()):
                raise NotFound(WHAT.get(op.tag, phrase("item")))
            raw = await _body(request, op.max_body or MAX_BODY_BYTES) if op.method != "GET" else b""
            if op.file_body:
                raw = await asyncio.to_thread(_file_of, request.headers.get("content-type", ""), raw)
            call = Call(ids, dict(request.query_params), _parse(op, raw), raw if op.file_body else b"")
            idem = request.headers.get("idempotency-key") if op.method != "GET" else None
            idem = idempotency.check_key(idem) if idem is not None else None
            digest = idempotency.request_hash(op.method, request.url.path, raw)
            if op.prepare is not None:
                call = await asyncio.to_thread(op.prepare, call)
            status, text, replayed = await asyncio.to_thread(_run, op, principal, call, lang, idem, digest)
            response = Response(text, status_code=status, media_type="application/json",
                                headers={**rate, **({"Idempotent-Replayed": "true"} if replayed else {})})
        except ApiProblem as p:
            response = from_problem(p, lang)
        except ServiceError as exc:
            response = from_service_error(exc, lang)
        except Exception:  # noqa: BLE001 - a bug: logged with its traceback, the caller gets the shape
            log.exception("API %s %s failed", request.method, request.url.path)
            response = problem_response(500, "internal", phrase("Something went wrong on our side; try again."),
                                        lang)
        if principal is not None:
            await asyncio.to_thread(_record, principal, request.method, shown_path, response.status_code,
                                    started)
        return response

    return serve
