"""The selection's services: the catalogue's criteria, who may review, the sheets (every
cell checked, nothing half-stored, independence), red flags, exchanges, and the decision
in one transaction. Everything leaves its audit entry."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from pilotage.core import services as core_services
from pilotage.core.models import AuditEntry, Role
from pilotage.engagements import services as eng_services
from pilotage.engagements.models import EngagementKind, Function, Stage
from pilotage.selection import catalogue, selectors, services
from pilotage.selection.models import Candidate, Criterion, Decision, RedFlag, Score
from pilotage.selection.services import ScoreInput


def entries(object_type: str, action: str | None = None):
    qs = AuditEntry.objects.filter(object_type=object_type)
    return qs.filter(action=action) if action else qs


def new_engagement(w, function=Function.WEB, kind=EngagementKind.ONE_OFF):
    return eng_services.engagement_create(
        actor=w.alice,
        org=w.acme,
        title="Site",
        function=function,
        kind=kind,
        referent=w.rita,
        stage=Stage.SELECTION,
    )


# --- criteria ----------------------------------------------------------------------------


def test_the_catalogue_gives_the_generic_criteria_with_price_counting_without_deciding(world):
    codes = [c.code for c in world.criteria]
    assert codes == ["expertise", "references", "method", "understanding", "durability", "price"]
    weights = {c.code: c.weight for c in world.criteria}
    assert weights == {
        "expertise": 3,
        "references": 3,
        "method": 2,
        "understanding": 3,
        "durability": 2,
        "price": 2,
    }
    assert weights["price"] < sum(weights.values()) / 4
    assert entries("selection.criterion", "create").count() == 6


@pytest.mark.parametrize(
    ("function", "extra"),
    [
        (Function.IT_SUPPORT, ["it_sla", "it_hours", "it_monitoring", "it_backups", "it_gdpr"]),
        (Function.WEB, ["web_maintenance", "web_maintained", "web_old_sites", "web_team"]),
        (Function.PAYROLL, []),
    ],
)
def test_each_function_adds_its_own_criteria(world, function, extra):
    engagement = new_engagement(world, function=function)
    made = services.criteria_ensure(actor=world.alice, engagement=engagement)
    assert [c.code for c in made][6:] == extra


def test_the_criteria_are_made_once(world):
    again = services.criteria_ensure(actor=world.alice, engagement=world.cash)
    assert again == world.criteria
    assert Criterion.objects.filter(engagement=world.cash).count() == 6


def test_a_catalogue_criterion_keeps_its_words_translatable_unless_changed(world):
    first = world.criteria[0]
    services.criterion_save(
        actor=world.bob,
        engagement=world.cash,
        criterion=first,
        label=first.name,
        help=first.guidance,
        weight=5,
    )
    first.refresh_from_db()
    assert (first.label, first.help, first.weight) == ("", "", 5)
    services.criterion_save(
        actor=world.bob,
        engagement=world.cash,
        criterion=first,
        label="Recouvrement B2B",
        weight=5,
    )
    first.refresh_from_db()
    assert first.name == "Recouvrement B2B"


def test_two_criteria_of_the_same_name_are_refused(world):
    with pytest.raises(ValidationError) as e:
        services.criterion_save(
            actor=world.bob, engagement=world.cash, label=world.criteria[5].name.upper(), weight=1
        )
    assert "label" in e.value.error_dict


def test_removing_a_criterion_removes_its_scores_and_says_so(world):
    services.criterion_delete(actor=world.bob, criterion=world.criteria[0])
    assert not Score.objects.filter(criterion_id=world.criteria[0].pk).exists()
    entry = entries("selection.criterion", "delete").get()
    assert entry.changes["scores"] == [2, None]


def test_the_last_criterion_is_kept(world):
    for c in world.criteria[1:]:
        services.criterion_delete(actor=world.bob, criterion=c)
    with pytest.raises(ValidationError):
        services.criterion_delete(actor=world.bob, criterion=world.criteria[0])


def test_weights_outside_0_to_10_or_all_zero_are_refused(world):
    with pytest.raises(ValidationError) as e:
        services.criteria_weights_save(
            actor=world.bob, engagement=world.cash, weights={world.criteria[0].pk: 11}
        )
    assert f"weight_{world.criteria[0].pk}" in e.value.error_dict
    with pytest.raises(ValidationError):
        services.criteria_weights_save(
            actor=world.bob, engagement=world.cash, weights={c.pk: 0 for c in world.criteria}
        )
    assert [c.weight for c in Criterion.objects.filter(engagement=world.cash)] == [3, 3, 2, 3, 2, 2]


# --- candidates --------------------------------------------------------------------------


def test_the_same_vendor_twice_is_refused(world):
    with pytest.raises(ValidationError) as e:
        services.candidate_add(actor=world.bob, engagement=world.cash, vendor=world.axiome)
    assert "vendor" in e.value.error_dict


def test_a_vendor_of_another_organisation_is_refused(world):
    with pytest.raises(ValidationError) as e:
        services.candidate_add(actor=world.bob, engagement=world.cash, vendor=world.globex_vendor)
    assert "vendor" in e.value.error_dict


def test_a_new_vendor_without_a_kind_is_refused_and_nothing_is_created(world):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as e:
        services.candidate_add(actor=world.bob, engagement=world.cash, vendor_name="Relance Pro")
    assert "vendor_kind" in e.value.error_dict
    assert AuditEntry.objects.count() == before


def test_a_quote_needs_its_basis(world):
    with pytest.raises(ValidationError) as e:
        services.candidate_update(
            actor=world.bob, candidate=world.candidate, quote_amount=Decimal("10"), quote_basis=""
        )
    assert "quote_basis" in e.value.error_dict


def test_only_the_decision_chooses(world):
    with pytest.raises(ValidationError):
        services.candidate_update(actor=world.bob, candidate=world.candidate, status="chosen")


def test_a_rejected_candidate_is_set_aside_from_the_sheets_and_the_ranking(world):
    services.candidate_update(actor=world.bob, candidate=world.candidate, status="rejected")
    board = selectors.board(world.cash, world.audrey)
    assert board.columns == [] and board.set_aside == [world.candidate]
    with pytest.raises(ValidationError):
        services.scores_save(
            actor=world.alice,
            engagement=world.cash,
            scores=[ScoreInput(world.candidate.pk, world.criteria[0].pk, "5")],
        )


# --- reviewers ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["victor", "vera", "audrey", "rita", "oscar"])
def test_only_an_owner_or_the_engagements_referent_may_review(world, who):
    with pytest.raises(ValidationError) as e:
        services.reviewer_add(actor=world.alice, engagement=world.cash, user=getattr(world, who))
    assert "user" in e.value.error_dict


def test_an_owner_switched_off_may_not_review(world):
    other = core_services.member_add(
        actor=world.alice,
        org=world.acme,
        email="olga@acme.test",
        first_name="Olga",
        last_name="Test",
        role=Role.OWNER,
    )
    core_services.member_update(
        actor=world.alice, membership=other, role=Role.OWNER, vendor=None, is_active=False
    )
    with pytest.raises(ValidationError):
        services.reviewer_add(actor=world.alice, engagement=world.cash, user=other.user)


def test_a_reviewer_is_named_once(world):
    with pytest.raises(ValidationError):
        services.reviewer_add(actor=world.alice, engagement=world.cash, user=world.bob)


def test_removing_a_reviewer_removes_their_sheet(world):
    services.reviewer_remove(actor=world.alice, reviewer=world.bob_review)
    assert not Score.objects.filter(reviewer_id=world.bob_review.pk).exists()
    assert entries("selection.reviewer", "delete").get().changes["scores"] == [1, None]


# --- sheets ------------------------------------------------------------------------------


def cell(w, k, value, comment=""):
    return ScoreInput(w.candidate.pk, w.criteria[k].pk, value, comment)


@pytest.mark.parametrize("bad", ["6", "-1", "abc", "2.5", 2.5, 6, -1, True])
def test_a_bad_score_names_the_candidate_and_criterion_and_nothing_is_stored(world, bad):
    before = list(Score.objects.values_list("pk", "value", "comment")), AuditEntry.objects.count()
    with pytest.raises(ValidationError) as e:
        services.scores_save(
            actor=world.bob,
            engagement=world.cash,
            scores=[cell(world, 1, "5"), cell(world, 2, bad)],
        )
    key = services.score_field(world.candidate.pk, world.criteria[2].pk)
    assert list(e.value.error_dict) == [key]
    message = e.value.error_dict[key][0].messages[0]
    assert "Axiome" in message and world.criteria[2].name in message
    after = list(Score.objects.values_list("pk", "value", "comment")), AuditEntry.objects.count()
    assert after == before


def test_a_sheet_saves_changes_and_records_them(world):
    services.scores_save(
        actor=world.bob,
        engagement=world.cash,
        scores=[cell(world, 0, "3", "After the call."), cell(world, 1, "4")],
    )
    mine = {s.criterion_id: (s.value, s.comment) for s in world.bob_review.scores.all()}
    assert mine == {world.criteria[0].pk: (3, "After the call."), world.criteria[1].pk: (4, "")}
    entry = entries("selection.reviewer", "update").order_by("-seq").first()
    assert entry.actor == world.bob
    assert [2, 3] in entry.changes.values() and [None, 4] in entry.changes.values()


def test_an_emptied_score_is_removed(world):
    services.scores_save(actor=world.bob, engagement=world.cash, scores=[cell(world, 0, "")])
    assert not world.bob_review.scores.exists()


def test_only_a_named_reviewer_has_a_sheet(world):
    with pytest.raises(ValidationError):
        services.scores_save(
            actor=world.audrey, engagement=world.cash, scores=[cell(world, 0, "1")]
        )


def test_a_submitted_sheet_is_closed_until_reopened(world):
    services.sheet_submit(actor=world.bob, engagement=world.cash)
    with pytest.raises(ValidationError):
        services.scores_save(actor=world.bob, engagement=world.cash, scores=[cell(world, 0, "5")])
    services.sheet_reopen(actor=world.alice, reviewer=world.bob_review)
    services.scores_save(actor=world.bob, engagement=world.cash, scores=[cell(world, 0, "5")])
    assert world.bob_review.scores.get().value == 5
    changes = [e.changes for e in entries("selection.reviewer", "update").order_by("seq")]
    assert any("submitted_at" in c and c["submitted_at"][1] is None for c in changes)


def test_an_empty_sheet_cannot_be_submitted(world):
    services.reviewer_remove(actor=world.alice, reviewer=world.bob_review)
    services.reviewer_add(actor=world.alice, engagement=world.cash, user=world.bob)
    with pytest.raises(ValidationError):
        services.sheet_submit(actor=world.bob, engagement=world.cash)


def test_independence_a_reviewer_sees_the_others_only_after_submitting(world):
    assert selectors.board(world.cash, world.alice).blinded
    assert selectors.board(world.cash, world.bob).blinded
    assert not selectors.board(world.cash, world.audrey).blinded  # not a reviewer: sees all
    services.sheet_submit(actor=world.alice, engagement=world.cash)
    assert not selectors.board(world.cash, world.alice).blinded
    assert selectors.board(world.cash, world.bob).blinded


# --- red flags and exchanges -------------------------------------------------------------


def test_a_red_flag_is_raised_once_and_clearing_it_is_audited(world):
    services.flag_raise(
        actor=world.bob, candidate=world.candidate, code="big_promises", note="100 leads"
    )
    services.flag_raise(
        actor=world.bob, candidate=world.candidate, code="big_promises", note="200 leads"
    )
    flag = RedFlag.objects.get()
    assert flag.note == "200 leads" and flag.raised_by == world.bob
    services.flag_clear(actor=world.alice, flag=flag)
    assert not RedFlag.objects.exists()
    cleared = entries("selection.redflag", "delete").get()
    assert cleared.actor == world.alice
    assert cleared.changes["note"] == ["200 leads", None]


def test_an_unknown_red_flag_is_refused(world):
    with pytest.raises(ValidationError):
        services.flag_raise(actor=world.bob, candidate=world.candidate, code="bad_vibes")


def test_every_red_flag_of_the_texts_is_in_the_catalogue():
    assert catalogue.RED_FLAG_CODES == (
        "generic_offer",
        "no_reference",
        "underestimated",
        "refuses_commitment",
        "big_promises",
    )


def test_an_exchange_is_recorded_once_held(world):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as e:
        services.interaction_add(
            actor=world.bob,
            candidate=world.candidate,
            kind="scoping",
            held_on=today + dt.timedelta(days=1),
            summary="x",
            verdict="mixed",
        )
    assert "held_on" in e.value.error_dict
    made = services.interaction_add(
        actor=world.bob,
        candidate=world.candidate,
        kind="reference",
        held_on=today,
        reference_company="Dupont SA",
        with_whom="Mme Dupont",
        comparable=True,
        summary="Four years, satisfied.",
        verdict="positive",
    )
    assert entries("selection.interaction", "create").get().object_id == str(made.pk)


# --- the decision ------------------------------------------------------------------------


def test_only_an_owner_decides(world):
    with pytest.raises(ValidationError):
        services.decide(
            actor=world.bob, engagement=world.cash, candidate=world.candidate, reasons="x"
        )
    assert not Decision.objects.exists()


def test_the_decision_needs_reasons(world):
    with pytest.raises(ValidationError) as e:
        services.decide(
            actor=world.alice, engagement=world.cash, candidate=world.candidate, reasons="  "
        )
    assert "reasons" in e.value.error_dict


def test_the_decision_chooses_sets_the_vendor_and_moves_to_the_contract(world):
    other = services.candidate_add(actor=world.bob, engagement=world.cash, vendor=world.recouvra)
    gone = services.candidate_add(
        actor=world.bob, engagement=world.cash, vendor_name="Relance Pro", vendor_kind="freelance"
    )
    services.candidate_update(actor=world.bob, candidate=gone, status="withdrawn")

    decision = services.decide(
        actor=world.alice,
        engagement=world.cash,
        candidate=world.candidate,
        reasons="Comparable references, a team on call.",
    )

    statuses = dict(Candidate.objects.values_list("vendor__name", "status"))
    assert statuses == {"Axiome": "chosen", "Recouvra": "not_chosen", "Relance Pro": "withdrawn"}
    world.cash.refresh_from_db()
    assert (world.cash.vendor, world.cash.stage) == (world.axiome, Stage.CONTRACT)
    assert world.cash.stage_changes.first().note == "Comparable references, a team on call."
    assert decision.decided_by == world.alice
    assert entries("selection.decision", "create").get().changes["candidate"] == [None, "Axiome"]
    assert other.pk


def test_deciding_twice_is_refused(world):
    services.decide(
        actor=world.alice, engagement=world.cash, candidate=world.candidate, reasons="a"
    )
    with pytest.raises(ValidationError) as e:
        services.decide(
            actor=world.alice, engagement=world.cash, candidate=world.candidate, reasons="b"
        )
    assert "Axiome" in e.value.messages[0]
    assert Decision.objects.count() == 1


def test_once_decided_the_selection_is_a_record(world):
    services.decide(
        actor=world.alice, engagement=world.cash, candidate=world.candidate, reasons="a"
    )
    with pytest.raises(ValidationError):
        services.scores_save(actor=world.bob, engagement=world.cash, scores=[cell(world, 0, "5")])
    with pytest.raises(ValidationError):
        services.flag_raise(actor=world.bob, candidate=world.candidate, code="no_reference")
    with pytest.raises(ValidationError):
        services.criterion_delete(actor=world.bob, criterion=world.criteria[0])


def test_the_decision_is_all_or_nothing(world, monkeypatch):
    def broken(**kwargs):
        raise ValidationError({"stage": "The stage cannot move."})

    monkeypatch.setattr(services.eng_services, "engagement_change_stage", broken)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        services.decide(
            actor=world.alice, engagement=world.cash, candidate=world.candidate, reasons="a"
        )
    assert not Decision.objects.exists()
    world.candidate.refresh_from_db()
    world.cash.refresh_from_db()
    assert world.candidate.status == "considered"
    assert world.cash.vendor == world.recouvra and world.cash.stage == Stage.RUN
    assert AuditEntry.objects.count() == before


def test_an_engagement_already_at_the_contract_stage_stays_there(world):
    engagement = new_engagement(world, function=Function.IT_SUPPORT)
    eng_services.engagement_change_stage(
        actor=world.alice, engagement=engagement, stage=Stage.CONTRACT
    )
    candidate = services.candidate_add(
        actor=world.alice, engagement=engagement, vendor=world.axiome
    )
    services.decide(
        actor=world.alice, engagement=engagement, candidate=candidate, reasons="Only one."
    )
    engagement.refresh_from_db()
    assert (engagement.stage, engagement.vendor) == (Stage.CONTRACT, world.axiome)


def test_a_candidate_set_aside_cannot_be_chosen(world):
    services.candidate_update(actor=world.bob, candidate=world.candidate, status="rejected")
    with pytest.raises(ValidationError) as e:
        services.decide(
            actor=world.alice, engagement=world.cash, candidate=world.candidate, reasons="a"
        )
    assert "candidate" in e.value.error_dict


def test_the_warnings_before_deciding(world):
    other = services.candidate_add(actor=world.bob, engagement=world.cash, vendor=world.recouvra)
    services.scores_save(
        actor=world.alice,
        engagement=world.cash,
        scores=[
            ScoreInput(other.pk, world.criteria[0].pk, "5"),
            ScoreInput(other.pk, world.criteria[1].pk, "5"),
        ],
    )
    services.flag_raise(actor=world.bob, candidate=world.candidate, code="no_reference")
    board = selectors.board(world.cash, world.audrey)
    codes = {w.code: w for w in selectors.warnings_for(board, world.candidate)}
    assert set(codes) == {"flags", "not_first", "not_submitted"}
    assert codes["not_first"].count == 2
    assert sorted(codes["not_submitted"].names) == sorted([str(world.alice), str(world.bob)])
    assert {w.code for w in selectors.warnings_for(board, other)} == {"not_submitted"}
