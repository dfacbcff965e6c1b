"""The public REST API's rules (issue 19): merchants' API keys and what each may do, stored answers
to idempotent writes, the numbered event stream partners replay, the API's product and order moves
(through the catalog's and orders' own services), and webhooks. The HTTP side is community_hub/api/v1/."""
