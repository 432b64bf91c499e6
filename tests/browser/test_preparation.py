"""From "I want to outsource my invoicing" to a diagnostic, a complete specification PDF and a
scored comparison, in a real browser, as a newcomer who reads no help.

Alice (owner) starts from the home page, picks the function by its description, names Bob
referent, lists and classes the activities, answers the readiness check and weighs the risks,
concludes; writes every section of the specification through the guided forms until nothing
is missing, publishes v1 and reads its PDF; adds three new vendors as candidates, names
herself and Bob reviewers, both score them on their own sheets, and the comparison ranks
them. On the way: a score of 6 is refused with nothing stored, and Vera (a vendor) gets 404.
Screenshots go to var/screenshots/prep-*.png.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass

import pytest
from django.utils import translation
from django.utils.text import capfirst
from playwright.sync_api import Locator, expect

from pilotage.diagnostics import labels as diag
from pilotage.diagnostics.models import Activity
from pilotage.engagements.models import FUNCTION_HINTS, Engagement, Function, VendorKind
from pilotage.kpis import catalogue
from pilotage.selection.models import Candidate, Reviewer, Score
from pilotage.specifications.labels import SECTIONS
from tests.conftest import make_world

from .test_roles import sign_in, t

pytestmark = pytest.mark.browser

TITLE = "Facturation et relances 2027"
OBJECTIVES = ("Ramener le DSO à 45 jours", "Factures émises sous 48 heures")
# Three new vendors: their kind and their quote per month.
VENDORS = {"Facturia": (VendorKind.AGENCY, 1800), "Julie Marchand": (VendorKind.FREELANCE, 900),
           "Relanceo": (VendorKind.AGENCY, 1500)}  # fmt: skip
# Each reviewer's sheet: per candidate, the scores of the six catalogue criteria in order.
SHEETS = {
    "Alice": {"Facturia": [5, 4, 5, 4, 4, 3], "Julie Marchand": [3, 3, 4, 3, 3, 5],
              "Relanceo": [2, 2, 3, 2, 2, 4]},
    "Bob": {"Facturia": [4, 5, 4, 5, 4, 3], "Julie Marchand": [3, 2, 3, 3, 2, 5],
            "Relanceo": [2, 3, 2, 2, 3, 3]},
}  # fmt: skip
BEST = "Facturia"


@dataclass(frozen=True)
class Pick:
    """The option to choose in a list, by its label (a msgid or a lazy label)."""

    label: object


def label(message: str, row: int | None = None) -> str:
    """A field's label as the page shows it (first letter up; a row's number in a list)."""
    text = capfirst(t(message))
    return f"{text} ({row})" if row else text


def fill(scope, *fields: tuple[str, object]) -> None:
    """Fill the fields found by their exact label: a text is typed, True ticks, Pick chooses."""
    for name, value in fields:
        field = scope.get_by_label(name, exact=True).first
        if value is True:
            field.check()
        elif isinstance(value, Pick):
            field.select_option(label=t(value.label))
        else:
            field.fill(str(value))


def press(scope, name: str) -> None:
    scope.get_by_role("button", name=t(name), exact=True).click()


def tn(singular: str, plural: str, n: int) -> str:
    with translation.override("fr"):
        return translation.ngettext(singular, plural, n) % {"n": n}


# The specification, section by section, as typed in its guided forms ("Save and next").
SPEC = (
    (("Who we are", None, "Fabricant de pièces usinées, 40 salariés."),
     ("Context of the project", None, "La facturation a doublé en deux ans.")),
    (("Why we outsource", None, "Être payés à temps sans relancer le soir."),),
    (("Kind", 1, Pick("Business")), ("Objective", 1, OBJECTIVES[0]),
     ("Measurable target", 1, "juin 2027"), ("Kind", 2, Pick("Operational")),
     ("Objective", 2, OBJECTIVES[1]), ("Measurable target", 2, "98 % des factures")),
    (("Task", 1, "Émettre les factures chaque jour"), ("Task", 2, "Relancer à 5, 15, 30 jours")),
    (("Deliverable", None, "Balance âgée"), ("Form and format", None, "Fichier Excel"),
     ("Frequency", None, Pick("Monthly")), ("Success criterion", None, "0 écart comptable")),
    (("No tool or process imposed", None, True),),
    (("Constraints", None, "Données clients hébergées dans l'UE."),),
    (("Start", None, "2027-01-04"), ("Date", 1, "2027-03-31"), ("Milestone", 1, "Bilan T1")),
    (("Name", 1, "Bob Test"), ("E-mail", 1, "bob@acme.test"),  # "Our side" comes first
     ("To be named by the vendor", None, True)),
    (("Monthly steering committee", None, True), ("Communication channel", None, "E-mail"),
     ("Validation of deliverables", None, "Bob valide sous 5 jours ouvrés.")),
)  # fmt: skip


def test_a_newcomer_goes_from_invoicing_to_a_scored_comparison(browsing, tmp_path):
    w = make_world()
    alice = browsing()
    sign_in(alice, "prep-login", w.alice.email)
    page = alice.page
    h1 = page.get_by_role("heading", level=1)

    # 1. The guided start: the card that speaks of invoicing, Bob as referent.
    page.get_by_role("link", name=t("Prepare an outsourcing")).click()
    expect(h1).to_have_text(t("Prepare an outsourcing"))
    page.locator(".function-card").filter(has_text=t(FUNCTION_HINTS[Function.SALES_ADMIN])).click()
    fill(page, (t("Name"), TITLE), (t("Internal referent"), Pick("Bob Test")))
    alice.shot("prep-1-start")
    press(page, "Start the diagnostic")
    expect(h1).to_have_text(t("Diagnostic: what may go out"))
    eng = Engagement.objects.get(title=TITLE)
    assert (eng.function, eng.referent, eng.stage) == ("sales_admin", w.bob, "diagnostic")

    # 2. The diagnostic: the usual activities and one of ours; the suggestions applied.
    function = t(Function.SALES_ADMIN.label)
    press(page, t("Start with the usual activities of “%(function)s”", function=function))
    activities = page.locator("#activities")
    activities.get_by_role("link", name=t("Add an activity")).click()
    fill(page, (label("activity"), "Accueil téléphonique des clients"))
    expect(page.get_by_text(t("No suggestion for this name: decide yourself."))).to_be_visible()
    alice.shot("prep-2-diagnostic-own-activity")
    press(page, "Save")
    undecided = Activity.objects.filter(engagement=eng).count() - 1
    one = "Apply the suggestion to the %(n)s activity not decided"
    many = "Apply the suggestions to the %(n)s activities not decided"
    press(page, tn(one, many, undecided))
    todo = page.get_by_role("status").filter(has_text=t("Class %(n)s activity:", n="1"))
    expect(todo).to_contain_text("Accueil téléphonique des clients")
    alice.shot("prep-3-diagnostic-suggested")
    # Each activity its hours; the one still undecided its class; a repetitive one, written down?
    hours = {"repetitive": ("10", "2"), "sensitive": ("6", "2"), "strategic": ("4", "4")}
    monthly = t(diag.USUAL_NAMES["sales_admin.monthly_reporting"])
    for activity in Activity.objects.filter(engagement=eng):
        activities.get_by_role("link", name=activity.name, exact=True).click()
        if not activity.category:
            activity.category = "sensitive"
            fill(page, (label("class"), Pick("Sensitive (share: the vendor prepares, you decide)")))
        total, own = hours[activity.category]
        fill(page, (label("hours per month"), total), (label("of which your own hours"), own))
        if activity.category == "repetitive":
            documented = Pick("No" if activity.name == monthly else "Yes, written down")
            fill(page, (label("written down"), documented))
        press(page, "Save")
        expect(page.get_by_text(t("“%(name)s” saved.", name=activity.name))).to_be_visible()
    # The four readiness questions, the three risks.
    page.locator("#readiness").get_by_role("link", name=t("Answer")).click()
    for question, answer in zip(diag.QUESTION_TEXTS.values(), ("Yes", "Yes", "Partly", "No")):
        group = page.get_by_role("group", name=t(question), exact=True)
        group.get_by_text(t(answer), exact=True).click()
    press(page, "Save")
    page.locator("#risks").get_by_role("link", name=t("Assess")).click()
    levels = (("Medium", "High"), ("Low", "High"), ("Low", "Medium"))
    for name, (likelihood, impact) in zip(diag.RISK_NAMES.values(), levels):
        fill(page.get_by_role("group", name=t(name), exact=True),
             (label("likelihood"), Pick(likelihood)), (label("impact"), Pick(impact)),
             (label("estimated cost (€)"), "3000"),
             (label("how to limit it"), "Pilote sur 20 % des clients."))  # fmt: skip
    alice.shot("prep-4-diagnostic-risks")
    press(page, "Save")
    result = page.locator("#result")
    for verdict in ("Outsource", "Document first", "Share", "Keep inside"):
        expect(result.get_by_role("heading", name=t(verdict))).to_be_visible()
    won_back = result.locator(".border").filter(has_text=t("Your hours won back each month"))
    expect(won_back.locator(".fs-3")).not_to_have_text(re.compile(r"^\s*(0|—)\s*(h\s*)?$"))
    still = t("Still to do (the diagnostic is kept as a draft meanwhile)")
    expect(page.get_by_text(still)).to_have_count(0)
    alice.shot("prep-5-diagnostic-result")
    press(page, "Conclude and write the specification")

    # 3. The specification: below 100 with what is missing, then every section written.
    expect(h1).to_have_text(t("Specification"))
    meter = page.get_by_role("progressbar", name=t("Completeness"))
    assert int(meter.get_attribute("aria-valuenow")) < 100
    missing = t("%(section)s: nothing written yet.", section=t(SECTIONS["purpose"].title))
    expect(page.get_by_role("link", name=missing)).to_be_visible()
    alice.shot("prep-6-specification-empty")
    page.get_by_role("link", name=t(SECTIONS["context"].title), exact=True).click()
    for section in SPEC:
        fill(page, *((label(msgid, row), value) for msgid, row, value in section))
        if section is SPEC[2]:
            alice.shot("prep-7-specification-objectives")
        press(page, "Save and next")
    expect(h1).to_contain_text(t(SECTIONS["indicators"].title))
    for code in ("dso", "reminders_when_due"):
        name = re.compile("^" + re.escape(t(catalogue.BY_CODE[code].name)))
        page.get_by_role("checkbox", name=name).check()
    alice.shot("prep-8-specification-indicators")
    press(page, "Save and next")
    expect(h1).to_contain_text(t(SECTIONS["playbook"].title))  # optional for this function
    press(page, "Save")
    expect(meter).to_have_attribute("aria-valuenow", "100")
    expect(page.get_by_text(t("Nothing: every question is answered."))).to_be_visible()
    alice.shot("prep-9-specification-complete")
    page.get_by_role("link", name=t("Publish a version")).click()
    fill(page, (t("Note for the readers"), "Version envoyée aux candidats."))
    press(page, "Publish")
    expect(h1).to_have_text(t("Specification %(version)s", version="v1"))
    alice.shot("prep-10-specification-v1")
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF", exact=True).click()
    download.value.save_as(pdf := tmp_path / "specification.pdf")
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True)
    text = " ".join(out.stdout.split())
    assert TITLE in text and all(o in text for o in OBJECTIVES), text

    # 4. The selection, reached from the engagement's page: three new vendors, two reviewers.
    page.get_by_role("navigation", name=t("Breadcrumb")).get_by_role("link", name=TITLE).click()
    alice.shot("prep-11-engagement")
    page.get_by_role("link", name=t("Vendor selection")).click()
    expect(h1).to_have_text(t("Compare the candidates"))
    tabs = page.get_by_role("list", name=t("Selection pages"))
    tabs.get_by_role("link", name=t("Candidates")).click()
    for name, (kind, quote) in VENDORS.items():
        fill(page, (t("Or a new vendor: its name"), name), (t("Quote (€ excl. VAT)"), quote),
             (t("Kind of the new vendor"), Pick(kind.label)),
             (t("The quote is"), Pick("per month")))  # fmt: skip
        press(page, "Add")
        expect(page.get_by_text(t("%(name)s is now a candidate.", name=name))).to_be_visible()
    alice.shot("prep-12-selection-candidates")
    tabs.get_by_role("link", name=t("Reviewers")).click()
    for person in ("Alice Aubert", "Bob Test"):
        fill(page, (t("Person"), Pick(person)))
        press(page, "Add")
        expect(page.get_by_text(t("%(name)s is now a reviewer.", name=person))).to_be_visible()
    criteria = [t(c.template.label) for c in eng.selection_criteria.all()]

    def fill_sheet(tabs: Locator, who: str) -> None:
        tabs.get_by_role("link", name=t("My score sheet")).click()
        for vendor, scores in SHEETS[who].items():
            for criterion, score in zip(criteria, scores, strict=True):
                cell = t("Score of %(candidate)s on %(criterion)s", candidate=vendor,
                         criterion=criterion)  # fmt: skip
                tabs.page.get_by_label(cell, exact=True).select_option(str(score))

    fill_sheet(tabs, "Alice")
    # Bad input: a score of 6 (a tampered form: the list offers 0 to 5) and nothing is stored.
    first = page.get_by_role("combobox").first
    first.evaluate("s => s.add(new Option('6', '6', true, true))")
    press(page, "Save the draft")
    refused = t("Nothing was stored: correct the scores shown in red.")
    expect(page.get_by_role("alert")).to_contain_text(refused)
    expect(page.locator(".invalid-feedback")).to_have_count(1)
    assert not Score.objects.filter(candidate__engagement=eng).exists()
    alice.shot("prep-13-selection-score-refused")
    first.select_option(str(SHEETS["Alice"][BEST][0]))
    press(page, "Submit my sheet")
    expect(page.get_by_text(t("Sheet submitted: you now see the comparison."))).to_be_visible()

    bob = browsing()
    sign_in(bob, "prep-login-bob", w.bob.email)
    bob.page.goto(f"/o/acme/engagements/{eng.pk}/selection/")
    fill_sheet(bob.page.get_by_role("list", name=t("Selection pages")), "Bob")
    bob.shot("prep-14-selection-bob-sheet")
    press(bob.page, "Submit my sheet")
    expect(bob.page.get_by_text(t("Sheet submitted: you now see the comparison."))).to_be_visible()

    # The comparison: the three side by side, a weighted total and a rank for each.
    page.reload()
    grid = page.locator("table.sel-grid")
    names = [n.split("\n")[0] for n in grid.locator("thead th.sel-cand").all_inner_texts()]
    totals = grid.locator("tr.sel-total td").all_inner_texts()[1:]
    assert sorted(names) == sorted(VENDORS)
    ranks = {n: [r for r in "123" if t("#%(rank)s", rank=r) in s] for n, s in zip(names, totals)}
    assert sorted(ranks.values()) == [["1"], ["2"], ["3"]] and ranks[BEST] == ["1"], totals
    scores = {n: int(re.match(r"\s*(\d+)", total).group(1)) for n, total in zip(names, totals)}
    assert scores[BEST] == max(scores.values()), totals
    alice.shot("prep-15-selection-comparison")

    # What is stored is what was typed.
    stored = {c.vendor.name: c for c in Candidate.objects.filter(engagement=eng)}
    assert {n: (c.vendor.kind, c.quote_amount) for n, c in stored.items()} == VENDORS
    assert {c.quote_basis for c in stored.values()} == {"month"}
    submitted = Reviewer.objects.filter(engagement=eng, submitted_at__isnull=False)
    assert sorted(r.user.first_name for r in submitted) == ["Alice", "Bob"]
    for who, sheet in SHEETS.items():
        for vendor, scores in sheet.items():
            given = Score.objects.filter(reviewer__user__first_name=who, candidate=stored[vendor])
            assert [s.value for s in given.order_by("criterion__position")] == scores

    # A vendor's user never sees the selection.
    vera = browsing()
    sign_in(vera, "prep-login-vera", w.vera.email)
    vera.expect_http_error(f"/o/acme/engagements/{eng.pk}/selection/")
    response = vera.page.goto(f"/o/acme/engagements/{eng.pk}/selection/")
    assert response is not None and response.status == 404
    vera.shot("prep-16-vera-404")
