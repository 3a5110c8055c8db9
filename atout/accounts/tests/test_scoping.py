"""ScopedQuerySet.visible_to: the one mechanism that limits reads of personal information."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from atout.accounts import permissions as perms
from atout.accounts.models import Membership, Role
from atout.accounts.permissions import object_capabilities
from atout.accounts.scoping import organisation_ids, user_memberships
from atout.accounts.tests.factories import CleFactory, OrganisationFactory, UserFactory, member
from atout.participants.models import Attachment, JournalNote, Participant
from atout.participants.tests.factories import AttachmentFactory, NoteFactory, ParticipantFactory


@pytest.fixture
def files(organisation, other_organisation, cle, counsellor, participant):
    """One file per party: ours (referred by our CLE), another org's, another CLE's."""
    theirs = ParticipantFactory(organisation=other_organisation, family_name="Pelletier")
    other_cle_file = ParticipantFactory(
        organisation=other_organisation, referring_cle=CleFactory(), family_name="Roy"
    )
    return {"ours": participant, "theirs": theirs, "other_cle": other_cle_file}


def visible(user, model=Participant):
    return set(model.objects.visible_to(user))


def test_counsellor_sees_own_organisation(counsellor, files):
    assert visible(counsellor) == {files["ours"]}


def test_org_admin_sees_own_organisation(org_admin, files):
    assert visible(org_admin) == {files["ours"]}


def test_cle_agent_sees_files_the_cle_referred(cle_agent, files):
    assert visible(cle_agent) == {files["ours"]}


def test_outsider_sees_own_organisation_only(outsider, files):
    assert visible(outsider) == {files["theirs"], files["other_cle"]}


def test_owner_sees_own_file_only(participant_user, files):
    assert visible(participant_user) == {files["ours"]}


def test_user_without_membership_sees_nothing(files):
    assert visible(UserFactory()) == set()


def test_committee_evaluator_sees_no_file(organisation, files):
    assert visible(member(organisation, Role.COMMITTEE_EVALUATOR)) == set()


def test_recognition_advisor_sees_qualifications_files_and_files_shared_with_it(files):
    qualifications = OrganisationFactory(kind="qualifications")
    advisor = member(qualifications, Role.RECOGNITION_ADVISOR)
    own = ParticipantFactory(organisation=qualifications, family_name="Tremblay")
    assert visible(advisor) == {own}
    # Shared with the person's consent: readable, never writable.
    files["theirs"].shared_with = qualifications
    files["theirs"].shared_parts = ["evidence"]
    files["theirs"].save()
    assert visible(advisor) == {own, files["theirs"]}
    caps = object_capabilities(advisor, files["theirs"])
    assert perms.PARTICIPANT_VIEW in caps
    assert perms.PARTICIPANT_EDIT not in caps
    assert perms.PARTICIPANT_EDIT in object_capabilities(advisor, own)
    # Only the consented parts: the evidence base, not the documents or attachments.
    assert perms.PASSPORT_VIEW in caps
    assert perms.DOCUMENT_VIEW not in caps
    assert perms.ATTACHMENT_VIEW not in caps


def test_cle_agent_role_in_employability_org_gives_nothing(organisation, files):
    # The organisation field admits counsellors and admins only.
    assert visible(member(organisation, Role.CLE_AGENT)) == set()


def test_user_with_two_memberships_sees_both(counsellor, other_organisation, files):
    Membership.objects.create(
        user=counsellor, organisation=other_organisation, role=Role.COUNSELLOR
    )
    counsellor.refresh_from_db()
    assert visible(counsellor) == set(files.values())


def test_user_with_counsellor_and_cle_memberships(outsider, cle, files):
    Membership.objects.create(user=outsider, organisation=cle, role=Role.CLE_AGENT)
    outsider.refresh_from_db()
    assert visible(outsider) == set(files.values())


def test_inactive_user_sees_nothing(counsellor, participant_user, files):
    for user in (counsellor, participant_user):
        user.is_active = False
        user.save(update_fields=["is_active"])
        assert visible(user) == set()


def test_anonymous_sees_nothing(files):
    assert visible(AnonymousUser()) == set()
    assert visible(None) == set()


def test_inactive_organisation_hides_its_files(counsellor, organisation, other_organisation, files):
    Membership.objects.create(
        user=counsellor, organisation=other_organisation, role=Role.COUNSELLOR
    )
    other_organisation.is_active = False
    other_organisation.save(update_fields=["is_active"])
    counsellor.refresh_from_db()
    assert visible(counsellor) == {files["ours"]}
    assert user_memberships(counsellor) == [(organisation.pk, Role.COUNSELLOR)]


def test_inactive_cle_hides_referred_files(cle_agent, cle, files):
    cle.is_active = False
    cle.save(update_fields=["is_active"])
    cle_agent.refresh_from_db()
    assert visible(cle_agent) == set()


def test_child_rows_follow_the_file(counsellor, outsider, cle_agent, participant_user, files):
    ours = NoteFactory(participant=files["ours"], author=counsellor)
    theirs = NoteFactory(participant=files["theirs"], author=outsider)
    ours_doc = AttachmentFactory(participant=files["ours"])
    theirs_doc = AttachmentFactory(participant=files["theirs"])
    assert visible(counsellor, JournalNote) == {ours}
    assert visible(outsider, JournalNote) == {theirs}
    assert visible(counsellor, Attachment) == {ours_doc}
    assert visible(outsider, Attachment) == {theirs_doc}
    assert visible(participant_user, Attachment) == {ours_doc}
    assert visible(AnonymousUser(), JournalNote) == set()


def test_get_visible_or_404(counsellor, files):
    qs = Participant.objects
    assert qs.get_visible_or_404(counsellor, pk=files["ours"].pk) == files["ours"]
    with pytest.raises(Http404):
        qs.get_visible_or_404(counsellor, pk=files["theirs"].pk)
    with pytest.raises(Http404):
        qs.get_visible_or_404(counsellor, pk="not-a-number")
    with pytest.raises(Http404):
        qs.get_visible_or_404(AnonymousUser(), pk=files["ours"].pk)


def test_organisation_ids_filters_roles(counsellor, organisation, cle, db):
    Membership.objects.create(user=counsellor, organisation=cle, role=Role.CLE_AGENT)
    counsellor.refresh_from_db()
    assert organisation_ids(counsellor, {Role.COUNSELLOR}) == [organisation.pk]
    assert organisation_ids(counsellor, {Role.CLE_AGENT}) == [cle.pk]
    assert organisation_ids(counsellor, {Role.ORG_ADMIN}) == []


def test_unrelated_organisation_admin_sees_nothing_of_ours(files):
    stranger = member(OrganisationFactory(), Role.ORG_ADMIN)
    assert visible(stranger) == set()
