import datetime

import factory

from atout.accounts.tests.factories import OrganisationFactory
from atout.incidents.models import Incident


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Courriel envoyé au mauvais destinataire {n}")
    information_involved = "Nom et numéro de téléphone de participantes"
    circumstances = "Une liste a été jointe par erreur à un courriel externe."
    occurred_from = datetime.date(2026, 10, 2)
    learned_on = datetime.date(2026, 10, 3)
    persons_concerned = 4


def incident_data(**overrides) -> dict:
    """What the form posts for a complete entry (strings, as a browser sends them)."""
    data = {
        "title": "Clé USB perdue",
        "information_involved": "Curriculum vitæ de participants",
        "information_unknown_reason": "",
        "circumstances": "Une clé USB non chiffrée a été oubliée dans un autobus.",
        "occurred_from": "2026-11-02",
        "occurred_to": "",
        "learned_on": "2026-11-03",
        "persons_concerned": "12",
        "persons_approximate": "on",
        "risk_sensitivity": "Coordonnées et parcours professionnel",
        "risk_malicious_uses": "Hameçonnage",
        "risk_consequences": "Sollicitations non désirées",
        "risk_likelihood": "Faible",
        "serious_risk": "no",
        "cai_notified_on": "",
        "persons_notified_on": "",
        "public_notice_on": "",
        "public_notice_reasons": "",
        "measures": "Chiffrement obligatoire des clés USB.",
        "version": "",
    }
    data.update(overrides)
    return data
