"""Channels: staff-defined fields, entries, publishing, duplication, resident browsing."""

from __future__ import annotations

import pytest
from sqlmodel import select

from community_hub.core.errors import NotFound, PermissionDenied, ServiceError
from community_hub.models.channels import ChannelEntry
from community_hub.property import channels
from community_hub.property.channels import ChannelInput
from community_hub.property.forms import FormErrors
from tests.images import PNG

PHONES = ChannelInput(
    name="Emergency phones",
    fields=[{"label": "Service", "required": True}, {"label": "Number", "type": "phone", "required": True},
            {"label": "Website", "type": "link"}, {"label": "Logo", "type": "image"}],
    header_text="Call 911 first.", footer_text="Updated monthly.",
    seo_title="Emergency numbers", seo_description="Who to call", published=True,
)


def _channel(tx, w, data=PHONES):
    with tx() as db:
        ch = channels.create_channel(db, w.staff, w.community.id, data)
        channels.add_entry(db, w.staff, ch.id, {"service": "Plumber 24h", "number": "+1 555 0101",
                                                 "logo": ("logo.png", PNG)})
        channels.add_entry(db, w.staff, ch.id, {"service": "Locksmith", "number": "555-0102",
                                                 "website": "https://locks.example"})
        channels.add_entry(db, w.staff, ch.id, {"service": "Draft", "number": "555-0000"}, published=False)
        return ch.id, ch.slug


def test_residents_browse_published_channels_with_entries(tx, world):
    w = world
    _, slug = _channel(tx, w)
    with tx() as db:
        page = channels.channel_page(db, w.ann, w.community.id, slug)
        staff_page = channels.channel_page(db, w.staff, w.community.id, slug)
        listed = [c.name for c in channels.list_channels(db, w.bob)]
    assert (slug, page.header_text, page.seo_title) == ("emergency-phones", "Call 911 first.", "Emergency numbers")
    assert [e["service"] for e in page.entries] == ["Plumber 24h", "Locksmith"]
    assert page.entries[0]["logo"].endswith(".png") and "website" not in page.entries[0]
    assert len(staff_page.entries) == 3 and listed == ["Emergency phones"]
    with pytest.raises(NotFound), tx() as db:
        channels.channel_page(db, w.outsider, w.community.id, slug)


def test_duplicate_copies_fields_texts_and_entries_as_a_draft(tx, db, world):
    w = world
    cid, _ = _channel(tx, w)
    with tx() as s:
        copy = channels.duplicate_channel(s, w.staff, cid)
        again = channels.duplicate_channel(s, w.staff, cid, with_entries=False)
    assert (copy.name, copy.slug, copy.published) == ("Emergency phones (copy)", "emergency-phones-copy", False)
    assert again.slug == "emergency-phones-copy-2"
    assert copy.fields == db.get(channels.InfoChannel, cid).fields and copy.footer_text == "Updated monthly."
    assert len(db.exec(select(ChannelEntry).where(ChannelEntry.channel_id == copy.id)).all()) == 3
    assert db.exec(select(ChannelEntry).where(ChannelEntry.channel_id == again.id)).all() == []
    with tx() as s:  # residents do not see the unpublished copy
        assert [c.id for c in channels.list_channels(s, w.ann)] == [cid]


def test_entries_are_validated_against_the_channel_fields(tx, db, world):
    w = world
    cid, _ = _channel(tx, w)
    before = len(db.exec(select(ChannelEntry)).all())
    for values, message in (({"service": "X"}, "Number is required"),
                            ({"service": "X", "number": "call me"}, "phone number"),
                            ({"service": "X", "number": "5550100", "website": "javascript:alert(1)"}, "web address"),
                            ({"service": "X", "number": "5550100", "logo": ("l.png", b"\x89PNG" + b"\0" * 6_000_000)},
                             "too large")):
        with pytest.raises(FormErrors, match=message), tx() as s:
            channels.add_entry(s, w.staff, cid, values)
    assert len(db.exec(select(ChannelEntry)).all()) == before


def test_only_staff_edit_channels_and_bad_definitions_are_refused(tx, world):
    w = world
    cid, _ = _channel(tx, w)
    with pytest.raises(PermissionDenied), tx() as db:
        channels.add_entry(db, w.ann, cid, {"service": "Me", "number": "5550100"})
    with pytest.raises(PermissionDenied), tx() as db:
        channels.duplicate_channel(db, w.other_staff, cid)
    with pytest.raises(ServiceError, match="type must be one of"), tx() as db:
        channels.create_channel(db, w.staff, w.community.id,
                                ChannelInput(name="Bad", fields=[{"label": "X", "type": "checkbox"}]))
    with pytest.raises(ServiceError, match="SEO title"), tx() as db:
        channels.create_channel(db, w.staff, w.community.id,
                                ChannelInput(name="Long", fields=[{"label": "X"}], seo_title="x" * 90))
    with tx() as db:
        ch = channels.update_channel(db, w.staff, cid, ChannelInput(name="Lost and found", fields=[{"label": "Item"}]))
    assert (ch.slug, ch.published) == ("lost-and-found", False)
