"""The person proposes from their own login; only what the counsellor accepts prints."""

import io

import pdfplumber
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from atout.evidence import selectors, services
from atout.evidence.models import Achievement, Experience, Review
from atout.evidence.tests.factories import AchievementFactory, ExperienceFactory
from atout.participants.models import Attachment
from atout.participants.tests.factories import PNG_BYTES

pytestmark = pytest.mark.django_db

PHONE = {"HTTP_USER_AGENT": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile"}


def story(**overrides):
    return {
        "experience": "",
        "lang": "fr",
        "situation": "Le samedi, la file débordait dans la rue.",
        "action": "J’ai ouvert une deuxième caisse et guidé les clients.",
        "result": "L’attente a baissé de moitié.",
        "photo_description": "Mot de remerciement de la gérante",
        **overrides,
    }


def photo(name="preuve.png", content=PNG_BYTES):
    return SimpleUploadedFile(name, content, content_type="image/png")


def list_url(participant, anchor=""):
    return reverse("evidence:list", args=[participant.pk]) + anchor


# Services


def test_a_proposal_waits_and_never_prints(participant, participant_user):
    achievement = services.achievement_propose(
        participant=participant,
        actor=participant_user,
        data={"situation_fr": "Une file", "action_fr": "J’ai aidé"},
    )
    assert achievement.review == Review.PROPOSED
    assert achievement.proposed_by == participant_user
    assert not achievement.is_printable
    assert list(selectors.printable_achievements(participant)) == []


def test_the_counsellor_cannot_propose_and_the_person_cannot_review(
    participant, participant_user, counsellor
):
    with pytest.raises(PermissionDenied):
        services.experience_propose(participant=participant, actor=counsellor, data={})
    experience = ExperienceFactory(
        participant=participant, review=Review.PROPOSED, proposed_by=participant_user
    )
    with pytest.raises(PermissionDenied):
        services.record_review(
            record=experience, actor=participant_user, accept=True, expected_version=1
        )


def test_accept_then_review_again_is_refused(participant, participant_user, counsellor):
    experience = services.experience_propose(
        participant=participant,
        actor=participant_user,
        data={"kind": "job", "title": "Caissière"},
    )
    accepted = services.record_review(
        record=experience, actor=counsellor, accept=True, expected_version=experience.version
    )
    assert accepted.review == Review.ACCEPTED and accepted.reviewed_at
    assert list(selectors.printable_experiences(participant)) == [accepted]
    with pytest.raises(services.AlreadyReviewed):
        services.record_review(
            record=accepted, actor=counsellor, accept=False, expected_version=accepted.version
        )
    # The person can no longer change it once reviewed.
    with pytest.raises(services.AlreadyReviewed):
        services.experience_proposal_update(
            experience=accepted,
            actor=participant_user,
            data={"title": "Autre"},
            expected_version=accepted.version,
        )


def test_decline_keeps_the_reason_in_the_record_and_its_history(
    participant, participant_user, counsellor
):
    achievement = AchievementFactory(
        participant=participant, review=Review.PROPOSED, proposed_by=participant_user
    )
    declined = services.record_review(
        record=achievement,
        actor=counsellor,
        accept=False,
        expected_version=achievement.version,
        reason="  Déjà dans votre expérience au marché.  ",
    )
    assert declined.review == Review.DECLINED
    assert declined.review_reason == "Déjà dans votre expérience au marché."
    last = declined.history.first()
    assert last.history_user == counsellor
    assert last.history_change_reason.startswith("declined: Déjà")
    assert not selectors.printable_achievements(participant).exists()


def test_review_of_a_stale_version_is_a_conflict(participant, participant_user, counsellor):
    experience = ExperienceFactory(
        participant=participant, review=Review.PROPOSED, proposed_by=participant_user
    )
    services.experience_proposal_update(
        experience=experience,
        actor=participant_user,
        data={"title": "Plongeur"},
        expected_version=1,
    )
    with pytest.raises(services.ConflictError):
        services.record_review(record=experience, actor=counsellor, accept=True, expected_version=1)
    assert Experience.objects.get().review == Review.PROPOSED


def test_a_proof_photo_is_checked_and_attached(participant, participant_user):
    achievement = services.achievement_propose(
        participant=participant,
        actor=participant_user,
        data={"situation_fr": "Une file", "action_fr": "J’ai aidé", "photo_description": "Mot"},
        photo=photo("../../etc/passwd.png"),
    )
    (proof,) = achievement.proofs.all()
    assert proof.kind == Attachment.Kind.PHOTO
    assert proof.uploaded_by == participant_user
    assert proof.original_name == "passwd.png" and proof.description == "Mot"


@pytest.mark.parametrize(
    ("content", "name"),
    [(b"%PDF-1.4 not a photo", "scan.png"), (b"<svg onload=alert(1)>", "x.png"), (b"", "e.png")],
)
def test_a_file_that_is_not_a_photo_is_refused_and_nothing_is_saved(
    participant, participant_user, content, name
):
    with pytest.raises(ValidationError) as error:
        services.achievement_propose(
            participant=participant,
            actor=participant_user,
            data={"situation_fr": "Une file", "action_fr": "J’ai aidé"},
            photo=photo(name, content),
        )
    assert "photo" in error.value.message_dict
    assert not Achievement.objects.exists() and not Attachment.objects.exists()


def test_the_person_cannot_attach_to_someone_elses_or_a_declined_experience(
    participant, participant_user
):
    other = ExperienceFactory()
    refused = ExperienceFactory(participant=participant, review=Review.DECLINED)
    for experience in (other, refused):
        with pytest.raises(ValidationError):
            services.achievement_propose(
                participant=participant,
                actor=participant_user,
                data={"situation_fr": "x", "action_fr": "y", "experience": experience},
            )


# Nothing proposed prints: the passport's evidence choices, its content and its PDF


def test_a_proposed_story_is_never_offered_to_the_passport(
    client_for, participant, participant_user, counsellor
):
    from atout.passports import selectors as passport_selectors
    from atout.passports import services as passport_services
    from atout.passports.models import KeyCompetencyEvidence

    passport = passport_services.passport_start(participant=participant, actor=counsellor)
    kc = passport_services.key_competency_add(
        passport=passport, actor=counsellor, title_fr="Fiabilité", title_en="Reliability"
    )
    accepted = AchievementFactory(participant=participant, situation_fr="Histoire acceptée")
    proposed = AchievementFactory(
        participant=participant,
        situation_fr="Histoire proposée XYZZY",
        review=Review.PROPOSED,
        proposed_by=participant_user,
    )
    (row,) = passport_selectors.evidence_rows(passport=passport, user=counsellor)
    assert accepted in row["available"] and proposed not in row["available"]
    page = client_for(counsellor).get(
        reverse("passports:step", kwargs={"pk": participant.pk, "step": "preuves"})
    )
    assert "Histoire acceptée" in page.content.decode()
    assert "XYZZY" not in page.content.decode()
    # Neither through the service nor by naming it in a forged POST.
    with pytest.raises(ValidationError):
        passport_services.evidence_attach(key_competency=kc, actor=counsellor, achievement=proposed)
    response = client_for(counsellor).post(
        reverse("passports:evidence_attach", args=[participant.pk]),
        {"key_competency": kc.pk, "achievement": proposed.pk},
    )
    assert response.status_code == 404
    # Even a link made behind the services' back stays out of the content and the PDF.
    KeyCompetencyEvidence.objects.create(key_competency=kc, achievement=proposed)
    passport_services.evidence_attach(key_competency=kc, actor=counsellor, achievement=accepted)
    content = passport_selectors.passport_content(type(passport).objects.get(pk=passport.pk))
    assert "XYZZY" not in str(content)
    from atout.documents.rendering.passport import render_passport

    pdf = render_passport(content, lang="fr", variant="copy")
    with pdfplumber.open(io.BytesIO(pdf.content)) as document:
        text = " ".join(page.extract_text() or "" for page in document.pages)
    assert "Histoire acceptée" in text and "XYZZY" not in text


def test_matching_counts_accepted_stories_only(participant, participant_user, generic_competencies):
    from atout.competencies.selectors import evidence_counts

    competency = generic_competencies[0]
    AchievementFactory(participant=participant).competencies.add(competency)
    AchievementFactory(
        participant=participant, review=Review.PROPOSED, proposed_by=participant_user
    ).competencies.add(competency)
    AchievementFactory(participant=participant, review=Review.DECLINED).competencies.add(competency)
    assert evidence_counts(participant, [competency.pk]) == {competency.pk: 1}


# End to end, in the browser's place: the person on a phone, then the counsellor


def test_proposed_on_a_phone_accepted_then_printable(
    client, participant, participant_user, counsellor
):
    client.force_login(participant_user)
    experience = ExperienceFactory(participant=participant, title="Caissière")
    page = client.get(reverse("evidence:propose_achievement", args=[participant.pk]), **PHONE)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'enctype="multipart/form-data"' in html and 'accept="image/jpeg' in html
    response = client.post(
        reverse("evidence:propose_achievement", args=[participant.pk]),
        {**story(experience=experience.pk), "photo": photo()},
        **PHONE,
    )
    assert response.status_code == 302
    achievement = Achievement.objects.get()
    assert achievement.review == Review.PROPOSED and achievement.experience == experience
    assert achievement.situation_fr.startswith("Le samedi") and achievement.situation_en == ""
    mine = client.get(list_url(participant)).content.decode()
    assert "Proposé — en attente de votre conseillère ou conseiller" in mine
    assert reverse("evidence:proposal_achievement_edit", args=[achievement.pk]) in mine
    # Still theirs to change until reviewed.
    response = client.post(
        reverse("evidence:proposal_achievement_edit", args=[achievement.pk]),
        story(lang="en", situation="On Saturdays the line reached the street.", version=1),
    )
    assert response.status_code == 302
    achievement.refresh_from_db()
    assert achievement.situation_en.startswith("On Saturdays") and achievement.version == 2
    assert achievement.situation_fr.startswith("Le samedi")  # the other language stays

    client.force_login(counsellor)
    staff = client.get(list_url(participant)).content.decode()
    assert "1 proposition de la personne à réviser" in staff
    assert reverse("evidence:achievement_review", args=[achievement.pk]) in staff
    response = client.post(
        reverse("evidence:achievement_review", args=[achievement.pk]),
        {"version": 2, "accept": "1"},
    )
    assert response.status_code == 302
    assert list(selectors.printable_achievements(participant)) == [achievement]

    client.force_login(participant_user)
    response = client.get(reverse("evidence:proposal_achievement_edit", args=[achievement.pk]))
    assert response.status_code == 302  # reviewed: no longer theirs to change
    assert (
        "Accepté par votre conseillère ou conseiller"
        in client.get(list_url(participant)).content.decode()
    )


def test_edit_then_accept_in_one_step(client_for, participant, participant_user, counsellor):
    experience = ExperienceFactory(
        participant=participant, review=Review.PROPOSED, proposed_by=participant_user
    )
    client = client_for(counsellor)
    form = client.get(reverse("evidence:experience_edit", args=[experience.pk])).content.decode()
    assert "Enregistrer et accepter" in form
    response = client.post(
        reverse("evidence:experience_edit", args=[experience.pk]),
        {
            "kind": "volunteering",
            "title": "Bénévole",
            "title_en": "Volunteer",
            "version": 1,
            "accept": "1",
        },
    )
    assert response.status_code == 302
    experience.refresh_from_db()
    assert (experience.review, experience.title_en) == (Review.ACCEPTED, "Volunteer")


def test_declined_stays_visible_to_the_person_with_its_reason(
    client, participant, participant_user, counsellor
):
    experience = ExperienceFactory(
        participant=participant,
        title="Gardiennage",
        review=Review.PROPOSED,
        proposed_by=participant_user,
    )
    client.force_login(counsellor)
    response = client.post(
        reverse("evidence:experience_review", args=[experience.pk]),
        {"version": 1, "decline": "1", "reason": "Trop ancien pour le CV <b>visé</b>."},
    )
    assert response.status_code == 302
    again = client.post(
        reverse("evidence:experience_review", args=[experience.pk]),
        {"version": 2, "accept": "1"},
    )
    assert again.status_code == 409
    assert not selectors.printable_experiences(participant).exists()
    client.force_login(participant_user)
    html = client.get(list_url(participant)).content.decode()
    assert "Refusée" in html and "Trop ancien pour le CV &lt;b&gt;visé&lt;/b&gt;." in html
    assert reverse("evidence:proposal_experience_edit", args=[experience.pk]) not in html


def test_the_person_edits_only_their_own_waiting_proposals(
    client_for, participant, participant_user
):
    accepted = ExperienceFactory(participant=participant)
    client = client_for(participant_user)
    response = client.get(reverse("evidence:proposal_experience_edit", args=[accepted.pk]))
    assert response.status_code == 302
    assert client.get(reverse("evidence:experience_edit", args=[accepted.pk])).status_code == 403


def test_the_person_adds_an_experience(client_for, participant, participant_user):
    client = client_for(participant_user)
    response = client.post(
        reverse("evidence:propose_experience", args=[participant.pk]),
        {"kind": "family", "title": "Proche aidante de mon père", "started_on": "2019-01-01"},
    )
    assert response.status_code == 302
    experience = Experience.objects.get()
    assert experience.review == Review.PROPOSED and experience.created_by == participant_user


def test_a_bad_photo_is_a_422_with_the_typed_story_kept(client_for, participant, participant_user):
    response = client_for(participant_user).post(
        reverse("evidence:propose_achievement", args=[participant.pk]),
        {**story(), "photo": photo("x.png", b"MZ\x90\x00 not an image")},
    )
    assert response.status_code == 422
    assert "la file débordait" in response.content.decode()
    assert not Achievement.objects.exists()


def test_the_counsellor_story_form_offers_only_accepted_experiences(
    client_for, counsellor, participant
):

    ExperienceFactory(participant=participant, title="Acceptée")
    ExperienceFactory(participant=participant, title="En attente", review=Review.PROPOSED)
    ExperienceFactory(participant=participant, title="Écartée", review=Review.DECLINED)
    page = client_for(counsellor).get(reverse("evidence:achievement_create", args=[participant.pk]))
    html = page.content.decode()
    assert "Acceptée" in html
    assert "En attente" not in html and "Écartée" not in html
