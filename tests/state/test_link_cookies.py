"""A link sends the cookies only when they changed or a minute has passed (state/link_cookies.py):
Reflex's template pinned, and the compiled module's own JavaScript run in Node."""

from __future__ import annotations

import hashlib
import inspect
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from reflex.compiler import templates as reflex_templates
from reflex_base.compiler import templates

import state  # noqa: F401 - installs the rewrite
from state import link_cookies

# sha256 of reflex 0.10.1's `context_template`, which link_cookies rewrites the output of. Another
# version changes it: read the new template, carry the rewrite over, update this.
REFLEX_CONTEXT_TEMPLATE = "652fa51b84d1e990179276a8922b98459cf9bcda4f8bd5f1512cfa24d6d7b584"
ROOT = "reflex___state____state"
COOKIE = f"{ROOT}.session_token_state.token_rx_state_"
LANG = f"{ROOT}.language_state.lang_rx_state_"


def test_reflex_template_is_the_one_rewritten():
    source = inspect.getsource(link_cookies._original)
    assert hashlib.sha256(source.encode()).hexdigest() == REFLEX_CONTEXT_TEMPLATE
    assert templates.context_template is link_cookies._context_template
    assert reflex_templates.context_template is link_cookies._context_template  # what the compiler calls


def test_a_changed_template_stops_the_build():
    with pytest.raises(RuntimeError, match="context template changed"):
        link_cookies.rewrite("export const onLoadInternalEvent = () => { somethingElse() }")


def _node() -> str:
    found = shutil.which("node") or str(Path(__file__).resolve().parents[2] / ".tools" / "node_modules" / ".bin" / "bun")
    assert Path(found).exists(), "neither node nor the bun ./hub setup installs is here"
    return found


# The compiled module, its imports replaced by stand-ins: the browser's cookies are `jar`, the
# clock is `now`, and an event is its name.
HARNESS = """
let jar = {};
let now = 1_000_000;
Date.now = () => now;
const ReflexEvent = (name, payload) => ({name, payload});
const hydrateClientStorage = () => ({...jar});
const registerApp = () => {};
%s
const names = (events) => events.map((e) => e.name.split(".").pop());
const out = [];
jar = {"%s": "token-1", "%s": "en"};
out.push(names(initialEvents(true)));            // connect: the hydrate carries them
out.push(names(onLoadInternalEvent()));          // a link: unchanged, not sent again
out.push(names(onLoadInternalEvent()));
jar["%s"] = "zh";                                // another tab chose 中文
out.push(names(onLoadInternalEvent()));
out.push(names(onLoadInternalEvent()));
now += RESEND_MS + 1;                            // a minute on: sent again all the same
out.push(names(onLoadInternalEvent()));
delete jar["%s"];                                // logged out in another tab
out.push(names(onLoadInternalEvent()));
out.push(names(initialEvents()));                // a reconnect sends them and counts as sent
out.push(names(onLoadInternalEvent()));
console.log(JSON.stringify(out));
"""


def _compiled() -> str:
    module = templates.context_template(
        initial_state={ROOT: {}}, state_name=ROOT, client_storage={"cookies": {COOKIE: {"name": "hub_session"}}},
        default_color_mode='"light"', is_dev_mode=False)
    body = "\n".join(line for line in module.splitlines() if not line.startswith("import "))
    body = re.sub(r"^export function addEvents[\s\S]*$", "", body, flags=re.M)
    return body.replace("export const ", "const ").replace("export {", "// export {")


def test_links_send_the_cookies_only_when_they_changed(tmp_path):
    script = tmp_path / "links.mjs"
    script.write_text(HARNESS % (_compiled(), COOKIE, LANG, LANG, COOKIE))
    run = subprocess.run([_node(), str(script)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr[-2000:]
    hydrate, link1, link2, changed, after, minute, logout, reconnect, link3 = json.loads(run.stdout)
    assert hydrate == ["hydrate_and_load"]
    assert link1 == link2 == after == link3 == ["on_load_internal"]
    assert changed == minute == logout == ["update_vars_internal", "on_load_internal"]
    assert reconnect == ["hydrate_and_load"]
