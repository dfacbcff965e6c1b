"""The Starlette routes of /api/v1: one route per path (its methods dispatched by the pipeline),
the document and its page, and a 404 in the API's shape for anything else under /api/v1."""

from __future__ import annotations

from collections import defaultdict

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from community_hub.api.v1.docs_page import page
from community_hub.api.v1.openapi import document
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


async def openapi_json(_request: Request) -> Response:
    return JSONResponse(document())


async def docs(_request: Request) -> Response:
    return HTMLResponse(page())


def v1_routes() -> list[Route]:
    by_path = defaultdict(list)
    for op in OPERATIONS:
        by_path[op.path].append(op)
    # The document and its page need no key: they say what the API is, nothing of anyone's shop.
    routes = [Route(PREFIX + "/openapi.json", openapi_json, methods=["GET"]), Route(PREFIX + "/docs", docs, methods=["GET"])]
    routes += [Route(PREFIX + path, endpoint(path, ops), methods=METHODS) for path, ops in by_path.items()]
    routes.append(Route(PREFIX + "/{rest:path}", no_route, methods=METHODS))
    return routes
