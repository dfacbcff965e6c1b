"""Every event handler of every state, called by a stranger and by a resident with other people's ids.

The handlers are found, not listed: every state class of the app (`harness.app_states()`), every
event handler on it. A handler added tomorrow is in this suite tomorrow.

Each handler is sent, through Reflex's own event processor, by
- an anonymous browser (no session cookie), and
- Mallory, a resident of the demo community whose household owns nothing yet,
with payloads built from the handler's signature around a foreign id (1, then 2: in every table
those rows belong to someone else): an int is the id, a str is the id as text, a dict answers the
id as text for any key it is asked, a bool is True, an upload is a small PNG. Before each send,
every `id`/`*_id` var of the browser's states points at that id too, as if a page of that record
had been opened. Then:
- the database holds no change that is not the caller's own (`world.changes`): a resident may
  fill her own cart or sign up for her community's event, never touch another household's records;
- no upload was stored;
- nothing the server pushed to the browser holds another person's data (their e-mail addresses,
  names, session tokens, ticket codes, or the SECRET texts of their orders, repairs, care tickets).
A handler may also refuse by raising (Reflex shows its error toast): only what reached the
database, the upload folder or the browser counts.

Known failures are listed in KNOWN with the reason; they are strict xfails, so fixing one makes the
suite say so (then delete its line).
"""

from __future__ import annotations

import asyncio
import inspect

import pytest

from tests.state import harness
from tests.state import world as world_mod

FOREIGN_IDS = (1, 2)
ANONYMOUS, RESIDENT = "anonymous", "resident"

# "state.module.Class.handler" (or "...handler[anonymous]"/"[resident]") → why it fails today.
KNOWN: dict[str, str] = {
}

# Handlers where any member attaches a file to a form of their own (kept in upload staging until
# the form is sent, core/upload_staging): the resident's own staged file is hers, not "stored".
OWN_STAGING = {"state.agent.apply.AgentApplyState.attach",
               "state.resident.share_items_new.ShareItemNewState.add_photos"}

# Handlers whose own action moves a public count on a shared row: a resident collecting the
# platform's coupon (any resident may; the coupon's "collected" count is the platform's tally of
# exactly that). Only that column of that table may change, nothing else of the row.
OWN_COUNTS = {"state.resident.coupons.CouponOffersState.collect": "platformcoupon {id}: changed {{'collected_count'",
              "state.resident.coupons.MyCouponsState.collect": "platformcoupon {id}: changed {{'collected_count'"}


def _cases():
    cases = []
    for cls in harness.app_states():
        for name in sorted(cls.event_handlers):
            if name == "setvar":  # Reflex's generic setter only calls the state's own set_<var>
                continue          # handlers, and each of those is a case of its own
            full = harness.handler_name(cls, name)
            for who in (ANONYMOUS, RESIDENT):
                reason = KNOWN.get(f"{full}[{who}]") or KNOWN.get(full)
                marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
                cases.append(pytest.param(cls, name, who, id=f"{who}-{full}", marks=marks))
    return cases


async def _point_ids_at(browser: harness.Browser, fid: int) -> None:
    async with browser.root() as root:
        stack = [root]
        while stack:
            s = stack.pop()
            stack.extend(s.substates.values())
            for var in type(s).base_vars:
                if var == "id" or var.endswith("_id"):
                    value = getattr(s, var)
                    if isinstance(value, int) and not isinstance(value, bool):
                        setattr(s, var, fid)
                    elif isinstance(value, str):
                        setattr(s, var, str(fid))


async def _run(cls, name: str, who: str, w: world_mod.World) -> tuple[list[BaseException], list]:
    """(exceptions the handler raised, everything pushed to the browser) for both foreign ids."""
    handler = cls.event_handlers[name]
    errors, received = [], []
    async with harness.Server() as server:
        for fid in FOREIGN_IDS:
            browser = await server.browser(w.caller_token if who == RESIDENT else "", path=f"/record/{fid}")
            await _point_ids_at(browser, fid)
            err = await browser.send(handler, harness.payload_for(handler, fid))
            if err is not None:
                errors.append(err)
            received.extend(browser.received)
    return errors, received


@pytest.mark.parametrize(("cls", "name", "who"), _cases())
def test_handler_keeps_to_its_caller(cls, name, who, demo: world_mod.World):
    before, files_before = world_mod.snapshot(demo), world_mod.uploads(demo)
    _errors, received = asyncio.run(_run(cls, name, who, demo))
    after, files_after = world_mod.snapshot(demo), world_mod.uploads(demo)
    problems = world_mod.changes(demo, before, after, anonymous=who == ANONYMOUS)
    if before != after:
        demo.restore()
    stored = sorted(files_after - files_before)
    for f in stored:
        (demo.upload_dir / f).unlink()
    if who == RESIDENT and harness.handler_name(cls, name) in OWN_STAGING:
        stored = [f for f in stored if not f.startswith("staging/")]
    counted = OWN_COUNTS.get(harness.handler_name(cls, name)) if who == RESIDENT else None
    if counted:
        problems = [p for p in problems if not (p.split(":")[0].startswith("platformcoupon ")
                                                and p.startswith(counted.format(id=p.split(":")[0].split()[1]))
                                                and p.count("':") == 1)]
    shown = repr(received)
    leaked = sorted(s for s in demo.secrets if s in shown)
    assert not problems, f"changed data that is not the caller's: {problems}"
    assert not stored, f"stored uploads: {stored}"
    assert not leaked, f"sent another person's data to the browser: {leaked}"


# Reflex's own handlers on every state: `setvar` only calls the state's declared set_<var> handlers.
REFLEX_HANDLERS = {"setvar"}


def _declared(fn) -> bool:
    """Whether the code declares `fn` a handler: `@rx.event` (or `@rx.event(...)`) above its def."""
    fn = inspect.unwrap(fn)
    try:
        source = inspect.getsource(fn)
    except (OSError, TypeError):
        return False
    head = source[:source.find("def ")]
    return any(line.strip().startswith("@rx.event") for line in head.splitlines())


def test_only_declared_handlers_can_be_called():
    """Reflex makes every public method of a state an event handler that anyone with the socket
    may call with any arguments (a `start(token, actor)` would let a caller pick the session and
    the name the page shows). Every handler of every state must be declared one with `@rx.event`;
    a helper is private (`_name`) or lives outside the state class."""
    undeclared = sorted(harness.handler_name(cls, name) for cls in harness.app_states()
                        for name, handler in cls.event_handlers.items()
                        if name not in REFLEX_HANDLERS and not _declared(handler.fn))
    assert not undeclared, f"public state methods that are not declared handlers: {undeclared}"
