"""The completeness check (the seven questions, findings naming the item, the score) and the
comparison of two versions."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pilotage.specifications import completeness as k
from pilotage.specifications import content as c

from .strategies import slow_to_draw, specs

FULL = {
    "context": {"company": "Acme, 40 people, machined parts", "project": "Invoicing grew 30 %"},
    "purpose": {"text": "Get paid on time."},
    "objectives": {
        "items": [{"kind": "business", "text": "DSO down", "target": "45 days by June"}]
    },
    "tasks": {"items": ["Send reminders"]},
    "deliverables": {
        "items": [
            {
                "name": "Aged balance",
                "frequency": "monthly",
                "criterion": "Reconciled with the books",
            }
        ]
    },
    "tools": {"none_imposed": True},
    "constraints": {"none": True},
    "calendar": {"start": "2026-03-01", "milestones": [{"date": "2026-06-30", "label": "Review"}]},
    "referents": {"client": [{"name": "Anne", "email": "anne@acme.test"}], "vendor_to_name": True},
    "followup": {
        "monthly_committee": True,
        "channel": "E-mail",
        "validation": "Anne, within 5 days",
    },
    "indicators": {"items": [{"code": "dso", "name": "DSO", "target": "≤ 45 days"}]},
    "playbook": {"qualification": "Budget, need, date", "hot": "Demo asked", "handover": "Quote"},
}


def spec(**changes) -> c.Spec:
    return c.from_dict({**FULL, **changes})


def codes(report: k.Report) -> list[tuple[str, str]]:
    return [(f.section, f.code) for f in report.findings]


def test_a_complete_specification_scores_100_with_every_question_answered():
    report = k.check(spec(), playbook_required=True)
    assert report.findings == ()
    assert report.score == 100
    assert {state for _q, state in report.questions} == {k.ANSWERED}
    assert set(report.sections.values()) == {k.COMPLETE}


def test_an_empty_specification_scores_0_with_every_section_missing():
    report = k.check(c.Spec(), playbook_required=False)
    assert report.score == 0
    assert report.sections["playbook"] == k.OPTIONAL
    assert {s for slug, s in report.sections.items() if slug != "playbook"} == {k.MISSING}
    assert ("playbook", "playbook_empty") not in codes(report)


# fmt: off
FINDINGS = [
    # section data changed,                                                           expected finding,                                         params
    ({"objectives": {"items": [{"text": "Raise leads"}]}},                            ("objectives", "objective_no_number"),                    {"index": 1, "text": "Raise leads"}),
    ({"objectives": {"items": [{"text": "Relancer au mieux", "target": "90 %"}]}},   ("objectives", "vague_words"),                            {"index": 1, "words": "au mieux"}),
    ({"objectives": {"items": [{"text": "Réponse dès que possible", "target": "4 h"}]}}, ("objectives", "vague_words"),                         {"words": "dès que possible"}),
    ({"objectives": {"items": [{"text": "Appeler, etc.", "target": "20 par jour"}]}}, ("objectives", "vague_words"),                            {"words": "etc"}),
    ({"objectives": {"items": [{"text": "Optimiser les relances"}]}},                 ("objectives", "vague_words"),                            {"words": "Optimiser"}),
    ({"objectives": {"items": [{"text": "Répondre rapidement", "target": "2 h"}]}},  ("objectives", "vague_words"),                            {"words": "rapidement"}),
    ({"objectives": {"items": [{"text": "Leads, si possible", "target": "40"}]}},    ("objectives", "vague_words"),                            {"words": "si possible"}),
    ({"deliverables": {"items": [{"name": "Report", "criterion": "Checked"}]}},       ("deliverables", "deliverable_no_deadline"),              {"index": 1, "name": "Report"}),
    ({"deliverables": {"items": [{"name": "Report", "deadline": "2026-04-01"}]}},     ("deliverables", "deliverable_no_criterion"),             {"name": "Report"}),
    ({"deliverables": {"items": [{"name": "R", "frequency": "weekly", "criterion": "rapidement"}]}}, ("deliverables", "vague_words"),        {"words": "rapidement"}),
    ({"calendar": {"start": "2026-03-01", "milestones": [{"label": "Go/no-go"}]}},   ("calendar", "milestone_no_date"),                        {"index": 1, "label": "Go/no-go"}),
    ({"calendar": {"milestones": [{"date": "2026-06-30", "label": "Review"}]}},      ("calendar", "no_start"),                                 {}),
    ({"calendar": {"start": "2026-03-01"}},                                           ("calendar", "no_milestone"),                             {}),
    ({"referents": {"vendor": [{"name": "Paul"}]}},                                   ("referents", "no_client_referent"),                      {}),
    ({"referents": {"client": [{"name": "Anne"}], "vendor_to_name": True}},          ("referents", "client_referent_no_contact"),              {"name": "Anne"}),
    ({"referents": {"client": [{"name": "Anne", "phone": "04"}]}},                   ("referents", "no_vendor_referent"),                      {}),
    ({"followup": {"channel": "Mail", "validation": "Anne"}},                         ("followup", "no_ritual"),                                {}),
    ({"followup": {"weekly_point": True, "validation": "Anne"}},                      ("followup", "no_channel"),                               {}),
    ({"followup": {"others": [{"name": "Daily call"}], "channel": "Phone"}},          ("followup", "no_validation"),                            {}),
    ({"indicators": {"items": [{"name": "Leads"}]}},                                  ("indicators", "indicator_no_target"),                    {"name": "Leads"}),
    ({"indicators": {"items": [{"name": "Leads", "target": "au mieux"}]}},            ("indicators", "vague_words"),                            {"words": "au mieux"}),
    ({"context": {"project": "Growth"}},                                              ("context", "no_company"),                                {}),
    ({"context": {"company": "Acme"}},                                                ("context", "no_project_context"),                        {}),
    ({"playbook": {}},                                                                ("playbook", "playbook_empty"),                           {}),
    ({"playbook": {"qualification": "BANT"}},                                         ("playbook", "playbook_incomplete"),                      {"missing": "hot,handover"}),
    ({"tasks": {"items": []}},                                                        ("tasks", "empty"),                                       {}),
    ({"tools": {}},                                                                   ("tools", "empty"),                                       {}),
    ({"constraints": {"none": False}},                                                ("constraints", "empty"),                                 {}),
]
# fmt: on


@pytest.mark.parametrize(
    ("changes", "expected", "params"), FINDINGS, ids=[f"{e[0]}-{e[1]}" for _c, e, _p in FINDINGS]
)
def test_each_gap_is_found_and_names_its_item(changes, expected, params):
    report = k.check(spec(**changes), playbook_required=True)

    found = [f for f in report.findings if (f.section, f.code) == expected]
    assert found, codes(report)
    assert {key: found[0].params.get(key) for key in params} == params
    assert report.sections[expected[0]] == found[0].severity
    assert report.score < 100


def test_a_figure_in_the_target_makes_an_objective_measurable():
    report = k.check(
        spec(objectives={"items": [{"text": "Raise leads on segment X", "target": "+30 %"}]}),
        playbook_required=True,
    )
    assert report.findings == ()


def test_optimiser_with_a_figure_is_not_vague():
    assert k.vague_words("Optimiser le DSO à 45 jours") == []
    assert k.vague_words("Optimiser le DSO") == ["Optimiser"]
    assert k.vague_words("au mieux, etc.") == ["au mieux", "etc"]
    assert k.vague_words("Répondre RAPIDEMENT") == ["RAPIDEMENT"]
    assert k.vague_words("Des que possible") == ["Des que possible"]  # accents optional


def test_words_inside_other_words_are_not_vague():
    assert k.vague_words("etcetera rapidements") == []


def test_the_playbook_counts_only_for_prospection():
    empty_playbook = spec(playbook={})
    assert k.check(empty_playbook, playbook_required=False).score == 100
    assert k.check(empty_playbook, playbook_required=False).sections["playbook"] == k.OPTIONAL
    report = k.check(empty_playbook, playbook_required=True)
    assert dict(report.questions)["tools"] == k.MISSING
    assert report.score == 85  # 6 of 7 questions answered: 12 halves of 14


def test_a_missing_section_makes_its_question_missing_and_a_vague_one_vague():
    report = k.check(
        spec(purpose={}, deliverables={"items": [{"name": "Report", "frequency": "weekly"}]}),
        playbook_required=True,
    )
    questions = dict(report.questions)
    assert questions["purpose"] == k.MISSING
    assert questions["deliverables"] == k.VAGUE
    assert report.score == (2 * 5 + 1) * 100 // 14  # 78


@slow_to_draw
@given(specs, st.booleans())
def test_the_score_lies_within_0_and_100_and_is_100_only_without_finding(s, required):
    report = k.check(s, playbook_required=required)
    assert 0 <= report.score <= 100
    assert (report.score == 100) == (not report.findings)
    halves = sum({k.ANSWERED: 2, k.VAGUE: 1, k.MISSING: 0}[q] for _n, q in report.questions)
    assert report.score == halves * 100 // 14
    for slug, state in report.sections.items():
        found = report.findings_of(slug)
        assert (state in (k.COMPLETE, k.OPTIONAL)) == (not found)


# --- changes between versions ---------------------------------------------------------


def test_changes_name_items_added_removed_and_changed_section_by_section():
    old = spec()
    new = spec(
        purpose={"text": "Get paid on time, keep key accounts."},
        objectives={
            "items": [
                {"kind": "business", "text": "DSO down", "target": "40 days by June"},
                {"text": "Disputes under 3 a month"},
            ]
        },
        tasks={"items": []},
    )

    found = k.changes(old, new)

    assert [(ch.section, ch.kind, ch.item, ch.fields) for ch in found] == [
        ("purpose", k.CHANGED, "", ()),
        ("objectives", k.ADDED, "Disputes under 3 a month", ()),
        ("objectives", k.CHANGED, "DSO down", ("target",)),
        ("tasks", k.REMOVED, "Send reminders", ()),
    ]


def test_a_renamed_item_is_one_removed_and_one_added():
    found = k.changes(spec(), spec(tasks={"items": ["Send the reminders"]}))
    assert [(ch.kind, ch.item) for ch in found] == [
        (k.REMOVED, "Send reminders"),
        (k.ADDED, "Send the reminders"),
    ]


def test_items_that_only_moved_are_reported_as_reordered():
    a = spec(tasks={"items": ["a", "b"]})
    b = spec(tasks={"items": ["b", "a"]})
    assert [(ch.section, ch.kind) for ch in k.changes(a, b)] == [("tasks", k.REORDERED)]


def test_a_change_survives_its_trip_through_json():
    ch = k.Change("objectives", "items", k.CHANGED, "DSO down", ("target", "kind"))
    assert k.Change.from_dict(ch.to_dict()) == ch


@slow_to_draw
@given(specs)
def test_nothing_changes_between_a_version_and_itself(s):
    assert k.changes(s, s) == []


@slow_to_draw
@given(specs, specs)
def test_changes_are_empty_exactly_when_the_versions_are_equal(a, b):
    assert (k.changes(a, b) == []) == (a == b)


@slow_to_draw
@given(specs, specs, st.sampled_from(c.SLUGS))
def test_changing_one_section_reports_changes_in_that_section_only(a, b, slug):
    mixed = dataclasses.replace(a, **{slug: getattr(b, slug)})
    found = k.changes(a, mixed)
    assert {ch.section for ch in found} <= {slug}
    assert bool(found) == (getattr(a, slug) != getattr(b, slug))


def test_dates_count_as_changes():
    a = spec()
    b = spec(
        calendar={"start": "2026-03-02", "milestones": [{"date": "2026-06-30", "label": "Review"}]}
    )
    assert b.calendar.start == dt.date(2026, 3, 2)
    assert [(ch.section, ch.field, ch.kind) for ch in k.changes(a, b)] == [
        ("calendar", "start", k.CHANGED)
    ]
