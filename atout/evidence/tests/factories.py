import datetime

import factory

from atout.evidence.models import Achievement, Experience
from atout.participants.tests.factories import ParticipantFactory


class ExperienceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Experience

    participant = factory.SubFactory(ParticipantFactory)
    kind = Experience.Kind.VOLUNTEERING
    title = "Bénévole à la banque alimentaire"
    place = "Moisson Québec, Québec"
    role = "Accueil"
    started_on = datetime.date(2024, 9, 1)


class AchievementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Achievement

    participant = factory.SubFactory(ParticipantFactory)
    experience = None
    situation_fr = "Chaque vendredi, une quarantaine de familles arrivaient en deux heures."
    action_fr = "J'ai mis en place des numéros d'attente et formé deux bénévoles."
    result_fr = "L'attente est passée de 45 à 15 minutes."
