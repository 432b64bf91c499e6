"""The specification's pages as the people of tests/conftest.py see them: Bob runs "cash"
and writes its specification, Alice (owner) too, Audrey reads, Victor (Recouvra, holding
"cash") reads the published versions only, Vera and Oscar see nothing of it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from pilotage.core.models import AuditEntry
from pilotage.specifications import content, services
from pilotage.specifications.models import Specification, SpecShare, SpecVersion

DRAFT_TASK = "Send the reminders of overdue invoices"  # in the draft, not in v1


def url(w, name: str, **extra) -> str:
    return reverse(f"specifications:{name}", kwargs={"org": "acme", "pk": w.cash.pk, **extra})


def stored(w) -> tuple:
    spec = Specification.objects.get(engagement=w.cash)
    return (
        spec.content,
        SpecVersion.objects.count(),
        SpecShare.objects.count(),
        AuditEntry.objects.count(),
    )


def field_error_shown(html: str, field: str) -> bool:
    if f'id="id_{field}_error"' not in html:
        return False
    widget = re.search(rf'<(?:input|select|textarea)\b[^>]*\bname="{re.escape(field)}"[^>]*>', html)
    return widget is not None and "is-invalid" in widget.group(0)


def rows(prefix: str, *items: dict, initial: int = 0) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(items)), f"{prefix}-INITIAL_FORMS": str(initial)}
    for i, item in enumerate(items):
        data.update({f"{prefix}-{i}-{k}": v for k, v in item.items()})
    return data


# --- the overview -----------------------------------------------------------------------


def test_the_overview_shows_each_section_state_the_score_and_what_is_missing(world, client_for):
    response = client_for(world.bob).get(url(world, "page"))

    assert response.status_code == 200
    states = {row.slug: row.state for row in response.context["rows"]}
    assert states["purpose"] == "complete"
    assert states["objectives"] == "complete"
    assert states["deliverables"] == "missing"
    assert states["playbook"] == "optional"  # "cash" is sales administration
    report = response.context["report"]
    assert 0 < report.score < 100
    assert ("context", "empty") in [(f.section, f.code) for f in report.findings]
    page = response.content.decode()
    assert url(world, "section", section="deliverables") in page
    assert [v.number for v in response.context["versions"]] == [1]
    assert response.context["unpublished"] is True
    assert world.spec_share.token in page  # the link, to copy


def test_the_auditor_reads_the_overview_without_links_to_write_or_secret_urls(world, client_for):
    response = client_for(world.audrey).get(url(world, "page"))

    assert response.status_code == 200
    page = response.content.decode()
    assert url(world, "section", section="purpose") not in page
    assert url(world, "publish") not in page
    assert world.spec_share.token not in page
    assert client_for(world.audrey).get(url(world, "section", section="purpose")).status_code == 404


def test_the_vendor_holding_the_engagement_sees_only_the_published_versions(world, client_for):
    client = client_for(world.victor)
    response = client.get(url(world, "page"))

    assert response.status_code == 200
    assert "specifications/page_vendor.html" in [t.name for t in response.templates]
    assert "report" not in response.context
    page = response.content.decode()
    assert url(world, "version", number=1) in page
    assert url(world, "draft_pdf") not in page
    assert "Axiome" not in page  # no read links of candidates
    version = client.get(url(world, "version", number=1))
    assert version.status_code == 200
    assert "Get paid on time" in version.content.decode()
    assert DRAFT_TASK not in version.content.decode()
    for name, extra in [
        ("section", {"section": "purpose"}),
        ("publish", {}),
        ("draft_pdf", {}),
        ("draft_docx", {}),
        ("share_create", {}),
    ]:
        assert client.get(url(world, name, **extra)).status_code == 404, name


def test_a_page_without_any_specification_shows_empty(world, client_for):
    response = client_for(world.rita).get(
        reverse("specifications:page", kwargs={"org": "acme", "pk": world.it.pk})
    )
    assert response.status_code == 200
    assert response.context["specification"] is None
    assert response.context["report"].score == 0
    assert not Specification.objects.filter(engagement=world.it).exists()


# --- writing a section ------------------------------------------------------------------


def test_a_section_is_saved_as_typed_and_save_goes_back_to_the_overview(world, client_for):
    response = client_for(world.bob).post(
        url(world, "section", section="context"),
        {"company": "Acme Industrie, 40 people", "project": ""},
    )

    assert response.status_code == 302
    assert response["Location"] == url(world, "page") + "#section-context"
    spec = Specification.objects.get(engagement=world.cash).spec
    assert spec.context.company == "Acme Industrie, 40 people"
    assert spec.context.project == ""


def test_save_and_next_opens_the_next_section(world, client_for):
    response = client_for(world.bob).post(
        url(world, "section", section="context"), {"company": "Acme", "then": "next"}
    )
    assert response["Location"] == url(world, "section", section="purpose")


def test_an_incomplete_row_is_kept_and_the_section_marked(world, client_for):
    client = client_for(world.bob)
    data = rows("deliverables", {"name": "Aged balance", "form": "Excel"}, {}, {})

    response = client.post(url(world, "section", section="deliverables"), data)

    assert response.status_code == 302
    spec = Specification.objects.get(engagement=world.cash).spec
    assert [d.name for d in spec.deliverables.items] == ["Aged balance"]
    page = client.get(url(world, "page"))
    row = next(r for r in page.context["rows"] if r.slug == "deliverables")
    assert row.state == "vague"
    codes = {f.code for f in page.context["report"].findings_of("deliverables")}
    assert codes == {"deliverable_no_deadline", "deliverable_no_criterion"}


def test_the_section_form_shows_the_stored_rows_and_empty_ones(world, client_for):
    response = client_for(world.bob).get(url(world, "section", section="objectives"))

    assert response.status_code == 200
    ((rows_spec, formset),) = response.context["editor"].lists
    assert formset.total_form_count() == 3  # the stored objective and two empty rows
    page = response.content.decode()
    assert 'value="DSO down"' in page
    assert 'value="45 days by June"' in page


def test_a_row_ticked_for_removal_is_removed(world, client_for):
    data = rows(
        "objectives",
        {"kind": "business", "text": "DSO down", "target": "45 days by June", "DELETE": "on"},
        {"text": "Disputes under 3 a month"},
        initial=1,
    )
    response = client_for(world.bob).post(url(world, "section", section="objectives"), data)

    assert response.status_code == 302
    spec = Specification.objects.get(engagement=world.cash).spec
    assert [o.text for o in spec.objectives.items] == ["Disputes under 3 a month"]


# fmt: off
MALFORMED = [
    # section,       data,                                                                         field
    ("purpose",      {"text": "x" * 10_000},                                                       "text"),
    ("context",      {"company": "Acme", "project": "x" * 10_000},                                 "project"),
    ("calendar",     {"start": "31/02/2026", **rows("milestones")},                               "start"),
    ("calendar",     {"start": "", **rows("milestones", {"date": "2026-02-31", "label": "M1"})},  "milestones-0-date"),
    ("deliverables", rows("deliverables", {"name": "Report", "deadline": "next tuesday"}),        "deliverables-0-deadline"),
    ("deliverables", rows("deliverables", {"name": "x" * 10_000}),                                "deliverables-0-name"),
    ("referents",    {**rows("client", {"name": "Anne", "email": "anne@"}), **rows("vendor")},    "client-0-email"),
    ("tasks",        rows("tasks", {"text": "ok"}, {"text": "x" * 10_000}),                       "tasks-1-text"),
    ("objectives",   rows("objectives", {"kind": "astrology", "text": "Leads"}),                  "objectives-0-kind"),
    ("followup",     {"channel": "x" * 10_000, **rows("rituals")},                                "channel"),
]
# fmt: on


@pytest.mark.parametrize(("section", "data", "field"), MALFORMED, ids=[m[2] for m in MALFORMED])
def test_a_malformed_value_comes_back_on_its_field_and_nothing_is_stored(
    world, client_for, section, data, field
):
    client = client_for(world.bob)
    before = stored(world)

    response = client.post(url(world, "section", section=section), data)

    assert response.status_code == 200
    assert field_error_shown(response.content.decode(), field), field
    assert stored(world) == before


def test_what_was_typed_comes_back_with_the_error(world, client_for):
    data = {"start": "31/02/2026", **rows("milestones", {"date": "2026-06-30", "label": "Review"})}
    page = client_for(world.bob).post(url(world, "section", section="calendar"), data)
    html = page.content.decode()
    assert 'value="31/02/2026"' in html
    assert 'value="Review"' in html


def test_an_unknown_section_answers_404(world, client_for):
    client = client_for(world.bob)
    assert client.get(url(world, "section", section="astrology")).status_code == 404
    assert client.post(url(world, "section", section="astrology"), {"text": "x"}).status_code == 404


def test_the_indicator_section_offers_the_catalogue_of_the_function_first(world, client_for):
    response = client_for(world.bob).get(url(world, "section", section="indicators"))

    offered = [t.code for t, _target in response.context["offered"]]
    assert offered[0] == "dso"  # sales administration first
    assert "leader_time" in offered  # then those for any function
    assert "qualified_leads" in [t.code for t, _target in response.context["others"]]
    targets = {t.code: target for t, target in response.context["offered"]}
    assert targets["dso"].startswith("≤ 50")


def test_ticked_catalogue_indicators_are_added_with_their_suggested_target(world, client_for):
    data = {
        **rows("indicators", {"name": "Own indicator", "target": "12"}),
        "pick": ["dso", "paid_on_time"],
    }

    response = client_for(world.bob).post(url(world, "section", section="indicators"), data)

    assert response.status_code == 302
    items = Specification.objects.get(engagement=world.cash).spec.indicators.items
    assert [(i.code, i.target[:1]) for i in items] == [
        ("", "1"),
        ("dso", "≤"),
        ("paid_on_time", "≥"),
    ]


def test_a_forged_catalogue_code_is_refused(world, client_for):
    client = client_for(world.bob)
    before = stored(world)
    data = rows("indicators", {"code": "horoscope", "name": "Stars"})
    response = client.post(url(world, "section", section="indicators"), data)
    assert response.status_code == 200
    assert "code" in response.context["editor"].lists[0][1].forms[0].errors
    assert stored(world) == before


# --- publishing -------------------------------------------------------------------------


def test_the_confirmation_says_what_is_missing_and_what_changed(world, client_for):
    response = client_for(world.bob).get(url(world, "publish"))

    assert response.status_code == 200
    assert response.context["next_number"] == 2
    assert response.context["findings"]
    assert len(response.context["pending"]) == 1  # the task added since v1
    assert DRAFT_TASK in response.context["pending"][0]


def test_publishing_leads_to_the_version_and_its_changes(world, client_for):
    client = client_for(world.bob)
    response = client.post(url(world, "publish"), {"note": "With the tasks."})

    assert response.status_code == 302
    assert response["Location"] == url(world, "version", number=2)
    page = client.get(response["Location"])
    assert page.context["version"].note == "With the tasks."
    assert len(page.context["changes"]) == 1
    assert DRAFT_TASK in page.context["changes"][0]
    assert DRAFT_TASK in page.content.decode()


def test_publishing_twice_without_change_is_refused_on_the_form(world, client_for):
    client = client_for(world.bob)
    client.post(url(world, "publish"), {})
    before = stored(world)

    response = client.post(url(world, "publish"), {"note": "again"})

    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert errors and "v2" in errors[0]
    assert stored(world) == before


def test_a_version_of_another_engagement_or_unknown_answers_404(world, client_for):
    services.section_save(
        actor=world.rita, engagement=world.it, section="purpose", data={"text": "IT"}
    )
    services.version_publish(actor=world.rita, engagement=world.it)
    services.version_publish(actor=world.bob, engagement=world.cash)  # cash: v1, v2
    services.section_save(
        actor=world.rita, engagement=world.it, section="purpose", data={"text": "x"}
    )
    services.version_publish(actor=world.rita, engagement=world.it)
    services.section_save(
        actor=world.rita, engagement=world.it, section="purpose", data={"text": "y"}
    )
    it_v3 = services.version_publish(actor=world.rita, engagement=world.it)
    client = client_for(world.alice)
    assert client.get(url(world, "version", number=it_v3.number)).status_code == 404
    assert client.get(url(world, "version", number=99)).status_code == 404
    assert client.get(url(world, "version_pdf", number=99)).status_code == 404
    assert client.get(url(world, "version_docx", number=0)).status_code == 404


# --- read links -------------------------------------------------------------------------


def test_a_read_link_is_created_from_the_overview(world, client_for):
    response = client_for(world.bob).post(url(world, "share_create"), {"vendor": world.recouvra.pk})

    share = SpecShare.objects.get(vendor=world.recouvra)
    assert response.status_code == 302
    assert response["Location"] == url(world, "page") + f"#share-{share.pk}"
    assert share.created_by == world.bob


@pytest.mark.parametrize("who", ["globex", "nobody", "axiome again"])
def test_a_bad_vendor_for_a_link_comes_back_on_the_vendor_field(world, client_for, who):
    vendor = {"globex": world.globex_vendor.pk, "nobody": "abc", "axiome again": world.axiome.pk}[
        who
    ]
    client = client_for(world.bob)
    before = stored(world)

    response = client.post(url(world, "share_create"), {"vendor": vendor})

    assert response.status_code == 200
    assert "vendor" in response.context["form"].errors
    assert field_error_shown(response.content.decode(), "vendor")
    assert stored(world) == before


def test_a_link_is_revoked_from_the_overview(world, client_for):
    response = client_for(world.bob).post(url(world, "share_revoke", share=world.spec_share.pk))
    assert response.status_code == 302
    world.spec_share.refresh_from_db()
    assert world.spec_share.revoked_at is not None


def test_a_link_of_another_engagement_cannot_be_revoked_through_this_one(world, client_for):
    other = services.share_create(actor=world.alice, engagement=world.it, vendor=world.recouvra)
    response = client_for(world.alice).post(url(world, "share_revoke", share=other.pk))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None


@pytest.mark.parametrize("section", content.SLUGS)
def test_every_section_form_opens_and_survives_an_empty_post(world, client_for, section):
    client = client_for(world.alice)
    page = url(world, "section", section=section)
    assert client.get(page).status_code == 200
    response = client.post(page, {})
    assert response.status_code in (200, 302)
    if response.status_code == 200:  # lists without their management data: said on the form
        formsets = [fs for _rows, fs in response.context["editor"].lists]
        assert any(fs.non_form_errors() for fs in formsets)


def test_the_playbook_section_is_offered_as_optional_outside_prospection(world, client_for):
    response = client_for(world.bob).get(url(world, "section", section="playbook"))
    assert response.context["playbook_required"] is False
    assert response.context["state"] == "optional"
