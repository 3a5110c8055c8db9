import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from atout.accounts.models import Role
from atout.accounts.tests.factories import CleFactory, member
from atout.common.errors import ConflictError, TransitionError
from atout.participants.models import JournalNote, Participant
from atout.participants.tests.factories import ParticipantFactory
from atout.participations.models import Participation
from atout.referrals import services
from atout.referrals.models import RequestEvent, ServiceRequest
from atout.referrals.tests.factories import AgreementFactory, RequestFactory, sent_request

pytestmark = pytest.mark.django_db
Status = ServiceRequest.Status


@pytest.fixture
def agreement(cle, organisation):
    return AgreementFactory(cle=cle, organisation=organisation)


def _run(to, *, request, cle_agent, counsellor):
    """The service that moves a request to `to`, as the party allowed to make that move."""
    if to == Status.SENT:
        return services.request_send(actor=cle_agent, request=request)
    if to == Status.WITHDRAWN:
        return services.request_withdraw(actor=cle_agent, request=request, reason="Déménage")
    if to == Status.DECLINED:
        return services.request_decline(actor=counsellor, request=request, reason="Complet")
    if to == Status.ACCEPTED:
        return services.request_accept(
            actor=counsellor, request=request, counsellor=counsellor, first_meeting_at=None
        )
    raise AssertionError(to)


TARGETS = [Status.SENT, Status.WITHDRAWN, Status.DECLINED, Status.ACCEPTED]


def test_nothing_ever_moves_back_to_draft():
    assert not any(ServiceRequest.MACHINE.allowed(s, Status.DRAFT) for s in Status.values)


@pytest.mark.parametrize(("current", "to"), list(itertools.product(Status.values, TARGETS)))
def test_every_pair_is_allowed_or_refused_by_the_machine(
    current, to, agreement, cle_agent, counsellor
):
    request = RequestFactory(agreement=agreement, agent=cle_agent, status=current)
    if current != Status.DRAFT:
        request.sent_at = timezone.now()
        request.save()
    events = RequestEvent.objects.count()
    if ServiceRequest.MACHINE.allowed(current, to):
        _run(to, request=request, cle_agent=cle_agent, counsellor=counsellor)
        request.refresh_from_db()
        assert request.status == to
        event = RequestEvent.objects.latest("pk")
        assert (event.from_status, event.to_status) == (current, to)
        assert event.actor in (cle_agent, counsellor)
    else:
        with pytest.raises(TransitionError) as refused:
            _run(to, request=request, cle_agent=cle_agent, counsellor=counsellor)
        assert "«" in refused.value.message
        request.refresh_from_db()
        assert request.status == current
        assert RequestEvent.objects.count() == events
        assert not Participation.objects.exists()


def test_pairs_are_the_issue_s_moves():
    assert set(ServiceRequest.MACHINE.pairs()) == {
        (Status.DRAFT, Status.SENT),
        (Status.DRAFT, Status.WITHDRAWN),
        (Status.SENT, Status.ACCEPTED),
        (Status.SENT, Status.DECLINED),
        (Status.SENT, Status.WITHDRAWN),
    }


def test_an_ineligible_person_is_sent_only_with_a_reason(agreement, cle_agent):
    request = RequestFactory(agreement=agreement, agent=cle_agent, ready_to_search=False)
    with pytest.raises(ValidationError) as refused:
        services.request_send(actor=cle_agent, request=request)
    assert "eligibility_override" in refused.value.message_dict
    request.refresh_from_db()
    assert request.status == Status.DRAFT
    request.eligibility_override = "Prête dans deux semaines, selon son agente."
    request.save()
    services.request_send(actor=cle_agent, request=request)
    request.refresh_from_db()
    assert request.status == Status.SENT
    event = request.events.get(to_status=Status.SENT)
    assert "Prête dans deux semaines" in event.note


def test_a_draft_is_saved_with_an_event_and_its_organisation(agreement, cle, cle_agent):
    data = {
        f: getattr(RequestFactory.build(agreement=agreement), f) for f in services.REQUEST_FIELDS
    }
    request = services.request_save(actor=cle_agent, cle=cle, data=data)
    assert request.organisation == agreement.organisation
    assert request.agent == cle_agent
    assert request.events.get().to_status == Status.DRAFT


def test_a_draft_needs_a_current_agreement_of_the_agent_s_cle(cle, cle_agent, organisation):
    expired = AgreementFactory(
        cle=cle,
        organisation=organisation,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2020, 12, 31),
    )
    foreign = AgreementFactory(cle=CleFactory(), organisation=organisation)
    for agreement in (expired, foreign):
        data = {
            f: getattr(RequestFactory.build(agreement=agreement), f)
            for f in services.REQUEST_FIELDS
        }
        with pytest.raises(ValidationError):
            services.request_save(actor=cle_agent, cle=cle, data=data)
    assert not ServiceRequest.objects.exists()


def test_only_a_cle_agent_of_the_cle_writes(agreement, cle, counsellor):
    data = {
        f: getattr(RequestFactory.build(agreement=agreement), f) for f in services.REQUEST_FIELDS
    }
    with pytest.raises(PermissionDenied):
        services.request_save(actor=counsellor, cle=cle, data=data)


