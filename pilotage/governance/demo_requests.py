"""The demo's requests to the vendor, relationship audits and calendar feed.

On ADV (held by Recouvra): a year of requests by the referent (sometimes the owner), about one
a week, answered by Nadia in half a day to six working days; two still open and one very late.
On IT support a few requests to Axiome. Two relationship audits on ADV (last year, this year).
Claire's calendar address. Dates from today; loading twice changes nothing."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.utils import timezone

from pilotage.core.models import Membership, Organisation
from pilotage.engagements.models import Function

from . import requests_services as services
from .models import CalendarFeed, RelationshipReview, Request

OWNER = "claire.martin@ateliers-rhone.fr"
REFERENT = "julien.petit@ateliers-rhone.fr"
VENDOR = "nadia.haddad@recouvra.fr"
IT_REFERENT = "sophie.bernard@ateliers-rhone.fr"
IT_VENDOR = "thomas.roux@axiome-it.fr"

CUSTOMERS = ["Dupont", "Garnier Frères", "Boulangeries Morel", "SCI Lambert", "Transports Vidal"]
MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip

# (subject, request, answer): {c} a customer, {n} an invoice number, {m} a month.
ADV = [
    (
        "Relance client {c} – litige facture {n}",
        "Le client {c} conteste la facture {n} (quantités livrées). Merci de suspendre les "
        "relances et de nous dire ce qu'il a répondu exactement.",
        "Relances suspendues. Le client attend l'avoir de 2 palettes ; bon de livraison "
        "signé joint au dossier.",
    ),
    (
        "Export mensuel des encaissements – {m}",
        "Pouvez-vous nous envoyer l'export des encaissements de {m}, par client, au format CSV ?",
        "Export déposé dans l'espace partagé (encaissements-{m}.csv).",
    ),
    (
        "Balance âgée au dernier jour du mois",
        "Merci de nous transmettre la balance âgée par client, tranches 0-30, 31-60, 61-90, +90.",
        "Envoyée par e-mail, avec le commentaire sur les 5 plus gros retards.",
    ),
    (
        "Mise à jour des coordonnées de facturation – {c}",
        "Le client {c} a changé d'adresse de facturation et d'interlocuteur comptable.",
        "Fiche client mise à jour, prochaine facture envoyée à la nouvelle adresse.",
    ),
    (
        "Échéancier de paiement demandé par {c}",
        "{c} demande à régler {n} en trois fois. Quelles conditions proposez-vous ?",
        "Proposition : 3 mensualités, première à réception, sans pénalités si respecté. "
        "À valider par la direction.",
    ),
    (
        "Relance téléphonique des gros encours",
        "Pouvez-vous appeler cette semaine les 5 plus gros encours échus de plus de 30 jours ?",
        "Appels passés : 3 promesses de paiement datées, 1 litige ouvert, 1 injoignable.",
    ),
    (
        "Facture {n} non reçue par le client {c}",
        "{c} dit ne jamais avoir reçu la facture {n}. Pouvez-vous vérifier l'envoi ?",
        "Envoyée le jour de l'émission à la mauvaise adresse ; renvoyée ce jour.",
    ),
    (
        "Lettrage des règlements partiels de {c}",
        "Plusieurs règlements partiels de {c} ne sont pas lettrés. Merci de les rapprocher.",
        "Lettrage fait, reste dû 1 240,00 € sur la facture {n}.",
    ),
    (
        "Point sur les promesses de paiement de {m}",
        "Combien de promesses de paiement de {m} ont été tenues ?",
        "18 promesses, 14 tenues, 4 relancées (détail dans le tableau de bord).",
    ),
    (
        "Avoir à émettre pour {c}",
        "Suite au retour de marchandise, un avoir sur {n} est à émettre. Pouvez-vous le préparer ?",
        "Avoir préparé, en attente de votre validation dans l'outil.",
    ),
]
IT_REQUESTS = [
    (
        "Création du compte ERP pour la nouvelle comptable",
        "Arrivée lundi de Léa Fontaine : compte ERP et messagerie à créer.",
        "Comptes créés, identifiants remis en main propre.",
    ),
    (
        "Inventaire des licences Office",
        "Pouvez-vous nous transmettre l'inventaire des licences et leur date de fin ?",
        "Inventaire envoyé : 23 licences, renouvellement au 1er mars.",
    ),
    (
        "Plan de sauvegarde du serveur de production",
        "Quel est le plan de sauvegarde actuel et quand a eu lieu le dernier test de restauration ?",
        "Sauvegarde quotidienne, test de restauration réalisé le mois dernier, compte rendu joint.",
    ),
]
REVIEWS = {
    "last": (
        {
            "contact_points": (3, "Comités tenus mais sans compte rendu systématique."),
            "impact_indicators": (2, "On compte surtout les relances envoyées."),
            "objectives": (3, "Le DSO n'est suivi que depuis trois mois."),
            "proactive": (2, "Recouvra attend nos demandes pour agir."),
            "feedback": (2, "Rien n'a changé dans nos CGV malgré les litiges récurrents."),
        }
    ),
    "this": (
        {
            "contact_points": (5, "Comité mensuel et point hebdo tenus, comptes rendus sous 48 h."),
            "impact_indicators": (4, "DSO et taux payé à l'échéance suivis chaque mois."),
            "objectives": (4, "Les actions servent l'objectif DSO ; la facturation sous 48 h reste à tenir."),
            "proactive": (3, "Quelques alertes sur les gros encours, encore trop peu de propositions."),
            "feedback": (4, "Les CGV ont été revues après l'analyse des litiges."),
        }
    ),
}  # fmt: skip


def _person(org: Organisation, email: str):
    m = (
        Membership.objects.filter(organisation=org, user__email=email)
        .select_related("user")
        .first()
    )
    return m.user if m else None


def _working_later(start: dt.datetime, days: float) -> dt.datetime:
    """``start`` plus ``days`` working days (weekends skipped), kept within office hours."""
    at = start
    left = dt.timedelta(days=days)
    while left > dt.timedelta(0):
        step = min(left, dt.timedelta(hours=1))
        at += step
        if at.weekday() < 5:
            left -= step
    if at.weekday() >= 5:
        at += dt.timedelta(days=7 - at.weekday())
    if not 8 <= at.hour < 19:
        at = at.replace(hour=9 if at.hour < 8 else 17, minute=15)
    return at


def _requests(engagement, authors, answerer, texts, count: int, open_last: int, zone, rng):
    today = timezone.localdate()
    now = timezone.now()
    step = 365 / count
    for i in range(count):
        day = today - dt.timedelta(days=int(365 - i * step))
        if i >= count - open_last:  # the latest ones: asked these last days
            day = today - dt.timedelta(days=2 * (count - i))
        while day.weekday() >= 5:
            day -= dt.timedelta(days=1)
        asked = dt.datetime.combine(
            day, dt.time(rng.choice([8, 9, 10, 11, 14, 15, 16]), rng.choice([0, 15, 30, 45]))
        ).replace(tzinfo=zone)
        if asked > now:
            continue
        subject, body, answer = texts[i % len(texts)]
        values = {
            "c": rng.choice(CUSTOMERS),
            "n": f"FA-{day.year}-{rng.randint(100, 999):04d}",
            "m": MONTHS[(day.month - 2) % 12],
        }
        author = authors[0] if i % 5 else authors[-1]
        req = services.request_create(
            actor=author,
            engagement=engagement,
            subject=subject.format(**values),
            body=body.format(**values),
            asked_at=asked,
            notify_people=False,
        )
        if i >= count - open_last:
            continue  # the latest ones wait for their answer
        if i == count - open_last - 6:
            continue  # one very late: asked weeks ago, still no answer
        delay = rng.choice([0.5, 0.8, 1, 1.2, 1.5, 2, 2, 2.5, 3, 4, 6])
        answered = min(_working_later(asked, delay), now - dt.timedelta(hours=1))
        if answered <= asked:
            continue
        by_phone = i % 9 == 4  # given by phone, typed by the referent
        services.request_answer(
            actor=authors[0] if by_phone else answerer,
            request=req,
            answer=answer.format(**values),
            answered_at=answered,
            notify_people=False,
        )


def load(org: Organisation) -> None:
    owner = _person(org, OWNER)
    if owner is None:
        return
    zone = ZoneInfo(org.timezone or "Europe/Paris")
    rng = random.Random(20261)
    today = timezone.localdate()
    sales = org.engagements.filter(function=Function.SALES_ADMIN).first()
    referent = _person(org, REFERENT) or owner
    nadia = _person(org, VENDOR)
    if sales is not None and nadia is not None:
        if not Request.objects.filter(engagement=sales).exists():
            _requests(sales, [referent, owner], nadia, ADV, 52, 2, zone, rng)
        if not RelationshipReview.objects.filter(engagement=sales).exists():
            for key, held_on in (
                ("last", today - dt.timedelta(days=365 + 12)),
                ("this", today - dt.timedelta(days=12)),
            ):
                services.review_create(
                    actor=owner,
                    engagement=sales,
                    held_on=held_on,
                    answers={
                        k: {"score": score, "comment": comment}
                        for k, (score, comment) in REVIEWS[key].items()
                    },
                )
    it = org.engagements.filter(function=Function.IT_SUPPORT).first()
    thomas = _person(org, IT_VENDOR)
    if it is not None and thomas is not None and not Request.objects.filter(engagement=it).exists():
        _requests(it, [_person(org, IT_REFERENT) or owner], thomas, IT_REQUESTS, 5, 1, zone, rng)
    if not CalendarFeed.objects.filter(user=owner, organisation=org).exists():
        services.calendar_feed_renew(actor=owner, organisation=org)
