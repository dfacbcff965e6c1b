"""Form builder: field definitions, validation per type, submissions, CSV export."""

from __future__ import annotations

import csv
import io

import pytest
from sqlmodel import select

from community_hub.core.errors import NotFound, PermissionDenied, ServiceError
from community_hub.models.channels import FormSubmission
from community_hub.property import forms
from community_hub.property.forms import FormErrors
from tests.images import PNG

FIELDS = [
    {"label": "Plate number", "type": "text", "required": True, "pattern": r"[A-Z0-9\- ]{2,10}", "max_length": 10},
    {"label": "Vehicle", "type": "choice", "required": True, "choices": ["Car", "Motorbike", "Van"]},
    {"label": "Passengers", "type": "number", "min": 0, "max": 8},
    {"label": "Arrives", "type": "date", "required": True},
    {"key": "extras", "label": "Extras", "type": "multi_choice", "choices": ["Charger", "Roof box", "Trailer"]},
    {"label": "Contact email", "type": "email"},
    {"label": "Photo", "type": "image"},
    {"label": "I accept the rules", "type": "checkbox", "required": True},
]
GOOD = {"plate_number": "AB-123", "vehicle": "Van", "passengers": "3", "arrives": "2026-12-01",
        "extras": ["Trailer", "Charger"], "contact_email": "ann@example.test", "i_accept_the_rules": True}


def _published_form(tx, w, **kw):
    with tx() as db:
        form = forms.create_form(db, w.staff, w.community.id, title="Parking permit", fields=FIELDS, **kw)
        forms.publish_form(db, w.staff, form.id)
        return form.id


def test_valid_submission_is_cleaned_and_exported(tx, world):
    w = world
    fid = _published_form(tx, w)
    with tx() as db:
        sub = forms.submit_form(db, w.ann, fid, GOOD | {"photo": ("car.png", PNG)})
        forms.submit_form(db, w.bob, fid, {"plate_number": "-A1", "vehicle": "Car",
                                           "arrives": "2026-12-02", "i_accept_the_rules": "on"})
    assert sub.data["passengers"] == 3 and sub.data["extras"] == ["Charger", "Trailer"]
    assert sub.data["photo"].endswith(".png")
    with tx() as db:
        text = forms.export_csv(db, w.staff, fid)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:5] == ["submitted_at", "name", "unit", "Plate number", "Vehicle"]
    assert rows[1][2:6] == ["A-101", "AB-123", "Van", "3"] and rows[1][7] == "Charger; Trailer"
    assert rows[2][-1] == "yes" and len(rows) == 3
    assert rows[2][3] == "'-A1"  # text in a spreadsheet, never a formula (=-A1 would read cell A1)


def test_missing_and_wrong_fields_are_all_reported_and_nothing_saved(tx, db, world):
    fid = _published_form(tx, world)
    bad = {"plate_number": "lower!", "passengers": 12, "arrives": "next friday",
           "contact_email": "not-an-email", "photo": ("x.png", b"GIF89a....")}
    with pytest.raises(FormErrors) as err, tx() as s:
        forms.submit_form(s, world.ann, fid, bad)
    assert err.value.errors == {
        "plate_number": "Plate number is not in the expected format.",
        "vehicle": "Vehicle is required.",
        "passengers": "Passengers must be at most 8.",
        "arrives": "Arrives must be a date (YYYY-MM-DD).",
        "contact_email": "Contact email must be an email address.",
        "photo": "Photo: That file type is not accepted. Upload a PNG, JPEG or WebP file.",
        "i_accept_the_rules": "I accept the rules is required.",
    }
    with pytest.raises(FormErrors, match="must be ticked"), tx() as s:
        forms.submit_form(s, world.ann, fid, GOOD | {"i_accept_the_rules": False})
    with pytest.raises(FormErrors, match="choose from the options"), tx() as s:
        forms.submit_form(s, world.ann, fid, GOOD | {"extras": ["Jetpack"]})
    assert db.exec(select(FormSubmission)).all() == []


def test_one_per_resident_forms_refuse_a_second_submission(tx, world):
    fid = _published_form(tx, world, one_per_resident=True)
    with tx() as db:
        forms.submit_form(db, world.ann, fid, GOOD)
    with pytest.raises(ServiceError, match="already filled in"), tx() as db:
        forms.submit_form(db, world.ann, fid, GOOD)
    with tx() as db:
        forms.submit_form(db, world.amy, fid, GOOD)  # per resident, not per household
        assert len(forms.list_submissions(db, world.staff, fid)) == 2


def test_drafts_closed_forms_and_access(tx, world):
    w = world
    with tx() as db:
        draft = forms.create_form(db, w.staff, w.community.id, title="Survey", fields=[{"label": "Q"}]).id
    with pytest.raises(NotFound), tx() as db:
        forms.submit_form(db, w.ann, draft, {"q": "hi"})
    with tx() as db:
        forms.update_form(db, w.staff, draft, title="Survey", fields=[{"label": "Q", "required": True}])
        forms.publish_form(db, w.staff, draft)
    with pytest.raises(ServiceError, match="Only a draft"), tx() as db:
        forms.update_form(db, w.staff, draft, title="x", fields=[{"label": "Q"}])
    with pytest.raises(NotFound), tx() as db:
        forms.submit_form(db, w.outsider, draft, {"q": "hi"})
    with pytest.raises(PermissionDenied), tx() as db:
        forms.export_csv(db, w.ann, draft)
    with tx() as db:
        assert [f.id for f in forms.list_open_forms(db, w.bob)] == [draft]
        forms.close_form(db, w.staff, draft)
    with pytest.raises(ServiceError, match="closed"), tx() as db:
        forms.submit_form(db, w.bob, draft, {"q": "late"})


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ([], "at least one field"),
        ([{"label": ""}], "needs a label"),
        ([{"label": "A", "type": "signature"}], "type must be one of"),
        ([{"label": "A"}, {"label": "a"}], "Two fields have the key a"),
        ([{"label": "Size", "type": "choice", "choices": ["S"]}], "at least two different choices"),
        ([{"label": "N", "type": "number", "min": 5, "max": 1}], "minimum is above"),
        ([{"label": "P", "pattern": "(["}], "not a valid regular expression"),
    ],
)
def test_bad_field_definitions_are_refused(tx, world, fields, message):
    with pytest.raises(ServiceError, match=message), tx() as db:
        forms.create_form(db, world.staff, world.community.id, title="F", fields=fields)
