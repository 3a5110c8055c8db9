"""Agreements and participations for tests (built through the services where they record
events)."""

from __future__ import annotations

from atout.accounts.tests.factories import CleFactory
from atout.participations import services
from atout.participations.models import Participation
from atout.referrals.models import EntryRoute
from atout.referrals.tests.factories import AgreementFactory

__all__ = ["AgreementFactory", "participation_for", "sent_feedback_participation"]


def participation_for(
    participant, *, actor, status: str = Participation.Status.ACCEPTED, cle=None, **fields
) -> Participation:
    """An accepted participation of the file (its referring CLE), moved on to `status` along
    the machine's usual path, each move recorded."""
    cle = cle or participant.referring_cle or CleFactory()
    agreement = AgreementFactory(cle=cle, organisation=participant.organisation)
    participation = services.open_participation(
        actor=actor,
        participant=participant,
        cle=cle,
        agreement=agreement,
        entry_route=fields.pop("entry_route", EntryRoute.INDIVIDUAL_PATHWAY),
        counsellor=fields.pop("counsellor", participant.counsellor),
        **fields,
    )
    path = {
        Participation.Status.ACCEPTED: [],
        Participation.Status.IN_PROGRESS: [Participation.Status.IN_PROGRESS],
        Participation.Status.PASSPORT_PRODUCED: [
            Participation.Status.IN_PROGRESS,
            Participation.Status.PASSPORT_PRODUCED,
        ],
        Participation.Status.COMPLETED: [
            Participation.Status.IN_PROGRESS,
            Participation.Status.COMPLETED,
        ],
        Participation.Status.ABANDONED: [Participation.Status.ABANDONED],
        Participation.Status.INTERRUPTED: [
            Participation.Status.IN_PROGRESS,
            Participation.Status.INTERRUPTED,
        ],
    }[status]
    for to in path:
        participation = services.participation_move(
            actor=actor,
            participation=participation,
            to=to,
            note="Raison de test" if to in services.REASON_REQUIRED else "",
        )
    return participation


def sent_feedback_participation(participant, counsellor) -> Participation:
    """Passport produced, with a feedback report sent to the file's referring CLE."""
    from atout.participations.models import Outcome

    participation = participation_for(
        participant, actor=counsellor, status=Participation.Status.PASSPORT_PRODUCED
    )
    services.feedback_save(
        actor=counsellor,
        participation=participation,
        data={"service_given": "Passeport produit.", "outcome": Outcome.JOB_SEARCH},
        expected_version=None,
    )
    services.feedback_send(actor=counsellor, participation=participation)
    return participation
