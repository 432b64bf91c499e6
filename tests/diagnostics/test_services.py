"""The writes of the diagnostic, as the people of tests/conftest.py do them.

What the fixture holds: on "cash" (sales administration, stage "run", Bob its referent) one
activity, "Standard payment reminders", 12 h a month of which 2 h of the leader's, 80
reminders, partly written down, not classed yet. No diagnostic row yet (it is created on the
first write of readiness, risks or conclusion… and by the activity's own creation).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from pilotage.core.models import AuditAction, AuditEntry
from pilotage.diagnostics import labels, services
from pilotage.diagnostics.models import Activity, Diagnostic
from pilotage.diagnostics.usual import usual_activities
from pilotage.engagements import services as eng_services
from pilotage.engagements.models import EngagementKind, Function, Stage, StageChange

D = Decimal


def refused(call, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    return caught.value


def entries(object_type: str, action: str | None = None):
    found = AuditEntry.objects.filter(object_type=object_type).order_by("seq")
    return found.filter(action=action) if action else found


def snapshot():
    """What the diagnostic tables and the trail hold, to check that nothing changed."""
    return (
        list(Activity.objects.order_by("pk").values()),
        list(Diagnostic.objects.order_by("pk").values()),
        AuditEntry.objects.count(),
    )


@pytest.fixture
def payroll(world):
    """A new engagement, still at the diagnostic stage."""
    return eng_services.engagement_create(
        actor=world.alice,
        org=world.acme,
        title="Payroll",
        function=Function.PAYROLL,
        kind=EngagementKind.CO_SOURCING,
        referent=world.bob,
    )


# --- activities -----------------------------------------------------------------------------


def test_an_activity_is_created_with_its_audit_entry(world):
    activity = services.activity_create(
        actor=world.alice,
        engagement=world.cash,
        name="  Saisie des commandes  ",
        hours=D("20"),
        leader_hours=D("0"),
        category="repetitive",
        documented="yes",
        done_by="Sophie, ADV",
    )

    activity.refresh_from_db()
    assert activity.name == "Saisie des commandes"
    assert activity.position == world.activity.position + 1
    entry = entries("diagnostics.activity", AuditAction.CREATE).last()
    assert entry.object_id == str(activity.pk)
    assert entry.actor == world.alice
    assert entry.changes["name"] == [None, "Saisie des commandes"]
    assert entry.changes["hours"] == [None, "20.00"]
    # The first write of the engagement's diagnostic created its row.
    assert Diagnostic.objects.filter(engagement=world.cash).exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 10_000}, "name"),
        ({"hours": D("-1")}, "hours"),
        ({"hours": D("745")}, "hours"),
        ({"hours": D("10"), "leader_hours": D("11")}, "leader_hours"),
        ({"leader_hours": D("1")}, "hours"),
        ({"hours": D("10"), "leader_hours": D("-0.5")}, "leader_hours"),
        ({"volume": -3}, "volume"),
        ({"volume_unit": "invoices"}, "volume"),
        ({"category": "vital"}, "category"),
        ({"documented": "maybe"}, "documented"),
        ({"description": "y" * 2001}, "description"),
        ({"name": "standard PAYMENT réminders"}, "name"),  # the fixture's, other case/accents
    ],
)
def test_a_bad_activity_is_refused_on_its_field_and_nothing_is_stored(world, fields, field):
    before = snapshot()
    data = {"name": "Facturation", **fields}

    error = refused(services.activity_create, actor=world.bob, engagement=world.cash, **data)

    assert field in error.message_dict
    assert snapshot() == before


def test_an_activity_is_updated_and_only_its_changes_are_audited(world):
    services.activity_update(
        actor=world.bob, activity=world.activity, hours=D("14"), category="repetitive"
    )

    world.activity.refresh_from_db()
    assert (world.activity.hours, world.activity.category) == (D("14"), "repetitive")
    entry = entries("diagnostics.activity", AuditAction.UPDATE).get()
    assert entry.changes == {"hours": ["12.00", "14.00"], "category": ["", "repetitive"]}


def test_an_update_with_leader_hours_above_the_hours_stores_nothing(world):
    before = snapshot()

    error = refused(
        services.activity_update, actor=world.bob, activity=world.activity, hours=D("1")
    )

    assert "leader_hours" in error.message_dict
    assert snapshot() == before


def test_an_update_may_not_take_the_name_of_another_activity(world):
    other = services.activity_create(actor=world.bob, engagement=world.cash, name="Facturation")
    before = snapshot()

    error = refused(
        services.activity_update, actor=world.bob, activity=other, name="STANDARD payment reminders"
    )

    assert "name" in error.message_dict
    assert snapshot() == before


def test_an_activity_is_deleted_with_what_it_held_in_the_trail(world):
    pk = world.activity.pk

    services.activity_delete(actor=world.bob, activity=world.activity)

    assert not Activity.objects.filter(pk=pk).exists()
    entry = entries("diagnostics.activity", AuditAction.DELETE).get()
    assert entry.object_id == str(pk)
    assert entry.changes["name"] == ["Standard payment reminders", None]


# --- the usual activities --------------------------------------------------------------------


def test_the_usual_activities_are_added_undecided_skipping_names_already_listed(world):
    # In English, the fixture's activity bears the name of a usual one.
    with translation.override("en"):
        added = services.activities_add_usual(actor=world.bob, engagement=world.cash)

    usual = usual_activities("sales_admin")
    # The fixture's "Standard payment reminders" is one of them: not added twice.
    assert len(added) == len(usual) - 1
    names = list(world.cash.activities.values_list("name", flat=True))
    assert names.count("Standard payment reminders") == 1
    assert len(names) == len(usual)
    assert all(a.category == "" for a in added)
    assert entries("diagnostics.activity", AuditAction.CREATE).count() == 1 + len(added)
    # Positions follow the list, after the activities already there.
    assert [a.position for a in added] == list(range(1, len(added) + 1))


def test_the_usual_activities_are_named_in_the_language_of_the_person(world):
    with translation.override("fr"):
        added = services.activities_add_usual(actor=world.bob, engagement=world.it)

    with translation.override("fr"):
        assert [a.name for a in added] == [
            labels.usual_name(u.code) for u in usual_activities("it_support")
        ]


def test_adding_the_usual_activities_twice_adds_nothing_the_second_time(world):
    services.activities_add_usual(actor=world.bob, engagement=world.cash)
    before = world.cash.activities.count()

    assert services.activities_add_usual(actor=world.bob, engagement=world.cash) == []
    assert world.cash.activities.count() == before


def test_the_usual_activities_are_added_all_or_nothing(world, monkeypatch):
    from pilotage.diagnostics import labels

    real = labels.usual_name

    def broken(code):
        # The fourth name is too long: the whole list must be refused.
        return "x" * 300 if code == "sales_admin.cash_in" else real(code)

    monkeypatch.setattr(labels, "usual_name", broken)
    before = snapshot()

    refused(services.activities_add_usual, actor=world.bob, engagement=world.cash)

    assert snapshot() == before


def test_the_usual_activities_respect_the_ceiling(world, monkeypatch):
    monkeypatch.setattr(services, "MAX_ACTIVITIES", 3)
    before = snapshot()

    refused(services.activities_add_usual, actor=world.bob, engagement=world.cash)

    assert snapshot() == before


# --- suggestions -------------------------------------------------------------------------------


def test_applying_the_suggestion_gives_the_suggested_class(world):
    services.activity_apply_suggestion(actor=world.bob, activity=world.activity)

    world.activity.refresh_from_db()
    assert world.activity.category == "repetitive"
    assert entries("diagnostics.activity", AuditAction.UPDATE).get().changes == {
        "category": ["", "repetitive"]
    }


def test_applying_no_suggestion_is_refused(world):
    odd = services.activity_create(actor=world.bob, engagement=world.cash, name="Divers")
    before = snapshot()

    error = refused(services.activity_apply_suggestion, actor=world.bob, activity=odd)

    assert "category" in error.message_dict
    assert snapshot() == before


def test_applying_all_suggestions_changes_only_undecided_activities(world):
    decided = services.activity_create(
        actor=world.bob, engagement=world.cash, name="Facturation", category="sensitive"
    )
    odd = services.activity_create(actor=world.bob, engagement=world.cash, name="Divers")
    credit = services.activity_create(
        actor=world.bob, engagement=world.cash, name="Décisions de crédit"
    )

    changed = services.activities_apply_suggestions(actor=world.bob, engagement=world.cash)

    assert {a.pk for a in changed} == {world.activity.pk, credit.pk}
    categories = dict(world.cash.activities.values_list("name", "category"))
    assert categories == {
        "Standard payment reminders": "repetitive",
        "Facturation": "sensitive",  # decided by the user: left alone
        "Divers": "",  # nothing to suggest
        "Décisions de crédit": "strategic",
    }
    assert decided.pk not in {a.pk for a in changed} and odd.pk not in {a.pk for a in changed}


# --- readiness and risks ---------------------------------------------------------------------


def test_the_readiness_answers_are_recorded_and_audited(world, payroll):
    diagnostic = services.readiness_update(
        actor=world.bob,
        engagement=payroll,
        answers={"firefighting": "yes", "scope": "partly", "procedures_note": " Rien d'écrit "},
    )

    diagnostic.refresh_from_db()
    assert diagnostic.answers() == {
        "firefighting": "yes",
        "scope": "partly",
        "indicators": "",
        "procedures": "",
    }
    assert diagnostic.procedures_note == "Rien d'écrit"
    created = entries("diagnostics.diagnostic", AuditAction.CREATE).get()
    assert created.changes["firefighting"] == [None, "yes"]

    services.readiness_update(actor=world.alice, engagement=payroll, answers={"scope": "yes"})

    updated = entries("diagnostics.diagnostic", AuditAction.UPDATE).get()
    assert updated.changes == {"scope": ["partly", "yes"]}
    assert updated.actor == world.alice


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"firefighting": "maybe"}, "firefighting"),
        ({"scope_note": "z" * 2001}, "scope_note"),
    ],
)
def test_bad_readiness_answers_store_nothing(world, answers, field):
    before = snapshot()

    error = refused(
        services.readiness_update, actor=world.bob, engagement=world.it, answers=answers
    )

    assert field in error.message_dict
    assert snapshot() == before


def test_the_risks_are_recorded_and_audited(world):
    services.risks_update(
        actor=world.bob,
        engagement=world.cash,
        data={
            "cash_likelihood": "high",
            "cash_impact": "high",
            "cash_cost": D("25000"),
            "cash_mitigation": "Pilote de 3 mois sur 50 clients",
        },
    )

    diagnostic = Diagnostic.objects.get(engagement=world.cash)
    assert (diagnostic.cash_likelihood, diagnostic.cash_cost) == ("high", D("25000"))
    # The diagnostic already existed (the fixture's activity created it): an update.
    entry = entries("diagnostics.diagnostic", AuditAction.UPDATE).get()
    assert entry.changes["cash_cost"] == [None, "25000.00"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"quality_likelihood": "extreme"}, "quality_likelihood"),
        ({"image_impact": "critical"}, "image_impact"),  # a level of the result, not an input
        ({"cash_cost": D("-1")}, "cash_cost"),
        ({"cash_cost": D("1e12")}, "cash_cost"),
    ],
)
def test_bad_risks_store_nothing(world, data, field):
    before = snapshot()

    error = refused(services.risks_update, actor=world.bob, engagement=world.cash, data=data)

    assert field in error.message_dict
    assert snapshot() == before


# --- conclusion -------------------------------------------------------------------------------


def test_concluding_records_who_and_when_and_moves_a_diagnostic_stage_on(world, payroll):
    services.activity_create(
        actor=world.bob, engagement=payroll, name="Bulletins de paie", category="repetitive"
    )

    diagnostic = services.diagnostic_conclude(actor=world.bob, engagement=payroll)

    diagnostic.refresh_from_db()
    assert diagnostic.concluded_by == world.bob
    assert diagnostic.concluded_at is not None
    payroll.refresh_from_db()
    assert payroll.stage == Stage.SPECIFICATION
    change = StageChange.objects.filter(engagement=payroll).first()
    assert (change.from_stage, change.to_stage, change.by) == (
        Stage.DIAGNOSTIC,
        Stage.SPECIFICATION,
        world.bob,
    )
    assert entries("diagnostics.diagnostic").filter(changes__has_key="concluded_by").exists()


def test_concluding_an_engagement_past_the_diagnostic_leaves_its_stage(world):
    services.activity_update(actor=world.bob, activity=world.activity, category="repetitive")
    changes = StageChange.objects.count()

    services.diagnostic_conclude(actor=world.alice, engagement=world.cash)

    world.cash.refresh_from_db()
    assert world.cash.stage == Stage.RUN
    assert StageChange.objects.count() == changes


def test_concluding_without_activities_is_refused(world, payroll):
    before = snapshot()

    refused(services.diagnostic_conclude, actor=world.bob, engagement=payroll)

    assert snapshot() == before
    payroll.refresh_from_db()
    assert payroll.stage == Stage.DIAGNOSTIC


def test_concluding_with_an_activity_not_classed_is_refused_naming_it(world):
    before = snapshot()

    error = refused(services.diagnostic_conclude, actor=world.bob, engagement=world.cash)

    assert "Standard payment reminders" in " ".join(error.messages)
    assert snapshot() == before


def test_a_change_after_the_conclusion_shows(world):
    from pilotage.diagnostics import selectors

    services.activity_update(actor=world.bob, activity=world.activity, category="repetitive")
    services.diagnostic_conclude(actor=world.bob, engagement=world.cash)
    assert not selectors.diagnostic_context(world.cash)["changed_since_conclusion"]

    services.activity_update(actor=world.bob, activity=world.activity, hours=D("13"))

    assert selectors.diagnostic_context(world.cash)["changed_since_conclusion"]
