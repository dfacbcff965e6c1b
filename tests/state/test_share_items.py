"""The item screens' states (issue 17), through Reflex's event processor: Riley posts a give-away
(an empty title is refused with nothing stored); Noor writes about it and her conversation shows on
Riley's item page as unread (and on his messages list first); he reserves it for her, both mark it
handed over, and each reviews the other through the review dialog's state. Once Riley blocks her,
Noor reads "not available" there and sends nothing."""

from __future__ import annotations

import asyncio

from sqlmodel import select

from community_hub.core.db import session_scope
from community_hub.core.permissions import load_actor
from community_hub.models import User
from community_hub.models.sharing import ConversationMessage, SharedItem
from community_hub.sharing import blocks
from state.resident.share_item import ShareItemState
from state.resident.share_items import ShareItemsState
from state.resident.share_items_new import ShareItemNewState
from state.resident.share_messages import ShareMessagesState
from state.resident.share_reviews import SharingReviewState
from tests.state import harness

GIVE = {"title": "Board games", "description": "Three boxes", "condition": "good", "pickup_place": "Lobby B"}


async def _page(browser, cls):
    async with browser.root() as root:
        return await root.get_state(cls)


def _block(blocker: str, blocked: str, *, undo: bool = False) -> None:
    with session_scope() as db:
        me = db.exec(select(User).where(User.email == blocker)).one()
        other = db.exec(select(User).where(User.email == blocked)).one()
        if not undo:
            blocks.block(db, load_actor(db, me), other.id)
        elif any(p.user_id == other.id for p in blocks.my_blocks(db, load_actor(db, me))):
            blocks.unblock(db, load_actor(db, me), other.id)


def test_an_item_is_posted_asked_for_reserved_handed_over_and_reviewed(demo):
    async def run():
        async with harness.Server() as server:
            riley = await server.browser(demo.tokens["resident@demo.hub"], path="/share/items/new")
            new = ShareItemNewState.event_handlers
            await riley.send(new["load"], {})
            await riley.send(new["set_kind"], {"value": "give"})
            await riley.send(new["post"], {"form": {**GIVE, "title": " "}})
            assert "Enter the title" in (await _page(riley, ShareItemNewState)).error
            with session_scope() as db:
                assert db.exec(select(SharedItem)).all() == []
            await riley.send(new["post"], {"form": GIVE})
            assert not (await _page(riley, ShareItemNewState)).error
            with session_scope() as db:
                item_id = db.exec(select(SharedItem.id)).one()
            path = f"/share/items/{item_id}"

            noor = await server.browser(demo.tokens["noor@demo.hub"], path="/share/items")
            await noor.send(ShareItemsState.event_handlers["load"], {})
            assert [i["title"] for i in (await _page(noor, ShareItemsState)).items] == ["Board games"]
            noor = await server.browser(demo.tokens["noor@demo.hub"], path=path)
            h = ShareItemState.event_handlers
            await noor.send(h["load"], {})
            await noor.send(h["send"], {"form": {"body": "I'd love them for my kids"}})
            page = await _page(noor, ShareItemState)
            assert not page.error and [m["body"] for m in page.messages] == ["I'd love them for my kids"]

            inbox = await server.browser(demo.tokens["resident@demo.hub"], path="/share/messages")
            await inbox.send(ShareMessagesState.event_handlers["load"], {})
            assert [(r["title"], r["name"], r["unread"]) for r in (await _page(inbox, ShareMessagesState)).rows] == [
                ("Board games", "Noor Neighbour", "1")]

            riley = await server.browser(demo.tokens["resident@demo.hub"], path=path)
            await riley.send(h["load"], {})
            page = await _page(riley, ShareItemState)
            assert [t["name"] for t in page.talks] == ["Noor Neighbour"]
            assert page.messages[0]["body"] == "I'd love them for my kids"  # opened: now read
            await inbox.send(ShareMessagesState.event_handlers["load"], {})
            assert (await _page(inbox, ShareMessagesState)).rows[0]["unread"] == "0"
            await riley.send(h["reserve"], {})
            assert (await _page(riley, ShareItemState)).item["status"] == "reserved"
            await noor.send(h["mark_done"], {})
            await riley.send(h["mark_done"], {})
            assert (await _page(riley, ShareItemState)).item["status"] == "completed"

            r = SharingReviewState.event_handlers
            await riley.send(r["show"], {"kind": "item", "deal_id": str(item_id), "other": "Noor Neighbour"})
            await riley.send(r["write"], {"form": {"rating": "7", "comment": "x"}})
            assert "from 1 to 5" in (await _page(riley, SharingReviewState)).error
            await riley.send(r["write"], {"form": {"rating": "5", "comment": "Lovely neighbour"}})
            box = (await _page(riley, SharingReviewState)).box
            assert box["mine_rating"] == "5" and box["waiting"] == "1" and "theirs_rating" not in box
            await noor.send(r["show"], {"kind": "item", "deal_id": str(item_id), "other": "Riley Resident"})
            await noor.send(r["write"], {"form": {"rating": "4", "comment": "Thanks!"}})
            box = (await _page(noor, SharingReviewState)).box
            assert box["theirs_comment"] == "Lovely neighbour"

            _block("resident@demo.hub", "noor@demo.hub")  # after all that, Riley blocks Noor
            noor = await server.browser(demo.tokens["noor@demo.hub"], path=path)
            await noor.send(h["load"], {})
            await noor.send(h["send"], {"form": {"body": "Hello?"}})
            page = await _page(noor, ShareItemState)
            assert "not available" in page.error and not page.found
            with session_scope() as db:
                assert len(db.exec(select(ConversationMessage)).all()) == 1

    try:
        asyncio.run(run())
    finally:  # the demo world is shared by the suite: the parking test has Noor find Riley
        _block("resident@demo.hub", "noor@demo.hub", undo=True)
