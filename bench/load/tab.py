"""One simulated browser tab: the hydrate on connect, client-side navigation, clicks.

It sends what the compiled frontend sends (bench/load/compiled.py) in the order it sends it:
- on connect, `hydrate_and_load` inside the Socket.IO CONNECT packet, carrying the `hub_session`
  cookie value as the browser's client-storage var and the compiled initial-state hashes;
- on a navigation, the old page's unmount events, `update_vars_internal` (the cookie again, when
  the build sends it: only every RESEND_MS since it was last sent, as state/link_cookies.py has the
  browser do, the cookie never changing here) and `on_load_internal` with the new route's
  router_data, then the new page's mount events;
- on a click or form submit, the handler's event with the payload keys the compiled page uses.

When is an action done? Reflex 0.10 sends no "final" flag, so each action waits for the update a
person would wait for: a page is ready when the root state's `is_hydrated` turns true after the
load started (Reflex flips it once the page's on_load chain has run; on a link the browser sets it
false itself, and the server may send only the true); a click is done when its
state's delta arrives with `busy` (screen_event) or `adding` back to false/empty.
Not emulated: JavaScript that a call_script runs in a browser (the merchant's order-alert probe),
so its callback event is not sent back.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable

from bench.load.compiled import Build
from bench.load.wire import Update, Wire

Done = Callable[[dict], bool]
HYDRATED = "is_hydrated_rx_state_"


class ActionTimeout(Exception):
    pass


def state_settled(state: str, flag: str | None = None) -> Done:
    """The delta of `state` arrived (with `flag` back to false/empty when the handler has one)."""
    def done(delta: dict) -> bool:
        sub = next((v for k, v in delta.items() if k.endswith(state)), None)
        if sub is None:
            return False
        return flag is None or (flag in sub and not sub[flag])
    return done


class Tab:
    def __init__(self, build: Build, ws_url: str, session: str, *, subprotocol: str | None, timeout: float = 30):
        self.build, self.ws_url, self.session, self.subprotocol = build, ws_url, session, subprotocol
        self.token = str(uuid.uuid4())  # the tab's own token (sessionStorage in a browser)
        self.timeout = timeout
        self.route = ""
        self.path = ""
        self.params: dict[str, str] = {}
        self.events_sent = 0
        self.last: dict[str, dict] = {}  # latest value of each substate's vars seen in deltas
        self.refusals: list[str] = []  # error messages the pages showed (a ServiceError's text)
        self._waiting: tuple[Done, asyncio.Future] | None = None
        self._load_started = False
        self._cookies_sent = 0.0  # when the cookie last went to the server (the hydrate, a link)
        self.wire = Wire(self._on_update)

    # -- what arrives ------------------------------------------------------------------------
    def _on_update(self, update: Update) -> None:
        delta = update.get("delta") or {}
        for name, values in delta.items():
            self.last.setdefault(name, {}).update(values)
            if values.get("error_rx_state_"):
                self.refusals.append(str(values["error_rx_state_"])[:200])
        if self._waiting is None:
            return
        done, fut = self._waiting
        if not fut.done() and done(delta):
            fut.set_result(None)

    def _page_ready(self, delta: dict) -> bool:
        root = delta.get(self.build.root) or {}
        if root.get(HYDRATED) is False:
            self._load_started = True
        return self._load_started and root.get(HYDRATED) is True

    async def _wait(self, done: Done, send: Callable) -> float:
        fut = asyncio.get_running_loop().create_future()
        self._waiting = (done, fut)
        t0 = time.perf_counter()
        try:
            await send()
            await asyncio.wait_for(fut, self.timeout)
        except TimeoutError:
            raise ActionTimeout(f"no answer in {self.timeout} s on {self.path}") from None
        finally:
            self._waiting = None
        return time.perf_counter() - t0

    # -- what the browser sends --------------------------------------------------------------
    def _router_data(self) -> dict:
        data = {"pathname": self.path, "asPath": self.path}
        if self.params:
            data["query"] = dict(self.params)
        return data

    def _event(self, name: str, payload: dict | None = None) -> dict:
        event = {"name": name, "router_data": self._router_data()}
        if payload:
            event["payload"] = payload
        return event

    async def _emit(self, name: str, payload: dict | None = None) -> None:
        self.events_sent += 1
        await self.wire.emit(self._event(name, payload))

    def _cookie_vars(self) -> dict:
        return {self.build.cookie_var: self.session}

    def _go(self, route: str, params: dict[str, str] | None) -> None:
        self.route, self.params = route, dict(params or {})
        path = route
        for key, value in self.params.items():
            path = path.replace(f"[{key}]", value)
        self.path = path

    async def open(self, route: str, params: dict[str, str] | None = None) -> float:
        """Load a page from the address bar: connect, hydrate in the CONNECT packet, mount."""
        self._go(route, params)
        self._load_started = False

        async def send():
            hydrate = self._event(self.build.hydrate, {"vars": self._cookie_vars(), "hashes": self.build.hashes})
            self.events_sent += 1
            self._cookies_sent = time.monotonic()
            await self.wire.open(self.ws_url, token=self.token, auth={"event": hydrate, "state_schema": self.build.schema},
                                 cookie=f"hub_session={self.session}", subprotocol=self.subprotocol,
                                 timeout=self.timeout)
            for name in self.build.page(route).on_mount:
                await self._emit(name)
        return await self._wait(self._page_ready, send)

    async def navigate(self, route: str, params: dict[str, str] | None = None) -> float:
        """A client-side link: unmount the old page, load events for the new one, mount it. A link
        to the route already shown loads it again but mounts nothing (React keeps the page)."""
        same = route == self.route
        leaving = self.build.page(self.route).on_unmount if self.route and not same else []
        self._load_started = True  # as the browser does on a link (Reflex's state.js): is_hydrated false

        async def send():
            for name in leaving:
                await self._emit(name)
            self._go(route, params)
            if self._cookies_due():
                self._cookies_sent = time.monotonic()
                await self._emit(self.build.update_vars, {"vars": self._cookie_vars()})
            await self._emit(self.build.on_load)
            for name in [] if same else self._mounted_on_link(route):
                await self._emit(name)
        return await self._wait(self._page_ready, send)

    def _cookies_due(self) -> bool:
        resend = self.build.cookies_resend_ms
        return resend is None or (time.monotonic() - self._cookies_sent) * 1000 >= resend

    def _mounted_on_link(self, route: str) -> list[str]:
        """The new page's mount events a browser sends after a link. The language switch's detect
        sits in `rx.cond(lang == "")` (components/i18n.language_switch): once the language is set,
        the browser never renders it again, so it never mounts after a link."""
        lang = next((v.get("lang_rx_state_") for k, v in self.last.items() if k.endswith("language_state")), "")
        return [n for n in self.build.page(route).on_mount if not (lang and n.endswith("language_state.detect"))]

    async def click(self, handler: str, payload: dict, done: Done) -> float:
        name = self.build.event(handler)
        missing = set(payload) ^ self.build.payload_keys(name)
        if missing:
            raise LookupError(f"{handler} is sent with {sorted(self.build.payload_keys(name))}, not {sorted(payload)}")
        return await self._wait(done, lambda: self._emit(name, payload))

    async def close(self) -> None:
        await self.wire.close()
