"""A public page (@area_page(..., "public", ...)) opens for a stranger in one event: nobody is
sent to log in, the page's loads run and show only what is public; a member is known to the
header. The community's front of the demo data is the page."""

from __future__ import annotations

import asyncio

from state.shared.session import SessionState
from state.site.front import CommunityFrontState
from tests.state import harness

OPEN_PAGE = SessionState.event_handlers["open_page"]


async def _open(token: str, path: str):
    async with harness.Server() as server:
        tab = await server.browser(token, path=path)
        error = await tab.send(OPEN_PAGE, {"route": "/c/[community]"})
        async with tab.root() as root:
            return error, await root.get_state(SessionState), await root.get_state(CommunityFrontState), list(tab.received)


def _redirects(received) -> list[str]:
    return [str(e.payload.get("path")) for u in received for e in (u.events or []) if e.name == "_redirect"]


def test_a_stranger_reads_the_front_without_being_sent_to_log_in(demo):
    error, session, front, received = asyncio.run(_open("", "/c/maple-court"))
    assert error is None and _redirects(received) == []
    assert not session.user_name
    assert front.found and front.community_name == "Maple Court"
    assert front.here == "/c/maple-court"
    assert front.seo_ref == ""  # a stranger is offered no editor


def test_a_member_is_known_to_the_header_on_a_public_page(demo):
    error, session, front, received = asyncio.run(_open(demo.caller_token, "/c/maple-court"))
    assert error is None and _redirects(received) == []
    assert session.user_name and front.found


def test_an_unknown_community_says_so(demo):
    error, _, front, _ = asyncio.run(_open("", "/c/no-such-place"))
    assert error is None
    assert not front.found and "does not exist" in front.error
