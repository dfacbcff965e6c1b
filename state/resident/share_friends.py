"""/share/friends: finding neighbours (only those who allow it), friend requests both ways,
friends, circles, the block list and the privacy settings. Live: a request sent to me, or my
request accepted, shows up without a reload. A blocked member only ever reads "not available"."""

from __future__ import annotations

import reflex as rx

from community_hub.core.i18n import phrase
from community_hub.sharing import blocks, circles, friends, neighbours, privacy
from state.resident.share_forms import form_field
from state.shared.language import in_language
from state.shared.live_watch import LiveWatch
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event
from state.shared.setters import text_setter

POLL_SECONDS = 1.0
REACHES = ("community", "friends_of_friends", "nobody")


def _page(db, actor):
    return (friends.my_friends(db, actor), friends.my_requests(db, actor), circles.my_circles(db, actor),
            blocks.my_blocks(db, actor), privacy.my_privacy(db, actor), friends.friends_version(db, actor))


class ShareFriendsState(LoadedScreen, LiveWatch, rx.State):
    query: str = ""
    found: list[dict[str, str]] = []  # {"id", "name", "unit", "relation"}
    searched: bool = False
    friends: list[dict[str, str]] = []  # {"id", "name"}
    incoming: list[dict[str, str]] = []  # {"id" (request), "user", "name"}
    outgoing: list[dict[str, str]] = []
    circles: list[dict[str, str]] = []  # {"id", "name", "members": "Ann, Bob", "count"}
    circle_members: list[dict[str, str]] = []  # {"circle", "user", "name"}: one row per membership
    blocked: list[dict[str, str]] = []
    findable_by: str = "community"
    requests_from: str = "community"
    loaded: bool = False
    circle_form_key: int = 0

    async def _load(self) -> None:
        mine, reqs, my_circles, my_blocks, priv, version = await look(self, _page)
        self._seen_version = repr(version)
        self.friends = [{"id": str(p.user_id), "name": p.name} for p in mine]
        self.incoming = [{"id": str(rid), "user": str(p.user_id), "name": p.name} for rid, p in reqs.incoming]
        self.outgoing = [{"id": str(rid), "user": str(p.user_id), "name": p.name} for rid, p in reqs.outgoing]
        self.circles = [{"id": str(c.circle_id), "name": c.name, "count": str(len(c.members)),
                         "members": ", ".join(n for _, n in c.members)} for c in my_circles]
        self.circle_members = [{"circle": str(c.circle_id), "user": str(uid), "name": n}
                               for c in my_circles for uid, n in c.members]
        self.blocked = [{"id": str(p.user_id), "name": p.name} for p in my_blocks]
        self.findable_by, self.requests_from = priv.findable_by, priv.requests_from
        self.loaded = True

    async def _opened(self) -> None:
        self.query, self.found, self.searched = "", [], False

    @rx.event(background=True)
    async def watch(self, gen: int):
        await self._follow_version(gen, "/share/friends", POLL_SECONDS, friends.friends_version, (), self._reload,
                                   keys=friends.friends_keys)

    async def _reload(self) -> None:
        await self._load()
        if self.searched and self.query.strip():
            await self._search()

    set_query = text_setter("query", 80)

    async def _search(self) -> None:
        rows = await look(self, neighbours.find_neighbours, self.query)
        self.found = [{"id": str(n.user_id), "name": n.name, "unit": n.unit, "relation": n.relation} for n in rows]
        self.searched = True

    @rx.event
    @screen_event
    async def search(self, form: dict):
        self.query = form_field(form, "query", 80) or self.query
        self.found, self.searched = [], False
        await self._search()

    @rx.event
    @screen_event
    async def send_request(self, user_id: str):
        result = await call(self, friends.send_request, row_id(user_id))
        self.notice = await in_language(self, phrase("You are friends now.") if result == "friends"
                                        else phrase("Friend request sent."))
        await self._reload()

    @rx.event
    @screen_event
    async def accept(self, request_id: str):
        await call(self, friends.accept_request, row_id(request_id))
        self.notice = await in_language(self, phrase("You are friends now."))
        await self._reload()

    @rx.event
    @screen_event
    async def decline(self, request_id: str):
        await call(self, friends.decline_request, row_id(request_id))
        self.notice = await in_language(self, phrase("Request declined."))
        await self._reload()

    @rx.event
    @screen_event
    async def withdraw(self, request_id: str):
        await call(self, friends.withdraw_request, row_id(request_id))
        self.notice = await in_language(self, phrase("Request withdrawn."))
        await self._reload()

    @rx.event
    @screen_event
    async def remove_friend(self, user_id: str):
        await call(self, friends.remove_friend, row_id(user_id))
        self.notice = await in_language(self, phrase("Removed from your friends."))
        await self._reload()

    @rx.event
    @screen_event
    async def block(self, user_id: str):
        await call(self, blocks.block, row_id(user_id))
        self.notice = await in_language(self, phrase("Blocked. They will not see your posts and cannot reach you."))
        await self._reload()

    @rx.event
    @screen_event
    async def unblock(self, user_id: str):
        await call(self, blocks.unblock, row_id(user_id))
        self.notice = await in_language(self, phrase("Unblocked."))
        await self._reload()

    @rx.event
    @screen_event
    async def create_circle(self, form: dict):
        circle = await call(self, circles.create_circle, form_field(form, "name", 200))
        self.notice = await in_language(self, phrase("Circle “{name}” created.", name=circle.name))
        self.circle_form_key += 1
        await self._load()

    @rx.event
    @screen_event
    async def delete_circle(self, circle_id: str):
        await call(self, circles.delete_circle, row_id(circle_id))
        self.notice = await in_language(self, phrase("Circle deleted."))
        await self._load()

    @rx.event
    @screen_event
    async def add_to_circle(self, form: dict):
        await call(self, circles.add_to_circle, row_id(form_field(form, "circle", 20)), row_id(
            form_field(form, "friend", 20), phrase("Choose a friend to add.")))
        self.notice = await in_language(self, phrase("Added to the circle."))
        await self._load()

    @rx.event
    @screen_event
    async def remove_from_circle(self, circle_id: str, user_id: str):
        await call(self, circles.remove_from_circle, row_id(circle_id), row_id(user_id))
        self.notice = await in_language(self, phrase("Removed from the circle."))
        await self._load()

    @rx.event
    @screen_event
    async def save_privacy(self, form: dict):
        found = await call(self, privacy.set_privacy, findable_by=form_field(form, "findable_by", 30),
                           requests_from=form_field(form, "requests_from", 30))
        self.findable_by, self.requests_from = found.findable_by, found.requests_from
        self.notice = await in_language(self, phrase("Privacy settings saved."))
