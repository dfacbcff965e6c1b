"""/share/items/new: posting an item — photos (picked files wait on disk under a token,
core/upload_staging, never in the page's state), title, description, condition, kind (a price, what
is wanted in exchange, or free), pickup place and who sees it. The service checks everything at
once and stores nothing (not even a photo) on a refusal."""

from __future__ import annotations

import reflex as rx

from community_hub.core import upload_staging
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.sharing import circles, items, settings
from state.property.photos import read_uploads
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, off_loop, row_id, screen_event
from state.shared.session import SessionState

UPLOAD_ID = "item-photos-upload"


def _form(db, actor):
    mine = circles.my_circles(db, actor)
    return ([{"id": str(c.circle_id), "name": c.name} for c in mine], items.active_posts(db, actor.user_id),
            settings.current(db).max_active_posts)


def _post(db, actor, fields: dict, staged: list[tuple[str, str]], circle_ids: list[int]):
    """The staged photos come back from disk for the service, which checks them all first."""
    photos = []
    for name, token in staged:
        data = upload_staging.read_staged(token)
        if data is None:
            raise ServiceError(phrase("A photo you added has expired; add it again."))
        photos.append((name, data))
    return items.post_item(db, actor, photos=photos, circle_ids=circle_ids, **fields)


class ShareItemNewState(LoadedScreen, rx.State):
    circles: list[dict[str, str]] = []
    picked: list[str] = []  # names of the photos added to the form, not posted yet
    kind: str = "sell"
    audience: str = "community"
    active: int = 0
    most: int = 20
    _staged: list[tuple[str, str]] = []  # (file name, staging token)

    @rx.var
    def at_limit(self) -> bool:
        return self.active >= self.most

    async def _opened(self) -> None:
        if self._staged:
            await off_loop(upload_staging.drop, [t for _, t in self._staged])
        self._staged, self.picked, self.kind, self.audience = [], [], "sell", "community"

    async def _load(self) -> None:
        self.circles, self.active, self.most = await look(self, _form)

    @rx.event
    def set_kind(self, value: str):
        self.kind = value if value in ("sell", "swap", "give") else "sell"

    @rx.event
    def set_audience(self, value: str):
        self.audience = value if value in ("friends", "circles", "community") else "community"

    @rx.event
    @screen_event
    async def add_photos(self, files: list[rx.UploadFile]):
        picked = await read_uploads(files)
        if not picked:
            raise ServiceError(phrase("Choose a photo first (PNG, JPEG or WebP)."))
        if len(self._staged) + len(picked) > items.MAX_PHOTOS:
            raise ServiceError(phrase("At most {most} photos.", most=items.MAX_PHOTOS))
        for name, data in picked:
            token = await call(self, items.stage_photo, data)
            self._staged = [*self._staged, ((name or "photo")[:120], token)]
        self.picked = [name for name, _ in self._staged]
        yield rx.clear_selected_files(UPLOAD_ID)

    @rx.event
    @screen_event(busy=False)
    async def remove_photo(self, index: str):
        i = row_id(index)
        if i >= len(self._staged):
            raise ServiceError(phrase("That photo is not added any more."))
        await off_loop(upload_staging.drop, [self._staged[i][1]])
        self._staged = [f for n, f in enumerate(self._staged) if n != i]
        self.picked = [name for name, _ in self._staged]

    @rx.event
    @screen_event
    async def post(self, form: dict):
        circle_ids = [int(k.split("-", 1)[1]) for k, v in form.items()
                      if isinstance(k, str) and k.startswith("circle-") and k[7:].isdigit() and v]
        fields = {"kind": self.kind, "audience": self.audience,
                  "title": str(form.get("title") or "")[:200], "description": str(form.get("description") or "")[:4000],
                  "condition": str(form.get("condition") or "")[:20], "price": str(form.get("price") or "")[:20],
                  "swap_for": str(form.get("swap_for") or "")[:400], "pickup_place": str(form.get("pickup_place") or "")[:240]}
        item = await call(self, _post, fields, list(self._staged), circle_ids[:60])
        await off_loop(upload_staging.drop, [t for _, t in self._staged])
        self._staged, self.picked = [], []
        sess = await self.get_state(SessionState)
        sess._say(await in_language(self, phrase("Your item {title} is posted.", title=item.title)), "success",
                  path=f"/share/items/{item.id}")
        return rx.redirect(f"/share/items/{item.id}")
