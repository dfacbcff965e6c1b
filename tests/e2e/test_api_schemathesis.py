"""Schemathesis against the served app (issue 19): the document is read from
/api/v1/openapi.json of the running production server, and requests generated from it for every
operation are sent over HTTP with a demo shop's key holding every scope, on a shop with a paid
order: no answer is a server error and every answer matches the document. (tests/api runs the
same check in-process on both databases; this one proves the app as deployed serves it.)"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from community_hub.accounts import auth as accounts
from community_hub.core.db import engine_for, session_scope
from community_hub.partner_api import keys
from community_hub.partner_api.scopes import SCOPES
from community_hub.seed.common import DEMO_PASSWORD

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 8  # per operation, over real HTTP: enough to meet each parameter's edges in about a minute


def _demo_shop_key(db_url: str) -> str:
    eng = engine_for(db_url)
    with session_scope(eng) as db:
        merchant = accounts.login(db, identifier="merchant@demo.hub", password=DEMO_PASSWORD)[1]
        new = keys.create_key(db, merchant, min(merchant.merchant_ids), name="Schemathesis", scopes=list(SCOPES))
        secret = new.secret
    eng.dispose()
    return secret


def test_the_served_api_never_errs_and_answers_as_documented(base_url: str, e2e_db_url: str):
    headers = {"Authorization": f"Bearer {_demo_shop_key(e2e_db_url)}"}
    schema = schemathesis.openapi.from_url(f"{base_url}/api/v1/openapi.json")
    failures: list[str] = []
    for found in schema.get_all_operations():
        operation = found.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS)

        try:
            run()
        except Exception as exc:  # noqa: BLE001 - every operation is tried; the failures are listed
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:600]}")
    assert not failures, "\n\n".join(failures)
