import datetime

import factory
from django.utils import timezone

from atout.accounts.tests.factories import CleFactory, OrganisationFactory, UserFactory
from atout.referrals.models import (
    EntryRoute,
    IncomeSupport,
    Measure,
    ObjectiveKind,
    PassportReason,
    RequestEvent,
    ServiceAgreement,
    ServiceRequest,
)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceAgreement

    cle = factory.SubFactory(CleFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    measure = Measure.SAE
    reference = factory.Sequence(lambda n: f"SAE-2026-{n:03d}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=90))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=275))
    planned_participants = 40


class RequestFactory(factory.django.DjangoModelFactory):
    """A complete draft for an eligible person (send it with the service)."""

    class Meta:
        model = ServiceRequest

    agreement = factory.SubFactory(AgreementFactory)
    cle = factory.LazyAttribute(lambda o: o.agreement.cle)
    organisation = factory.LazyAttribute(lambda o: o.agreement.organisation)
    agent = factory.SubFactory(UserFactory)
    given_names = "Ahmed"
    family_name = "Benali"
    email = factory.Sequence(lambda n: f"demande{n}@exemple.ca")
    objective_kind = ObjectiveKind.PRECISE
    objective = "Commis d'entrepôt"
    in_public_measures = True
    without_job = True
    ready_to_search = True
    has_objective = True
    assessment_career_choice = "Objectif clair."
    reason = PassportReason.UNRELATED_JOBS
    income_support = IncomeSupport.LAST_RESORT
    entry_route = EntryRoute.INDIVIDUAL_PATHWAY
    expected_start = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    expected_end = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=70))


def sent_request(**fields) -> ServiceRequest:
    """A request in the SENT state, with its events (as the service would leave it)."""
    request = RequestFactory(**fields)
    request.status = ServiceRequest.Status.SENT
    request.sent_at = timezone.now()
    request.save()
    RequestEvent.objects.create(request=request, to_status=ServiceRequest.Status.DRAFT)
    RequestEvent.objects.create(
        request=request,
        from_status=ServiceRequest.Status.DRAFT,
        to_status=ServiceRequest.Status.SENT,
    )
    return request