def test_editing_a_stale_draft_is_a_conflict(agreement, cle, cle_agent):
    request = RequestFactory(agreement=agreement, agent=cle_agent)
    with pytest.raises(ConflictError):
        services.request_save(
            actor=cle_agent,
            cle=cle,
            data={"objective": "Autre"},
            request=request,
            expected_version=request.version - 1 if request.version > 1 else 99,
        )


def test_a_sent_request_is_not_edited(agreement, cle, cle_agent):
    request = sent_request(agreement=agreement, agent=cle_agent)
    with pytest.raises(ValidationError):
        services.request_save(actor=cle_agent, cle=cle, data={"objective": "X"}, request=request)


def test_withdraw_and_decline_need_a_reason(agreement, cle_agent, counsellor):
    request = sent_request(agreement=agreement, agent=cle_agent)
    with pytest.raises(ValidationError):
        services.request_withdraw(actor=cle_agent, request=request, reason="  ")
    with pytest.raises(ValidationError):
        services.request_decline(actor=counsellor, request=request, reason="")
    request.refresh_from_db()
    assert request.status == Status.SENT


def test_the_organisation_cannot_withdraw_nor_the_cle_decide(agreement, cle_agent, counsellor):
    request = sent_request(agreement=agreement, agent=cle_agent)
    with pytest.raises(PermissionDenied):
        services.request_withdraw(actor=counsellor, request=request, reason="x")
    with pytest.raises(PermissionDenied):
        services.request_decline(actor=cle_agent, request=request, reason="x")


def test_a_declined_request_is_hidden_from_the_organisation(agreement, cle_agent, counsellor):
    request = sent_request(agreement=agreement, agent=cle_agent)
    assert ServiceRequest.objects.visible_to(counsellor).filter(pk=request.pk).exists()
    services.request_decline(actor=counsellor, request=request, reason="Liste d'attente pleine")
    assert not ServiceRequest.objects.visible_to(counsellor).filter(pk=request.pk).exists()
    request.refresh_from_db()
    assert request.decline_reason == "Liste d'attente pleine"
    assert request.decided_at is not None
    assert ServiceRequest.objects.visible_to(cle_agent).filter(pk=request.pk).exists()


def test_visible_through_keeps_the_hidden_requests_hidden(agreement, cle, cle_agent, counsellor):
    """The CLE dashboard's narrow read (`visible_through`, without the OR of `visible_to`)
    shows a CLE agent every request of their CLE; through the organisation it still hides
    what the organisation declined."""
    kept = sent_request(agreement=agreement, agent=cle_agent)
    declined = sent_request(agreement=agreement, agent=cle_agent)
    services.request_decline(actor=counsellor, request=declined, reason="Liste d'attente pleine")
    organisation = agreement.organisation
    for user, field, org in [
        (cle_agent, "cle", cle),
        (counsellor, "organisation", organisation),
        (counsellor, "cle", cle),
    ]:
        narrow = ServiceRequest.objects.visible_through(user, field, org)
        wide = ServiceRequest.objects.visible_to(user).filter(**{field: org})
        assert sorted(narrow.values_list("pk", flat=True)) == sorted(
            wide.values_list("pk", flat=True)
        )
    assert {r.pk for r in ServiceRequest.objects.visible_through(cle_agent, "cle", cle)} == {
        kept.pk,
        declined.pk,
    }
    shown = ServiceRequest.objects.visible_through(counsellor, "organisation", organisation)
    assert list(shown.values_list("pk", flat=True)) == [kept.pk]


def test_a_withdrawn_request_is_hidden_from_the_organisation(agreement, cle_agent, counsellor):
    request = sent_request(agreement=agreement, agent=cle_agent)
    services.request_withdraw(actor=cle_agent, request=request, reason="A trouvé un emploi")
    assert not ServiceRequest.objects.visible_to(counsellor).filter(pk=request.pk).exists()


def test_redirect_copies_a_declined_request(agreement, cle, cle_agent, counsellor):
    request = sent_request(agreement=agreement, agent=cle_agent, notes_for_organisation="Note")
    with pytest.raises(ValidationError):
        services.request_redirect(actor=cle_agent, request=request)
    services.request_decline(actor=counsellor, request=request, reason="Complet")
    copy = services.request_redirect(actor=cle_agent, request=request)
    assert copy.status == Status.DRAFT
    assert copy.redirected_from == request
    assert (copy.given_names, copy.family_name, copy.notes_for_organisation) == (
        "Ahmed",
        "Benali",
        "Note",
    )
    assert "Complet" not in copy.notes_for_organisation
    assert str(request.pk) in copy.events.get().note
    with pytest.raises(ValidationError):
        services.request_redirect(actor=cle_agent, request=request)
    # The agent addresses the copy to another partner and sends it.
    other = AgreementFactory(cle=cle)
    services.request_save(actor=cle_agent, cle=cle, data={"agreement": other}, request=copy)
    copy.refresh_from_db()
    assert copy.organisation == other.organisation
    services.request_send(actor=cle_agent, request=copy)


