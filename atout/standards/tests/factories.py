import factory

from atout.accounts.models import Organisation, Role
from atout.accounts.tests.factories import OrganisationFactory, member
from atout.standards.models import Competency, Criterion, Element, Standard


class CommitteeFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Comité sectoriel {n}")
    kind = Organisation.Kind.COMMITTEE


class StandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Standard

    title_fr = factory.Sequence(lambda n: f"Métier d’essai {n}")
    title_en = factory.Sequence(lambda n: f"Test trade {n}")
    noc_code = "99999"
    committee = factory.SubFactory(CommitteeFactory)


class CompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competency

    standard = factory.SubFactory(StandardFactory)
    number = factory.Sequence(lambda n: n + 1)
    title_fr = factory.Sequence(lambda n: f"Compétence {n}")


class ElementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Element

    competency = factory.SubFactory(CompetencyFactory)
    number = factory.Sequence(lambda n: n + 1)
    title_fr = factory.Sequence(lambda n: f"Élément {n}")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    element = factory.SubFactory(ElementFactory)
    number = factory.Sequence(lambda n: n + 1)
    text_fr = factory.Sequence(lambda n: f"Critère {n}")


def evaluator(committee: Organisation, **fields):
    return member(committee, Role.COMMITTEE_EVALUATOR, **fields)


def full_standard(**fields) -> Standard:
    """A standard with two competencies, one with two elements and criteria."""
    standard = StandardFactory(**fields)
    first = CompetencyFactory(standard=standard, number=1, title_fr="Planifier", title_en="Plan")
    CompetencyFactory(
        standard=standard,
        number=2,
        kind=Competency.Kind.COMPLEMENTARY,
        title_fr="Développer",
        to_be_completed=True,
    )
    element = ElementFactory(competency=first, number=1, title_fr="Lire la commande")
    ElementFactory(competency=first, number=2, title_fr="Préparer le poste")
    CriterionFactory(element=element, number=1, text_fr="=SOMME(A1)", text_en="Reads")
    CriterionFactory(element=element, number=2, text_fr="Texte « guillemets », virgule")
    return standard
