"""A link tells the server the browser's cookies only when they changed (or a minute has passed).

Reflex 0.10.1's compiled frontend sends two socket events on every client-side link:
`update_vars_internal`, carrying the tracked cookies (here the session token and the language),
then `on_load_internal`. The server already holds those values in the tab's state, set by the
hydrate on connect and by the last link, so on nearly every link the first event changes nothing,
yet it costs what any event costs: the state lock, the tree, a delta (the load bench's floor:
0.26-0.40 ms of the worker's CPU on this machine; docs/PROFILE.md, sixteenth round).

So the compiled `onLoadInternalEvent` (reflex_base.compiler.templates.context_template) is
rewritten to send `update_vars_internal` only when the cookies differ from what this tab last
sent (a log-out or a language chosen in another tab, a cookie the server set), or when
RESEND_SECONDS have passed since: a tab's state on the server may have expired (an hour without
events) or been lost, and the next link then gives it the cookies again, as before. A reconnect's
hydrate always carries them, and counts as sent.

Installed once, by importing `state` (state/__init__.py), before the app compiles. The rewrite
looks for Reflex's own text and raises when it is not there, and
tests/state/test_link_cookies.py pins the template's digest: an upgrade reviews this rather than
silently losing it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reflex.compiler import templates as reflex_templates
from reflex_base.compiler import templates

RESEND_SECONDS = 60

_SEND_ALWAYS = """    const client_storage_vars = clientStorageVars();
    if (client_storage_vars !== undefined) {"""
_SEND_CHANGED = """    const client_storage_vars = clientStorageVars();
    if (client_storage_vars !== undefined && cookiesToSend(client_storage_vars)) {"""
_HYDRATE = """export const initialEvents = (first = false) => {
    const client_storage_vars = clientStorageVars();"""
_HYDRATE_COUNTED = """export const initialEvents = (first = false) => {
    const client_storage_vars = clientStorageVars();
    cookiesSent(client_storage_vars);"""
_LINK = "// These events are triggered on each client-side page navigation."
_TRACKING = f"""// What this tab last sent the server of its cookies, and when (state/link_cookies.py): a
// link sends them again only when they changed or RESEND_MS have passed.
export const RESEND_MS = {RESEND_SECONDS * 1000};
let sentCookies = null;
let sentAt = 0;
const cookiesSent = (vars) => {{
    sentCookies = JSON.stringify(vars ?? null);
    sentAt = Date.now();
}};
const cookiesToSend = (vars) => {{
    if (JSON.stringify(vars ?? null) === sentCookies && Date.now() - sentAt < RESEND_MS) {{
        return false;
    }}
    cookiesSent(vars);
    return true;
}};

{_LINK}"""


def rewrite(context: str) -> str:
    """The compiled context module with the link's cookies sent only when needed."""
    if "onLoadInternalEvent = () => []" in context:  # an app without state: nothing is sent
        return context
    for text in (_SEND_ALWAYS, _HYDRATE, _LINK):
        if context.count(text) != 1:
            raise RuntimeError(f"state/link_cookies.py: Reflex's context template changed ({text[:40]!r}...)")
    return (context.replace(_SEND_ALWAYS, _SEND_CHANGED).replace(_HYDRATE, _HYDRATE_COUNTED)
            .replace(_LINK, _TRACKING))


_original: Callable[..., str] = templates.context_template


def _context_template(*args: Any, **kwargs: Any) -> str:
    return rewrite(_original(*args, **kwargs))


def install() -> None:
    # Reflex's compiler calls it through reflex.compiler.templates, a star re-export of reflex_base's.
    templates.context_template = reflex_templates.context_template = _context_template
