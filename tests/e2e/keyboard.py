"""A person with a keyboard only: Tab (or Shift+Tab) until something has focus, checking they can
see where they are (assets/a11y.css draws the ring); then Enter, Space, arrows or typing. Nothing
here clicks, fills or focuses for them."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

# What the focused element is, in a few words (for the message when focus never arrives).
_DESCRIBE = """() => { const e = document.activeElement; if (!e || e === document.body) return '(nothing)';
  const name = (e.getAttribute('aria-label') || (e.labels && e.labels[0] && e.labels[0].innerText)
                || e.innerText || e.getAttribute('placeholder') || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
  return `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''} "${name}"`; }"""

# A ring someone can see: an outline or a box shadow on the focused element, or (a Radix text
# field or text area, whose <input> sits inside the box that draws it) on its field box.
_RING = """e => { const ring = el => { const s = getComputedStyle(el);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || (s.boxShadow && s.boxShadow !== 'none'); };
  if (ring(e)) return true;
  const box = e.closest('.rt-TextFieldRoot, .rt-TextAreaRoot');
  return box ? ring(box) : false; }"""


def focused_description(page: Page) -> str:
    return page.evaluate(_DESCRIBE)


def has_focus(target: Locator) -> bool:
    """Whether one of the elements `target` finds has the keyboard focus."""
    return target.evaluate_all("els => els.includes(document.activeElement)")


def expect_focus_visible(page: Page) -> None:
    """The focused element shows a focus ring (an outline or a box shadow)."""
    active = page.locator(":focus")
    expect(active).to_have_count(1)
    assert active.evaluate(_RING), f"no visible focus ring on {focused_description(page)}"


def tab_to(page: Page, target: Locator, *, back: bool = False, most: int = 80) -> None:
    """Press Tab (Shift+Tab with back) until `target` has focus, its ring visible; fails saying
    where focus went instead. First waits for `target` to be on the page, as a person waits to see
    a field before reaching for it (a page's content arrives after its on_load, the header first)."""
    expect(target.first).to_be_attached(timeout=15_000)
    went: list[str] = []
    for _ in range(most):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if has_focus(target):
            expect_focus_visible(page)
            return
        went.append(focused_description(page))
    raise AssertionError(f"{target} never got the focus after {most} presses; it went: {went}")


def tab_and_type(page: Page, target: Locator, text: str) -> None:
    """Tab to a field and type into it, as a person does (no fill)."""
    tab_to(page, target)
    page.keyboard.type(text)


def open_select(page: Page, trigger: Locator) -> Locator:
    """A select (Radix): Tab to its trigger and open it with Enter; returns its list, once the
    list has the focus (on the option chosen so far)."""
    tab_to(page, trigger)
    page.keyboard.press("Enter")
    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    expect(listbox.locator("[role=option]:focus")).to_have_count(1)
    return listbox


def choose_option(page: Page, trigger: Locator, option: str) -> None:
    """Open a select from the keyboard, arrow down to the option by its name, Enter picks it."""
    listbox = open_select(page, trigger)
    wanted = listbox.get_by_role("option", name=option, exact=True)
    for _ in range(30):
        if has_focus(wanted):
            break
        page.keyboard.press("ArrowDown")
    else:
        raise AssertionError(f"the option {option!r} never got the focus: {focused_description(page)}")
    page.keyboard.press("Enter")
    expect(trigger).to_contain_text(option)
