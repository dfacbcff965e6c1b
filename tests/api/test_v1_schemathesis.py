"""Schemathesis against /api/v1/openapi.json (issue 19): requests generated from the document for
every operation, sent with a shop's key holding every scope, on a shop with a product and a paid
order; no answer is a server error, and every answer matches the document (status, content type,
body schema)."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 20  # per operation; enough to meet every parameter's edges without a long run


def test_no_server_errors_and_every_answer_matches_the_document(api, shop, monkeypatch):
    monkeypatch.setenv("HUB_API_REQUESTS_PER_MINUTE", "1000000")  # the rate limit is tested on its own
    headers = shop.key()
    shop.paid_order()
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", api.app)
    failures: list[str] = []
    for found in schema.get_all_operations():
        operation = found.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except Exception as exc:  # noqa: BLE001 - every operation is tried; the failures are listed
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:600]}")
    assert not failures, "\n\n".join(failures)
