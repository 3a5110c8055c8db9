"""Demo data of issue 13 (helper inc): the person in charge of Carrefour emploi Limoilou and one
entry of its incident register. Idempotent, like the rest of seed_demo."""
# ruff: noqa: E501  (demo sentences read better whole)

from __future__ import annotations

import datetime

from atout.accounts.models import Membership, Role

OFFICER = {
    "privacy_officer_name": "Geneviève Tremblay",
    "privacy_officer_title": "Coordonnatrice, par délégation de la direction générale",
    "privacy_officer_email": "confidentialite@carrefour-limoilou.test",
    "privacy_officer_phone": "418 555-0111",
}

INCIDENT = {
    "title": "Liste de présences envoyée au mauvais destinataire",
    "information_involved": "Prénoms, noms et numéros de téléphone de participantes et participants d’un atelier.",
    "circumstances": "Une liste de présences a été jointe par erreur à un courriel envoyé à un fournisseur. Le fournisseur a confirmé par écrit l’avoir supprimée le jour même.",
    "occurred_from": datetime.date(2026, 10, 14),
    "learned_on": datetime.date(2026, 10, 14),
    "persons_concerned": 9,
    "risk_sensitivity": "Faible : coordonnées seulement, aucune information sur la santé ou le revenu.",
    "risk_malicious_uses": "Sollicitation non désirée.",
    "risk_consequences": "Appels ou courriels non désirés.",
    "risk_likelihood": "Très faible : suppression confirmée par écrit.",
    "serious_risk": "no",
    "measures": "Confirmation écrite de la suppression; rappel à l’équipe sur la vérification des pièces jointes.",
}


def seed_privacy(orgs: dict, users: dict) -> None:
    from atout.incidents.models import Incident

    organisation = orgs["org1"]
    for name, value in OFFICER.items():
        setattr(organisation, name, value)
    organisation.save(update_fields=list(OFFICER))
    officer = users["conseillere@atout.test"]
    Membership.objects.get_or_create(
        user=officer, organisation=organisation, role=Role.PRIVACY_OFFICER
    )
    if not Incident.objects.filter(organisation=organisation, title=INCIDENT["title"]).exists():
        Incident.objects.create(organisation=organisation, recorded_by=officer, **INCIDENT)
