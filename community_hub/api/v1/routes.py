"""The Starlette routes of /api/v1: one route per path (its methods dispatched by the pipeline),
the document and its page, and a 404 in the API's shape for anything else under /api/v1."""

from __future__ import annotations

from collections import defaultdict

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from community_hub.api.v1.operations import OPERATIONS
from community_hub.api.v1.pipeline import endpoint
from community_hub.api.v1.problems import problem_response
from community_hub.core.i18n import from_accept_language, phrase

PREFIX = "/api/v1"
# Every path takes every method, so a wrong one gets the pipeline's 405 in the API's shape.
METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE"]


async def no_route(request: Request) -> Response:
    return problem_response(404, "no_route", phrase("There is no such address in the API."),
                            from_accept_language(request.headers.get("accept-language")))


def v1_routes() -> list[Route]:
    by_path = defaultdict(list)
    for op in OPERATIONS:
        by_path[op.path].append(op)
    routes = [Route(PREFIX + path, endpoint(path, ops), methods=METHODS) for path, ops in by_path.items()]
    routes.append(Route(PREFIX + "/{rest:path}", no_route, methods=METHODS))
    return routes
