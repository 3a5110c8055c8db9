import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from atout.common.errors import ConflictError
from atout.evidence.models import Achievement
from atout.participants.models import Audience, ContactConsent
from atout.participants.services import consent_set
from atout.passports import selectors, services
from atout.passports.models import Passport

pytestmark = pytest.mark.django_db


@pytest.fixture
def passport(participant, counsellor):
    return services.passport_start(participant=participant, actor=counsellor)


def test_start_prefills_from_the_file_and_is_idempotent(participant, counsellor):
    participant.objective = "Commis d'épicerie de jour"
    participant.save()
    first = services.passport_start(participant=participant, actor=counsellor)
    assert first.given_names == "Émilie" and first.objective_fr == "Commis d'épicerie de jour"
    assert services.passport_start(participant=participant, actor=counsellor) == first


def test_outsider_cannot_start_or_edit(participant, outsider, passport):
    with pytest.raises(PermissionDenied):
        services.passport_start(participant=participant, actor=outsider)
    with pytest.raises(PermissionDenied):
        services.passport_update(
            passport=passport, actor=outsider, data={"objective_fr": "x"}, expected_version=None
        )


def test_update_conflicts_on_a_stale_version(passport, counsellor, org_admin):
    services.passport_update(
        passport=passport, actor=counsellor, data={"objective_fr": "A"}, expected_version=1
    )
    with pytest.raises(ConflictError):
        services.passport_update(
            passport=passport, actor=org_admin, data={"objective_fr": "B"}, expected_version=1
        )
    assert Passport.objects.get(pk=passport.pk).objective_fr == "A"


def test_consent_changed_in_the_passport_updates_the_file(passport, counsellor, participant):
    services.passport_contact_consent(
        passport=passport, actor=counsellor, decisions={"email": True, "mobile_phone": False}
    )
    consent = ContactConsent.objects.get(participant=participant, audience=Audience.EMPLOYER)
    assert consent.field == "email" and consent.granted
    content = selectors.passport_content(Passport.objects.get(pk=passport.pk))
    assert content["contact"] == {"email": "emilie.gagnon@exemple.ca"}


def test_content_never_holds_a_contact_detail_without_employer_consent(
    passport, counsellor, participant
):
    consent_set(
        participant=participant,
        actor=counsellor,
        decisions={("mobile_phone", Audience.CLE): True, ("email", Audience.EMPLOYER): True},
    )
    content = selectors.passport_content(Passport.objects.get(pk=passport.pk))
    assert "mobile_phone" not in content["contact"]
    # The file has a mobile number, but employers may not see it: the review says so.
    assert "Cellulaire" in selectors.withheld_contact(passport)


def test_key_competencies_order_and_moves(passport, counsellor):
    a = services.key_competency_add(passport=passport, actor=counsellor, title_fr="Écouter")
    b = services.key_competency_add(passport=passport, actor=counsellor, title_fr="Organiser")
    c = services.key_competency_add(passport=passport, actor=counsellor, title_fr="Servir")
    services.key_competency_move(key_competency=c, actor=counsellor, direction=-1)
    assert list(passport.key_competencies.values_list("pk", flat=True)) == [a.pk, c.pk, b.pk]
    services.key_competencies_reorder(
        passport=passport, actor=counsellor, ordered_ids=[b.pk, a.pk, c.pk]
    )
    assert list(passport.key_competencies.values_list("pk", flat=True)) == [b.pk, a.pk, c.pk]
    with pytest.raises(ValidationError):
        services.key_competencies_reorder(passport=passport, actor=counsellor, ordered_ids=[a.pk])
    with pytest.raises(ValidationError):
        services.key_competency_add(passport=passport, actor=counsellor)


def test_evidence_written_once_is_in_the_evidence_base(passport, counsellor, participant):
    kc = services.key_competency_add(passport=passport, actor=counsellor, title_fr="Fiabilité")
    achievement = services.evidence_write(
        key_competency=kc,
        actor=counsellor,
        texts={
            "situation_fr": "Banque alimentaire",
            "action_fr": "J'ai ouvert le local chaque samedi",
            "result_fr": "Deux ans sans retard",
        },
    )
    assert Achievement.objects.filter(participant=participant).count() == 1
    other = services.key_competency_add(passport=passport, actor=counsellor, title_fr="Autonomie")
    services.evidence_attach(key_competency=other, actor=counsellor, achievement=achievement)
    content = selectors.passport_content(Passport.objects.get(pk=passport.pk))
    assert [len(c["evidence"]) for c in content["competencies"]] == [1, 1]


