"""/api/v1: the public REST API for merchants and partners (issue 19). The rules are in
community_hub/partner_api/; here are the HTTP pipeline (key, scope, rate, size, JSON, idempotency,
the call log), the operations, and the OpenAPI document with its reference page."""
