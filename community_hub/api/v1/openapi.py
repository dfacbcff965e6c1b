"""The OpenAPI 3.1 document of /api/v1, written from the operations themselves (their paths, scopes,
bodies and answers) and the pydantic schemas, so it cannot drift from what the server does."""

from __future__ import annotations

import re
from functools import cache

from pydantic.json_schema import models_json_schema

from community_hub.api.v1 import schemas as s
from community_hub.api.v1.operations import OPERATIONS
from community_hub.api.v1.pipeline import DEFAULT_PER_MINUTE, MAX_BODY_BYTES
from community_hub.partner_api.scopes import SCOPES

REF = "#/components/schemas/{model}"

INTRO = f"""The REST API for merchants' tills and stock systems and for partners (delivery firms,
accounting tools).

**Keys.** Create a key on the dashboard's "Connect your shop" page and send it as
`Authorization: Bearer <key>`. A key belongs to one shop and holds scopes: {", ".join(f"`{x}`" for x in SCOPES)}
(a write scope includes reading the same things). `hub_test_` keys are sandbox keys: they change
things only on a deployment that runs the demo payment provider, and only read elsewhere.

**Partner keys.** A partner serving one community (a delivery firm, an accounting tool) gets a
`hub_partner_` key from the platform: it reads the `/api/v1/community/…` routes (the
community's products, its residents' orders and the money received against its bills, with scopes
`products:read`, `orders:read`, `bills:read`); a shop's key cannot use those. With `webhooks:manage`
it also registers, lists, rotates and removes its own webhook endpoints on the `/api/v1/webhook-…`
routes, which receive its community's events it may read (`bill.paid` with `bills:read`; its
residents' `order.created`, `order.paid`, `order.status_changed` with `orders:read`), and replays the
same events with `GET /api/v1/events`. Any other route is refused to it (403 `wrong_key_kind`), and
neither kind of key sees the other's endpoints (404).

**Errors** always have one shape, `{{"error": {{"code": "...", "message": "...", "field": null}}}}`: the
code is stable for programs, the message is in the language of `Accept-Language` (English or
Chinese), and `field` names the field (e.g. `products[3].price_minor`) when one is at fault.
401: no usable key (`missing_key`, `invalid_key`, `key_revoked`, `key_expired`, `key_owner_left`);
403: the key lacks the scope (`missing_scope`, `sandbox_key`) or is the other kind (`wrong_key_kind`); 404: not found, also for another
shop's ids; 409: the thing is not in a state for that (`bad_state`) or an Idempotency-Key was used
for another request; 413: a body over {MAX_BODY_BYTES // 1_048_576} MB; 422: a rule or a field refused
the request (nothing was changed); 429: over {DEFAULT_PER_MINUTE} requests a minute for the key (wait
`Retry-After` seconds; every answer carries `RateLimit-Limit` and `RateLimit-Remaining`).

**Money** is in integer minor units (`350` is 3.50) in the shop's currency.

**Lists** are pages of at most 100 (`limit`), in order; pass `next_cursor` as `after` for the next
page (null: nothing more now).

**Idempotency.** Send `Idempotency-Key` with any POST or PATCH: the same key with the same request
returns the first answer without doing anything again (header `Idempotent-Replayed: true`); the
same key with a different request is refused with 409.

**Webhooks.** Register an endpoint (`POST /api/v1/webhook-endpoints`, or on the dashboard) and keep
its `whsec_` secret. Each event is posted as JSON `{"type", "timestamp", "id", "seq", "data"}` with the
Standard Webhooks headers `webhook-id` (the event's id: ignore one you have seen), `webhook-timestamp`
and `webhook-signature` (`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`; two of them for a day after
the secret is rotated). Verify before trusting it, with any Standard Webhooks library, e.g. in Python
`Webhook(secret).verify(body, headers)` from the `standardwebhooks` package: it refuses a forged body
and a timestamp more than 5 minutes away. Answer 2xx within 10 seconds; each endpoint gets its events
in order, one at a time, retried until it answers.
"""


