import datetime

import factory

from atout.evidence.models import (
    Achievement,
    Certificate,
    Education,
    Experience,
    PersonalProfile,
    Reference,
)
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


class EducationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Education

    participant = factory.SubFactory(ParticipantFactory)
    program_fr = "Diplôme d'études secondaires"
    program_en = "High school diploma"
    school = "École secondaire de la Cité"
    place = "Québec"
    year = 2012


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    participant = factory.SubFactory(ParticipantFactory)
    name_fr = "SIMDUT 2015"
    name_en = "WHMIS 2015"
    issuer = "CNESST"
    obtained_on = datetime.date(2025, 3, 14)
    expires_on = datetime.date(2028, 3, 14)


class PersonalProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonalProfile

    participant = factory.SubFactory(ParticipantFactory)
    interests_fr = "Cuisine, jardinage communautaire"
    interests_en = "Cooking, community gardening"
    values_fr = "Entraide, ponctualité"
    values_en = "Mutual help, punctuality"


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reference

    participant = factory.SubFactory(ParticipantFactory)
    name = "Louise Tremblay"
    relationship_fr = "Responsable des bénévoles"
    relationship_en = "Volunteer coordinator"
    organisation = "Moisson Québec"
    phone = "418 555-0142"
    referee_agreed = True
    listed_on_cv = True
