"""The browser tab's title in the reader's language. The page's <title> stays the English key in
the HTML (the SEO layer, search engines and the first paint read it); once the page runs, a hook
sets `document.title` to `t(title)` and again whenever the language switches, so a Chinese reader's
tab reads 订单 · 社区中心. (Rendering the <title> itself from the language Var left pages blank.)"""

from __future__ import annotations

import functools

import reflex as rx
from reflex.vars import Var, VarData

from components.i18n import t


class _TabTitle(rx.Fragment):
    """Renders nothing; its hook keeps the tab's title in step with the language."""

    def add_imports(self):
        return {"react": ["useEffect", "useRef"]}

    def add_hooks(self) -> list[str | Var]:
        title = self._title
        # On a language switch (not on arrival), a count the page put in front ("(2) Orders · ...",
        # the merchant's waiting orders, assets/order_alerts.js) stays in front.
        return ["const tabTitleShown = useRef(false);",
                Var(f"""useEffect(() => {{
  const count = tabTitleShown.current ? (document.title.match(/^\\(\\d+\\) /) || [""])[0] : "";
  tabTitleShown.current = true;
  document.title = count + {title!s};
}}, [{title!s}]);""", _var_data=VarData.merge(title._get_all_var_data()))]


def tab_title(title: str) -> rx.Component:
    comp = _TabTitle.create()
    object.__setattr__(comp, "_title", t(title))
    return comp


def titled(render, title: str):
    """`render` (a page function) with the tab title of `title` added after its content. A title
    that is a Var (a shop's own search-engine title) is the page's own words: left as it is."""
    if not isinstance(title, str):
        return render

    @functools.wraps(render)
    def page() -> rx.Component:
        return rx.fragment(render(), tab_title(title))
    return page


def public_page(route: str, title: str, **page_options):
    """rx.page for a page anyone may open, its tab titled in the reader's language. Mark the
    title N_("...") where it is written so the catalog keeps its Chinese."""
    def decorate(render):
        rx.page(route=route, title=title, **page_options)(titled(render, title))
        return render
    return decorate
