"""What the browser would send, read from the production build (never guessed).

From `<web dir>/utils/context.jsx`: the root state's name, the state schema hash and the initial
state hashes the hydrate carries, the cookie var that holds `hub_session`, and the names of the
hydrate and page-load events. From each route's compiled page (`app/routes/*.jsx` and the
`app_components/` modules it imports): the events its components send on mount and on unmount
(the urgent-notice watcher of every resident page, a list's stop_watching...). From every page
module: each event handler's name with the payload keys its buttons and forms send.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

_EVENT = re.compile(r'ReflexEvent\("([^"]+)", \(\{ ?(.*?) ?\}\)')
_KEY = re.compile(r'\["([a-z_0-9]+)"\] :')
_EFFECT = re.compile(r"useEffect\(\(\) => \{(.*?)return \(\) => \{(.*?)\}\s*\}, \[\]\);", re.S)
_IMPORT = re.compile(r'import \{([^}]*)\} from "\$/app_components/([^"]+)"')


@dataclass
class Page:
    route: str
    on_mount: list[str] = field(default_factory=list)
    on_unmount: list[str] = field(default_factory=list)


@dataclass
class Build:
    web_dir: Path
    root: str  # the root state's full name, e.g. reflex___state____state
    schema: str
    hashes: list[str]
    cookie_var: str  # full name of the var that rx.Cookie("hub_session") fills from the browser
    handlers: dict[str, set[str]]  # event name -> payload keys seen in the compiled pages
    pages: dict[str, Page] = field(default_factory=dict)
    # A link re-sends unchanged cookies only this long after it last sent them (state/link_cookies.py);
    # None: the build sends them on every link, as Reflex's own template does.
    cookies_resend_ms: int | None = None

    def event(self, suffix: str) -> str:
        """The full name of the one handler whose name ends with `suffix` (state.handler)."""
        found = [name for name in self.handlers if name.endswith("." + suffix) or name.endswith(suffix)]
        if len(found) != 1:
            raise LookupError(f"{suffix!r} names {len(found)} compiled handlers: {found[:4]}")
        return found[0]

    def payload_keys(self, name: str) -> set[str]:
        return self.handlers[name]

    def page(self, route: str) -> Page:
        if route not in self.pages:
            self.pages[route] = _page(self.web_dir, route)
        return self.pages[route]

    @property
    def hydrate(self) -> str:
        return f"{self.root}.hydrate_and_load"

    @property
    def update_vars(self) -> str:
        return f"{self.root}.reflex___state____update_vars_internal_state.update_vars_internal"

    @property
    def on_load(self) -> str:
        return f"{self.root}.reflex___state____on_load_internal_state.on_load_internal"


def read_build(web_dir: Path) -> Build:
    context = (web_dir / "utils" / "context.jsx").read_text()
    root = re.search(r'export const state_name = "([^"]+)"', context).group(1)
    schema = re.search(r'export const stateSchema = "([^"]+)"', context).group(1)
    hashes = json.loads(re.search(r"export const initialStateHashes = (\[.*?\])", context).group(1))
    storage = json.loads(re.search(r"export const clientStorage = (\{.*?\})\n", context).group(1))
    cookie_var = next(var for var, opts in storage["cookies"].items() if opts.get("name") == "hub_session")
    for name in (f"{root}.hydrate_and_load", "update_vars_internal", "on_load_internal"):
        if name not in context:
            raise LookupError(f"{name} is not in the compiled context: another Reflex version?")
    handlers: dict[str, set[str]] = {}
    for module in (web_dir / "app_components").rglob("*.jsx"):
        for name, args in _EVENT.findall(module.read_text()):
            handlers.setdefault(name, set()).update(_KEY.findall(args))
    resend = re.search(r"export const RESEND_MS = (\d+);", context)
    return Build(web_dir, root, schema, hashes, cookie_var, handlers,
                 cookies_resend_ms=int(resend.group(1)) if resend else None)


def form_fields(build: Build, module: str) -> set[str]:
    """The `name` attributes of the inputs in a page module (what a form's submit carries)."""
    text = (build.web_dir / "app_components" / f"{module}.jsx").read_text()
    return set(re.findall(r'name:"([a-z_0-9]+)"', text))


def _route_file(web_dir: Path, route: str) -> Path:
    parts = [p for p in route.strip("/").split("/") if p]
    name = ".".join(f"${p}" if p.startswith("[") else f"[{p}]" for p in parts)
    return web_dir / "app" / "routes" / (f"{name}._index.jsx" if name else "_index.jsx")


def _blocks(text: str) -> dict[str, str]:
    chunks = text.split("export const ")[1:]
    return {chunk.split(" ", 1)[0]: chunk for chunk in chunks}


def _page(web_dir: Path, route: str) -> Page:
    """Mount and unmount events of every component the route renders, in the order they appear."""
    page = Page(route)
    source = _route_file(web_dir, route).read_text()
    for names, module in _IMPORT.findall(source):
        blocks = _blocks((web_dir / "app_components" / f"{module}.jsx").read_text())
        todo = [n.strip() for n in names.split(",") if n.strip() in blocks]
        seen: set[str] = set()
        while todo:  # components that render other components of the same module
            name = todo.pop(0)
            if name in seen:
                continue
            seen.add(name)
            body = blocks[name]
            for mount, unmount in _EFFECT.findall(body):
                page.on_mount += [e for e in re.findall(r'ReflexEvent\("([^"]+)"', mount) if e not in page.on_mount]
                page.on_unmount += [e for e in re.findall(r'ReflexEvent\("([^"]+)"', unmount)
                                    if e not in page.on_unmount]
            todo += [other for other in blocks if other not in seen and other in body]
    return page
