"""What may go out: the class an activity's name suggests, the usual activities of each
function, and the result of a diagnostic (no Django: codes in, codes and numbers out).

The classes come from seed 000 and DOMAIN.md: *strategic* activities stay inside (offer
design, key-account relationship, key contract negotiation, pricing, credit decisions,
customer segmentation, strategy); *sensitive* ones may be shared, the vendor preparing and
executing while the decision stays inside (key accounts day to day, commercial conditions,
blocking a customer, disputes); *repetitive* ones may go out entirely (data entry, standard
reminders, cash-in follow-up, report preparation, invoicing, bank reconciliation, filing…).
Repetitive **and documented** activities are those that outsource well.

Words are compared without accents or case, on their stems ("relance", "relances",
"relancer"), French and English. When words of several classes match, the more protective
class wins: strategic, then sensitive, then repetitive.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

# --- classes, answers, levels ------------------------------------------------------------

STRATEGIC, SENSITIVE, REPETITIVE, UNDECIDED = "strategic", "sensitive", "repetitive", ""
CATEGORIES = (STRATEGIC, SENSITIVE, REPETITIVE)
PROTECTION = {STRATEGIC: 3, SENSITIVE: 2, REPETITIVE: 1}  # the higher, the more protective

YES, PARTLY, NO, UNANSWERED = "yes", "partly", "no", ""
ANSWERS = (YES, PARTLY, NO)
POINTS = {YES: Decimal("1"), PARTLY: Decimal("0.5"), NO: Decimal("0"), UNANSWERED: Decimal("0")}

# The four questions of seed 000's checklist ("do I really need to outsource now?").
FIREFIGHTING, SCOPE, INDICATORS, PROCEDURES = "firefighting", "scope", "indicators", "procedures"
QUESTIONS = (FIREFIGHTING, SCOPE, INDICATORS, PROCEDURES)

# What the readiness check concludes.
READY, PREPARE, NOT_READY, NOT_ANSWERED = "ready", "prepare", "not_ready", "not_answered"
READY_FROM, PREPARE_FROM = Decimal("3"), Decimal("2")

LOW, MEDIUM, HIGH, CRITICAL = "low", "medium", "high", "critical"
LEVELS = (LOW, MEDIUM, HIGH)
LEVEL_ORDER = {LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4}
# Likelihood × impact → level of a risk.
MATRIX: dict[tuple[str, str], str] = {
    (LOW, LOW): LOW,
    (LOW, MEDIUM): LOW,
    (LOW, HIGH): MEDIUM,
    (MEDIUM, LOW): LOW,
    (MEDIUM, MEDIUM): MEDIUM,
    (MEDIUM, HIGH): HIGH,
    (HIGH, LOW): MEDIUM,
    (HIGH, MEDIUM): HIGH,
    (HIGH, HIGH): CRITICAL,
}
# The risks of failure seed 000 asks to put a figure on before signing.
QUALITY, CASH, IMAGE = "quality", "cash", "image"
RISK_AREAS = (QUALITY, CASH, IMAGE)

DOCUMENTED_YES, DOCUMENTED_PARTLY, DOCUMENTED_NO, DOCUMENTED_UNKNOWN = "yes", "partly", "no", ""

# What becomes of an activity.
OUTSOURCE, DOCUMENT_FIRST, SHARE, KEEP, TO_DECIDE = (
    "outsource",
    "document_first",
    "share",
    "keep",
    "to_decide",
)
VERDICTS = (OUTSOURCE, DOCUMENT_FIRST, SHARE, KEEP, TO_DECIDE)
# Share of the hours of a shared activity counted as won back: the vendor prepares and
# executes, the decision (and its time) stays inside.
SHARED_PART = Decimal("0.5")

FUNCTIONS = (
    "sales_admin",
    "accounting",
    "payroll",
    "it_support",
    "customer_support",
    "marketing",
    "prospection",
    "web",
)

# --- words -------------------------------------------------------------------------------

# Words that join others ("relation avec les gros comptes"): skipped before matching.
_JOINING = """
    a au aux avec ce ces cette d dans de des du en et l la le les leur leurs ma mes mon nos
    notre ou par pour sa sans ses son sur un une vos votre
    an and at by for from its of on or our the their to with your
