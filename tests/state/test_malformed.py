"""Every event handler of every state, called with malformed payloads: nothing falls over.

Anyone with the socket can call any handler with anything. Each handler that takes arguments is
sent, through Reflex's own event processor, a run of malformed payloads: arguments missing, of the
wrong type (None, a list, a dict), empty, huge (100,000 characters), NaN,
negative numbers, text that is not a number, and forms (dict arguments) that miss every field or
answer any field with such a value. The callers: an anonymous browser, Mallory (a resident who owns
nothing) and Mervin (the merchant of a shop of his own, so every demo shop is another's). Then:
- no exception reached Reflex (whose handler logs a traceback and shows its generic error), and
  nothing was logged at ERROR level;
- the database holds no change at all (attempt counters aside: `world.ATTEMPT_TABLES`);
- a handler that refuses a call with its arguments missing says so on the page (its `error`, or
  the session's flash), the same one place (`screen_event`) that refuses every other shape.

The handlers are found, not listed (`harness.app_states()`): a handler added tomorrow is swept too.
"""

from __future__ import annotations

import asyncio
import logging

import pytest

from tests.state import harness
from tests.state import world as world_mod

ANONYMOUS, RESIDENT, MERCHANT = "anonymous", "resident", "merchant"
HUGE = "x" * 100_000


class Form(dict):
    """A form that answers `value` for any field it is asked for."""

    def __init__(self, value):
        super().__init__(id=value)
        self.value = value

    def __missing__(self, key):
        return self.value

    def get(self, key, default=None):
        if isinstance(key, str) and key.startswith("_"):  # Reflex's own keys (submitted form entries)
            return super().get(key, default)
        return self[key]


# (what it is, the value of every argument). A call of these changes nothing at all.
MALFORMED = [
    ("none", None),
    ("huge", HUGE),
    ("negative", -1),
    ("negative float", -1.5),
    ("nan", float("nan")),
    ("list", [1, "x"]),
    ("empty form", {}),
    ("form of huge", Form(HUGE)),
    ("form of lists", Form(["1"])),
]
# Odd but well-formed: text that is empty or not a number may be what a person typed (a care
# question titled "-1"), so only the caller's own records may change.
ODD = [
    ("empty", ""),
    ("not a number", "abc"),
    ("form of nan", Form("NaN")),
    ("form of negatives", Form("-1")),
]


def _params(handler) -> list[str]:
    import inspect

    fn = inspect.unwrap(handler.fn)
    return [p.name for p in list(inspect.signature(fn).parameters.values())[1:]
            if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]


def _required(handler) -> bool:
    import inspect

    fn = inspect.unwrap(handler.fn)
    return any(p.default is p.empty for p in list(inspect.signature(fn).parameters.values())[1:]
               if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD))


def _cases():
    cases = []
    for cls in harness.app_states():
        for name in sorted(cls.event_handlers):
            if name == "setvar":
                continue
            # A handler without arguments is still called out of turn (a payment without the
            # step that opens it, a reply with no review chosen): the "arguments missing" send.
            for who in (ANONYMOUS, RESIDENT, MERCHANT):
                cases.append(pytest.param(cls, name, who, id=f"{who}-{harness.handler_name(cls, name)}"))
    return cases


async def _message(browser: harness.Browser, cls) -> str:
    from state.shared.session import SessionState

    async with browser.root() as root:
        state = await root.get_state(cls)
        # `error`, or the error var a screen_event names (a dialog's `pay_error`, `form_error`)
        shown = " ".join(str(getattr(state, v) or "") for v in cls.vars if v == "error" or v.endswith("_error"))
        return shown.strip() or (await root.get_state(SessionState)).flash


async def _send_all(browser: harness.Browser, handler, params: list[str], values, problems: list[str]) -> None:
    for kind, value in values:
        err = await browser.send(handler, dict.fromkeys(params, value))
        if err is not None:
            problems.append(f"{kind}: raised {type(err).__name__}: {str(err)[:200]}")


