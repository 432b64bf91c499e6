"""The writes of the specification: sections kept as written, malformed values refused with
nothing stored, versions numbered with what changed, read links and their reads."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from pilotage.core.models import AuditAction, AuditEntry
from pilotage.engagements import services as eng_services
from pilotage.engagements.models import EngagementKind, Function
from pilotage.specifications import content, services
from pilotage.specifications.models import Specification, SpecShare, SpecVersion


def entries(obj) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            object_type=obj._meta.label_lower, object_id=str(obj.pk)
        ).order_by("seq")
    )


def new_engagement(w, function=Function.PROSPECTION):
    return eng_services.engagement_create(
        actor=w.alice,
        org=w.acme,
        title="Prospection",
        function=function,
        kind=EngagementKind.OUTSOURCING,
        referent=w.bob,
    )


# --- sections ---------------------------------------------------------------------------


def test_the_first_write_creates_the_specification_and_an_incomplete_section_is_kept(world):
    engagement = new_engagement(world)
    spec = services.section_save(
        actor=world.bob,
        engagement=engagement,
        section="deliverables",
        data={"items": [{"name": "Weekly list of meetings"}]},
    )

    assert Specification.objects.get(engagement=engagement) == spec
    assert spec.spec.deliverables.items == (content.Deliverable(name="Weekly list of meetings"),)
    assert spec.updated_by == world.bob
    actions = [e.action for e in entries(spec)]
    assert actions == [AuditAction.CREATE, AuditAction.UPDATE]
    assert entries(spec)[-1].changes["content"][1] == {
        "deliverables": {"items": [content.to_dict(spec.spec.deliverables.items[0])]}
    }


def test_saving_one_section_leaves_the_others_alone(world):
    services.section_save(
        actor=world.bob, engagement=world.cash, section="tasks", data={"items": ["x"]}
    )
    spec = Specification.objects.get(engagement=world.cash)
    assert spec.spec.purpose.text.startswith("Get paid on time")
    assert spec.spec.tasks.items == ("x",)


def test_saving_the_same_section_again_records_nothing(world):
    spec = Specification.objects.get(engagement=world.cash)
    before = len(entries(spec))
    services.section_save(
        actor=world.bob,
        engagement=world.cash,
        section="tasks",
        data={"items": ["Send the reminders of overdue invoices"]},
    )
    assert len(entries(spec)) == before


# fmt: off
MALFORMED = [
    # section,        data,                                                     field named
    ("purpose",       {"text": "x" * 10_000},                                   "purpose.text"),
    ("calendar",      {"start": "31/02/2026"},                                  "calendar.start"),
    ("calendar",      {"milestones": [{"date": "2026-02-31", "label": "M"}]},   "calendar.milestones[0].date"),
    ("referents",     {"client": [{"name": "Anne", "email": "anne-at-acme"}]}, "referents.client[0].email"),
    ("objectives",    {"items": [{"text": ["a"]}]},                             "objectives.items[0].text"),
    ("indicators",    {"items": [{"code": "horoscope", "name": "Stars"}]},      "indicators.items[0].code"),
    ("astrology",     {},                                                       "section"),
]
# fmt: on


@pytest.mark.parametrize(("section", "data", "field"), MALFORMED, ids=[m[2] for m in MALFORMED])
def test_a_malformed_value_is_refused_naming_its_field_and_nothing_is_stored(
    world, section, data, field
):
    engagement = new_engagement(world)
    audit_before = AuditEntry.objects.count()

    with pytest.raises(ValidationError) as caught:
        services.section_save(actor=world.bob, engagement=engagement, section=section, data=data)

    assert field in caught.value.message_dict
    assert not Specification.objects.filter(engagement=engagement).exists()
    assert AuditEntry.objects.count() == audit_before


# --- tasks from the diagnostic ----------------------------------------------------------


def test_tasks_prefill_appends_only_the_tasks_not_already_there(world):
    added = services.tasks_prefill(
        actor=world.bob,
        engagement=world.cash,
        tasks=["send the reminders of  OVERDUE invoices", "Enter orders", "Enter orders", " "],
    )

    assert added == ["Enter orders"]
    spec = Specification.objects.get(engagement=world.cash).spec
    assert spec.tasks.items == ("Send the reminders of overdue invoices", "Enter orders")


def test_tasks_prefill_adds_nothing_when_one_task_is_refused(world):
    before = Specification.objects.get(engagement=world.cash).content
    with pytest.raises(ValidationError) as caught:
        services.tasks_prefill(actor=world.bob, engagement=world.cash, tasks=["Fine", "x" * 2000])
    assert "tasks" in caught.value.message_dict
    assert Specification.objects.get(engagement=world.cash).content == before


def test_tasks_prefill_refuses_what_is_not_a_list_of_texts(world):
    for tasks in ("Enter orders", ["ok", 3]):
        with pytest.raises(ValidationError):
            services.tasks_prefill(actor=world.bob, engagement=world.cash, tasks=tasks)


def test_tasks_prefill_creates_the_specification_when_needed(world):
    engagement = new_engagement(world)
    assert services.tasks_prefill(actor=world.bob, engagement=engagement, tasks=["Call"]) == [
        "Call"
    ]
    assert Specification.objects.get(engagement=engagement).spec.tasks.items == ("Call",)


# --- versions ---------------------------------------------------------------------------


def test_publishing_numbers_the_version_and_keeps_what_changed(world):
    v2 = services.version_publish(actor=world.alice, engagement=world.cash, note=" Tasks added. ")

    assert v2.number == 2
    assert v2.note == "Tasks added."
    assert v2.published_by == world.alice
    assert v2.changes == [
        {
            "section": "tasks",
            "field": "items",
            "kind": "added",
            "item": "Send the reminders of overdue invoices",
            "fields": [],
        }
    ]
    assert v2.spec.tasks.items == ("Send the reminders of overdue invoices",)
    assert world.spec_version.number == 1 and world.spec_version.changes == []
    assert 0 < v2.score < 100
    assert [e.action for e in entries(v2)] == [AuditAction.CREATE]


def test_a_published_version_does_not_move_when_the_draft_does(world):
    services.section_save(
        actor=world.bob, engagement=world.cash, section="purpose", data={"text": "New"}
    )
    world.spec_version.refresh_from_db()
    assert world.spec_version.spec.purpose.text.startswith("Get paid on time")


def test_publishing_twice_without_change_is_refused_naming_the_version(world):
    services.version_publish(actor=world.alice, engagement=world.cash)
    with pytest.raises(ValidationError) as caught:
        services.version_publish(actor=world.alice, engagement=world.cash)
    assert "v2" in caught.value.messages[0]
    assert SpecVersion.objects.filter(specification__engagement=world.cash).count() == 2


def test_publishing_nothing_written_is_refused(world):
    engagement = new_engagement(world)
    with pytest.raises(ValidationError):
        services.version_publish(actor=world.alice, engagement=engagement)
    services.section_save(actor=world.bob, engagement=engagement, section="purpose", data={})
    with pytest.raises(ValidationError):
        services.version_publish(actor=world.alice, engagement=engagement)
    assert not SpecVersion.objects.filter(specification__engagement=engagement).exists()


def test_an_incomplete_specification_may_be_published_with_its_score(world):
    engagement = new_engagement(world)
    services.section_save(
        actor=world.bob, engagement=engagement, section="purpose", data={"text": "Why"}
    )
    v1 = services.version_publish(actor=world.bob, engagement=engagement)
    assert v1.number == 1
    assert v1.score == 0  # purpose alone answers no question (context and objectives missing)


def test_a_too_long_note_is_refused_on_its_field(world):
    with pytest.raises(ValidationError) as caught:
        services.version_publish(actor=world.alice, engagement=world.cash, note="x" * 10_000)
    assert "note" in caught.value.message_dict
    assert SpecVersion.objects.filter(specification__engagement=world.cash).count() == 1


# --- read links -------------------------------------------------------------------------


def test_a_read_link_holds_a_long_random_token_never_written_in_the_trail(world):
    share = world.spec_share
    assert len(share.token) >= 43
    assert share.vendor == world.axiome and share.created_by == world.alice
    assert share.read_count == 0 and share.revoked_at is None
    for entry in entries(share):
        assert share.token not in str(entry.changes)


def test_a_vendor_of_another_organisation_is_refused_on_the_vendor_field(world):
    with pytest.raises(ValidationError) as caught:
        services.share_create(actor=world.alice, engagement=world.cash, vendor=world.globex_vendor)
    assert "vendor" in caught.value.message_dict
    assert not SpecShare.objects.filter(vendor=world.globex_vendor).exists()


def test_one_active_link_per_vendor(world):
    with pytest.raises(ValidationError) as caught:
        services.share_create(actor=world.alice, engagement=world.cash, vendor=world.axiome)
    assert "vendor" in caught.value.message_dict
    services.share_revoke(actor=world.alice, share=world.spec_share)
    again = services.share_create(actor=world.alice, engagement=world.cash, vendor=world.axiome)
    assert again.token != world.spec_share.token


def test_revoking_stamps_the_link_once(world):
    share = services.share_revoke(actor=world.bob, share=world.spec_share)
    assert share.revoked_at is not None
    assert entries(share)[-1].action == AuditAction.UPDATE
    with pytest.raises(ValidationError):
        services.share_revoke(actor=world.bob, share=world.spec_share)


def test_each_read_is_counted_and_noted_in_the_trail(world):
    share = world.spec_share
    services.share_read(share=share)
    services.share_read(share=share)

    share.refresh_from_db()
    assert share.read_count == 2
    assert share.last_read_at is not None
    reads = [e for e in entries(share) if e.action == AuditAction.VIEW]
    assert len(reads) == 2
    assert reads[-1].actor is None and reads[-1].actor_label == "Axiome"
    assert reads[-1].organisation == world.acme
