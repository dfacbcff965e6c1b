"""Items among neighbours in the browser (issue 17): Riley posts a desk lamp for sale with a photo;
Noor, in a browser of her own, writes to him and her message arrives in his open page without a
reload; he reserves it for her, she pays through the platform with the demo card and confirms
receipt on pickup; both review each other, and each sees the other's review only once both wrote.
Omar, whom Riley blocked, finds no lamp and reads "not available" at its address."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlmodel import select

from community_hub.core.db import engine_for, session_scope
from community_hub.core.permissions import load_actor
from community_hub.models import User
from community_hub.sharing import blocks
from tests.e2e.helpers import log_in_as, open_page, shot
from tests.images import picture

CARD = "4242 4242 4242 4242"


def _block(url: str, blocker: str, blocked: str) -> None:
    """Riley has put Omar on his block list (the friends page's job; here only the premise)."""
    eng = engine_for(url)
    with session_scope(eng) as db:
        me = db.exec(select(User).where(User.email == blocker)).one()
        other = db.exec(select(User).where(User.email == blocked)).one()
        blocks.block(db, load_actor(db, me), other.id)
    eng.dispose()


def _review(p: Page, rating: str, comment: str) -> None:
    p.get_by_role("button", name="Reviews").click()
    dialog = p.get_by_role("dialog")
    dialog.get_by_label("Rating").select_option(label=rating)
    dialog.get_by_label("Comment").fill(comment)
    dialog.get_by_role("button", name="Send the review").click()
    expect(dialog.locator(".mine_review")).to_contain_text(comment)


def test_an_item_is_asked_for_live_reserved_paid_confirmed_and_reviewed(page: Page, signed_in, base_url: str,
                                                                         e2e_db_url: str):
    _block(e2e_db_url, "resident@demo.hub", "omar@demo.hub")

    # Riley posts his lamp with a photo.
    log_in_as(page, base_url, "resident@demo.hub", "/share/items/new")
    page.get_by_label("Drop photos here or click to choose").set_input_files(
        files=[{"name": "lamp.png", "mimeType": "image/png", "buffer": picture("png", size=(16, 16))}])
    page.get_by_role("button", name="Add the photos").click()
    expect(page.get_by_text("lamp.png")).to_be_visible()
    page.get_by_label("Title").fill("Desk lamp")
    page.get_by_label("Description").fill("Warm light, works well.")
    page.get_by_label("Price").fill("12.00")
    page.get_by_label("Pickup place").fill("Lobby B")
    page.get_by_role("button", name="Post the item").click()
    expect(page).to_have_url(re.compile(r"/share/items/\d+$"))
    item_path = re.sub(r"^https?://[^/]+", "", page.url)
    expect(page.get_by_role("heading", name="Desk lamp")).to_be_visible()
    expect(page.get_by_role("img", name="Photo of Desk lamp")).to_be_visible()
    expect(page.locator("#item-offer")).to_have_text("$12.00")

    # Noor finds it and writes; Riley's open page shows her message without a reload.
    noor = signed_in("noor@demo.hub", "/share/items", home="/home")
    noor.locator(".item-card", has_text="Desk lamp").click()
    expect(noor.get_by_role("heading", name="Desk lamp")).to_be_visible()
    noor.get_by_label("Write to the poster").fill("Is it still there? I could pick it up tonight.")
    noor.get_by_role("button", name="Send").click()
    expect(noor.locator("#messages")).to_contain_text("I could pick it up tonight")
    expect(page.locator("#messages")).to_contain_text("I could pick it up tonight", timeout=10_000)

    # Riley answers and reserves it for her; her page shows it.
    page.get_by_label("Your message").fill("Yes, 7 pm in the lobby.")
    page.get_by_role("button", name="Send").click()
    expect(noor.locator("#messages")).to_contain_text("7 pm in the lobby", timeout=10_000)
    page.get_by_role("button", name="Reserve for Noor Neighbour").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Reserve").click()
    expect(page.locator("#reserved-for")).to_have_text("Reserved for Noor Neighbour")
    expect(noor.locator("#reserved-for")).to_contain_text("Reserved for you", timeout=10_000)

    # Noor pays through the platform and confirms receipt at pickup.
    noor.get_by_label("Card number").fill(CARD)
    noor.get_by_role("button", name="Pay $12.00").click()
    noor.get_by_role("alertdialog").get_by_role("button", name="Pay").click()
    expect(noor.get_by_role("status")).to_contain_text("Paid: the platform holds the money")
    expect(page.get_by_text("The buyer has paid")).to_be_visible(timeout=10_000)
    noor.get_by_role("button", name="Confirm receipt").click()
    noor.get_by_role("alertdialog").get_by_role("button", name="Confirm receipt").click()
    expect(noor.locator("#item-completed")).to_be_visible()
    expect(page.locator("#item-completed")).to_be_visible(timeout=10_000)

    # Both review each other; neither sees the other's review before both wrote.
    _review(page, "5 of 5", "Quick and friendly")
    expect(page.get_by_role("dialog")).to_contain_text("Their review is shown once they have written it.")
    page.get_by_role("dialog").get_by_role("button", name="Close").click()
    _review(noor, "4 of 5", "Lamp as described")
    expect(noor.get_by_role("dialog").locator(".theirs_review")).to_contain_text("Quick and friendly")
    open_page(page, base_url, "/share/reviews")
    expect(page.locator(".received-review")).to_contain_text("Lamp as described")
    expect(page.locator(".received-review")).to_contain_text("Noor Neighbour")
    shot(page, "sharing_items_reviews")

    # Omar, blocked, sees no lamp and only "not available" at its address.
    omar = signed_in("omar@demo.hub", "/share/items", home="/home")
    expect(omar.get_by_role("heading", name="No items yet")).to_be_visible()
    expect(omar.locator(".item-card", has_text="Desk lamp")).to_have_count(0)
    open_page(omar, base_url, item_path)
    expect(omar.get_by_role("alert")).to_contain_text("not available")
    expect(omar.get_by_text("Warm light")).to_have_count(0)
