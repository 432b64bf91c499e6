"""The pure module of the diagnostic: suggested classes, usual activities, the result."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pilotage.diagnostics import advice
from pilotage.diagnostics.advice import (
    CRITICAL,
    DOCUMENT_FIRST,
    HIGH,
    KEEP,
    LOW,
    MEDIUM,
    OUTSOURCE,
    REPETITIVE,
    SENSITIVE,
    SHARE,
    STRATEGIC,
    TO_DECIDE,
    ActivityFacts,
    RiskFacts,
)
from pilotage.diagnostics.usual import usual_activities

D = Decimal

# --- suggest ------------------------------------------------------------------------------

# fmt: off
NAMES = [
    # name                                          class        reason
    # French, from seed 000
    ("Conception de l'offre",                       STRATEGIC,   "offer_design"),
    ("Relation avec les gros comptes",              STRATEGIC,   "key_account_relationship"),
    ("Négociation des contrats clés",               STRATEGIC,   "negotiation"),
    ("Arbitrages prix et priorités",                STRATEGIC,   "pricing"),
    ("Fixation des prix",                           STRATEGIC,   "pricing"),
    ("Décisions de crédit",                         STRATEGIC,   "credit_decision"),
    ("Segmentation clients",                        STRATEGIC,   "segmentation"),
    ("Stratégie commerciale",                       STRATEGIC,   "strategy"),
    ("Suivi quotidien des comptes clés",            SENSITIVE,   "key_accounts"),
    ("Validation de conditions commerciales",       SENSITIVE,   "commercial_conditions"),
    ("Remises exceptionnelles",                     SENSITIVE,   "commercial_conditions"),
    ("Décisions de blocage client",                 SENSITIVE,   "customer_blocking"),
    ("Bloquer un client",                           SENSITIVE,   "customer_blocking"),
    ("Gros litiges",                                SENSITIVE,   "disputes"),
    ("Saisie des commandes",                        REPETITIVE,  "data_entry"),
    ("Relances standards",                          REPETITIVE,  "reminders"),
    ("Relance",                                     REPETITIVE,  "reminders"),
    ("relancer les clients en retard",              REPETITIVE,  "reminders"),
    ("Suivi des encaissements",                     REPETITIVE,  "cash_in"),
    ("Lettrage",                                    REPETITIVE,  "cash_in"),
    ("Préparation des reportings",                  REPETITIVE,  "preparation"),
    ("Facturation",                                 REPETITIVE,  "invoicing"),
    ("Rapprochement bancaire",                      REPETITIVE,  "bank_reconciliation"),
    ("Classement et archivage",                     REPETITIVE,  "filing"),
    ("Bulletins de paie",                           REPETITIVE,  "payroll_run"),
    ("DSN mensuelle",                               REPETITIVE,  "declarations"),
    ("Tableau de bord mensuel",                     REPETITIVE,  "reporting"),
    # English
    ("Offer design",                                STRATEGIC,   "offer_design"),
    ("Key account relationship",                    STRATEGIC,   "key_account_relationship"),
    ("Key contract negotiation",                    STRATEGIC,   "negotiation"),
    ("Pricing",                                     STRATEGIC,   "pricing"),
    ("Credit decisions",                            STRATEGIC,   "credit_decision"),
    ("Customer segmentation",                       STRATEGIC,   "segmentation"),
    ("Key accounts day to day",                     SENSITIVE,   "key_accounts"),
    ("Discounts",                                   SENSITIVE,   "commercial_conditions"),
    ("Blocking a customer",                         SENSITIVE,   "customer_blocking"),
    ("Large disputes",                              SENSITIVE,   "disputes"),
    ("Data entry",                                  REPETITIVE,  "data_entry"),
    ("Standard reminders",                          REPETITIVE,  "reminders"),
    ("Dunning",                                     REPETITIVE,  "reminders"),
    ("Cash-in follow-up",                           REPETITIVE,  "cash_in"),
    ("Report preparation",                          REPETITIVE,  "reporting"),
    ("Invoicing",                                   REPETITIVE,  "invoicing"),
    ("Bank reconciliation",                         REPETITIVE,  "bank_reconciliation"),
    ("Filing",                                      REPETITIVE,  "filing"),
]
# fmt: on


@pytest.mark.parametrize(("name", "category", "reason"), NAMES, ids=[n[0] for n in NAMES])
def test_it_suggests_the_class_of_the_examples(name, category, reason):
    found = advice.suggest(name, "", "sales_admin")

    assert found is not None
    assert (found.category, found.reason) == (category, reason)
    assert found.words.casefold() in name.casefold()


@pytest.mark.parametrize(
    "name",
    [
        "relance",
        "relances",
        "relancer",
        "Relancés",
        "RELANCES",
        "rélances",
        "reminder",
        "Reminders",
    ],
)
def test_it_matches_stems_without_case_or_accents(name):
    found = advice.suggest(name)

    assert found is not None
    assert found.category == REPETITIVE
    assert found.reason == "reminders"
    assert found.words == name  # as typed, accents and capitals kept


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Relances standards", "Relances standards"),
        ("Envoyer les relances standards aux clients", "relances standards"),
        ("Conception de l’offre", "Conception de l’offre"),  # a typographic apostrophe
        ("Décisions   de\tcrédit", "Décisions   de\tcrédit"),
    ],
)
def test_it_returns_the_matched_words_as_typed(name, words):
    assert advice.suggest(name).words == words


def test_the_more_protective_class_wins_and_says_what_it_outweighed():
    found = advice.suggest("Politique de relance")

    assert found.category == STRATEGIC
    assert found.reason == "policy"
    assert found.conflict
    assert [(m.category, m.reason, m.words) for m in found.outweighed] == [
        (REPETITIVE, "reminders", "relance")
    ]


@pytest.mark.parametrize(
    ("name", "category", "outweighed"),
    [
        ("Négociation des conditions commerciales", STRATEGIC, [SENSITIVE]),
        ("Suivi des comptes clés", SENSITIVE, [REPETITIVE]),
        ("Saisie des remises", SENSITIVE, [REPETITIVE]),
        ("Stratégie de relance et blocage client", STRATEGIC, [SENSITIVE, REPETITIVE]),
        ("Credit decisions and invoicing", STRATEGIC, [REPETITIVE]),
    ],
)
def test_strategic_beats_sensitive_beats_repetitive(name, category, outweighed):
    found = advice.suggest(name)

    assert found.category == category
    assert [m.category for m in found.outweighed] == outweighed


def test_words_inside_the_winning_match_are_not_reported_as_outweighed():
    # "gros comptes" alone is sensitive, but it is part of the strategic relationship.
    found = advice.suggest("Relation avec les gros comptes")

    assert found.category == STRATEGIC
    assert not found.conflict


@pytest.mark.parametrize(
    "name", ["", "   ", "Divers", "Café", "xyz", "!!!", "12345", "_", "a de la"]
)
def test_it_suggests_nothing_for_unknown_or_empty_names(name):
    assert advice.suggest(name, "", "sales_admin") is None


def test_the_description_speaks_when_the_name_says_nothing():
    found = advice.suggest("Tâche du lundi", "On relance les clients en retard.")

    assert (found.category, found.words) == (REPETITIVE, "relance")


def test_the_name_wins_over_the_description():
    found = advice.suggest("Facturation", "Après validation du prix par la direction")

    assert found.category == REPETITIVE


def test_words_spread_too_far_apart_do_not_make_a_match():
    # "relation … comptes clés" with three words in between: only the key accounts count.
    found = advice.suggest("Relation écrite trimestrielle très formelle comptes clés")

    assert found.category == SENSITIVE


def test_some_words_depend_on_the_function():
    assert advice.suggest("Questions", "", "payroll").category == SENSITIVE
    assert advice.suggest("Questions", "", "sales_admin") is None
    assert advice.suggest("Relances", "", "prospection").reason == "prospect_follow_up"
    assert advice.suggest("Relances", "", "sales_admin").reason == "reminders"
    assert advice.suggest("Gestion des accès", "", "it_support").category == SENSITIVE


def test_it_never_fails_on_odd_text():
    for text in ["\x00", "é" * 10_000, "œuvre Æ", "🙂 relance 🙂", "relance-" * 500]:
        advice.suggest(text, text, "unknown")


def test_fold_removes_accents_case_and_ligatures():
    assert advice.fold("Œuvre Élève ÇA") == "oeuvre eleve ca"


# --- usual activities -----------------------------------------------------------------------


@pytest.mark.parametrize("function", advice.FUNCTIONS)
def test_each_function_has_six_to_ten_usual_activities(function):
    found = usual_activities(function)

    assert 6 <= len(found) <= 10
    assert len({u.code for u in found}) == len(found)
    assert all(u.code.startswith(f"{function}.") for u in found)
    assert all(u.category in advice.CATEGORIES for u in found)
    # Each list has something to hand over and something to keep.
    assert {u.category for u in found} >= {REPETITIVE, STRATEGIC}


def test_an_unknown_function_has_no_usual_activity():
    assert usual_activities("astrology") == []


def test_the_sales_admin_list_holds_what_the_texts_name():
    codes = {u.code for u in usual_activities("sales_admin")}

    assert {
        "sales_admin.order_entry",
        "sales_admin.invoicing",
        "sales_admin.standard_reminders",
        "sales_admin.cash_in",
        "sales_admin.disputes",
        "sales_admin.credit_decisions",
        "sales_admin.key_account_relationship",
        "sales_admin.customer_blocking",
    } <= codes


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_usual_names_suggest_their_usual_class(language):
    from django.utils import translation

    from pilotage.diagnostics.labels import usual_name

    with translation.override(language):
        for function in advice.FUNCTIONS:
            for usual in usual_activities(function):
                name = usual_name(usual.code)
                found = advice.suggest(name, "", function)
                assert found is not None, name
                assert found.category == usual.category, (name, found)


# --- the result -------------------------------------------------------------------------------


def facts(category, documented="", hours=None, leader=None):
    return ActivityFacts(
        category,
        documented,
        None if hours is None else D(hours),
        None if leader is None else D(leader),
    )


@pytest.mark.parametrize(
    ("category", "documented", "verdict"),
    [
        (REPETITIVE, "yes", OUTSOURCE),
        (REPETITIVE, "partly", DOCUMENT_FIRST),
        (REPETITIVE, "no", DOCUMENT_FIRST),
        (REPETITIVE, "", DOCUMENT_FIRST),
        (SENSITIVE, "yes", SHARE),
        (SENSITIVE, "no", SHARE),
        (STRATEGIC, "yes", KEEP),
        (STRATEGIC, "", KEEP),
        ("", "yes", TO_DECIDE),
        ("", "", TO_DECIDE),
    ],
)
def test_each_activity_gets_its_verdict(category, documented, verdict):
    assert advice.verdict(category, documented) == verdict


def test_the_leader_wins_back_all_hours_that_go_out_and_half_of_the_shared():
    result = advice.outcome(
        [
            facts(REPETITIVE, "yes", "20", "4"),  # out: 4 h of the leader, 16 h of the team
            facts(SENSITIVE, "partly", "10", "6"),  # shared: 3 h and 2 h
            facts(STRATEGIC, "yes", "8", "8"),  # kept: nothing
            facts(REPETITIVE, "no", "12", "2"),  # document first: later
            facts("", "", "5", "1"),  # not decided: nothing
            facts(REPETITIVE, "yes"),  # hours not estimated yet
        ]
    )

    assert result.leader_hours_back == D("7")
    assert result.team_hours_freed == D("18")
    assert result.leader_hours_back_documented == D("9")
    assert result.team_hours_freed_documented == D("28")
    assert result.total_hours == D("55")
    assert result.total_leader_hours == D("21")
    assert result.counts == {OUTSOURCE: 2, SHARE: 1, KEEP: 1, DOCUMENT_FIRST: 1, TO_DECIDE: 1}
    assert result.hours[OUTSOURCE] == D("20")
    assert result.leader_hours[KEEP] == D("8")
    assert result.without_hours == 1


def test_an_empty_diagnostic_has_a_result_of_zeros():
    result = advice.outcome([])

    assert result.total_hours == result.leader_hours_back == result.risk_cost == 0
    assert result.readiness.verdict == advice.NOT_ANSWERED
    assert result.worst_risk is None
    assert set(result.counts.values()) == {0}


def test_leader_hours_above_the_activity_hours_are_capped():
    result = advice.activity_result(facts(REPETITIVE, "yes", "3", "5"))

    assert (result.leader_hours, result.team_hours) == (D("3"), D("0"))


@pytest.mark.parametrize(
    ("answers", "points", "verdict", "weak"),
    [
        ({}, D("0"), advice.NOT_ANSWERED, ()),
        (dict.fromkeys(advice.QUESTIONS, "yes"), D("4"), advice.READY, ()),
        (
            {"firefighting": "yes", "scope": "yes", "indicators": "partly", "procedures": "partly"},
            D("3"),
            advice.READY,
            ("indicators", "procedures"),
        ),
        (
            {"firefighting": "yes", "scope": "partly", "indicators": "partly", "procedures": "no"},
            D("2"),
            advice.PREPARE,
            ("scope", "indicators", "procedures"),
        ),
        (
            {"firefighting": "no", "scope": "no", "indicators": "partly", "procedures": "no"},
            D("0.5"),
            advice.NOT_READY,
            ("firefighting", "scope", "indicators", "procedures"),
        ),
        ({"firefighting": "yes", "scope": "maybe", "bogus": "yes"}, D("1"), advice.NOT_READY, ()),
    ],
)
def test_readiness_counts_one_point_per_yes_and_half_per_partly(answers, points, verdict, weak):
    found = advice.readiness(answers)

    assert found.points == points
    assert found.verdict == verdict
    assert found.weak == weak


def test_unanswered_questions_are_listed():
    found = advice.readiness({"scope": "yes", "procedures": "no"})

    assert found.unanswered == ("firefighting", "indicators")
    assert not found.complete
    assert found.answered == 2


@pytest.mark.parametrize(
    ("likelihood", "impact", "level"),
    [
        (LOW, LOW, LOW),
        (LOW, MEDIUM, LOW),
        (MEDIUM, LOW, LOW),
        (LOW, HIGH, MEDIUM),
        (HIGH, LOW, MEDIUM),
        (MEDIUM, MEDIUM, MEDIUM),
        (MEDIUM, HIGH, HIGH),
        (HIGH, MEDIUM, HIGH),
        (HIGH, HIGH, CRITICAL),
        ("", HIGH, None),
        (HIGH, "", None),
        ("huge", HIGH, None),
    ],
)
def test_the_risk_level_is_likelihood_times_impact(likelihood, impact, level):
    assert advice.risk_level(likelihood, impact) == level


def test_the_risks_give_their_levels_the_worst_and_the_total_cost():
    result = advice.outcome(
        [],
        risks=[
            RiskFacts("quality", MEDIUM, MEDIUM, D("1500")),
            RiskFacts("cash", HIGH, HIGH, D("20000.50")),
            RiskFacts("image", "", "", None),
        ],
    )

    assert [r.level for r in result.risks] == [MEDIUM, CRITICAL, None]
    assert result.worst_risk == CRITICAL
    assert result.risk_cost == D("21500.50")
    assert result.risks_assessed == 2
