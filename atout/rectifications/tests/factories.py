import datetime

import factory
from django.utils import timezone

from atout.participants.tests.factories import ParticipantFactory
from atout.rectifications.models import RectificationRequest, due_date


class RectificationFactory(factory.django.DjangoModelFactory):
    """A request about the file's family name, as the person's form records it."""

    class Meta:
        model = RectificationRequest

    participant = factory.SubFactory(ParticipantFactory)
    model_label = "participants.participant"
    object_id = factory.SelfAttribute("participant.pk")
    field_name = "family_name"
    field_label = "Identité et coordonnées — Nom de famille"
    value_shown = factory.SelfAttribute("participant.family_name")
    what_is_wrong = "Il manque le trait d'union."
    should_be = "Gagnon-Roy"
    requested_at = factory.LazyFunction(timezone.now)
    due_on = factory.LazyAttribute(lambda o: due_date(o.requested_at))


def overdue(participant, days: int = 3, **kwargs) -> RectificationRequest:
    """A request whose 30 days ran out `days` days ago."""
    asked = timezone.now() - datetime.timedelta(days=30 + days)
    return RectificationFactory(
        participant=participant, requested_at=asked, due_on=due_date(asked), **kwargs
    )
