"""A resident votes in a poll (results shown after voting, live for staff), signs up for an event
and is checked in at the door by staff, and asks the office a question that staff answer."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.helpers import expect_path, open_page, shot


def test_poll_event_and_care(signed_in, base_url: str):
    resident = signed_in("resident@demo.hub")
    resident.get_by_role("link", name="Community", exact=True).first.click()
    expect_path(resident, "/community")
    poll = resident.locator(".poll-card", has_text="bike racks")
    expect(poll).to_contain_text("Results are shown after you vote")
    # Voting with nothing chosen is refused.
    poll.get_by_role("button", name="Vote").click()
    expect(resident.get_by_role("alert")).to_contain_text("Choose an option")
    poll.locator(".poll-option", has_text="Yes").get_by_role("radio").click()
    poll.get_by_role("button", name="Vote").click()
    expect(resident.get_by_role("status")).to_contain_text("Your vote is counted")
    expect(poll.locator(".poll-turnout")).to_contain_text("1 of 5 voted")
    expect(poll.get_by_role("button", name="Vote")).to_have_count(0)

    event = resident.locator(".event-card", has_text="Community garden day")
    event.get_by_role("button", name="Sign up").click()
    expect(event.locator(".event-ticket")).to_be_visible()
    ticket = event.locator(".event-ticket code").inner_text()
    shot(resident, "community-resident")

    staff = signed_in("staff@demo.hub", "/property/polls")
    expect(staff.locator(".poll-card", has_text="bike racks").locator(".poll-turnout")).to_contain_text("1 of 5")
    open_page(staff, base_url, "/property/events")
    staff.locator(".event-row", has_text="Community garden day").get_by_role("button", name="Attendees").click()
    staff.fill("#ticket-code", ticket)
    staff.get_by_role("button", name="Check in").click()
    expect(staff.get_by_role("status")).to_contain_text("Riley Resident checked in")
    staff.fill("#ticket-code", ticket)
    staff.get_by_role("button", name="Check in").click()
    expect(staff.get_by_role("alert")).to_contain_text("Already checked in")

    open_page(resident, base_url, "/care")
    resident.fill("#care-subject", "Bike storage")
    resident.fill("#care-body", "Is there room for a bike in the basement?")
    resident.click("#care-send")
    expect(resident.locator(".care-ticket", has_text="Bike storage")).to_contain_text("open")

    open_page(staff, base_url, "/property/care")
    ticket_card = staff.locator(".care-ticket", has_text="Bike storage")
    ticket_card.locator(".care-reply textarea").fill("Yes: room B0 has racks. Ask the desk for a key.")
    ticket_card.get_by_role("button", name="Send answer").click()
    expect(staff.get_by_role("status")).to_contain_text("Reply sent")

    open_page(resident, base_url, "/care")
    mine = resident.locator(".care-ticket", has_text="Bike storage")
    expect(mine.locator(".care-status")).to_have_text("answered")
    expect(mine.locator(".care-msg.staff")).to_contain_text("room B0 has racks")
    mine.locator("input[name=body]").fill("Thanks, and where is the key desk?")
    mine.get_by_role("button", name="Add").click()
    expect(mine.locator(".care-status")).to_have_text("open")
    expect(mine.locator(".care-msg")).to_have_count(3)

    # Checking in at the venue with a wrong door code is refused.
    open_page(resident, base_url, "/community")
    event = resident.locator(".event-card", has_text="Community garden day")
    event.locator("input[name=code]").fill("WRONG1")
    event.get_by_role("button", name="Check in").click()
    expect(resident.get_by_role("alert")).to_contain_text("That check-in code is not right")


def test_event_time_typed_by_staff_in_local_time_reads_the_same_for_residents(signed_in, base_url: str):
    """Maple Court is in America/New_York: staff type wall-clock times, residents read the same
    wall-clock time (EDT in July), and a time the clocks skip is refused."""
    staff = signed_in("staff@demo.hub")
    expect(staff.locator("#community-time-zone")).to_have_value("America/New_York")
    open_page(staff, base_url, "/property/events")
    staff.get_by_role("button", name="New event").click()
    dialog = staff.get_by_role("dialog")
    dialog.locator("input[name=title]").fill("Summer rooftop evening")
    dialog.locator("input[name=location]").fill("Roof terrace")
    # 02:30 on 9 March 2031 never happens in New York (clocks jump from 02:00 to 03:00).
    dialog.locator("input[name=starts_at]").fill("2031-03-09T02:30")
    dialog.locator("input[name=ends_at]").fill("2031-03-09T04:00")
    dialog.get_by_role("button", name="Create event").click()
    expect(dialog.get_by_role("alert")).to_contain_text("does not exist in America/New_York")
    dialog.locator("input[name=starts_at]").fill("2031-07-04T18:30")
    dialog.locator("input[name=ends_at]").fill("2031-07-04T21:00")
    dialog.get_by_role("button", name="Create event").click()
    expect(staff.get_by_role("status")).to_contain_text("Event created")
    expect(staff.locator(".event-row", has_text="Summer rooftop evening")).to_contain_text("2031-07-04 18:30 EDT")

    resident = signed_in("resident@demo.hub", "/community")
    card = resident.locator(".event-card", has_text="Summer rooftop evening")
    expect(card).to_contain_text("2031-07-04 18:30 EDT")
