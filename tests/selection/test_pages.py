"""The selection pages as the people of tests/conftest.py see them. On "cash" (Bob runs it):
the catalogue's criteria, Axiome as candidate (quote 1 200 € a month), Alice and Bob as
reviewers, neither sheet submitted. Alice scored Axiome 4 on the first criterion and 3 on
the second; Bob 2 on the first: a median of 3, a spread of 2 (they disagree)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from pilotage.core.models import AuditEntry
from pilotage.engagements.models import Stage
from pilotage.selection import services
from pilotage.selection.models import (
    Candidate,
    Criterion,
    Decision,
    Interaction,
    RedFlag,
    Reviewer,
    Score,
)


def url(w, name: str, engagement=None, **extra) -> str:
    engagement = engagement or w.cash
    return reverse(f"selection:{name}", kwargs={"org": "acme", "pk": engagement.pk, **extra})


def counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count()
        for m in (Criterion, Candidate, Reviewer, Score, RedFlag, Interaction, Decision, AuditEntry)
    )


def submit(w, who):
    services.sheet_submit(actor=who, engagement=w.cash)


# --- what each one sees ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["page", "criteria", "candidates", "reviewers", "sheet", "decide"])
def test_the_owner_opens_every_page(world, client_for, name):
    response = client_for(world.alice).get(url(world, name))
    assert response.status_code == 200
    html = response.content.decode()
    assert ("Alice" if name == "reviewers" else "Axiome" if name != "criteria" else "3") in html


def test_the_auditor_sees_the_medians_and_the_spread(world, client_for):
    response = client_for(world.audrey).get(url(world, "page"))

    board = response.context["board"]
    assert not board.blinded
    column = board.columns[0]
    assert column.candidate == world.candidate
    first = board.rows[0].cells[0]
    assert (first.median, first.low, first.high, first.count) == (3.0, 2.0, 4.0, 2)
    assert first.disagree
    second = board.rows[1].cells[0]
    assert (second.median, second.count) == (3.0, 1)
    # (3 × 3 + 3 × 3) / (5 × 6) on the two criteria scored (weights 3 and 3).
    assert column.total == pytest.approx(60.0)
    assert column.coverage == pytest.approx(6 / 15)
    assert column.rank == 1
    assert column.reviewer_totals == [pytest.approx(70.0), pytest.approx(40.0)]
    html = response.content.decode()
    assert 'class="sel-median"' in html
    assert "sel-score" in html


def test_a_reviewer_who_has_not_submitted_sees_no_median(world, client_for):
    response = client_for(world.alice).get(url(world, "page"))

    board = response.context["board"]
    assert board.blinded
    html = response.content.decode()
    assert 'class="sel-median"' not in html
    assert "sel-score" not in html
    assert url(world, "sheet") in html


def test_once_submitted_the_reviewer_sees_the_comparison(world, client_for):
    submit(world, world.alice)
    response = client_for(world.alice).get(url(world, "page"))

    assert not response.context["board"].blinded
    assert 'class="sel-median"' in response.content.decode()


def test_a_blinded_reviewer_sees_only_their_own_scores_on_a_candidate(world, client_for):
    page = url(world, "candidate", candidate=world.candidate.pk)
    response = client_for(world.bob).get(page)

    assert response.status_code == 200
    assert response.context["blinded"]
    assert response.context["reviewers"] == [world.bob_review]
    shown = {
        (line["criterion"].pk, r.pk): s.value
        for line in response.context["scores"]
        for r, s in line["scores"]
        if s
    }
    assert shown == {(world.criteria[0].pk, world.bob_review.pk): 2}
    assert all(line["cell"] is None for line in response.context["scores"])


def test_the_auditor_reads_a_candidate_without_any_form(world, client_for):
    response = client_for(world.audrey).get(url(world, "candidate", candidate=world.candidate.pk))

    assert response.status_code == 200
    assert response.context["reviewers"] == [world.alice_review, world.bob_review]
    assert "form" not in response.context and "flags_form" not in response.context


def test_the_reviewers_progress_is_shown(world, client_for):
    response = client_for(world.audrey).get(url(world, "page"))

    progress = {p.reviewer.user: p for p in response.context["board"].progress}
    assert progress[world.alice].scores == 2 and progress[world.bob].scores == 1
    assert progress[world.alice].candidates_done == 0  # six criteria counted, two scored
    assert not progress[world.alice].submitted


def test_the_agency_or_freelance_panel_is_on_the_page(world, client_for):
    response = client_for(world.bob).get(url(world, "page"))
    panel = response.context["panel"]
    assert [p.topic for p in panel["points"]] == [
        "cost",
        "flexibility",
        "continuity",
        "breadth",
        "steering",
    ]


@pytest.mark.parametrize("who", ["victor", "vera", "oscar", "rita"])
def test_vendors_and_outsiders_see_nothing(world, client_for, who):
    for name in ("page", "candidates", "reviewers"):
        assert client_for(getattr(world, who)).get(url(world, name)).status_code == 404


def test_a_candidate_or_criterion_of_another_engagement_answers_404(world, client_for):
    other = services.candidate_add(actor=world.alice, engagement=world.it, vendor=world.recouvra)
    it_criteria = services.criteria_ensure(actor=world.alice, engagement=world.it)
    client = client_for(world.alice)

    assert client.get(url(world, "candidate", candidate=other.pk)).status_code == 404
    assert client.get(url(world, "criterion", criterion=it_criteria[0].pk)).status_code == 404
    assert client.post(url(world, "candidate_flags", candidate=other.pk)).status_code == 404
    before = counts()
    response = client.post(url(world, "criteria"), {"action": "delete", "id": it_criteria[0].pk})
    assert response.status_code == 404
    assert counts() == before


# --- the sheet ---------------------------------------------------------------------------


def field(w, criterion_index=0):
    return services.score_field(w.candidate.pk, w.criteria[criterion_index].pk)


@pytest.mark.parametrize("bad", ["6", "-1", "abc", "2.5", "2,5", " 10 "])
def test_a_bad_score_comes_back_naming_the_candidate_and_criterion(world, client_for, bad):
    client = client_for(world.bob)  # signing in writes to the audit trail: before counting
    before = counts()
    response = client.post(
        url(world, "sheet"), {"action": "draft", field(world, 1): "4", field(world, 2): bad}
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field(world, 2)]
    assert "Axiome" in errors[field(world, 2)][0]
    assert world.criteria[2].name in errors[field(world, 2)][0]
    html = response.content.decode()
    assert f'id="id_{field(world, 2)}_error"' in html
    assert counts() == before  # not even the good score of the same form


def test_a_draft_is_saved_and_the_other_scores_stay(world, client_for):
    response = client_for(world.alice).post(
        url(world, "sheet"), {"action": "draft", field(world, 2): "5"}
    )

    assert response.status_code == 302
    mine = {s.criterion_id: s.value for s in Score.objects.filter(reviewer=world.alice_review)}
    assert mine == {world.criteria[0].pk: 4, world.criteria[1].pk: 3, world.criteria[2].pk: 5}
    world.alice_review.refresh_from_db()
    assert world.alice_review.submitted_at is None


def test_submitting_the_sheet_opens_the_comparison(world, client_for):
    response = client_for(world.bob).post(
        url(world, "sheet"), {"action": "submit", field(world, 1): "1"}
    )

    assert response.status_code == 302
    assert response["Location"] == url(world, "page")
    world.bob_review.refresh_from_db()
    assert world.bob_review.submitted_at is not None
    again = client_for(world.bob).post(url(world, "sheet"), {"action": "draft", field(world): "5"})
    assert again.status_code == 200
    assert Score.objects.get(reviewer=world.bob_review, criterion=world.criteria[0]).value == 2


def test_someone_not_named_reviewer_has_no_sheet(world, client_for):
    services.reviewer_remove(actor=world.alice, reviewer=world.alice_review)
    assert client_for(world.alice).get(url(world, "sheet")).status_code == 404


# --- setting up ----------------------------------------------------------------------------


def test_a_weight_of_11_comes_back_with_its_error(world, client_for):
    client = client_for(world.bob)
    before = counts()
    name = f"weight_{world.criteria[0].pk}"
    data = {"action": "weights", **{f"weight_{c.pk}": "2" for c in world.criteria}, name: "11"}
    response = client.post(url(world, "criteria"), data)

    assert response.status_code == 200
    assert name in response.context["weights"].errors
    assert counts() == before


def test_a_criterion_of_ones_own_is_added_at_the_end(world, client_for):
    response = client_for(world.bob).post(
        url(world, "criteria"),
        {"action": "add", "new-label": "Présence sur site", "new-help": "", "new-weight": "1"},
    )
    assert response.status_code == 302
    last = Criterion.objects.filter(engagement=world.cash).last()
    assert (last.label, last.weight, last.code) == ("Présence sur site", 1, "")


def test_the_same_vendor_twice_is_refused(world, client_for):
    client = client_for(world.bob)
    before = counts()
    response = client.post(url(world, "candidates"), {"vendor": world.axiome.pk})
    assert response.status_code == 200
    assert "vendor" in response.context["form"].errors
    assert counts() == before


def test_a_new_vendor_is_created_on_the_way(world, client_for):
    response = client_for(world.bob).post(
        url(world, "candidates"),
        {
            "vendor_name": "Léa Moreau",
            "vendor_kind": "freelance",
            "quote_amount": "650,50",
            "quote_basis": "month",
        },
    )
    assert response.status_code == 302
    added = Candidate.objects.get(engagement=world.cash, vendor__name="Léa Moreau")
    assert str(added.quote_amount) == "650.50"
    assert added.vendor.organisation == world.acme


def test_the_quote_shown_in_french_comes_back_unchanged(world, client_for):
    client = client_for(world.bob)
    page = url(world, "candidate", candidate=world.candidate.pk)
    form = client.get(page).context["form"]
    shown = form["quote_amount"].value()
    html = client.get(page).content.decode()
    value = re.search(r'name="quote_amount"[^>]*value="([^"]*)"', html).group(1)
    assert value.replace("\u202f", "").replace("\xa0", "").replace(" ", "") == "1200,00"
    response = client.post(
        page, {"status": "shortlisted", "quote_amount": value, "quote_basis": "month", "notes": ""}
    )
    assert response.status_code == 302
    world.candidate.refresh_from_db()
    assert (world.candidate.status, world.candidate.quote_amount) == (
        "shortlisted",
        Decimal("1200"),
    )
    assert shown is not None


def test_the_first_visit_of_whoever_runs_the_engagement_sets_the_criteria_up(world, client_for):
    assert not Criterion.objects.filter(engagement=world.it).exists()
    client_for(world.audrey).get(url(world, "page", engagement=world.it))
    assert not Criterion.objects.filter(engagement=world.it).exists()  # the auditor only reads
    client_for(world.alice).get(url(world, "page", engagement=world.it))
    codes = list(Criterion.objects.filter(engagement=world.it).values_list("code", flat=True))
    assert codes[-5:] == ["it_sla", "it_hours", "it_monitoring", "it_backups", "it_gdpr"]


def test_a_vendor_user_or_an_auditor_cannot_be_named_reviewer(world, client_for):
    client = client_for(world.alice)
    before = counts()
    for who in (world.victor, world.audrey, world.rita):
        response = client.post(url(world, "reviewers"), {"action": "add", "user": who.pk})
        assert response.status_code == 200
        assert "user" in response.context["form"].errors
    assert counts() == before


def test_an_exchange_in_the_future_is_refused(world, client_for):
    client = client_for(world.bob)
    before = counts()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(
        url(world, "candidate_interactions", candidate=world.candidate.pk),
        {
            "kind": "scoping",
            "held_on": tomorrow.isoformat(),
            "summary": "Good questions.",
            "verdict": "positive",
            "comparable": "unknown",
        },
    )
    assert response.status_code == 200
    assert "held_on" in response.context["interaction_form"].errors
    assert counts() == before


def test_a_reference_call_names_the_company_called(world, client_for):
    response = client_for(world.bob).post(
        url(world, "candidate_interactions", candidate=world.candidate.pk),
        {
            "kind": "reference",
            "held_on": "2026-01-05",
            "summary": "Happy client.",
            "verdict": "positive",
            "comparable": "true",
        },
    )
    assert response.status_code == 200
    assert "reference_company" in response.context["interaction_form"].errors


def test_the_red_flag_checklist_raises_and_clears(world, client_for):
    page = url(world, "candidate_flags", candidate=world.candidate.pk)
    client = client_for(world.bob)
    client.post(page, {"flag_no_reference": "on", "note_no_reference": "No name given."})
    assert list(RedFlag.objects.values_list("code", "note")) == [("no_reference", "No name given.")]

    client.post(page, {})
    assert not RedFlag.objects.exists()
    cleared = AuditEntry.objects.filter(object_type="selection.redflag", action="delete").get()
    assert cleared.changes["note"] == ["No name given.", None]


# --- the decision ------------------------------------------------------------------------


def decide_data(w, **extra):
    return {"candidate": w.candidate.pk, "reasons": "References called, team on call.", **extra}


def test_deciding_without_reasons_is_refused(world, client_for):
    client = client_for(world.alice)
    before = counts()
    response = client.post(url(world, "decide"), decide_data(world, reasons=" "))
    assert response.status_code == 200
    assert "reasons" in response.context["form"].errors
    assert counts() == before


def test_the_warnings_must_be_confirmed(world, client_for):
    client = client_for(world.alice)
    before = counts()
    response = client.post(url(world, "decide"), decide_data(world))
    assert response.status_code == 200
    assert "confirm" in response.context["form"].errors
    codes = [w.code for _col, ws in response.context["options"] for w in ws]
    assert "not_submitted" in codes
    assert counts() == before


def test_the_choice_moves_the_engagement_to_the_contract(world, client_for):
    response = client_for(world.alice).post(url(world, "decide"), decide_data(world, confirm="on"))

    assert response.status_code == 302
    world.cash.refresh_from_db()
    assert world.cash.vendor == world.axiome
    assert world.cash.stage == Stage.CONTRACT
    change = world.cash.stage_changes.first()
    assert change.note == "References called, team on call."
    world.candidate.refresh_from_db()
    assert world.candidate.status == "chosen"
    # Twice: refused, saying when it was decided.
    again = client_for(world.alice).post(url(world, "decide"), decide_data(world, confirm="on"))
    assert again.status_code == 200
    assert again.context["form"].non_field_errors()
    assert Decision.objects.count() == 1


def test_without_warnings_no_confirmation_is_asked(world, client_for):
    submit(world, world.alice)
    submit(world, world.bob)
    response = client_for(world.alice).post(url(world, "decide"), decide_data(world))
    assert response.status_code == 302
