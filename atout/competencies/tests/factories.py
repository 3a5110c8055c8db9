import factory

from atout.competencies.models import (
    Competency,
    CompetencyFamily,
    CompetencyFramework,
    Indicator,
    SelfEvaluation,
    SoughtCompetency,
    WorkforceProfile,
)
from atout.participants.tests.factories import ParticipantFactory

SCALE = [
    {"value": 1, "label_fr": "Pas encore", "label_en": "Not yet"},
    {"value": 2, "label_fr": "Avec de l'aide", "label_en": "With help"},
    {"value": 3, "label_fr": "Seul", "label_en": "On my own"},
    {"value": 4, "label_fr": "Facilement", "label_en": "Easily"},
    {"value": 0, "label_fr": "Je ne sais pas", "label_en": "I don't know"},
]


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetencyFramework

    code = factory.Sequence(lambda n: f"TEST-{n}")
    version = "1"
    name_fr = "Référentiel d'essai"
    name_en = "Test framework"
    scale = SCALE


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetencyFamily

    framework = factory.SubFactory(FrameworkFactory)
    code = factory.Sequence(lambda n: f"F{n}")
    name_fr = "Communiquer"
    name_en = "Communication"


class CompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competency

    family = factory.SubFactory(FamilyFactory)
    framework = factory.SelfAttribute("family.framework")
    code = factory.Sequence(lambda n: f"C-{n:02d}")
    name_fr = "Écouter"
    name_en = "Listening"


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    competency = factory.SubFactory(CompetencyFactory)
    code = factory.Sequence(lambda n: f"I-{n}")
    text_fr = "Je peux suivre une consigne."
    text_en = "I can follow an instruction."


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfEvaluation

    participant = factory.SubFactory(ParticipantFactory)
    framework = factory.LazyFunction(lambda: IndicatorFactory().competency.framework)


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkforceProfile

    code = factory.Sequence(lambda n: f"PMO-{n}")
    noc_code = "65100"
    title_fr = "Caissiers/caissières"
    title_en = "Cashiers"


class SoughtFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SoughtCompetency

    profile = factory.SubFactory(ProfileFactory)
    competency = factory.SubFactory(CompetencyFactory)
    importance = 3