def test_accept_creates_the_file_and_opens_the_participation(
    agreement, cle, cle_agent, counsellor, organisation
):
    request = sent_request(
        agreement=agreement, agent=cle_agent, birth_date=datetime.date(1990, 5, 4)
    )
    meeting = timezone.now() + datetime.timedelta(days=3)
    participation = services.request_accept(
        actor=counsellor, request=request, counsellor=counsellor, first_meeting_at=meeting
    )
    request.refresh_from_db()
    participant = request.participant
    assert participant.organisation == organisation
    assert participant.referring_cle == cle
    assert participant.birth_date == datetime.date(1990, 5, 4)
    assert participant.counsellor == counsellor
    assert participation.request == request
    assert participation.status == Participation.Status.ACCEPTED
    assert participation.planned_start == request.expected_start
    assert participation.entry_route == request.entry_route
    assert participation.income_support == request.income_support
    assert participation.first_meeting_at == meeting
    assert request.events.latest("pk").to_status == Status.ACCEPTED


def test_accept_links_the_chosen_file_and_sets_its_cle(agreement, cle, cle_agent, counsellor):
    existing = ParticipantFactory(
        organisation=agreement.organisation, given_names="Ahmed", family_name="Benali"
    )
    request = sent_request(agreement=agreement, agent=cle_agent)
    services.request_accept(
        actor=counsellor,
        request=request,
        counsellor=counsellor,
        first_meeting_at=None,
        participant=existing,
    )
    existing.refresh_from_db()
    assert existing.referring_cle == cle
    assert Participant.objects.count() == 1


def test_accept_records_a_different_person(agreement, cle_agent, counsellor):
    existing = ParticipantFactory(
        organisation=agreement.organisation, given_names="Ahmed", family_name="Benali"
    )
    request = sent_request(agreement=agreement, agent=cle_agent)
    services.request_accept(
        actor=counsellor,
        request=request,
        counsellor=counsellor,
        first_meeting_at=None,
        different_person_of=[existing],
    )
    request.refresh_from_db()
    assert request.participant != existing
    note = JournalNote.objects.get(participant=request.participant)
    assert str(existing.pk) in note.text


def test_accept_refuses_a_counsellor_of_another_organisation(agreement, cle_agent, counsellor):
    stranger = member(CleFactory(), Role.CLE_AGENT)
    outsider = member(AgreementFactory().organisation, Role.COUNSELLOR)
    request = sent_request(agreement=agreement, agent=cle_agent)
    for someone in (stranger, outsider):
        with pytest.raises(ValidationError):
            services.request_accept(
                actor=counsellor, request=request, counsellor=someone, first_meeting_at=None
            )
    request.refresh_from_db()
    assert request.status == Status.SENT
    assert not Participant.objects.exists()


def test_accept_refuses_another_organisation_s_file(agreement, cle_agent, counsellor):
    foreign = ParticipantFactory()
    request = sent_request(agreement=agreement, agent=cle_agent)
    with pytest.raises(ValidationError):
        services.request_accept(
            actor=counsellor,
            request=request,
            counsellor=counsellor,
            first_meeting_at=None,
            participant=foreign,
        )
    request.refresh_from_db()
    assert request.status == Status.SENT


def test_the_cle_links_only_a_file_of_the_receiving_organisation(agreement, cle, cle_agent):
    own = ParticipantFactory(organisation=agreement.organisation, referring_cle=cle)
    elsewhere = ParticipantFactory(referring_cle=cle)
    data = {
        f: getattr(RequestFactory.build(agreement=agreement), f) for f in services.REQUEST_FIELDS
    }
    with pytest.raises(ValidationError):
        services.request_save(actor=cle_agent, cle=cle, data=data, participant=elsewhere)
    request = services.request_save(actor=cle_agent, cle=cle, data=data, participant=own)
    assert request.participant == own


def test_agreements_create_update_and_conflict(cle, cle_agent, organisation, counsellor):
    data = {
        "organisation": organisation,
        "measure": "ppe",
        "reference": "PPE-1",
        "starts_on": datetime.date(2026, 1, 1),
        "ends_on": datetime.date(2026, 12, 31),
        "planned_participants": 12,
        "notes": "",
        "is_active": True,
    }
    with pytest.raises(PermissionDenied):
        services.agreement_create(actor=counsellor, cle=cle, data=data)
    agreement = services.agreement_create(actor=cle_agent, cle=cle, data=data)
    updated = services.agreement_update(
        actor=cle_agent,
        agreement=agreement,
        data={**data, "planned_participants": 15},
        expected_version=1,
    )
    assert (updated.planned_participants, updated.version) == (15, 2)
    with pytest.raises(ConflictError):
        services.agreement_update(
            actor=cle_agent, agreement=agreement, data=data, expected_version=1
        )
    with pytest.raises(ValidationError):
        services.agreement_update(
            actor=cle_agent,
            agreement=agreement,
            data={**data, "ends_on": datetime.date(2025, 1, 1)},
            expected_version=2,
        )
