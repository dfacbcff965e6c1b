"""No English written straight into a page: every word a person reads on a page or component
goes through t()/tf()/pt() (components/i18n.py), so a Chinese reader never meets a stray English
label, placeholder or screen-reader name."""

from __future__ import annotations

from community_hub import i18n_catalog


def test_no_page_or_component_gives_a_component_plain_english():
    found = i18n_catalog.bare_page_strings()
    assert not found, f"{len(found)} English strings not through t()/tf(): {found[:20]}"


def test_the_check_finds_children_placeholders_and_names_but_not_icons_addresses_or_translated_text():
    source = '''
rx.text("Sold out", size="1")
rx.input(placeholder="Your name")
rx.icon_button(rx.icon("trash-2"), aria_label="Remove field")
rx.table.cell(" · booked ")
rx.icon("plus")
rx.text(t("Sold out"))
rx.input(placeholder="https://")
rx.heading("Community Hub")
rx.button("CSV")
rx.el.style("@media print { .x { display: none } }")
'''
    assert [text for _, text in i18n_catalog.bare_strings_in(source)] == [
        "Sold out", "Your name", "Remove field", " · booked "]
