"""Every refusal of /api/v1 in one shape, {"error": {"code", "message", "field"}}, with its HTTP
status; the message in the caller's language (Accept-Language), the code stable for programs."""

from __future__ import annotations

import json

from pydantic import ValidationError
from starlette.responses import Response

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import localized, phrase

# A service's refusal code -> its status; any other refusal is 422 (the request broke a rule).
STATUS_OF = {
    "missing_key": 401, "invalid_key": 401, "key_revoked": 401, "key_expired": 401, "key_owner_left": 401,
    "missing_scope": 403, "sandbox_key": 403, "forbidden": 403,
    "not_found": 404,
    "bad_state": 409, "idempotency_key_reused": 409, "refund_pending": 409, "in_progress": 409,
    "invalid_cursor": 400, "invalid_limit": 400, "invalid_idempotency_key": 400,
    "rate_limited": 429, "provider_unavailable": 503,
}


class ApiProblem(Exception):
    """A refusal the pipeline itself makes (bad JSON, too large, too fast, no such route)."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.field, self.headers = status, code, message, field, headers or {}


def problem_response(status: int, code: str, message: str, lang: str, field: str | None = None,
                     headers: dict[str, str] | None = None) -> Response:
    body = json.dumps({"error": {"code": code, "message": localized(lang, message), "field": field}},
                      ensure_ascii=False)
    return Response(body, status_code=status, media_type="application/json", headers=headers)


def from_problem(p: ApiProblem, lang: str) -> Response:
    return problem_response(p.status, p.code, p.message, lang, p.field, p.headers)


def from_service_error(exc: ServiceError, lang: str) -> Response:
    field = getattr(exc, "field", None)
    if hasattr(exc, "index"):  # a bulk call's bad row (partner_api.products.BulkRowRefused)
        field = f"products[{exc.index}]"
    return problem_response(STATUS_OF.get(exc.code, 422), exc.code, exc.message, lang, field)


# Pydantic's kinds of mistake, said in both languages (its own messages are English only).
_SAID = {
    "missing": phrase("This field is required."),
    "extra_forbidden": phrase("This field is not known here."),
    "int_type": phrase("This must be a whole number."),
    "int_from_float": phrase("This must be a whole number."),
    "string_type": phrase("This must be text."),
    "bool_type": phrase("This must be true or false."),
    "list_type": phrase("This must be a list."),
    "model_type": phrase("This must be an object."),
    "dict_type": phrase("This must be an object."),
}


def _said(error: dict):
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind in _SAID:
        return _SAID[kind]
    if kind in ("string_too_long", "too_long"):
        return phrase("This is too long: at most {most}.", most=ctx.get("max_length"))
    if kind in ("string_too_short", "too_short"):
        return phrase("This is too short: at least {least}.", least=ctx.get("min_length"))
    if kind in ("greater_than_equal", "greater_than"):
        return phrase("This must be at least {least}.", least=ctx.get("ge", ctx.get("gt")))
    if kind in ("less_than_equal", "less_than"):
        return phrase("This must be at most {most}.", most=ctx.get("le", ctx.get("lt")))
    return phrase("This value is not valid.")


def field_path(loc: tuple) -> str:
    """("products", 3, "price_minor") -> "products[3].price_minor"."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def from_validation(exc: ValidationError) -> ApiProblem:
    first = exc.errors(include_url=False)[0]
    # A union (int | None) reports each branch: the first names the field and the mistake.
    loc = tuple(p for p in first["loc"] if not (isinstance(p, str) and p in {"int", "str", "bool", "none"}))
    return ApiProblem(422, "invalid_field", _said(first), field_path(loc) or None)
