"""The typed content of a specification: read from JSON, written back, and refused with the
path of the field when a value does not fit."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given

from pilotage.specifications import content as c

from .strategies import raw_specs, slow_to_draw, specs


def test_it_reads_every_section_and_writes_it_back():
    data = {
        "context": {"company": "Acme", "project": "Growth"},
        "objectives": {"items": [{"kind": "business", "text": "DSO down", "target": "45 days"}]},
        "tasks": {"items": ["Send reminders", "Log disputes"]},
        "deliverables": {
            "items": [
                {
                    "name": "Aged balance",
                    "form": "Excel",
                    "frequency": "monthly",
                    "deadline": "2026-03-05",
                    "criterion": "Reconciled",
                }
            ]
        },
        "tools": {"items": [], "none_imposed": True},
        "calendar": {
            "start": "2026-03-01",
            "milestones": [{"date": "2026-06-30", "label": "Review"}],
        },
        "referents": {
            "client": [{"name": "Anne", "email": "anne@acme.test"}],
            "vendor_to_name": True,
        },
    }

    spec = c.from_dict(data)

    assert spec.objectives.items[0] == c.Objective("business", "DSO down", "45 days")
    assert spec.deliverables.items[0].deadline == dt.date(2026, 3, 5)
    assert spec.calendar.milestones[0].date == dt.date(2026, 6, 30)
    assert spec.tools.none_imposed is True
    out = c.to_dict(spec)
    assert out["deliverables"]["items"][0]["deadline"] == "2026-03-05"
    assert out["tasks"]["items"] == ["Send reminders", "Log disputes"]
    assert set(out) == set(c.SLUGS)


def test_unknown_keys_are_ignored_and_missing_ones_take_their_default():
    spec = c.from_dict({"purpose": {"text": "Why", "colour": "blue"}, "astrology": {"x": 1}})

    assert spec.purpose == c.Purpose("Why")
    assert spec.playbook == c.Playbook()


def test_texts_are_stripped_and_empty_rows_dropped():
    spec = c.from_dict(
        {
            "purpose": {"text": "  Line one\r\nLine two  "},
            "tasks": {"items": ["", "  Call back  ", "   "]},
            "objectives": {"items": [{}, {"kind": "", "text": "", "target": ""}, {"text": "x"}]},
        }
    )

    assert spec.purpose.text == "Line one\nLine two"
    assert spec.tasks.items == ("Call back",)
    assert spec.objectives.items == (c.Objective(text="x"),)


def test_null_reads_as_empty():
    spec = c.from_dict({"purpose": None, "tasks": {"items": None}, "tools": {"none_imposed": None}})
    assert spec == c.Spec()
    assert c.from_dict(None) == c.Spec()


# fmt: off
REFUSED = [
    # data,                                                              path,                               code
    ({"purpose": {"text": 12}},                                          "purpose.text",                     "type"),
    ({"purpose": {"text": "x" * 10_000}},                                "purpose.text",                     "too_long"),
    ({"purpose": "Why"},                                                 "purpose",                          "type"),
    ({"objectives": {"items": [{"text": "a"}, {"target": ["30"]}]}},     "objectives.items[1].target",       "type"),
    ({"objectives": {"items": [{"kind": "astrology"}]}},                 "objectives.items[0].kind",         "choice"),
    ({"objectives": {"items": "raise leads"}},                           "objectives.items",                 "type"),
    ({"tasks": {"items": ["ok", 3]}},                                    "tasks.items[1]",                   "type"),
    ({"tasks": {"items": ["t"] * 101}},                                  "tasks.items",                      "too_many"),
    ({"deliverables": {"items": [{"deadline": "31/02/2026"}]}},          "deliverables.items[0].deadline",   "date"),
    ({"deliverables": {"items": [{"deadline": "2026-02-31"}]}},          "deliverables.items[0].deadline",   "date"),
    ({"deliverables": {"items": [{"deadline": 20260301}]}},              "deliverables.items[0].deadline",   "type"),
    ({"deliverables": {"items": [{"frequency": "hourly"}]}},             "deliverables.items[0].frequency",  "choice"),
    ({"calendar": {"start": "next tuesday"}},                            "calendar.start",                   "date"),
    ({"referents": {"client": [{"name": "A", "email": "anne@"}]}},       "referents.client[0].email",        "email"),
    ({"referents": {"vendor_to_name": "yes"}},                           "referents.vendor_to_name",         "type"),
    ({"tools": {"none_imposed": 1}},                                     "tools.none_imposed",               "type"),
    ({"playbook": {"objections": [{"answer": "x" * 5001}]}},             "playbook.objections[0].answer",    "too_long"),
]
# fmt: on


@pytest.mark.parametrize(
    ("data", "path", "code"), REFUSED, ids=[r[1] + "-" + r[2] for r in REFUSED]
)
def test_a_value_that_does_not_fit_is_refused_naming_its_field(data, path, code):
    with pytest.raises(c.SchemaError) as caught:
        c.from_dict(data)
    assert (caught.value.path, caught.value.code) == (path, code)


def test_a_whole_specification_must_be_an_object():
    with pytest.raises(c.SchemaError) as caught:
        c.from_dict(["purpose"])
    assert caught.value.code == "type"


def test_one_section_is_read_with_its_slug_in_the_paths():
    assert c.section_from_dict("purpose", {"text": "Why"}) == c.Purpose("Why")
    with pytest.raises(c.SchemaError) as caught:
        c.section_from_dict("calendar", {"milestones": [{"date": "2026-13-01"}]})
    assert caught.value.path == "calendar.milestones[0].date"
    with pytest.raises(KeyError):
        c.section_from_dict("astrology", {})


def test_with_section_replaces_one_section_only():
    spec = c.from_dict({"purpose": {"text": "Why"}, "tasks": {"items": ["a"]}})
    changed = c.with_section(spec, "tasks", c.Tasks(("b",)))
    assert changed.tasks.items == ("b",)
    assert changed.purpose == spec.purpose
    with pytest.raises(TypeError):
        c.with_section(spec, "tasks", c.Purpose("x"))


@slow_to_draw
@given(raw_specs)
def test_reading_what_was_written_gives_it_back_once_rows_are_cleaned(spec):
    stored = c.from_dict(c.to_dict(spec))
    assert c.from_dict(c.to_dict(stored)) == stored


@slow_to_draw
@given(specs)
def test_what_is_written_is_plain_json(spec):
    import json

    assert c.from_dict(json.loads(json.dumps(c.to_dict(spec)))) == spec