def test_someone_elses_achievement_is_refused(passport, counsellor, organisation):
    from atout.participants.tests.factories import ParticipantFactory

    stranger = ParticipantFactory(organisation=organisation)
    achievement = Achievement.objects.create(participant=stranger, situation="x", action="y")
    kc = services.key_competency_add(passport=passport, actor=counsellor, title_fr="Écouter")
    with pytest.raises(ValidationError):
        services.evidence_attach(key_competency=kc, actor=counsellor, achievement=achievement)


def test_approval_freezes_a_version_and_edits_start_a_new_draft(
    passport, counsellor, participant_user
):
    services.passport_update(
        passport=passport,
        actor=counsellor,
        data={"objective_fr": "Version 1"},
        expected_version=None,
    )
    version = services.passport_approve(passport=passport, actor=participant_user)
    passport.refresh_from_db()
    assert passport.status == Passport.Status.APPROVED and version.number == 1
    assert version.content["objective"]["fr"] == "Version 1"
    printed = services.passport_print(passport=passport, actor=counsellor)
    assert printed == version  # unchanged since approval: same frozen version
    services.passport_update(
        passport=passport,
        actor=counsellor,
        data={"objective_fr": "Version 2"},
        expected_version=None,
    )
    passport.refresh_from_db()
    assert passport.status == Passport.Status.DRAFT
    assert version.content["objective"]["fr"] == "Version 1"
    changes = selectors.content_changes(version.content, selectors.passport_content(passport))
    assert len(changes) == 1
    with pytest.raises(ValidationError):
        services.passport_print(passport=passport, actor=counsellor)


def test_participant_cannot_record_in_person_approval_nor_counsellor_approve_for_them(
    passport, counsellor, participant_user
):
    with pytest.raises(PermissionDenied):
        services.passport_approve(passport=passport, actor=counsellor)
    with pytest.raises(PermissionDenied):
        services.passport_approve(passport=passport, actor=participant_user, in_person=True)
    version = services.passport_approve(passport=passport, actor=counsellor, in_person=True)
    passport.refresh_from_db()
    assert passport.approved_in_person and version.reason == "approved"


def test_weak_points(passport, counsellor):
    content = selectors.passport_content(passport)
    # No objective, no key competency. No consented contact is the person's choice: not a fault.
    assert len(selectors.weak_points(content)) == 2
    kc = services.key_competency_add(passport=passport, actor=counsellor, title_fr="SECURITE")
    services.evidence_write(
        key_competency=kc,
        actor=counsellor,
        texts={"situation_fr": "Chantier", "action_fr": "J'ai balisé", "result_fr": ""},
    )
    content = selectors.passport_content(Passport.objects.get(pk=passport.pk))
    assert len(selectors.weak_points(content)) >= 3


def test_own_autosave_racing_own_save_is_not_a_conflict(passport, counsellor):
    start = passport.version
    services.passport_update(
        passport=passport, actor=counsellor, data={"software_fr": "Word"}, expected_version=start
    )
    services.passport_update(
        passport=passport,
        actor=counsellor,
        data={"objective_fr": "Mon objectif"},
        expected_version=start,
    )
    passport.refresh_from_db()
    assert passport.software_fr == "Word" and passport.objective_fr == "Mon objectif"


def test_walking_through_an_approved_passport_keeps_the_approval(
    passport, counsellor, participant_user
):
    services.passport_approve(passport=passport, actor=participant_user)
    passport.refresh_from_db()
    services.passport_update(
        passport=passport,
        actor=counsellor,
        data={"objective_fr": passport.objective_fr, "software_fr": passport.software_fr},
        expected_version=passport.version,
    )
    passport.refresh_from_db()
    assert passport.status == Passport.Status.APPROVED
    with pytest.raises(ValidationError):
        services.passport_approve(passport=passport, actor=participant_user)


def test_printing_refuses_content_the_participant_did_not_approve(
    passport, counsellor, participant_user, participant
):
    services.passport_approve(passport=passport, actor=participant_user)
    consent_set(
        participant=participant, actor=counsellor, decisions={("email", Audience.EMPLOYER): True}
    )
    passport.refresh_from_db()
    with pytest.raises(ValidationError):
        services.passport_print(passport=passport, actor=counsellor)
