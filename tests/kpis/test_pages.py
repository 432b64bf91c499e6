"""The indicator pages through Django's test client, as the people of tests/conftest.py see
them: Bob runs "cash", Victor gives its values for Recouvra, Audrey reads, Vera (Axiome)
and Oscar (another organisation) see nothing of it.

What the fixture holds for "cash": "invoicing incidents" (given by the vendor, a count,
lower is better, target 2, red 5), its October 2026 value 2 given by Victor with a PDF.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from pilotage.core.models import Membership
from pilotage.engagements import services as eng_services
from pilotage.engagements.models import EngagementKind, Function, Stage
from pilotage.kpis import catalogue, periods, services
from pilotage.kpis.models import Indicator, Value, ValueStatus

PDF = b"%PDF-1.4\n%september\n"
SEPTEMBER = dt.date(2026, 9, 1)


def t(message: str) -> str:
    with translation.override("fr"):
        return translation.gettext(message)


def url(w, name: str, **extra) -> str:
    return reverse(f"kpis:{name}", kwargs={"org": "acme", "pk": w.cash.pk, **extra})


def text_of(response) -> str:
    raw = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    raw = html.unescape(re.sub(r"<[^>]+>", " ", raw))
    return re.sub(r"\s+", " ", raw)


def row_of(response, indicator):
    return next(r for r in response.context["board"].rows if r.indicator.pk == indicator.pk)


def member(user, org) -> Membership:
    return Membership.objects.get(user=user, organisation=org)


# --- the dashboard of an engagement -----------------------------------------------------


@pytest.mark.parametrize("who", ["alice", "bob", "victor", "audrey"])
def test_the_dashboard_shows_the_indicator_and_its_latest_value(world, client_for, who):
    response = client_for(getattr(world, who)).get(url(world, "dashboard"))

    assert response.status_code == 200
    row = row_of(response, world.indicator)
    assert (row.latest.period, row.latest.value) == (dt.date(2026, 10, 1), 2.0)
    assert row.latest.status == ValueStatus.SUBMITTED
    assert row.state == "green"  # 2, at the target
    page = response.content.decode()
    assert f'<h2 class="h5 mb-1" id="kpi-title-{world.indicator.pk}">' in page
    assert html.escape(world.indicator.name) in page
    assert re.search(r'<span class="kpi-value">2</span>', page)


def test_the_dashboard_lists_the_months_the_vendor_still_owes(world, client_for):
    response = client_for(world.bob).get(url(world, "dashboard"))

    row = row_of(response, world.indicator)
    # From January (the work started on 01/01/2026) to September; October is given and
    # November is not due before 05/12.
    assert row.missing == [dt.date(2026, m, 1) for m in range(1, 10)]


def test_a_contested_value_is_not_the_latest(world, client_for):
    services.value_review(actor=world.bob, value=world.kpi_value, accept=False, reason="Three?")

    response = client_for(world.bob).get(url(world, "dashboard"))

    row = row_of(response, world.indicator)
    assert row.latest is None
    assert dt.date(2026, 10, 1) in row.missing  # owed again
    assert [p.pk for p in row.contested] == [world.kpi_value.pk]


def test_the_change_is_not_measured_against_a_contested_value(world, client_for):
    september = services.value_submit(
        actor=world.victor,
        membership=member(world.victor, world.acme),
        entry=services.Entry(world.indicator, SEPTEMBER, "9"),
    )
    services.value_review(actor=world.bob, value=september, accept=False, reason="Nine? No.")

    response = client_for(world.bob).get(url(world, "dashboard"))

    row = row_of(response, world.indicator)
    assert row.latest.period == dt.date(2026, 10, 1)
    assert row.previous is None
    assert row.change is None


@pytest.mark.parametrize("who", ["vera", "oscar"])
def test_others_find_no_dashboard_of_cash(world, client_for, who):
    client = client_for(getattr(world, who))
    assert client.get(url(world, "dashboard")).status_code == 404
    assert client.get(url(world, "value", value=world.kpi_value.pk)).status_code == 404
    assert client.get(url(world, "evidence", value=world.kpi_value.pk)).status_code == 404


def test_a_value_of_another_engagement_is_not_found_under_cash(world, client_for):
    other = reverse(
        "kpis:value", kwargs={"org": "acme", "pk": world.it.pk, "value": world.kpi_value.pk}
    )
    assert client_for(world.alice).get(other).status_code == 404


# --- evidence ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["alice", "bob", "victor", "audrey"])
def test_the_evidence_downloads_as_the_pdf_that_was_given(world, client_for, who):
    response = client_for(getattr(world, who)).get(url(world, "evidence", value=world.kpi_value.pk))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 incidents"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert "incidents-octobre.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_value_without_evidence_has_nothing_to_download(world, client_for):
    value = services.value_submit(
        actor=world.bob,
        membership=member(world.bob, world.acme),
        entry=services.Entry(world.indicator, SEPTEMBER, "1"),
    )
    response = client_for(world.bob).get(url(world, "evidence", value=value.pk))
    assert response.status_code == 404


# --- giving values ----------------------------------------------------------------------


def test_the_vendor_s_form_shows_the_period_asked(world, client_for):
    response = client_for(world.victor).get(url(world, "submit") + "?period=2026-09")

    assert response.status_code == 200
    assert response.context["period"] == SEPTEMBER
    assert f"value_{world.indicator.pk}" in response.context["form"].fields
    # The leader's time is not the vendor's to give.
    assert list(response.context["form"].indicators) == [world.indicator]


def test_a_bad_value_comes_back_with_its_error_and_nothing_is_stored(world, client_for):
    field = f"value_{world.indicator.pk}"
    before = Value.objects.count()

    response = client_for(world.victor).post(
        url(world, "submit") + "?period=2026-09",
        {field: "3,5", f"comment_{world.indicator.pk}": ""},
    )

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [t("A count is a whole number.")]
    page = response.content.decode()
    assert f'id="id_{field}-error"' in page
    assert re.search(rf'<input class="form-control is-invalid"[^>]*name="{field}"', page)
    assert Value.objects.count() == before


def test_a_good_value_with_its_evidence_is_stored(world, client_for):
    pk = world.indicator.pk

    response = client_for(world.victor).post(
        url(world, "submit") + "?period=2026-09",
        {
            f"value_{pk}": "1",
            f"comment_{pk}": "One credit note.",
            f"evidence_{pk}": SimpleUploadedFile("avoir-septembre.pdf", PDF),
        },
    )

    assert response.status_code == 302
    assert response["Location"] == url(world, "dashboard")
    value = Value.objects.get(indicator=world.indicator, period=SEPTEMBER)
    assert (value.value, value.status, value.submitted_by) == (
        Decimal(1),
        ValueStatus.SUBMITTED,
        world.victor,
    )
    assert value.comment == "One credit note."
    assert value.evidence_name == "avoir-septembre.pdf"
    assert value.late is True  # due on 05/10/2026
    download = client_for(world.bob).get(url(world, "evidence", value=value.pk))
    assert b"".join(download.streaming_content) == PDF


def test_evidence_that_is_not_a_pdf_is_refused_by_the_form(world, client_for):
    pk = world.indicator.pk
    before = Value.objects.count()

    response = client_for(world.victor).post(
        url(world, "submit") + "?period=2026-09",
        {f"value_{pk}": "1", f"evidence_{pk}": SimpleUploadedFile("avoir.pdf", b"MZ\x90\x00")},
    )

    assert response.status_code == 200
    assert f"value_{pk}" in response.context["form"].errors
    assert Value.objects.count() == before


def test_the_vendor_is_not_offered_a_value_it_already_gave(world, client_for):
    response = client_for(world.victor).get(url(world, "submit") + "?period=2026-10")

    assert response.context["form"].indicators == []
    assert [v.pk for _i, v in response.context["done"]] == [world.kpi_value.pk]


def test_a_form_without_any_value_stores_nothing(world, client_for):
    before = Value.objects.count()
    response = client_for(world.victor).post(
        url(world, "submit") + "?period=2026-09", {f"value_{world.indicator.pk}": "  "}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Value.objects.count() == before


# --- validating and contesting ----------------------------------------------------------


def test_the_referent_validates_a_value(world, client_for):
    response = client_for(world.bob).post(
        url(world, "value", value=world.kpi_value.pk), {"decision": "validate", "reason": ""}
    )

    assert response.status_code == 302
    assert response["Location"] == url(world, "dashboard")
    value = Value.objects.get(pk=world.kpi_value.pk)
    assert (value.status, value.reviewed_by) == (ValueStatus.VALIDATED, world.bob)


def test_contesting_without_a_reason_shows_the_error(world, client_for):
    response = client_for(world.bob).post(
        url(world, "value", value=world.kpi_value.pk), {"decision": "contest", "reason": " "}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == [t("Say why the value is contested.")]
    assert Value.objects.get(pk=world.kpi_value.pk).status == ValueStatus.SUBMITTED


def test_a_contested_value_is_shown_to_the_vendor_with_the_reason(world, client_for):
    client_for(world.bob).post(
        url(world, "value", value=world.kpi_value.pk),
        {"decision": "contest", "reason": "Three credit notes, not two."},
    )

    response = client_for(world.victor).get(url(world, "submit") + "?period=2026-10")

    assert Value.objects.get(pk=world.kpi_value.pk).status == ValueStatus.CONTESTED
    assert response.context["form"].indicators == [world.indicator]
    assert "Three credit notes, not two." in text_of(response)


@pytest.mark.parametrize("who", ["victor", "audrey"])
def test_who_does_not_run_the_engagement_cannot_review(world, client_for, who):
    client = client_for(getattr(world, who))
    page = client.get(url(world, "value", value=world.kpi_value.pk))
    assert page.status_code == 200
    assert page.context["form"] is None  # no decision offered

    response = client.post(url(world, "value", value=world.kpi_value.pk), {"decision": "validate"})

    assert response.status_code == 404
    assert Value.objects.get(pk=world.kpi_value.pk).status == ValueStatus.SUBMITTED


def test_the_history_of_a_value_is_shown(world, client_for):
    services.value_review(actor=world.bob, value=world.kpi_value, accept=True)

    response = client_for(world.victor).get(url(world, "value", value=world.kpi_value.pk))

    assert [e.action for e in response.context["events"]] == ["submitted", "validated"]


# --- the leader's time ------------------------------------------------------------------


def test_the_owner_s_home_page_offers_to_log_time_on_each_engagement(world, client_for):
    response = client_for(world.alice).get(reverse("org_home", kwargs={"org": "acme"}))

    assert response.status_code == 200
    page = response.content.decode()
    action = html.escape(url(world, "leader_time"))
    assert f'action="{action}"' in page
    assert re.search(r'<button[^>]*name="hours" value="0.5"', page)
    assert {e.pk for e, _hours in response.context["leader_time"]} == {world.cash.pk, world.it.pk}


def test_a_click_adds_half_an_hour_to_the_month(world, client_for):
    client = client_for(world.alice)
    home = reverse("org_home", kwargs={"org": "acme"})

    response = client.post(url(world, "leader_time"), {"hours": "0.5", "next": home})
    client.post(url(world, "leader_time"), {"hours": "0,5", "next": home})

    assert response.status_code == 302
    assert response["Location"] == home
    leader = Indicator.objects.get(engagement=world.cash, template=catalogue.LEADER_TIME)
    month = periods.start_of(timezone.localdate(), periods.MONTHLY)
    assert Value.objects.get(indicator=leader, period=month).value == Decimal("1")
    page = client.get(home)
    assert {e.pk: h for e, h in page.context["leader_time"]}[world.cash.pk] == Decimal(1)


def test_half_an_hour_shows_on_the_home_page(world, client_for):
    client = client_for(world.alice)
    home = reverse("org_home", kwargs={"org": "acme"})

    client.post(url(world, "leader_time"), {"hours": "0.5", "next": home})

    page = client.get(home).content.decode()
    assert re.search(r"Cash collection · <strong>0,5\u00a0h</strong>", page)


def test_time_that_is_not_a_number_adds_nothing(world, client_for):
    before = Value.objects.count()
    response = client_for(world.alice).post(url(world, "leader_time"), {"hours": "beaucoup"})
    assert response.status_code == 302
    assert Value.objects.count() == before


def test_the_time_goes_back_only_to_this_site(world, client_for):
    response = client_for(world.alice).post(
        url(world, "leader_time"), {"hours": "0.5", "next": "https://evil.test/"}
    )
    assert response["Location"] == "/o/acme/"


# --- the organisation's board -----------------------------------------------------------


def make_it_red(w) -> Indicator:
    """IT support gets an indicator off target: 40 incidents in October, red from 30."""
    incidents = services.template_add(actor=w.rita, engagement=w.it, code="incidents")
    services.value_submit(
        actor=w.rita,
        membership=member(w.rita, w.acme),
        entry=services.Entry(incidents, dt.date(2026, 10, 1), "40"),
    )
    return incidents


def test_the_board_lists_first_the_engagement_that_owes_values(world, client_for):
    response = client_for(world.alice).get(reverse("kpi_board", kwargs={"org": "acme"}))

    assert response.status_code == 200
    # "cash" owes nine months: late before IT support, which owes nothing.
    assert [line.engagement for line in response.context["lines"]] == [world.cash, world.it]


@pytest.mark.parametrize("who", ["alice", "audrey"])
def test_the_board_shows_the_engagement_off_target_first(world, client_for, who):
    make_it_red(world)

    response = client_for(getattr(world, who)).get(reverse("kpi_board", kwargs={"org": "acme"}))

    lines = response.context["lines"]
    assert [line.engagement for line in lines] == [world.it, world.cash]
    assert lines[0].counts["red"] == 1
    page = response.content.decode()
    assert page.index("IT support") < page.index("Cash collection")
    assert '<span class="kpi-state kpi-red">1</span>' in page


def test_the_board_is_not_for_referents_nor_vendors(world, client_for):
    board = reverse("kpi_board", kwargs={"org": "acme"})
    assert client_for(world.bob).get(board).status_code == 404
    assert client_for(world.victor).get(board).status_code == 404


# --- the number of queries does not grow with the data ----------------------------------

CODES = (
    "invoicing_incidents",
    "critical_incidents",
    "delay_vs_plan",
    "error_rate",
    "cost_per_deliverable",
    "internal_satisfaction",
)
# Today 8 each (session, user, memberships, engagements, indicators, settings, values):
# a bound with room, the equality below being what matters.
BOARD_QUERIES = 12
DASHBOARD_QUERIES = 12


def add_engagements(w, count: int, start: int) -> None:
    """``count`` engagements of 7 indicators (the leader's time and 6 of the catalogue),
    each with 36 months of values, written directly."""
    today = timezone.localdate()
    months = periods.last_n(today, periods.MONTHLY, 36)
    now = timezone.now()
    rows = []
    for n in range(start, start + count):
        engagement = eng_services.engagement_create(
            actor=w.alice,
            org=w.acme,
            title=f"Engagement {n:02d}",
            function=Function.SALES_ADMIN,
            kind=EngagementKind.OUTSOURCING,
            vendor=w.recouvra,
            referent=w.bob,
            stage=Stage.RUN,
            start_date=months[0],
        )
        for code in CODES:
            services.template_add(actor=w.alice, engagement=engagement, code=code)
        for indicator in Indicator.objects.filter(engagement=engagement):
            assert indicator.source != "computed"
            for k, month in enumerate(months):
                rows.append(
                    Value(
                        organisation=w.acme,
                        indicator=indicator,
                        period=month,
                        value=Decimal((k * 7 + n) % 11),
                        status=ValueStatus.VALIDATED if k % 3 else ValueStatus.SUBMITTED,
                        submitted_by=w.victor,
                        submitted_at=now,
                        late=k % 4 == 0,
                    )
                )
    Value.objects.bulk_create(rows)


def queries_of(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def test_the_board_takes_as_many_queries_for_2_or_6_engagements_full_of_values(
    world, client_for, django_assert_max_num_queries
):
    board = reverse("kpi_board", kwargs={"org": "acme"})
    add_engagements(world, 2, 0)
    client = client_for(world.alice)
    with django_assert_max_num_queries(BOARD_QUERIES):
        response = client.get(board)
    assert len(response.context["lines"]) == 4
    small = queries_of(client, board)

    add_engagements(world, 4, 2)
    with django_assert_max_num_queries(BOARD_QUERIES):
        response = client.get(board)
    assert len(response.context["lines"]) == 8
    assert sum(len(line.rows) for line in response.context["lines"]) >= 6 * 7
    assert queries_of(client, board) == small


def test_the_dashboard_takes_as_many_queries_for_2_or_7_indicators_of_36_months(
    world, client_for, django_assert_max_num_queries
):
    add_engagements(world, 1, 0)
    big = Indicator.objects.filter(engagement__title="Engagement 00").first().engagement
    path = reverse("kpis:dashboard", kwargs={"org": "acme", "pk": big.pk})
    client = client_for(world.bob)

    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = client.get(url(world, "dashboard"))
    assert len(response.context["board"].rows) == 2
    small = queries_of(client, url(world, "dashboard"))

    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = client.get(path)
    rows = response.context["board"].rows
    assert len(rows) == 7
    assert all(len([p for p in r.points if p.value is not None]) == 36 for r in rows)
    assert queries_of(client, path) == small


# --- changing an indicator --------------------------------------------------------------


def indicator_as_posted(w, **changes):
    i = w.indicator
    data = {
        "name": i.name,
        "definition": i.definition,
        "aspect": i.aspect,
        "scale": "",
        "target": "2",
        "red": "5",
        "frequency": i.frequency,
        "owner": i.owner_id or "",
        "since": i.since.isoformat(),
    }
    return {**data, **changes}


def test_the_referent_changes_the_target_of_an_indicator(world, client_for):
    response = client_for(world.bob).post(
        url(world, "indicator", indicator=world.indicator.pk),
        indicator_as_posted(world, target="1", red="4"),
    )

    assert response.status_code == 302
    found = Indicator.objects.get(pk=world.indicator.pk)
    assert (found.target, found.red) == (Decimal(1), Decimal(4))


def test_the_catalogue_s_unit_cannot_be_changed_through_the_page(world, client_for):
    client_for(world.bob).post(
        url(world, "indicator", indicator=world.indicator.pk),
        indicator_as_posted(world, unit="percent", direction="1", source="internal"),
    )

    found = Indicator.objects.get(pk=world.indicator.pk)
    assert (found.unit, found.direction, found.source) == ("count", -1, "vendor")


def test_the_frequency_of_an_indicator_with_values_stays_on_the_edit_page(world, client_for):
    response = client_for(world.bob).post(
        url(world, "indicator", indicator=world.indicator.pk),
        indicator_as_posted(world, frequency="quarterly"),
    )

    assert Indicator.objects.get(pk=world.indicator.pk).frequency == "monthly"
    assert response.status_code == 200
    assert "frequency" in response.context["form"].errors


def test_anchors_of_indicators_numbered_past_a_thousand_are_not_split(world, client_for):
    # French pages group digits ("12 345"): an id in an HTML attribute must not be.
    indicator = Indicator.objects.create(
        pk=12345,
        organisation=world.acme,
        engagement=world.cash,
        name="Réclamations",
        unit="count",
        direction=-1,
        frequency="monthly",
        source="vendor",
        aspect="quality",
        since=dt.date(2026, 1, 1),
    )
    response = client_for(world.bob).get(url(world, "dashboard"))
    page = response.content.decode()
    assert f'id="kpi-{indicator.pk}"' in page
    assert f'id="kpi-title-{indicator.pk}"' in page
