"""Qualifications Québec, a committee, a standard and dossiers for tests."""

from __future__ import annotations

import factory

from atout.accounts.models import Organisation
from atout.accounts.tests.factories import OrganisationFactory
from atout.participants.tests.factories import ParticipantFactory
from atout.recognition.models import Dossier, EmploymentStatus
from atout.standards.models import Competency, Element, Standard


class QualificationsFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Qualifications Québec {n}")
    kind = Organisation.Kind.QUALIFICATIONS


class CommitteeFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Comité sectoriel {n}")
    kind = Organisation.Kind.COMMITTEE


class StandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Standard

    title_fr = factory.Sequence(lambda n: f"Cuisinier ou cuisinière {n}")
    title_en = "Cook"
    noc_code = "63200"
    committee = factory.SubFactory(CommitteeFactory)


def cook_standard(committee=None) -> Standard:
    """Two competencies: one with two elements, one to be completed by the committee."""
    standard = StandardFactory(**({"committee": committee} if committee else {}))
    plan = Competency.objects.create(
        standard=standard, number=1, title_fr="Planifier son travail", title_en="Plan the work"
    )
    Element.objects.create(competency=plan, number=1, title_fr="Lire la commande")
    Element.objects.create(competency=plan, number=2, title_fr="Organiser le poste")
    Competency.objects.create(
        standard=standard,
        number=2,
        title_fr="Réaliser une recette",
        title_en="Make a recipe",
        to_be_completed=True,
    )
    return standard


class DossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dossier

    organisation = factory.SubFactory(QualificationsFactory)
    participant = factory.SubFactory(
        ParticipantFactory, organisation=factory.SelfAttribute("..organisation")
    )
    standard = factory.SubFactory(StandardFactory)
    employment_status = EmploymentStatus.EMPLOYED
    years_in_trade = 6
    never_recognised = True
