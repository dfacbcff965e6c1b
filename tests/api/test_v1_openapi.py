"""/api/v1/openapi.json is a valid OpenAPI 3.1 document naming every operation the server has,
and /api/v1/docs is a reference page that needs no script and nothing from elsewhere (issue 19)."""

from __future__ import annotations

import html
import re

from openapi_spec_validator import validate

from community_hub.api.v1.operations import OPERATIONS


def test_the_document_is_valid_openapi_3_1_and_names_every_operation(api):
    answer = api.get("/api/v1/openapi.json")
    assert answer.status_code == 200
    doc = answer.json()
    validate(doc)
    assert doc["openapi"] == "3.1.0"
    served = {(op.method.lower(), "/api/v1" + op.path.replace(":int}", "}")) for op in OPERATIONS}
    described = {(m, p) for p, methods in doc["paths"].items() for m in methods}
    assert described == served
    bulk = doc["paths"]["/api/v1/products/bulk"]["post"]
    assert bulk["x-scope"] == "products:write" and "Idempotency-Key" in [p["name"] for p in bulk["parameters"]]
    assert doc["components"]["schemas"]["BulkUpsert"]["properties"]["products"]["maxItems"] == 500
    assert set(bulk["responses"]) >= {"200", "401", "403", "413", "422", "429"}


def test_the_reference_page_reads_with_no_script(api):
    page = api.get("/api/v1/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<script" not in page.text and not re.search(r'(src|href)="https?://', page.text)
    text = html.unescape(page.text)
    for op in OPERATIONS:
        assert op.summary in text and ("/api/v1" + op.path.replace(":int}", "}")) in page.text
    assert "Idempotency-Key" in page.text and "Retry-After" in page.text
