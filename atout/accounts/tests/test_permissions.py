"""The one permission table: role -> capabilities, and what each party holds on a file."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from atout.accounts import permissions as perms
from atout.accounts.models import Membership, Role
from atout.accounts.tests.factories import OrganisationFactory, UserFactory, member
from atout.participants.tests.factories import AttachmentFactory, NoteFactory

# The slice of the table about participant files; other apps add their own capabilities,
# so the table is checked on this slice and the rest through invariants.
FILE_CAPS = {
    perms.PARTICIPANT_VIEW,
    perms.PARTICIPANT_CREATE,
    perms.PARTICIPANT_EDIT,
    perms.PARTICIPANT_INVITE,
    perms.PARTICIPANT_HISTORY,
    perms.JOURNAL_VIEW,
    perms.JOURNAL_ADD,
    perms.ATTACHMENT_VIEW,
    perms.ATTACHMENT_ADD,
    perms.CASELOAD_ORGANISATION,
    perms.CASELOAD_REFERRED,
    perms.SELF_VIEW,
}
COUNSELLOR_FILE_CAPS = FILE_CAPS - {
    perms.PARTICIPANT_HISTORY,
    perms.CASELOAD_REFERRED,
    perms.SELF_VIEW,
}
COUNSELLOR_CAPS = perms.ROLE_CAPABILITIES[Role.COUNSELLOR]
ADMIN_CAPS = perms.ROLE_CAPABILITIES[Role.ORG_ADMIN]
CLE_CAPS = perms.ROLE_CAPABILITIES[Role.CLE_AGENT]
# Writes and private content that only the file's own organisation may touch.
ORGANISATION_ONLY = {
    perms.PARTICIPANT_CREATE,
    perms.PARTICIPANT_EDIT,
    perms.PARTICIPANT_INVITE,
    perms.PARTICIPANT_HISTORY,
    perms.JOURNAL_VIEW,
    perms.JOURNAL_ADD,
    perms.ATTACHMENT_ADD,
    perms.CASELOAD_ORGANISATION,
}


def test_role_capability_table_for_files():
    expected = {
        Role.ORG_ADMIN: COUNSELLOR_FILE_CAPS | {perms.PARTICIPANT_HISTORY},
        Role.COUNSELLOR: COUNSELLOR_FILE_CAPS,
        Role.CLE_AGENT: {perms.PARTICIPANT_VIEW, perms.CASELOAD_REFERRED},
        # Qualifications Québec's own files (scoping keeps the advisor to them).
        Role.RECOGNITION_ADVISOR: COUNSELLOR_FILE_CAPS,
        Role.COMMITTEE_EVALUATOR: set(),
        # The person in charge of personal information keeps registers, not files.
        Role.PRIVACY_OFFICER: set(),
    }
    actual = {role: caps & FILE_CAPS for role, caps in perms.ROLE_CAPABILITIES.items()}
    assert expected == actual


def test_every_role_has_a_row():
    assert set(perms.ROLE_CAPABILITIES) == set(Role.values)


def test_org_admin_holds_everything_a_counsellor_holds():
    assert COUNSELLOR_CAPS < ADMIN_CAPS


def test_cle_agent_sees_no_notes_or_documents():
    assert not CLE_CAPS & (ORGANISATION_ONLY | {perms.ATTACHMENT_VIEW})


def test_owner_capabilities_are_read_only():
    expected = {perms.SELF_VIEW, perms.PARTICIPANT_VIEW, perms.ATTACHMENT_VIEW}
    assert expected == perms.OWNER_CAPABILITIES & FILE_CAPS
    assert not perms.OWNER_CAPABILITIES & ORGANISATION_ONLY


def test_it_gives_same_org_counsellor_the_counsellor_row(counsellor, participant):
    assert perms.object_capabilities(counsellor, participant) == COUNSELLOR_CAPS


def test_it_gives_org_admin_history(org_admin, participant):
    caps = perms.object_capabilities(org_admin, participant)
    assert caps == ADMIN_CAPS
    assert perms.PARTICIPANT_HISTORY in caps


def test_it_gives_cle_agent_view_through_referring_cle(cle_agent, participant):
    caps = perms.object_capabilities(cle_agent, participant)
    assert caps == CLE_CAPS
    assert perms.PARTICIPANT_VIEW in caps
    assert perms.JOURNAL_VIEW not in caps
    assert perms.ATTACHMENT_VIEW not in caps


def test_it_gives_cle_agent_nothing_when_another_cle_referred(cle_agent, participant, db):
    from atout.accounts.tests.factories import CleFactory

    participant.referring_cle = CleFactory()
    participant.save(update_fields=["referring_cle"])
    assert perms.object_capabilities(cle_agent, participant) == frozenset()


def test_it_gives_cle_agent_nothing_through_organisation_field(participant):
    # A CLE agent role held in the file's own organisation gives nothing: the
    # organisation field only admits counsellors and admins.
    odd = member(participant.organisation, Role.CLE_AGENT)
    assert perms.object_capabilities(odd, participant) == frozenset()


def test_it_gives_owner_participant_owner_capabilities(participant_user, participant):
    assert perms.object_capabilities(participant_user, participant) == perms.OWNER_CAPABILITIES


def test_it_gives_outsider_nothing(outsider, participant):
    assert perms.object_capabilities(outsider, participant) == frozenset()


def test_it_gives_anonymous_nothing(participant):
    assert perms.object_capabilities(AnonymousUser(), participant) == frozenset()


def test_it_gives_inactive_user_nothing(counsellor, participant):
    counsellor.is_active = False
    counsellor.save(update_fields=["is_active"])
    assert perms.object_capabilities(counsellor, participant) == frozenset()


def test_it_gives_nothing_through_an_inactive_organisation(counsellor, participant, organisation):
    organisation.is_active = False
    organisation.save(update_fields=["is_active"])
    counsellor.refresh_from_db()  # drop the per-request membership cache
    assert perms.object_capabilities(counsellor, participant) == frozenset()


def test_it_unions_roles_held_through_both_scope_fields(counsellor, organisation, participant, cle):
    Membership.objects.create(user=counsellor, organisation=cle, role=Role.CLE_AGENT)
    counsellor.refresh_from_db()
    caps = perms.object_capabilities(counsellor, participant)
    assert caps == COUNSELLOR_CAPS | CLE_CAPS


def test_child_objects_use_the_participant_scope(
    counsellor, outsider, participant_user, participant
):
    note = NoteFactory(participant=participant, author=counsellor)
    attachment = AttachmentFactory(participant=participant)
    assert perms.object_capabilities(counsellor, note) == COUNSELLOR_CAPS
    assert perms.object_capabilities(outsider, note) == frozenset()
    assert perms.object_capabilities(participant_user, attachment) == perms.OWNER_CAPABILITIES
    assert perms.object_capabilities(outsider, attachment) == frozenset()


def test_organisation_capabilities_are_per_organisation(
    counsellor, organisation, other_organisation
):
    Membership.objects.create(user=counsellor, organisation=other_organisation, role=Role.ORG_ADMIN)
    counsellor.refresh_from_db()
    assert perms.organisation_capabilities(counsellor, organisation.pk) == COUNSELLOR_CAPS
    assert perms.organisation_capabilities(counsellor, other_organisation.pk) == ADMIN_CAPS
    assert perms.organisation_capabilities(counsellor, None) == frozenset()


def test_require_raises_permission_denied(cle_agent, counsellor, participant):
    perms.require(counsellor, perms.JOURNAL_ADD, participant)
    with pytest.raises(PermissionDenied):
        perms.require(cle_agent, perms.JOURNAL_ADD, participant)


def test_has_capability_without_object_looks_at_any_role(cle_agent, db):
    assert perms.has_capability(cle_agent, perms.CASELOAD_REFERRED)
    assert not perms.has_capability(cle_agent, perms.CASELOAD_ORGANISATION)
    assert not perms.has_capability(UserFactory(), perms.PARTICIPANT_VIEW)
    assert not perms.has_capability(AnonymousUser(), perms.PARTICIPANT_VIEW)


def test_requires_decorator_reads_request_capabilities(rf):
    @perms.requires(perms.PARTICIPANT_CREATE)
    def view(request):
        return "ok"

    request = rf.get("/")
    request.capabilities = frozenset({perms.PARTICIPANT_CREATE})
    assert view(request) == "ok"
    request.capabilities = frozenset({perms.PARTICIPANT_VIEW})
    with pytest.raises(PermissionDenied):
        view(request)
    del request.capabilities
    with pytest.raises(PermissionDenied):
        view(request)


def test_member_of_unrelated_organisation_holds_nothing(participant, db):
    stranger = member(OrganisationFactory(), Role.ORG_ADMIN)
    assert perms.object_capabilities(stranger, participant) == frozenset()
