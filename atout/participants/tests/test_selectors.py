import pytest

from atout.accounts.models import Role
from atout.accounts.tests.factories import member
from atout.participants import selectors, services
from atout.participants.models import Audience, ContactField, Participant, search_key
from atout.participants.selectors import CaseloadFilters
from atout.participants.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def test_search_key_strips_accents_and_case():
    assert search_key("  Émilie  GAGNON-Côté ") == "emilie gagnon-cote"
    assert search_key("Nguyễn Thị Lan") == "nguyen thi lan"


def _caseload(user, organisation, **filters):
    return selectors.caseload(
        user=user, organisation=organisation, filters=CaseloadFilters(**filters)
    )


def test_search_is_accent_and_case_insensitive(participant, counsellor, organisation):
    ParticipantFactory(organisation=organisation, counsellor=counsellor, given_names="Marc")
    for query in ["EMILIE", "émilie", "gagnon emilie", "emilie.gagnon@exemple"]:
        result = _caseload(counsellor, organisation, query=query)
        assert [p.pk for p in result.page.object_list] == [participant.pk], query


def test_mine_shows_only_my_files_and_organisation_shows_all(participant, counsellor, organisation):
    colleague = member(organisation, Role.COUNSELLOR)
    theirs = ParticipantFactory(organisation=organisation, counsellor=colleague)
    mine = _caseload(counsellor, organisation, scope="mine")
    everyone = _caseload(counsellor, organisation, scope="organisation")
    assert {p.pk for p in mine.page.object_list} == {participant.pk}
    assert {p.pk for p in everyone.page.object_list} == {participant.pk, theirs.pk}


def test_status_counts_ignore_the_status_filter(counsellor, organisation):
    for status in ["active", "active", "on_hold", "closed"]:
        ParticipantFactory(organisation=organisation, counsellor=counsellor, status=status)
    result = _caseload(counsellor, organisation, status="active")
    assert result.total == 2
    assert result.status_counts == {"active": 2, "on_hold": 1, "closed": 1}
    assert all(p.status == "active" for p in result.page.object_list)


def test_other_organisation_files_never_appear(participant, outsider, other_organisation):
    result = _caseload(outsider, other_organisation, scope="organisation")
    assert result.total == 0
    # Even asking for the participant's organisation directly yields nothing.
    result = _caseload(outsider, participant.organisation, scope="organisation")
    assert result.total == 0


def test_cle_agent_sees_only_referred_files(participant, cle_agent, cle, organisation):
    ParticipantFactory(organisation=organisation, referring_cle=None)
    result = _caseload(cle_agent, cle, scope="referred")
    assert [p.pk for p in result.page.object_list] == [participant.pk]


def test_contact_disclosure_shows_consented_and_names_withheld(participant, counsellor):
    services.consent_set(
        participant=participant,
        actor=counsellor,
        decisions={
            (ContactField.EMAIL, Audience.EMPLOYER): True,
            (ContactField.MOBILE_PHONE, Audience.CLE): True,
        },
    )
    participant = Participant.objects.get(pk=participant.pk)
    employer = selectors.contact_disclosure(participant, Audience.EMPLOYER)
    assert employer.shown == {ContactField.EMAIL: "emilie.gagnon@exemple.ca"}
    assert ContactField.MOBILE_PHONE in employer.withheld
    assert ContactField.EMAIL not in employer.withheld
    cle = selectors.contact_disclosure(participant, Audience.CLE)
    assert ContactField.MOBILE_PHONE in cle.shown
    assert ContactField.EMAIL in cle.withheld


def test_participant_for_user_is_404_outside(participant, outsider):
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.participant_for_user(user=outsider, pk=participant.pk)
    with pytest.raises(Http404):
        selectors.participant_for_user(user=outsider, pk="not-a-number")


def test_cle_reader_sees_only_details_consented_to_the_cle(participant, counsellor):
    services.consent_set(
        participant=participant,
        actor=counsellor,
        decisions={(ContactField.MOBILE_PHONE, Audience.CLE): True},
    )
    participant = Participant.objects.get(pk=participant.pk)
    rows = {r.field: r for r in selectors.contact_rows(participant, audience=Audience.CLE)}
    assert rows["mobile_phone"].value == "4185550142"
    assert rows["email"].withheld and rows["email"].value == ""
    full = {r.field: r for r in selectors.contact_rows(participant)}
    assert full["email"].value == "emilie.gagnon@exemple.ca"