async def _run(cls, name: str, who: str, w: world_mod.World) -> tuple[list[str], list[str]]:
    """(what went wrong, what changed that must not have)."""
    handler = cls.event_handlers[name]
    params = _params(handler)
    token = {ANONYMOUS: "", RESIDENT: w.caller_token, MERCHANT: w.merchant_token}[who]
    owner = {ANONYMOUS: {"anonymous": True}, RESIDENT: {"anonymous": False},
             MERCHANT: {"anonymous": False, "caller_id": w.merchant_id}}[who]
    problems: list[str] = []
    changed: list[str] = []
    async with harness.Server() as server:
        browser = await server.browser(token, path="/record/1")
        before = world_mod.snapshot(w)
        err = await browser.send(handler, {})
        if err is not None:
            problems.append(f"arguments missing: raised {type(err).__name__}: {str(err)[:200]}")
        elif "error" in cls.vars and _required(handler) and not await _message(browser, cls):
            problems.append("arguments missing: no message on the page")
        await _send_all(browser, handler, params, MALFORMED if params else [], problems)
        middle = world_mod.snapshot(w)
        # A malformed call owns nothing; a handler without arguments called out of turn is a
        # well-formed call (a logout ends the caller's own session): only what is not hers counts.
        changed += world_mod.changes(w, before, middle, **(owner if not _required(handler) else {"anonymous": True}))
        after = middle
        if params:
            await _send_all(browser, handler, params, ODD, problems)
            after = world_mod.snapshot(w)
            changed += world_mod.changes(w, middle, after, **owner)
        if before != after:
            w.restore()
    return problems, changed


@pytest.mark.parametrize(("cls", "name", "who"), _cases())
def test_malformed_call_is_refused_with_a_message(cls, name, who, demo: world_mod.World, caplog):
    with caplog.at_level(logging.ERROR):
        problems, changed = asyncio.run(_run(cls, name, who, demo))
    logged = [f"{r.name}: {r.getMessage()[:300]}" for r in caplog.records if r.levelno >= logging.ERROR]
    assert not problems, problems
    assert not changed, f"a malformed call changed data: {changed}"
    assert not logged, f"logged errors: {logged}"


# The calls issue 22 found falling over, each as its caller would send it: now a message.
# (PropertyBillsState.open_payment with a row missing `home` now opens an empty payment form, which
# its own submit refuses: the sweep above proves it no longer falls over.)
NAMED = [
    (ANONYMOUS, "state.shared.inbox.InboxState", "mark_read", {"item_id": ""}),
    (RESIDENT, "state.resident.search.ShopSearchState", "set_min_rating", {"value": [4]}),
    (RESIDENT, "state.resident.search.ShopSearchState", "set_in_stock", {"value": "abc"}),
    (RESIDENT, "state.resident.search.ShopSearchState", "goto", {"page": "abc"}),
    (RESIDENT, "state.resident.bills.ResidentBillsState", "pay", {}),
    (MERCHANT, "state.merchant.demands.MerchantDemandsState", "send_quote", {"form": {"price": "5"}}),
    (MERCHANT, "state.merchant.orders.MerchantOrdersState", "reject", {}),
    (MERCHANT, "state.merchant.products.MerchantProductsState", "edit", {"row": {"name": "Milk"}}),
    (RESIDENT, "state.property.events.PropertyEventsState", "check_in", {"form": {"ticket": "X"}}),
    (MERCHANT, "state.merchant.reviews.MerchantReviewsState", "send_reply", {}),
    (RESIDENT, "state.resident.orders.OrderPageState", "submit_review", {}),
]


@pytest.mark.parametrize(("who", "state", "name", "payload"), NAMED, ids=[f"{c[1].rsplit('.', 1)[1]}.{c[2]}" for c in NAMED])
def test_the_calls_that_fell_over_now_say_why(who, state, name, payload, demo: world_mod.World):
    cls = next(c for c in harness.app_states() if f"{c.__module__}.{c.__name__}" == state)
    token = {ANONYMOUS: "", RESIDENT: demo.caller_token, MERCHANT: demo.merchant_token}[who]
    before = world_mod.snapshot(demo)

    async def run() -> tuple[BaseException | None, str]:
        async with harness.Server() as server:
            browser = await server.browser(token, path="/record/1")
            err = await browser.send(cls.event_handlers[name], payload)
            return err, await _message(browser, cls)

    err, shown = asyncio.run(run())
    after = world_mod.snapshot(demo)
    if before != after:
        demo.restore()
    assert err is None, f"raised {type(err).__name__}: {err}"
    assert shown, "no message on the page"
    assert world_mod.changes(demo, before, after, anonymous=True) == []
