"""The diagnostic pages through Django's test client, as the people of tests/conftest.py see
them: Alice (owner) and Bob (referent of "cash") write, Audrey (auditor) reads, the vendors
and Oscar (another organisation) see nothing.

What the fixture holds for "cash": one activity, "Standard payment reminders", 12 h a month
of which 2 h of the leader's, 80 reminders, partly written down, not classed yet.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from pilotage.core.models import AuditEntry
from pilotage.diagnostics import advice, services
from pilotage.diagnostics.models import Activity, Diagnostic
from pilotage.diagnostics.usual import usual_activities
from pilotage.engagements import services as eng_services
from pilotage.engagements.models import EngagementKind, Function, Stage

D = Decimal
LONG = "x" * 10_000


def url(w, name: str, engagement=None, **extra) -> str:
    engagement = engagement or w.cash
    return reverse(f"diagnostics:{name}", kwargs={"org": "acme", "pk": engagement.pk, **extra})


def activity_url(w, activity, name="activity") -> str:
    return url(w, name, activity.engagement, activity=activity.pk)


def stored():
    return (
        list(Activity.objects.order_by("pk").values()),
        list(Diagnostic.objects.order_by("pk").values()),
        AuditEntry.objects.count(),
    )


def field_error_shown(html: str, field: str) -> bool:
    if f'id="id_{field}_error"' not in html:
        return False
    widget = re.search(rf'<(?:input|select|textarea)\b[^>]*\bname="{re.escape(field)}"[^>]*>', html)
    return widget is not None and "is-invalid" in widget.group(0)


# --- the page ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["alice", "bob", "audrey"])
def test_the_page_shows_the_stored_activity_and_its_suggestion(world, client_for, who):
    response = client_for(getattr(world, who)).get(url(world, "page"))

    assert response.status_code == 200
    [row] = response.context["rows"]
    assert row.activity == world.activity
    assert row.suggestion.category == advice.REPETITIVE
    assert row.differs
    assert row.result.verdict == advice.TO_DECIDE
    html = response.content.decode()
    assert "Standard payment reminders" in html
    assert f'id="activity-{world.activity.pk}"' in html
    outcome = response.context["outcome"]
    assert (outcome.total_hours, outcome.total_leader_hours) == (D("12"), D("2"))
    assert response.context["missing"]["undecided"] == ["Standard payment reminders"]


def test_the_page_offers_the_writes_to_whoever_runs_the_engagement(world, client_for):
    html = client_for(world.bob).get(url(world, "page")).content.decode()

    for name in ("apply_all", "add_usual", "conclude", "activity_new", "readiness", "risks"):
        assert url(world, name) in html, name
    assert activity_url(world, world.activity, "activity_apply") in html


def test_the_auditor_reads_without_a_single_write_offered(world, client_for):
    html = client_for(world.audrey).get(url(world, "page")).content.decode()

    assert "Standard payment reminders" in html
    for name in ("apply_all", "add_usual", "conclude", "activity_new", "readiness", "risks"):
        assert url(world, name) not in html, name
    assert activity_url(world, world.activity) not in html
    assert url(world, "pdf") in html


def test_an_empty_diagnostic_offers_the_usual_activities_and_a_hand_entry(world, client_for):
    response = client_for(world.alice).get(url(world, "page", world.it))

    assert response.status_code == 200
    assert response.context["rows"] == []
    assert response.context["usual_count"] == len(usual_activities("it_support"))
    html = response.content.decode()
    assert f'action="{url(world, "add_usual", world.it)}"' in html
    assert f'href="{url(world, "activity_new", world.it)}"' in html
    assert not Diagnostic.objects.filter(engagement=world.it).exists()  # reading writes nothing


def test_the_result_counts_the_hours_won_back_from_the_stored_activities(world, client_for):
    services.activity_update(
        actor=world.bob, activity=world.activity, category="repetitive", documented="yes"
    )
    services.activity_create(
        actor=world.bob,
        engagement=world.cash,
        name="Blocage client",
        hours=D("4"),
        leader_hours=D("3"),
        category="sensitive",
    )
    services.risks_update(
        actor=world.bob,
        engagement=world.cash,
        data={"cash_likelihood": "high", "cash_impact": "high", "cash_cost": D("12000")},
    )

    response = client_for(world.bob).get(url(world, "page"))

    outcome = response.context["outcome"]
    assert outcome.leader_hours_back == D("3.5")  # 2 h out, half of 3 h shared
    assert outcome.team_hours_freed == D("10.5")  # 10 h out, half of 1 h shared
    assert outcome.worst_risk == advice.CRITICAL
    assert outcome.risk_cost == D("12000")
    groups = {g.verdict: [r.activity.name for r in g.rows] for g in response.context["groups"]}
    assert groups[advice.OUTSOURCE] == ["Standard payment reminders"]
    assert groups[advice.SHARE] == ["Blocage client"]
    cells = [cell for line in response.context["matrix"] for cell in line]
    assert [(c.likelihood, c.impact, c.level) for c in cells if c.risks] == [
        (advice.HIGH, advice.HIGH, advice.CRITICAL)
    ]


def test_what_the_user_typed_is_escaped(world, client_for):
    services.activity_create(
        actor=world.bob, engagement=world.cash, name="<script>alert(1)</script> saisie"
    )

    html = client_for(world.bob).get(url(world, "page")).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; saisie" in html


# --- one-click writes ------------------------------------------------------------------------


def test_the_usual_activities_are_added_in_one_click(world, client_for):
    response = client_for(world.alice).post(url(world, "add_usual", world.it))

    assert response.status_code == 302
    assert response["Location"] == url(world, "page", world.it) + "#activities"
    assert world.it.activities.count() == len(usual_activities("it_support"))


def test_a_suggestion_is_applied_in_one_click(world, client_for):
    response = client_for(world.bob).post(activity_url(world, world.activity, "activity_apply"))

    assert response.status_code == 302
    world.activity.refresh_from_db()
    assert world.activity.category == advice.REPETITIVE


def test_every_undecided_activity_gets_its_suggestion_in_one_click(world, client_for):
    services.activities_add_usual(actor=world.bob, engagement=world.cash)

    client_for(world.bob).post(url(world, "apply_all"))

    assert not world.cash.activities.filter(category="").exists()


def test_concluding_takes_the_user_to_the_specification(world, client_for):
    payroll = eng_services.engagement_create(
        actor=world.alice,
        org=world.acme,
        title="Payroll",
        function=Function.PAYROLL,
        kind=EngagementKind.CO_SOURCING,
    )
    services.activity_create(
        actor=world.alice, engagement=payroll, name="Bulletins de paie", category="repetitive"
    )

    response = client_for(world.alice).post(url(world, "conclude", payroll))

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "specifications:page", kwargs={"org": "acme", "pk": payroll.pk}
    )
    payroll.refresh_from_db()
    assert payroll.stage == Stage.SPECIFICATION
    assert Diagnostic.objects.get(engagement=payroll).concluded_by == world.alice


def test_concluding_with_an_undecided_activity_comes_back_and_stores_nothing(world, client_for):
    client = client_for(world.bob)
    before = stored()

    response = client.post(url(world, "conclude"), follow=True)

    assert response.redirect_chain[-1][0] == url(world, "page") + "#result"
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert stored() == before


def test_the_auditor_cannot_write(world, client_for):
    client = client_for(world.audrey)
    before = stored()

    for target in (
        url(world, "add_usual"),
        url(world, "apply_all"),
        url(world, "conclude"),
        activity_url(world, world.activity, "activity_apply"),
        activity_url(world, world.activity, "activity_delete"),
    ):
        assert client.post(target).status_code == 404, target
    assert client.post(url(world, "readiness"), {"scope": "yes"}).status_code == 404
    assert stored() == before


# --- the activity form ------------------------------------------------------------------------


def valid_activity(**changes):
    return {
        "name": "Saisie des commandes",
        "description": "",
        "hours": "12,5",
        "leader_hours": "0,5",
        "volume": "300",
        "volume_unit": "commandes",
        "category": "repetitive",
        "documented": "partly",
        "done_by": "Sophie",
        **changes,
    }


def test_an_activity_is_added_from_the_form_with_french_decimals(world, client_for):
    response = client_for(world.bob).post(url(world, "activity_new"), valid_activity())

    assert response.status_code == 302
    activity = world.cash.activities.get(name="Saisie des commandes")
    assert (activity.hours, activity.leader_hours, activity.volume) == (D("12.5"), D("0.5"), 300)
    assert activity.volume_unit == "commandes"


def test_save_and_add_another_comes_back_to_an_empty_form(world, client_for):
    response = client_for(world.bob).post(url(world, "activity_new"), valid_activity(another="1"))

    assert response["Location"] == url(world, "activity_new")


# fmt: off
BAD_ACTIVITIES = [
    ("empty POST",                 {},                                                  "name"),
    ("negative hours",             valid_activity(hours="-3"),                         "hours"),
    ("hours are words",            valid_activity(hours="beaucoup"),                   "hours"),
    ("more hours than a month",    valid_activity(hours="745"),                        "hours"),
    ("leader hours above hours",   valid_activity(hours="4", leader_hours="6"),        "leader_hours"),
    ("leader hours without hours", valid_activity(hours="", leader_hours="2"),         "hours"),
    ("10 000-character name",      valid_activity(name=LONG),                          "name"),
    ("unknown class",              valid_activity(category="vital"),                   "category"),
    ("unknown documented",         valid_activity(documented="sometimes"),             "documented"),
    ("negative volume",            valid_activity(volume="-1"),                        "volume"),
    ("volume is words",            valid_activity(volume="many"),                      "volume"),
    ("name already listed",        valid_activity(name="standard payment REMINDERS"),  "name"),
]
# fmt: on


@pytest.mark.parametrize(
    ("case", "data", "field"), BAD_ACTIVITIES, ids=[b[0] for b in BAD_ACTIVITIES]
)
def test_a_bad_activity_comes_back_with_its_error_and_nothing_is_stored(
    world, client_for, case, data, field
):
    client = client_for(world.bob)  # signing in is audited: before the snapshot
    before = stored()

    response = client.post(url(world, "activity_new"), data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert field_error_shown(response.content.decode(), field)
    assert stored() == before


@pytest.mark.parametrize(
    ("case", "data", "field"), BAD_ACTIVITIES[1:], ids=[b[0] for b in BAD_ACTIVITIES[1:]]
)
def test_a_bad_edit_comes_back_with_its_error_and_nothing_is_stored(
    world, client_for, case, data, field
):
    if case == "name already listed":
        services.activity_create(actor=world.bob, engagement=world.cash, name="Facturation")
        data = valid_activity(name="FACTURATION")
    client = client_for(world.bob)
    before = stored()

    response = client.post(activity_url(world, world.activity), data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert stored() == before
    # The heading still names the stored activity, not what was typed.
    assert response.context["title"] == "Standard payment reminders"


def test_an_activity_is_edited_and_deleted(world, client_for):
    client = client_for(world.alice)

    response = client.post(
        activity_url(world, world.activity), valid_activity(name="Relances standards")
    )
    assert response.status_code == 302
    world.activity.refresh_from_db()
    assert world.activity.name == "Relances standards"

    response = client.post(activity_url(world, world.activity, "activity_delete"))
    assert response.status_code == 302
    assert not Activity.objects.filter(pk=world.activity.pk).exists()


def test_an_activity_of_another_engagement_answers_404(world, client_for):
    other = services.activity_create(actor=world.alice, engagement=world.it, name="Sauvegardes")
    globex = services.activity_create(
        actor=world.oscar, engagement=world.globex_eng, name="Bulletins de paie"
    )
    client = client_for(world.alice)
    before = stored()

    for activity in (other, globex):
        through_cash = url(world, "activity", activity=activity.pk)
        assert client.get(through_cash).status_code == 404
        assert client.post(through_cash, valid_activity()).status_code == 404
        for name in ("activity_delete", "activity_apply"):
            assert client.post(url(world, name, activity=activity.pk)).status_code == 404
    assert stored() == before


def test_the_edit_form_shows_the_suggestion_without_javascript(world, client_for):
    response = client_for(world.bob).get(activity_url(world, world.activity))

    assert response.status_code == 200
    assert response.context["suggestion"]["found"].category == advice.REPETITIVE
    html = response.content.decode()
    assert 'data-suggested="repetitive"' in html
    assert f'hx-get="{url(world, "suggest")}"' in html


def test_the_form_sent_with_errors_shows_the_suggestion_for_what_was_typed(world, client_for):
    response = client_for(world.bob).post(
        url(world, "activity_new"), valid_activity(name="Décisions de crédit", hours="-1")
    )

    assert response.context["suggestion"]["found"].category == advice.STRATEGIC


# --- the live suggestion (htmx) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "category", "words"),
    [
        ("Relances standards", "repetitive", "Relances standards"),
        ("Négociation des conditions commerciales", "strategic", "Négociation"),
        ("relation avec les comptes clés", "strategic", "relation avec les comptes clés"),
    ],
)
def test_the_suggestion_fragment_answers_as_the_name_is_typed(
    world, client_for, name, category, words
):
    response = client_for(world.bob).get(
        url(world, "suggest"), {"name": name}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="suggestion"')
    assert "<html" not in html  # a fragment, not a page
    assert f'data-suggested="{category}"' in html
    assert response.context["suggestion"]["found"].words == words


def test_the_suggestion_fragment_says_when_there_is_nothing_to_suggest(world, client_for):
    client = client_for(world.bob)

    unknown = client.get(url(world, "suggest"), {"name": "Divers"})
    empty = client.get(url(world, "suggest"))
    huge = client.get(url(world, "suggest"), {"name": LONG, "description": LONG})

    assert unknown.context["suggestion"] == {"typed": True, "found": None, "text": ""}
    assert empty.context["suggestion"]["typed"] is False
    assert huge.status_code == 200
    assert "data-suggested" not in unknown.content.decode()


def test_the_suggestion_fragment_uses_the_description_and_the_function(world, client_for):
    payroll_like = client_for(world.oscar).get(
        reverse("diagnostics:suggest", kwargs={"org": "globex", "pk": world.globex_eng.pk}),
        {"name": "Questions"},
    )

    assert payroll_like.context["suggestion"]["found"].category == advice.SENSITIVE


# --- readiness and risks forms ------------------------------------------------------------------


def test_the_readiness_answers_are_saved_from_the_form(world, client_for):
    response = client_for(world.bob).post(
        url(world, "readiness"),
        {
            "firefighting": "yes",
            "scope": "partly",
            "indicators": "no",
            "procedures": "",
            "indicators_note": "DSO calculé à la main",
        },
    )

    assert response.status_code == 302
    diagnostic = Diagnostic.objects.get(engagement=world.cash)
    assert diagnostic.answers() == {
        "firefighting": "yes",
        "scope": "partly",
        "indicators": "no",
        "procedures": "",
    }
    page = client_for(world.bob).get(url(world, "page"))
    assert page.context["outcome"].readiness.points == D("1.5")
    assert "DSO calculé à la main" in page.content.decode()


def test_a_bad_readiness_answer_comes_back_with_its_error(world, client_for):
    client = client_for(world.bob)
    before = stored()

    response = client.post(url(world, "readiness"), {"scope": "maybe"})

    assert response.status_code == 200
    assert "scope" in response.context["form"].errors
    assert 'id="id_scope_error"' in response.content.decode()
    assert stored() == before


def test_the_risks_are_saved_from_the_form(world, client_for):
    response = client_for(world.alice).post(
        url(world, "risks"),
        {
            "quality_likelihood": "medium",
            "quality_impact": "high",
            "quality_cost": "3 500,50",
            "image_mitigation": "Scripts validés",
        },
    )

    assert response.status_code == 302
    diagnostic = Diagnostic.objects.get(engagement=world.cash)
    assert (diagnostic.quality_cost, diagnostic.image_mitigation) == (
        D("3500.50"),
        "Scripts validés",
    )
    page = client_for(world.alice).get(url(world, "page"))
    assert [r.level for r in page.context["risks"]] == [advice.HIGH, None, None]


# fmt: off
BAD_RISKS = [
    ("cost is words",        {"cash_cost": "abc"},               "cash_cost"),
    ("negative cost",        {"cash_cost": "-10"},               "cash_cost"),
    ("unknown likelihood",   {"quality_likelihood": "extreme"},  "quality_likelihood"),
    ("critical is no input", {"image_impact": "critical"},       "image_impact"),
    ("10 000-character note", {"cash_mitigation": LONG},         "cash_mitigation"),
]
# fmt: on


@pytest.mark.parametrize(("case", "data", "field"), BAD_RISKS, ids=[b[0] for b in BAD_RISKS])
def test_a_bad_risk_comes_back_with_its_error_and_nothing_is_stored(
    world, client_for, case, data, field
):
    client = client_for(world.bob)
    before = stored()

    response = client.post(url(world, "risks"), data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert field_error_shown(response.content.decode(), field)
    assert stored() == before


def as_rendered(form) -> dict[str, str]:
    """What a browser sends back when nothing is touched: each field as the page shows it."""
    data = {}
    for bound in form:
        value = bound.field.widget.format_value(bound.value())
        if value is not None:
            data[bound.html_name] = value
    return data


@pytest.mark.parametrize("page", ["activity", "risks"])
def test_a_form_sent_back_untouched_changes_nothing(world, client_for, page):
    services.activity_update(actor=world.bob, activity=world.activity, hours=D("123.25"))
    services.risks_update(
        actor=world.bob,
        engagement=world.cash,
        data={"cash_likelihood": "high", "cash_impact": "low", "cash_cost": D("30000.5")},
    )
    client = client_for(world.bob)
    target = activity_url(world, world.activity) if page == "activity" else url(world, "risks")
    form = client.get(target).context["form"]
    html = client.get(target).content.decode()
    # Decimals are text inputs in the French format (a number input would show nothing).
    assert 'type="number" name="hours"' not in html and 'type="number" name="cash_cost"' not in html
    before = stored()

    response = client.post(target, as_rendered(form))

    assert response.status_code == 302
    assert stored() == before
