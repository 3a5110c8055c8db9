import datetime

import factory

from atout.letters.models import CoverLetter
from atout.participants.tests.factories import ParticipantFactory


class CoverLetterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoverLetter

    participant = factory.SubFactory(ParticipantFactory)
    language = "fr"
    employer_name = "Hôtel Le Concorde"
    contact_name = ""
    employer_address = "1225, cours du Général-De Montcalm\nQuébec (Québec)  G1R 4W6"
    place = "Québec"
    letter_date = datetime.date(2026, 11, 30)
    subject = ""
    body = (
        "Je vous écris pour vous offrir mes services.\n\n"
        "J’ai accueilli une quarantaine de familles chaque vendredi."
    )
    signature_name = "Émilie Gagnon"