def _path(op_path: str) -> str:
    return "/api/v1" + re.sub(r":int}", "}", op_path)


@cache
def document() -> dict:
    models = {s.Error, *(op.body for op in OPERATIONS if op.body), *(op.answer for op in OPERATIONS if op.answer)}
    modes = [(m, "validation" if m in {op.body for op in OPERATIONS} else "serialization")
             for m in sorted(models, key=lambda m: m.__name__)]
    _keys, defs = models_json_schema(modes, ref_template=REF)
    paths: dict[str, dict] = {}
    for op in OPERATIONS:
        path = _path(op.path)
        params = [{"name": name, "in": "path", "required": True,
                   "schema": {"type": "integer", "minimum": 1}} for name in re.findall(r"{(\w+)", op.path)]
        if "after" in op.query:
            params.append({"name": "after", "in": "query", "required": False, "description":
                           "The cursor: next_cursor of the previous page (0 or nothing for the start).",
                           "schema": {"type": "string", "pattern": "^[0-9]+$", "default": "0"}})
        if "limit" in op.query:
            params.append({"name": "limit", "in": "query", "required": False, "description": "Items per page.",
                           "schema": {"type": "string", "pattern": "^[0-9]+$", "default": "100"}})
        if op.method in ("POST", "PATCH"):
            params.append({"name": "Idempotency-Key", "in": "header", "required": False,
                           "description": "Any unique string up to 100 characters; a retry with it does nothing twice.",
                           "schema": {"type": "string", "minLength": 1, "maxLength": 100}})
        entry: dict = {
            "operationId": op.handler.__name__, "summary": op.summary, "tags": [op.tag],
            "description": (op.description + "\n\n" if op.description else "") + f"Scope: `{op.scope}`.",
            "security": [{"apiKey": []}], "x-scope": op.scope, "parameters": params,
            "responses": {str(op.status): {"description": "Done.", "content": {"application/json": {
                "schema": {"$ref": REF.format(model=op.answer.__name__)}}}}},
        }
        if op.file_body:
            content = {kind: {"schema": {"type": "string", "contentMediaType": kind}}
                       for kind in ("image/png", "image/jpeg", "image/webp")}
            content["multipart/form-data"] = {"schema": {"type": "object", "required": ["file"], "properties": {
                "file": {"type": "string", "contentMediaType": "application/octet-stream"}}}}
            entry["requestBody"] = {"required": True, "content": content}
        if op.body is not None:
            entry["requestBody"] = {"required": True, "content": {"application/json": {
                "schema": {"$ref": REF.format(model=op.body.__name__)}}}}
        for code in op.errors:
            entry["responses"][str(code)] = {"$ref": f"#/components/responses/E{code}"}
        paths.setdefault(path, {})[op.method.lower()] = entry
    said = {400: "Malformed JSON, or a bad cursor or limit.", 401: "No usable API key.",
            403: "The key lacks the scope this needs.", 404: "Not found (or another shop's).",
            409: "Not in a state for this, or an Idempotency-Key reused for another request.",
            413: "The body is too large.", 422: "A rule or a field refused the request; nothing changed.",
            429: "Too many requests with this key; see Retry-After."}
    responses = {f"E{code}": {"description": text, "content": {"application/json": {
        "schema": {"$ref": REF.format(model="Error")}}}} for code, text in said.items()}
    responses["E429"]["headers"] = {"Retry-After": {"description": "Seconds to wait.",
                                                    "schema": {"type": "integer"}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Community Hub API", "version": "1.0.0", "description": INTRO},
        "servers": [{"url": "/"}],
        "tags": [{"name": "products"}, {"name": "orders"}, {"name": "events"}, {"name": "webhooks"},
                 {"name": "community", "description": "For a community partner's key only."}],
        "paths": paths,
        "components": {"schemas": defs.get("$defs", {}), "responses": responses,
                       "securitySchemes": {"apiKey": {"type": "http", "scheme": "bearer",
                                                      "description": "Your key: Authorization: Bearer hub_live_…"}}},
    }