"""
STOP_WORDS = frozenset(_JOINING.split())
WORD = re.compile(r"\w+", re.UNICODE)
MAX_GAP = 1  # content words allowed between two words of one rule ("suivi quotidien des …")


def fold(text: str) -> str:
    """Lower case, no accents, ligatures spelt out: "Relancés" → "relances"."""
    text = text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class _Word:
    folded: str
    start: int
    end: int


def _words(text: str) -> list[_Word]:
    found = []
    for m in WORD.finditer(text):
        folded = fold(m.group())
        if folded and folded not in STOP_WORDS and folded != "_":
            found.append(_Word(folded, m.start(), m.end()))
    return found


@dataclass(frozen=True)
class Rule:
    category: str
    reason: str
    words: tuple[re.Pattern[str], ...]
    functions: tuple[str, ...] = ()  # empty: every function


def _rule(category: str, reason: str, *words: str, functions: tuple[str, ...] = ()) -> Rule:
    return Rule(category, reason, tuple(re.compile(w) for w in words), functions)


S, H, R = STRATEGIC, SENSITIVE, REPETITIVE
KEY = r"cles?|clefs?|key"
ACCOUNTS = r"comptes?|accounts?"
BIG = r"gros|grands?|major|big|strategiques?|strategic"
NEGOTIATE = r"negoci\w*|negotiat\w*"
PAYMENTS = r"paiements?|payments?|virements?|reglements?"

RULES: tuple[Rule, ...] = (
    # Strategic: keep inside.
    _rule(S, "offer_design", r"concep\w*|conce\w*|design\w*|definition|defin\w*", r"offres?"),
    _rule(S, "offer_design", r"offers?|offerings?", r"design\w*|definition"),
    _rule(S, "offer_design", r"design\w*|definition", r"offers?|offerings?"),
    _rule(S, "key_account_relationship", r"relation\w*", ACCOUNTS, KEY),
    _rule(S, "key_account_relationship", r"relation\w*", BIG, ACCOUNTS),
    _rule(S, "key_account_relationship", r"relation\w*", r"key", ACCOUNTS),
    _rule(S, "key_account_relationship", r"key", ACCOUNTS, r"relation\w*"),
    _rule(S, "key_account_relationship", r"relation\w*", r"clients?|customers?", r"strategi\w*"),
    _rule(S, "key_account_relationship", r"strategic", r"customers?|clients?", r"relation\w*"),
    _rule(S, "negotiation", NEGOTIATE),
    _rule(S, "pricing", r"pricing|tarification"),
    _rule(
        S,
        "pricing",
        r"politique|fixation|arbitrages?|strategie|definition|choix|setting|policy",
        r"prix|tarifs?|prices?",
    ),
    _rule(S, "pricing", r"prices?", r"setting|policy|decisions?"),
    _rule(S, "pricing", r"chiffrag\w*|tarif\w*|pricing", r"devis|quotes?|offres?"),
    _rule(S, "credit_decision", r"decisions?|octroi|accord", r"credits?"),
    _rule(S, "credit_decision", r"credits?", r"decisions?|limits?|approvals?|granting"),
    _rule(S, "credit_decision", r"limites?|plafonds?", r"credits?|encours"),
    _rule(S, "segmentation", r"segment\w*|ciblage|targeting"),
    _rule(S, "segmentation", r"choi\w*|selection|definition", r"cibles?|targets?"),
    _rule(S, "strategy", r"strateg\w*"),
    _rule(S, "strategy", r"roadmaps?|positionn\w*|positioning"),
    _rule(S, "strategy", r"feuilles?", r"route"),
    _rule(S, "strategy", r"ligne|line", r"editorial\w*"),
    _rule(S, "strategy", r"editorial", r"line|policy"),
    _rule(S, "strategy", r"financ\w*"),
    _rule(S, "strategy", r"plans?|arbitrages?|decisions?|fixation", r"budget\w*"),
    _rule(S, "strategy", r"budgets?", r"decisions?|setting|planning"),
    _rule(S, "policy", r"politiques?|polic(y|ies)"),
    _rule(S, "policy", r"augmentations?|raises?"),
    _rule(S, "ownership", r"noms?|names?", r"domaines?"),
    _rule(S, "ownership", r"domain", r"names?"),
    _rule(S, "ownership", r"acces|access\w*", r"admin\w*"),
    _rule(S, "ownership", r"admin\w*", r"acces|access\w*"),
    # Sensitive: share, the decision stays inside.
    _rule(H, "key_accounts", ACCOUNTS, KEY),
    _rule(H, "key_accounts", BIG, ACCOUNTS),
    _rule(H, "key_accounts", r"key", ACCOUNTS),
    _rule(H, "key_accounts", r"grands?|gros|major|key", r"clients?|customers?"),
    _rule(H, "commercial_conditions", r"conditions?", r"commercial\w*|vente|sale|generales?"),
    _rule(H, "commercial_conditions", r"remises?|ristournes?|rabais|discounts?|rebates?"),
    _rule(H, "commercial_conditions", r"gestes?", r"commerci\w*"),
    _rule(H, "commercial_conditions", r"commercial", r"gestures?|terms?"),
    _rule(H, "commercial_conditions", r"terms?", r"sales?|payment"),
    _rule(H, "customer_blocking", r"blocag\w*|bloqu\w*|block\w*|suspen\w*"),
    _rule(H, "disputes", r"litiges?|disputes?|contentieux|litigations?"),
    _rule(H, "disputes", r"mises?", r"demeure"),
    _rule(H, "disputes", r"formal", r"notices?"),
    _rule(H, "complaints", r"reclamations?|complaints?|plaintes?|escalad\w*|escalat\w*"),
    _rule(H, "refunds", r"rembours\w*|refunds?|avoirs"),
    _rule(H, "refunds", r"credit", r"notes?"),
    _rule(H, "access_rights", r"droits?", r"acces"),
    _rule(H, "access_rights", r"access", r"rights?|grant\w*|management"),
    _rule(H, "access_rights", r"habilitations?|permissions?"),
    _rule(H, "access_rights", r"acces|access\w*", functions=("it_support", "web")),
    _rule(H, "security_incidents", r"incidents?", r"securite|security|cyber\w*"),
    _rule(H, "security_incidents", r"securite|security|cyber\w*", r"incidents?|breach\w*"),
    _rule(H, "security_incidents", r"cyberattaques?|cyberattacks?|piratages?|breach\w*"),
    _rule(
        H,
        "choice_of_tools",
        r"choi\w*|selection|purchas\w*|achats?",
        r"materiels?|equipment|logiciels?|software|outils?|tools?|fournisseurs?|suppliers?",
    ),
    _rule(
        H,
        "choice_of_tools",
        r"choosing|selecting|buying",
        r"equipment|software|tools?|hardware|suppliers?",
    ),
    _rule(H, "payment_approval", r"validation|valider|approv\w*|autoris\w*|signature", PAYMENTS),
    _rule(H, "employee_questions", r"questions?", r"salaries|employees?|staff|paie|pay"),
    _rule(H, "employee_questions", r"employees?", r"questions?|queries"),
    _rule(H, "employee_questions", r"questions?|queries", functions=("payroll",)),
    _rule(H, "lead_qualification", r"qualif\w*", r"leads?|prospects?"),
    _rule(H, "lead_qualification", r"leads?|prospects?", r"qualif\w*"),
    _rule(H, "evolutions", r"evolutions?|evolutiv\w*|evolutive"),
    _rule(H, "evolutions", r"new|nouvelles?", r"features?|fonctionnalites?"),
    _rule(H, "design", r"ux|ergonomie|maquettes?|charte"),
    _rule(H, "design", r"user", r"experience"),
    _rule(H, "design", r"experience", r"utilisateurs?|clients?"),
    _rule(H, "design", r"design"),
    _rule(H, "closing", r"clotur\w*|closing|closure"),
    _rule(H, "press", r"relations?", r"presse|press|medias?"),
    _rule(H, "press", r"press", r"relations?"),
    # Repetitive: may go out entirely.
    _rule(R, "data_entry", r"saisi\w*|encodage|keying"),
    _rule(R, "data_entry", r"data|order|orders", r"entry|entries|input"),
    _rule(R, "data_entry", r"crm"),
    _rule(R, "updates", r"mises?", r"jour"),
    _rule(R, "updates", r"updat\w*|patch\w*"),
    _rule(R, "prospect_follow_up", r"relanc\w*", functions=("prospection", "marketing")),
    _rule(R, "reminders", r"relanc\w*|reminders?", r"standards?|automati\w*|simples?|courantes?"),
    _rule(R, "reminders", r"standard|automatic|routine|simple", r"reminders?|dunning"),
    _rule(R, "reminders", r"relanc\w*|reminders?|dunning|rappels?"),
    _rule(R, "cash_in", r"encaiss\w*|lettrage|lettr\w*|recouvr\w*|collections?"),
    _rule(R, "cash_in", r"cash", r"in|collection|application"),
    _rule(R, "cash_in", r"suivi\w*|follow", r"encaiss\w*|paiements?|reglements?|payments?"),
    _rule(R, "cash_in", r"matching", r"payments?"),
    _rule(R, "cash_in", r"payments?", r"matching|allocation"),
    _rule(R, "follow_up", r"suivi\w*|tracking"),
    _rule(R, "follow_up", r"follow", r"ups?"),
    _rule(R, "reporting", r"report\w*|rapports?|dashboards?|statisti\w*"),
    _rule(R, "reporting", r"tableaux?", r"bord"),
    _rule(R, "preparation", r"prepar\w*"),
    _rule(R, "invoicing", r"factur\w*|invoic\w*|billing"),
    _rule(R, "bank_reconciliation", r"rapproch\w*|reconcil\w*"),
    _rule(R, "filing", r"classement|archiv\w*|filing|scan\w*|numeris\w*"),
    _rule(R, "orders", r"commandes?|orders?|livraisons?|deliver\w*|expedition\w*|shipping"),
    _rule(R, "payroll_run", r"bulletins?|fiches?|pay", r"paie|salaires?|slips?"),
    _rule(R, "payroll_run", r"payslips?|paie|payroll"),
    _rule(R, "declarations", r"declarations?|dsn|tva|vat|returns?"),
    _rule(R, "variables", r"variables?"),
    _rule(R, "absences", r"absences?|conges|arrets?|leaves?"),
    _rule(R, "expenses", r"notes?", r"frais"),
    _rule(R, "expenses", r"expenses?"),
    _rule(R, "bookkeeping", r"ecritures?|bookkeeping|comptabilis\w*|journal\w*|purchases?"),
    _rule(R, "bookkeeping", r"accounting", r"entries"),
    _rule(R, "formalities", r"formalit\w*|administrati(f|fs|ve|ves)|paperwork"),
    _rule(R, "helpdesk", r"tickets?|helpdesk|hotline|assistance"),
    _rule(R, "helpdesk", r"first|1st|premier|1", r"level|line|niveau"),
    _rule(R, "helpdesk", r"niveau|level", r"1|one"),
    _rule(R, "helpdesk", r"users?|utilisateurs?", r"requests?|demandes?|questions?"),
    _rule(R, "helpdesk", r"demandes?|requests?", r"utilisateurs?|users?|clients?|customers?"),
    _rule(R, "helpdesk", r"mots?", r"passe"),
    _rule(R, "helpdesk", r"passwords?"),
    _rule(R, "setup", r"install\w*|setup|deploi\w*|deploy\w*"),
    _rule(R, "setup", r"postes?", r"travail"),
    _rule(R, "setup", r"workstations?|laptops?|computers?|ordinateurs?"),
    _rule(R, "backups", r"sauvegard\w*|backups?"),
    _rule(R, "monitoring", r"supervision|monitor\w*|surveillance"),
    _rule(R, "knowledge_base", r"faq"),
    _rule(R, "knowledge_base", r"knowledge", r"base"),
    _rule(R, "knowledge_base", r"base", r"connaissances?"),
    _rule(R, "surveys", r"enquetes?|surveys?|questionnaires?"),
    _rule(R, "publishing", r"posts?|publications?|newsletters?|e?mailings?"),
    _rule(R, "publishing", r"reseaux", r"sociaux"),
    _rule(R, "publishing", r"social", r"media|networks?"),
    _rule(R, "content", r"articles?|redaction|contenus?|content|blog\w*|writing"),
    _rule(R, "logistics", r"logisti\w*"),
    _rule(R, "prospect_lists", r"listes?|lists?|fichiers?|files?|bases?", r"prospect\w*"),
    _rule(R, "prospect_lists", r"prospect\w*", r"lists?|listes?|databases?"),
    _rule(R, "calling", r"sequences?|phoning|appels?|calls?|calling|cold"),
    _rule(R, "calling", r"prises?", r"rendez"),
    _rule(R, "calling", r"rendez", r"vous"),
    _rule(R, "calling", r"booking|appointments?|meetings?"),
    _rule(R, "maintenance", r"maintenance|hebergement|hosting"),
    _rule(R, "maintenance", r"bugs?|correcti\w*|fix\w*"),
    _rule(R, "seo", r"seo|referencement"),
)


@dataclass(frozen=True)
class Match:
    """One rule found in a text: its class, its reason and the words as typed."""

    category: str
    reason: str
    words: str


@dataclass(frozen=True)
class Suggestion:
    """The class a text suggests, why, and what was set aside for a more protective class."""

    category: str
    reason: str
    words: str
    outweighed: tuple[Match, ...] = ()  # matches of less protective classes

    @property
    def conflict(self) -> bool:
        return bool(self.outweighed)


def _find(rule: Rule, words: Sequence[_Word]) -> tuple[int, int] | None:
    """Indices of the first and last word where ``rule`` matches, or None."""
    n = len(rule.words)
    for i, w in enumerate(words):
        if not rule.words[0].fullmatch(w.folded):
            continue
        at, ok = i, True
        for pattern in rule.words[1:]:
            nxt = next(
                (
                    j
                    for j in range(at + 1, min(at + 2 + MAX_GAP, len(words)))
                    if pattern.fullmatch(words[j].folded)
                ),
                None,
            )
            if nxt is None:
                ok = False
                break
            at = nxt
        if ok and (n == 1 or at > i):
            return i, at
    return None


def matches(text: str, function: str = "") -> list[Match]:
    """Every rule found in ``text``, the most specific of each place first."""
    words = _words(text)
    found: list[tuple[int, int, Rule]] = []
    for rule in RULES:
        if rule.functions and function not in rule.functions:
            continue
        hit = _find(rule, words)
        if hit is not None:
            found.append((hit[0], hit[1], rule))
    # One reason per class and span: the longest span first, then the earliest.
    found.sort(key=lambda f: (-PROTECTION[f[2].category], f[0] - f[1], f[0]))
    out: list[Match] = []
    seen: set[tuple[str, str]] = set()
    for start, end, rule in found:
        key = (rule.category, rule.reason)
        if key in seen:
            continue
        seen.add(key)
        out.append(Match(rule.category, rule.reason, text[words[start].start : words[end].end]))
    return out


def _decide(found: list[Match]) -> Suggestion | None:
    if not found:
        return None
    best = found[0]  # sorted: the most protective class, its longest match first
    others = tuple(
        m
        for m in found
        if PROTECTION[m.category] < PROTECTION[best.category]
        and m.words.casefold() not in best.words.casefold()
    )
    # One set-aside match per class is enough to say why.
    seen: set[str] = set()
    outweighed = []
    for m in others:
        if m.category not in seen:
            seen.add(m.category)
            outweighed.append(m)
    return Suggestion(best.category, best.reason, best.words, tuple(outweighed))


def suggest(name: str, description: str = "", function: str = "") -> Suggestion | None:
    """The class the name suggests (the description when the name says nothing), or None:
    no suggestion, the leader decides."""
    return _decide(matches(name or "", function)) or _decide(matches(description or "", function))


# --- the result of a diagnostic ----------------------------------------------------------


@dataclass(frozen=True)
class ActivityFacts:
    """What the result needs of one activity; hours may be unknown (None)."""

    category: str
    documented: str
    hours: Decimal | None = None
    leader_hours: Decimal | None = None


@dataclass(frozen=True)
class RiskFacts:
    area: str
    likelihood: str = ""
    impact: str = ""
    cost: Decimal | None = None


@dataclass(frozen=True)
class ActivityResult:
    verdict: str
    hours: Decimal
    leader_hours: Decimal
    team_hours: Decimal
    leader_hours_back: Decimal  # won back now (shared ones: the shared part)
    team_hours_freed: Decimal


@dataclass(frozen=True)
class RiskResult:
    area: str
    level: str | None  # None: likelihood or impact not given
    cost: Decimal | None


@dataclass(frozen=True)
class Readiness:
    points: Decimal  # 0 to 4, in halves
    answered: int
    verdict: str  # READY, PREPARE, NOT_READY or NOT_ANSWERED
    weak: tuple[str, ...]  # questions answered "no" or "partly", in checklist order
    unanswered: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.unanswered


@dataclass(frozen=True)
class Outcome:
    activities: tuple[ActivityResult, ...]
    counts: dict[str, int]  # verdict → number of activities
    hours: dict[str, Decimal]  # verdict → hours per month
    leader_hours: dict[str, Decimal]  # verdict → the leader's hours per month
    total_hours: Decimal
    total_leader_hours: Decimal
    leader_hours_back: Decimal  # outsource + the shared part of share
    leader_hours_back_documented: Decimal  # the same once "document first" is documented
    team_hours_freed: Decimal
    team_hours_freed_documented: Decimal
    without_hours: int  # activities whose hours are not estimated yet
    readiness: Readiness
    risks: tuple[RiskResult, ...]
    risk_cost: Decimal  # total of the estimated costs given
    worst_risk: str | None
    risks_assessed: int


def verdict(category: str, documented: str) -> str:
    if category == STRATEGIC:
        return KEEP
    if category == SENSITIVE:
        return SHARE
    if category == REPETITIVE:
        return OUTSOURCE if documented == DOCUMENTED_YES else DOCUMENT_FIRST
    return TO_DECIDE


def _hours(value: Decimal | None) -> Decimal:
    return value if value is not None and value > 0 else Decimal("0")


def activity_result(facts: ActivityFacts) -> ActivityResult:
    hours = _hours(facts.hours)
    # The leader's hours are part of the activity's: never more than them.
    leader = min(_hours(facts.leader_hours), hours)
    team = hours - leader
    v = verdict(facts.category, facts.documented)
    part = {OUTSOURCE: Decimal("1"), SHARE: SHARED_PART}.get(v, Decimal("0"))
    return ActivityResult(v, hours, leader, team, leader * part, team * part)


def risk_level(likelihood: str, impact: str) -> str | None:
    return MATRIX.get((likelihood, impact))


def readiness(answers: Mapping[str, str]) -> Readiness:
    given = {q: answers.get(q, UNANSWERED) for q in QUESTIONS}
    given = {q: a if a in ANSWERS else UNANSWERED for q, a in given.items()}
    points = sum((POINTS[a] for a in given.values()), Decimal("0"))
    answered = sum(1 for a in given.values() if a)
    weak = tuple(q for q in QUESTIONS if given[q] in (NO, PARTLY))
    unanswered = tuple(q for q in QUESTIONS if not given[q])
    if not answered:
        decided = NOT_ANSWERED
    elif points >= READY_FROM:
        decided = READY
    elif points >= PREPARE_FROM:
        decided = PREPARE
    else:
        decided = NOT_READY
    return Readiness(points, answered, decided, weak, unanswered)


def outcome(
    activities: Iterable[ActivityFacts],
    answers: Mapping[str, str] | None = None,
    risks: Iterable[RiskFacts] = (),
) -> Outcome:
    """The result of a diagnostic: what becomes of each activity, the hours won back, the
    readiness verdict and the level of each risk."""
    facts = list(activities)
    results = tuple(activity_result(a) for a in facts)
    counts = dict.fromkeys(VERDICTS, 0)
    hours = {v: Decimal("0") for v in VERDICTS}
    leader = {v: Decimal("0") for v in VERDICTS}
    for r in results:
        counts[r.verdict] += 1
        hours[r.verdict] += r.hours
        leader[r.verdict] += r.leader_hours
    back = sum((r.leader_hours_back for r in results), Decimal("0"))
    freed = sum((r.team_hours_freed for r in results), Decimal("0"))
    doc = [r for r in results if r.verdict == DOCUMENT_FIRST]
    risk_results = tuple(
        RiskResult(r.area, risk_level(r.likelihood, r.impact), r.cost) for r in risks
    )
    levels = [r.level for r in risk_results if r.level]
    return Outcome(
        activities=results,
        counts=counts,
        hours=hours,
        leader_hours=leader,
        total_hours=sum(hours.values(), Decimal("0")),
        total_leader_hours=sum(leader.values(), Decimal("0")),
        leader_hours_back=back,
        leader_hours_back_documented=back + sum((r.leader_hours for r in doc), Decimal("0")),
        team_hours_freed=freed,
        team_hours_freed_documented=freed + sum((r.team_hours for r in doc), Decimal("0")),
        without_hours=sum(1 for a in facts if a.hours is None),
        readiness=readiness(answers or {}),
        risks=risk_results,
        risk_cost=sum((r.cost for r in risk_results if r.cost is not None), Decimal("0")),
        worst_risk=max(levels, key=LEVEL_ORDER.__getitem__) if levels else None,
        risks_assessed=len(levels),
    )
