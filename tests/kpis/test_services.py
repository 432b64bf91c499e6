"""The writes of the indicator capability, as the people of tests/conftest.py do them.

What the fixture holds for "cash" (sales administration, work started on 01/01/2026, held
by Recouvra): the leader's time (internal, every engagement has it) and "invoicing
incidents" (given by the vendor, a count, lower is better, target 2, red 5), whose value
of October 2026, 2, Victor gave on 04/11/2026 with a PDF as evidence.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from pilotage.core.models import AuditAction, AuditEntry, Membership
from pilotage.kpis import catalogue, services
from pilotage.kpis.catalogue import HIGHER, LOWER
from pilotage.kpis.models import Indicator, KpiSettings, Value, ValueEvent, ValueStatus
from pilotage.kpis.services import Entry

D = dt.date
OCTOBER, SEPTEMBER, NOVEMBER = D(2026, 10, 1), D(2026, 9, 1), D(2026, 11, 1)
TODAY = D(2026, 11, 23)
PDF = b"%PDF-1.4\n%evidence\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


def t(message: str) -> str:
    """What the interface says for ``message`` (French by default)."""
    return translation.gettext(message)


def member(user, org) -> Membership:
    return Membership.objects.get(user=user, organisation=org)


def fresh(indicator: Indicator) -> Indicator:
    return Indicator.objects.select_related("engagement").get(pk=indicator.pk)


def give(w, user, indicator, period, value, *, today=TODAY, **extra) -> Value:
    return services.value_submit(
        actor=user,
        membership=member(user, w.acme),
        entry=Entry(fresh(indicator), period, value, **extra),
        today=today,
    )


def refused(call, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return caught.value


def counts() -> tuple[int, int]:
    return Value.objects.count(), ValueEvent.objects.count()


@pytest.fixture
def critical(world) -> Indicator:
    """A second indicator the vendor gives on "cash": critical incidents (count)."""
    return services.template_add(actor=world.bob, engagement=world.cash, code="critical_incidents")


def custom(w, **changes):
    data = {
        "name": "Calls answered",
        "definition": "Calls answered in the month.",
        "unit": "count",
        "direction": HIGHER,
        "target": Decimal(100),
        "red": Decimal(80),
        "frequency": "monthly",
        "source": "vendor",
        "aspect": "activity",
    }
    return {**data, **changes}


# --- catalogue indicators ---------------------------------------------------------------


def test_it_adds_a_catalogue_indicator_with_its_suggested_target(world):
    found = services.template_add(actor=world.bob, engagement=world.cash, code="critical_incidents")

    assert (found.unit, found.direction, found.source) == ("count", LOWER, "vendor")
    assert (found.target, found.red) == (Decimal(0), Decimal(2))
    assert found.owner == world.bob  # the referent answers for it
    assert found.since == D(2026, 1, 1)  # from the first period of the work
    assert AuditEntry.objects.filter(
        object_type="kpis.indicator", object_id=str(found.pk), action=AuditAction.CREATE
    ).exists()


def test_an_indicator_good_for_any_function_can_be_added(world):
    found = services.template_add(actor=world.bob, engagement=world.cash, code="delay_vs_plan")
    assert found.template == "delay_vs_plan"


@pytest.mark.parametrize("code", ["first_contact_resolution", "availability", "no_such_thing"])
def test_it_refuses_an_indicator_of_another_function(world, code):
    before = Indicator.objects.count()

    e = refused(services.template_add, actor=world.bob, engagement=world.cash, code=code)

    assert e.messages == [t("This indicator is not in the catalogue of this function.")]
    assert Indicator.objects.count() == before


@pytest.mark.parametrize("code", ["invoicing_incidents", catalogue.LEADER_TIME])
def test_it_refuses_a_second_copy_of_a_catalogue_indicator(world, code):
    before = Indicator.objects.count()

    e = refused(services.template_add, actor=world.bob, engagement=world.cash, code=code)

    assert e.messages == [t("This engagement already follows that indicator.")]
    assert Indicator.objects.count() == before


# --- thresholds -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("direction", "target", "red"),
    [(HIGHER, "80", "90"), (LOWER, "50", "40")],
    ids=["higher is better, red above", "lower is better, red below"],
)
def test_a_red_threshold_on_the_better_side_is_refused(direction, target, red):
    e = refused(services.check_thresholds, direction, Decimal(target), Decimal(red))
    assert list(e.message_dict) == ["red"]


@pytest.mark.parametrize(
    ("direction", "target", "red"),
    [
        (HIGHER, "80", "60"),
        (HIGHER, "80", "80"),  # red at the target: no amber band, allowed
        (LOWER, "50", "65"),
        (LOWER, "50", None),
        (HIGHER, None, None),
    ],
)
def test_a_red_threshold_on_the_worse_side_is_accepted(direction, target, red):
    services.check_thresholds(
        direction,
        None if target is None else Decimal(target),
        None if red is None else Decimal(red),
    )


def test_a_red_threshold_without_a_target_is_refused():
    e = refused(services.check_thresholds, HIGHER, None, Decimal(60))
    assert list(e.message_dict) == ["target"]


# --- indicators of one's own making -----------------------------------------------------


def test_a_referent_creates_an_indicator_of_his_own(world):
    found = services.indicator_create(actor=world.bob, engagement=world.cash, data=custom(world))

    assert found.template == ""
    assert found.source == "vendor"
    assert found.since == D(2026, 1, 1)
    assert found.position > fresh(world.indicator).position  # after the others


def test_an_indicator_of_one_s_own_cannot_be_computed(world):
    before = Indicator.objects.count()
    e = refused(
        services.indicator_create,
        actor=world.bob,
        engagement=world.cash,
        data=custom(world, source="computed"),
    )
    assert list(e.message_dict) == ["source"]
    assert Indicator.objects.count() == before


def test_an_indicator_cannot_take_the_name_of_another_whatever_the_case(world):
    before = Indicator.objects.count()
    e = refused(
        services.indicator_create,
        actor=world.bob,
        engagement=world.cash,
        data=custom(world, name=world.indicator.name.upper()),
    )
    assert e.message_dict == {"name": [t("This engagement already has an indicator of that name.")]}
    assert Indicator.objects.count() == before


def test_the_same_name_is_free_on_another_engagement(world):
    found = services.indicator_create(
        actor=world.rita, engagement=world.it, data=custom(world, name=world.indicator.name)
    )
    assert found.engagement == world.it


def test_an_indicator_with_its_red_on_the_better_side_is_not_created(world):
    before = Indicator.objects.count()
    e = refused(
        services.indicator_create,
        actor=world.bob,
        engagement=world.cash,
        data=custom(world, red=Decimal(120)),
    )
    assert list(e.message_dict) == ["red"]
    assert Indicator.objects.count() == before


# --- changing an indicator --------------------------------------------------------------


def test_what_a_catalogue_indicator_is_stays_the_catalogue_s(world):
    found = services.indicator_update(
        actor=world.bob,
        indicator=world.indicator,
        data={"unit": "percent", "direction": HIGHER, "source": "internal", "target": Decimal(1)},
    )

    found = fresh(found)
    assert (found.unit, found.direction, found.source) == ("count", LOWER, "vendor")
    assert found.target == Decimal(1)  # its targets are free


def test_the_frequency_stays_once_values_were_given(world):
    e = refused(
        services.indicator_update,
        actor=world.bob,
        indicator=world.indicator,
        data={"frequency": "quarterly"},
    )
    assert list(e.message_dict) == ["frequency"]
    assert fresh(world.indicator).frequency == "monthly"


def test_the_frequency_of_an_indicator_without_values_can_change(world, critical):
    found = services.indicator_update(
        actor=world.bob,
        indicator=critical,
        data={"frequency": "quarterly", "since": D(2026, 2, 10)},
    )
    found = fresh(found)
    assert found.frequency == "quarterly"
    assert found.since == D(2026, 1, 1)  # the start of the quarter holding the date


def test_the_leader_s_time_cannot_be_set_aside(world):
    leader = Indicator.objects.get(engagement=world.cash, template=catalogue.LEADER_TIME)

    services.indicator_update(actor=world.alice, indicator=leader, data={"active": False})

    assert fresh(leader).active is True


def test_another_indicator_can_be_set_aside(world, critical):
    services.indicator_update(actor=world.bob, indicator=critical, data={"active": False})
    assert fresh(critical).active is False


def test_an_indicator_cannot_be_renamed_as_another(world, critical):
    e = refused(
        services.indicator_update,
        actor=world.bob,
        indicator=critical,
        data={"name": world.indicator.name.lower()},
    )
    assert list(e.message_dict) == ["name"]


def test_an_indicator_of_one_s_own_cannot_become_computed(world):
    mine = services.indicator_create(actor=world.bob, engagement=world.cash, data=custom(world))
    e = refused(
        services.indicator_update, actor=world.bob, indicator=mine, data={"source": "computed"}
    )
    assert list(e.message_dict) == ["source"]


# --- values given by the vendor ---------------------------------------------------------


def test_the_vendor_gives_a_value_it_awaits_validation(world):
    value = give(
        world, world.victor, world.indicator, NOVEMBER, "1", comment=" One. ", today=D(2026, 12, 1)
    )

    assert value.status == ValueStatus.SUBMITTED
    assert value.value == Decimal(1)
    assert value.comment == "One."
    assert value.submitted_by == world.victor
    assert value.due_on == D(2026, 12, 5)  # end of November + 5 days
    assert value.late is False
    assert [e.action for e in value.events.all()] == ["submitted"]


def test_the_vendor_gives_a_period_only_once_it_is_over(world):
    with pytest.raises(ValidationError) as refused:
        give(world, world.victor, world.indicator, NOVEMBER, "1", today=D(2026, 11, 30))
    assert "nov. 2026" in " ".join(refused.value.messages)
    assert not Value.objects.filter(indicator=world.indicator, period=NOVEMBER).exists()


def test_a_value_given_after_its_due_date_is_flagged_late(world):
    value = give(world, world.victor, world.indicator, SEPTEMBER, "4", today=D(2026, 10, 6))

    assert value.due_on == D(2026, 10, 5)
    assert value.late is True
    assert value.events.get().late is True


def test_a_value_given_on_its_due_date_is_not_late(world):
    value = give(world, world.victor, world.indicator, SEPTEMBER, "4", today=D(2026, 10, 5))
    assert value.late is False


def test_the_due_date_follows_the_engagement_s_settings(world):
    services.settings_update(actor=world.bob, engagement=world.cash, data={"due_days": 10})

    value = give(world, world.victor, world.indicator, SEPTEMBER, "4", today=D(2026, 10, 8))

    assert value.due_on == D(2026, 10, 10)
    assert value.late is False


def test_the_vendor_cannot_give_an_internal_indicator(world):
    leader = Indicator.objects.get(engagement=world.cash, template=catalogue.LEADER_TIME)
    before = counts()

    refused(give, world, world.victor, leader, NOVEMBER, "2")

    assert counts() == before


def test_a_vendor_cannot_give_the_values_of_another_vendor_s_engagement(world):
    before = counts()
    refused(give, world, world.vera, world.indicator, SEPTEMBER, "1")
    assert counts() == before


def test_the_vendor_cannot_give_a_value_of_an_indicator_set_aside(world, critical):
    services.indicator_update(actor=world.bob, indicator=critical, data={"active": False})
    before = counts()
    refused(give, world, world.victor, critical, SEPTEMBER, "1")
    assert counts() == before


@pytest.mark.parametrize("who", ["alice", "bob", "victor"])
def test_nobody_gives_a_computed_indicator(world, who):
    dso = services.template_add(actor=world.bob, engagement=world.cash, code="dso")
    before = counts()

    e = refused(give, world, getattr(world, who), dso, SEPTEMBER, "45")

    assert counts() == before
    assert dso.name in e.messages[0]


@pytest.mark.parametrize(
    ("period", "case"),
    [
        (D(2026, 9, 15), "not the start of a period"),
        (D(2026, 12, 1), "in the future"),
        (D(2025, 12, 1), "before the work started"),
    ],
)
def test_a_value_for_a_period_that_cannot_have_one_is_refused(world, period, case):
    before = counts()

    e = refused(give, world, world.victor, world.indicator, period, "1")

    assert list(e.message_dict) == ["value"], case  # keyed by the entry's field
    assert counts() == before, case


def test_a_value_after_the_work_ended_is_refused(world):
    world.cash.end_date = D(2026, 6, 30)
    world.cash.save(update_fields=["end_date"])
    before = counts()

    refused(give, world, world.victor, world.indicator, D(2026, 7, 1), "1")

    assert counts() == before
    # The last month of the work is still owed.
    assert give(world, world.victor, world.indicator, D(2026, 6, 1), "1").pk


def test_the_month_the_work_started_in_can_be_given(world):
    world.cash.start_date = D(2026, 1, 20)
    world.cash.save(update_fields=["start_date"])
    assert give(world, world.victor, world.indicator, D(2026, 1, 1), "0").value == 0


@pytest.mark.parametrize("value", ["abc", "3,5", "-1", ""])
def test_a_value_that_is_not_a_count_is_refused(world, value):
    before = counts()
    refused(give, world, world.victor, world.indicator, SEPTEMBER, value)
    assert counts() == before


def test_the_vendor_cannot_give_again_a_value_awaiting_validation(world):
    before = counts()

    e = refused(give, world, world.victor, world.indicator, OCTOBER, "3")

    assert counts() == before
    given_on = timezone.localtime(world.kpi_value.submitted_at).strftime("%d/%m/%Y")
    assert given_on in e.messages[0]  # the day it was given
    assert Value.objects.get(pk=world.kpi_value.pk).value == Decimal(2)


def test_the_vendor_cannot_give_again_a_validated_value(world):
    services.value_review(actor=world.bob, value=world.kpi_value, accept=True)
    before = counts()

    refused(give, world, world.victor, world.indicator, OCTOBER, "3")

    assert counts() == before
    assert Value.objects.get(pk=world.kpi_value.pk).status == ValueStatus.VALIDATED


def test_after_a_contest_the_vendor_gives_the_value_again(world):
    services.value_review(
        actor=world.bob, value=world.kpi_value, accept=False, reason="Three credit notes."
    )

    value = give(world, world.victor, world.indicator, OCTOBER, "3")

    assert value.pk == world.kpi_value.pk
    assert value.status == ValueStatus.SUBMITTED
    assert value.value == Decimal(3)
    assert value.contest_reason == ""
    assert (value.reviewed_by, value.reviewed_at) == (None, None)
    assert [e.action for e in value.events.all()] == ["submitted", "contested", "resubmitted"]
    # Given again on the 23rd, after its due date (05/11), it is as late as the first time:
    # on time.
    assert value.late is False
    assert value.events.last().late is False


def test_a_value_late_the_first_time_stays_late_when_given_again(world):
    first = give(world, world.victor, world.indicator, SEPTEMBER, "4", today=D(2026, 10, 6))
    services.value_review(actor=world.bob, value=first, accept=False, reason="Four?")

    again = give(world, world.victor, world.indicator, SEPTEMBER, "5", today=D(2026, 10, 7))

    assert again.late is True


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_the_people_running_the_engagement_correct_a_value(world, who):
    value = give(world, getattr(world, who), world.indicator, OCTOBER, "3")

    assert value.status == ValueStatus.RECORDED
    assert value.value == Decimal(3)
    assert value.late is False
    assert [e.action for e in value.events.all()] == ["submitted", "corrected"]


def test_the_referent_records_a_value_nobody_gave(world):
    value = give(world, world.bob, world.indicator, SEPTEMBER, "1")
    assert value.status == ValueStatus.RECORDED
    assert [e.action for e in value.events.all()] == ["recorded"]


def test_another_referent_cannot_give_the_values_of_cash(world):
    before = counts()
    refused(give, world, world.rita, world.indicator, SEPTEMBER, "1")
    assert counts() == before


def test_the_auditor_gives_no_value(world):
    before = counts()
    refused(give, world, world.audrey, world.indicator, SEPTEMBER, "1")
    assert counts() == before


def test_several_values_are_stored_all_or_none(world, critical):
    before = counts()
    entries = [
        Entry(fresh(world.indicator), SEPTEMBER, "3", field=f"value_{world.indicator.pk}"),
        Entry(fresh(critical), SEPTEMBER, "beaucoup", field=f"value_{critical.pk}"),
    ]

    e = refused(
        services.values_submit,
        actor=world.victor,
        membership=member(world.victor, world.acme),
        entries=entries,
        today=TODAY,
    )

    assert list(e.message_dict) == [f"value_{critical.pk}"]
    assert counts() == before
    assert not Value.objects.filter(period=SEPTEMBER).exists()


def test_several_good_values_are_stored_together(world, critical):
    saved = services.values_submit(
        actor=world.victor,
        membership=member(world.victor, world.acme),
        entries=[
            Entry(fresh(world.indicator), SEPTEMBER, "3", field="a"),
            Entry(fresh(critical), SEPTEMBER, "0", field="b"),
        ],
        today=TODAY,
    )
    assert [v.value for v in saved] == [Decimal(3), Decimal(0)]
    assert Value.objects.filter(period=SEPTEMBER).count() == 2


def test_every_bad_entry_gets_its_own_error(world, critical):
    e = refused(
        services.values_submit,
        actor=world.victor,
        membership=member(world.victor, world.acme),
        entries=[
            Entry(fresh(world.indicator), SEPTEMBER, "x", field="a"),
            Entry(fresh(critical), D(2026, 12, 1), "1", field="b"),
        ],
        today=TODAY,
    )
    assert sorted(e.message_dict) == ["a", "b"]


def test_the_same_period_twice_in_one_submission_is_refused(world):
    before = counts()

    e = refused(
        services.values_submit,
        actor=world.victor,
        membership=member(world.victor, world.acme),
        entries=[
            Entry(fresh(world.indicator), SEPTEMBER, "3", field="values.0.value"),
            Entry(fresh(world.indicator), SEPTEMBER, "4", field="values.1.value"),
        ],
        today=TODAY,
    )

    assert "values.1.value" in e.message_dict
    assert counts() == before


# --- evidence ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "big.pdf",
            PDF + b"0" * (10 * 1024 * 1024),
            "The evidence file is larger than %(size)s MB.",
        ),
        (
            "tool.exe",
            b"MZ\x90\x00",
            "Evidence may be a PDF, a spreadsheet (XLSX, CSV) or an image (PNG, JPEG, WebP).",
        ),
        (
            "fake.pdf",
            b"<html>not a pdf</html>",
            "The evidence file is not what its name says (%(name)s).",
        ),
        ("empty.pdf", b"", "The evidence file is empty."),
    ],
    ids=["larger than 10 MB", "an .exe", "a .pdf that is not a PDF", "an empty file"],
)
def test_bad_evidence_is_refused_and_nothing_is_stored(world, name, content, message):
    before = counts()
    files = set(Path(settings.MEDIA_ROOT).rglob("*"))

    e = refused(
        give,
        world,
        world.victor,
        world.indicator,
        SEPTEMBER,
        "1",
        evidence=SimpleUploadedFile(name, content),
    )

    assert e.messages == [t(message) % {"size": 10, "name": name}]
    assert counts() == before
    assert set(Path(settings.MEDIA_ROOT).rglob("*")) == files


def test_a_png_is_accepted_as_evidence_under_a_random_name(world):
    value = give(
        world,
        world.victor,
        world.indicator,
        SEPTEMBER,
        "1",
        evidence=SimpleUploadedFile("Capture écran.PNG", PNG),
    )
    other = give(
        world,
        world.victor,
        world.indicator,
        D(2026, 8, 1),
        "1",
        evidence=SimpleUploadedFile("Capture écran.PNG", PNG),
    )

    assert value.evidence_name == "Capture écran.PNG"
    assert re.fullmatch(rf"kpis/evidence/{world.acme.pk}/[0-9a-f]{{32}}\.png", value.evidence.name)
    assert value.evidence.name != other.evidence.name
    stored = Path(settings.MEDIA_ROOT) / value.evidence.name
    assert stored.read_bytes() == PNG


def test_the_fixture_s_pdf_lies_in_the_organisation_s_private_folder(world):
    path = Path(settings.MEDIA_ROOT) / world.kpi_value.evidence.name
    assert path.parent == Path(settings.MEDIA_ROOT) / "kpis" / "evidence" / str(world.acme.pk)
    assert "incidents" not in path.name  # nobody can guess it from the file's name
    assert path.read_bytes() == b"%PDF-1.4 incidents"


def test_new_evidence_replaces_the_old_file(world):
    services.value_review(actor=world.bob, value=world.kpi_value, accept=False, reason="Proof?")
    old = Path(settings.MEDIA_ROOT) / world.kpi_value.evidence.name

    value = give(
        world,
        world.victor,
        world.indicator,
        OCTOBER,
        "2",
        evidence=SimpleUploadedFile("avoirs.pdf", PDF),
    )

    assert value.evidence_name == "avoirs.pdf"
    assert (Path(settings.MEDIA_ROOT) / value.evidence.name).read_bytes() == PDF
    assert not old.exists()


# --- review -----------------------------------------------------------------------------


def test_the_referent_validates_a_submitted_value(world):
    value = services.value_review(actor=world.bob, value=world.kpi_value, accept=True)

    assert value.status == ValueStatus.VALIDATED
    assert value.reviewed_by == world.bob
    assert value.reviewed_at is not None


@pytest.mark.parametrize("reason", ["", "   "])
def test_contesting_needs_a_reason(world, reason):
    e = refused(
        services.value_review, actor=world.bob, value=world.kpi_value, accept=False, reason=reason
    )

    assert e.message_dict == {"reason": [t("Say why the value is contested.")]}
    assert Value.objects.get(pk=world.kpi_value.pk).status == ValueStatus.SUBMITTED
    assert world.kpi_value.events.count() == 1


def test_a_contested_value_keeps_the_reason(world):
    value = services.value_review(
        actor=world.bob, value=world.kpi_value, accept=False, reason="  Three, not two.  "
    )
    assert value.status == ValueStatus.CONTESTED
    assert value.contest_reason == "Three, not two."
    assert value.events.last().comment == "Three, not two."


@pytest.mark.parametrize("accept", [True, False])
def test_only_a_value_awaiting_validation_can_be_reviewed(world, accept):
    services.value_review(actor=world.bob, value=world.kpi_value, accept=True)

    refused(
        services.value_review, actor=world.bob, value=world.kpi_value, accept=accept, reason="No."
    )

    assert Value.objects.get(pk=world.kpi_value.pk).status == ValueStatus.VALIDATED
    assert world.kpi_value.events.count() == 2


def test_a_recorded_value_cannot_be_reviewed(world):
    value = give(world, world.bob, world.indicator, SEPTEMBER, "1")
    refused(services.value_review, actor=world.alice, value=value, accept=True)
    assert Value.objects.get(pk=value.pk).status == ValueStatus.RECORDED


def test_the_history_of_a_value_tells_every_step_in_order(world):
    services.value_review(actor=world.bob, value=world.kpi_value, accept=False, reason="Three?")
    give(world, world.victor, world.indicator, OCTOBER, "3")
    services.value_review(actor=world.bob, value=world.kpi_value, accept=True)

    events = list(world.kpi_value.events.all())

    assert [(e.action, e.by, e.amount) for e in events] == [
        ("submitted", world.victor, Decimal(2)),
        ("contested", world.bob, Decimal(2)),
        ("resubmitted", world.victor, Decimal(3)),
        ("validated", world.bob, Decimal(3)),
    ]
    assert [e.at for e in events] == sorted(e.at for e in events)


def test_every_step_of_a_value_is_in_the_audit_trail(world):
    services.value_review(actor=world.bob, value=world.kpi_value, accept=False, reason="Three?")
    give(world, world.victor, world.indicator, OCTOBER, "3")

    entries = list(
        AuditEntry.objects.filter(
            object_type="kpis.value", object_id=str(world.kpi_value.pk)
        ).order_by("seq")
    )

    assert [(e.action, e.actor) for e in entries] == [
        (AuditAction.CREATE, world.victor),
        (AuditAction.UPDATE, world.bob),
        (AuditAction.UPDATE, world.victor),
    ]
    assert all(e.organisation == world.acme for e in entries)
    assert set(entries[1].changes) >= {"status", "contest_reason"}
    assert "value" in entries[2].changes


# --- the leader's time ------------------------------------------------------------------


def add_time(w, hours, today):
    return services.leader_time_add(
        actor=w.alice,
        membership=member(w.alice, w.acme),
        engagement=w.cash,
        hours=Decimal(hours),
        today=today,
    )


def test_the_leader_s_time_adds_up_within_a_month(world):
    add_time(world, "0.5", D(2026, 11, 2))
    value = add_time(world, "1.25", D(2026, 11, 20))

    assert value.period == NOVEMBER
    assert value.value == Decimal("1.75")
    assert value.status == ValueStatus.RECORDED
    assert Value.objects.filter(indicator=value.indicator).count() == 1
    assert [e.amount for e in value.events.all()] == [Decimal("0.5"), Decimal("1.75")]


def test_the_leader_s_time_starts_again_next_month(world):
    add_time(world, "2", D(2026, 11, 30))

    december = add_time(world, "0.25", D(2026, 12, 1))

    assert (december.period, december.value) == (D(2026, 12, 1), Decimal("0.25"))
    assert Value.objects.get(indicator=december.indicator, period=NOVEMBER).value == Decimal(2)


@pytest.mark.parametrize("hours", ["0", "-1", "200.01"])
def test_the_leader_s_time_refuses_nonsense(world, hours):
    before = counts()
    e = refused(add_time, world, hours, D(2026, 11, 2))
    assert list(e.message_dict) == ["hours"]
    assert counts() == before


# --- settings ---------------------------------------------------------------------------


def test_the_settings_of_an_engagement_start_with_the_default_reminders(world):
    found = services.settings_of(world.it)
    assert (found.due_days, found.reminder_days, found.reminders_on) == (5, [-2, 0, 3, 7], True)
    assert services.settings_of(world.it).pk == found.pk  # created once


@pytest.mark.parametrize(
    "days",
    [[-31], [61], [0, 3, 100], [1.5], list(range(11))],
    ids=["31 days before", "61 days after", "one of three too far", "not whole", "eleven"],
)
def test_reminder_days_outside_minus_30_to_60_are_refused(world, days):
    e = refused(
        services.settings_update,
        actor=world.bob,
        engagement=world.cash,
        data={"reminder_days": days},
    )
    assert list(e.message_dict) == ["reminder_days"]
    assert KpiSettings.objects.get(engagement=world.cash).reminder_days == [-2, 0, 3, 7]


def test_reminder_days_are_kept_sorted_once_each(world):
    found = services.settings_update(
        actor=world.bob,
        engagement=world.cash,
        data={"reminder_days": [60, -30, 0, 0, 3], "reminders_on": False},
    )
    found.refresh_from_db()
    assert found.reminder_days == [-30, 0, 3, 60]
    assert found.reminders_on is False
    assert AuditEntry.objects.filter(
        object_type="kpis.kpisettings", object_id=str(found.pk), action=AuditAction.UPDATE
    ).exists()
