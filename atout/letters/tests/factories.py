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


def make_passport_with_evidence(participant):
    """A passport with an objective and three key competencies, each with accepted proof;
    the first also has a proof the participant proposed (not accepted: never used)."""
    from atout.evidence.models import Review
    from atout.evidence.tests.factories import AchievementFactory
    from atout.passports.models import KeyCompetency, KeyCompetencyEvidence, Passport

    passport = Passport.objects.create(
        participant=participant,
        objective_fr="Préposée à l’entretien ménager dans un hôtel",
        objective_en="Housekeeping attendant in a hotel",
    )
    specs = [
        ("Service à la clientèle", "Customer service", "banque alimentaire", "food bank"),
        ("Travail d’équipe", "Teamwork", "dépanneur", "corner store"),
        ("Souci du détail", "Attention to detail", "buanderie", "laundry"),
        ("Ponctualité", "Punctuality", "bénévolat", "volunteering"),
    ]
    for position, (fr, en, where_fr, where_en) in enumerate(specs, start=1):
        kc = KeyCompetency.objects.create(
            passport=passport, position=position, title_fr=fr, title_en=en
        )
        if position == 1:
            proposed = AchievementFactory(
                participant=participant,
                review=Review.PROPOSED,
                situation_fr="PROPOSÉE situation",
                action_fr="PROPOSÉE action",
                result_fr="PROPOSÉE résultat",
            )
            KeyCompetencyEvidence.objects.create(
                key_competency=kc, achievement=proposed, position=0
            )
        accepted = AchievementFactory(
            participant=participant,
            situation_fr=f"Situation à la {where_fr}",
            action_fr=f"J'ai agi à la {where_fr}",
            result_fr=f"Résultat à la {where_fr}",
            situation_en=f"Situation at the {where_en}",
            action_en=f"I acted at the {where_en}",
            result_en=f"Result at the {where_en}",
        )
        KeyCompetencyEvidence.objects.create(key_competency=kc, achievement=accepted, position=1)
    return passport
