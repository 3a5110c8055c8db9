import pytest
from django.urls import reverse

from atout.evidence.models import Achievement, Experience
from atout.evidence.tests.factories import AchievementFactory, ExperienceFactory
from atout.participants.tests.factories import AttachmentFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

# (url name, which object the pk names, is it a write)
URLS = [
    ("evidence:list", "participant", False),
    ("evidence:experience_create", "participant", True),
    ("evidence:achievement_create", "participant", True),
    ("evidence:experience_edit", "experience", True),
    ("evidence:experience_delete", "experience", True),
    ("evidence:achievement_edit", "achievement", True),
    ("evidence:achievement_delete", "achievement", True),
]
WRITES = [(name, target) for name, target, write in URLS if write]


@pytest.fixture
def objects(participant, experience, achievement):
    return {"participant": participant, "experience": experience, "achievement": achievement}


def url(name, objects, target):
    return reverse(name, kwargs={"pk": objects[target].pk})


def experience_post(**overrides):
    return {
        "kind": "job",
        "title": "Caissière",
        "place": "Marché Saint-Roch",
        "role": "",
        "started_on": "2022-05-01",
        "ended_on": "2023-08-31",
        "description": "",
        **overrides,
    }


def achievement_post(**overrides):
    return {
        "experience": "",
        "situation_fr": "Une file de 20 personnes le samedi.",
        "action_fr": "J'ai ouvert une deuxième caisse.",
        "result_fr": "Attente réduite de moitié.",
        **overrides,
    }


# Authorisation


@pytest.mark.parametrize(("name", "target", "write"), URLS)
def test_anonymous_is_sent_to_login(client, objects, name, target, write):
    response = client.get(url(name, objects, target))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize(("name", "target", "write"), URLS)
def test_counsellor_from_other_org_gets_404(client_for, outsider, objects, name, target, write):
    client = client_for(outsider)
    assert client.get(url(name, objects, target)).status_code == 404
    assert client.post(url(name, objects, target), {}).status_code == 404


@pytest.mark.parametrize(("name", "target", "write"), URLS)
def test_counsellor_opens_every_page(client_for, counsellor, objects, name, target, write):
    assert client_for(counsellor).get(url(name, objects, target)).status_code == 200


@pytest.mark.parametrize(("name", "target"), WRITES)
def test_participant_owner_gets_403_on_writes(client_for, participant_user, objects, name, target):
    client = client_for(participant_user)
    assert client.get(url(name, objects, target)).status_code == 403
    assert client.post(url(name, objects, target), {}).status_code == 403
    assert Achievement.objects.filter(pk=objects["achievement"].pk).exists()


def test_participant_owner_reads_their_evidence(
    client_for, participant_user, participant, achievement
):
    response = client_for(participant_user).get(reverse("evidence:list", args=[participant.pk]))
    assert response.status_code == 200
    assert achievement.situation in response.content.decode()
    assert (
        reverse("evidence:achievement_edit", args=[achievement.pk]) not in response.content.decode()
    )


def test_cle_agent_gets_403(client_for, cle_agent, participant):
    response = client_for(cle_agent).get(reverse("evidence:list", args=[participant.pk]))
    assert response.status_code == 403


# The list


def test_list_shows_experiences_achievements_and_what_they_prove(
    client_for, counsellor, participant, experience, achievement, generic_competencies, attachment
):
    achievement.competencies.add(generic_competencies[0])
    achievement.proofs.add(attachment)
    loose = AchievementFactory(participant=participant, situation_fr="Récit sans expérience")
    response = client_for(counsellor).get(reverse("evidence:list", args=[participant.pk]))
    html = response.content.decode()
    assert experience.title in html
    assert "Écouter" in html
    assert "photo.png" in html
    assert loose.situation in html
    assert f'id="achievement-{loose.pk}"' in html


def test_list_shows_how_many_key_competencies_use_an_achievement(
    client_for, counsellor, participant, used_by_passport
):
    response = client_for(counsellor).get(reverse("evidence:list", args=[participant.pk]))
    assert "1 compétence" in response.content.decode() or "1 key competency" in (
        response.content.decode()
    )


def test_markup_is_printed_escaped(client_for, counsellor, participant):
    ExperienceFactory(participant=participant, title="<script>alert(1)</script>")
    AchievementFactory(participant=participant, result_fr="<b>gras</b> {{ x }}")
    html = client_for(counsellor).get(reverse("evidence:list", args=[participant.pk])).content
    html = html.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;gras&lt;/b&gt; {{ x }}" in html


# Experiences


def test_counsellor_adds_an_experience(client_for, counsellor, participant):
    response = client_for(counsellor).post(
        reverse("evidence:experience_create", args=[participant.pk]), experience_post()
    )
    experience = Experience.objects.get(participant=participant)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#experience-{experience.pk}")
    assert experience.title == "Caissière"


def test_errors_reshow_the_typed_values(client_for, counsellor, participant):
    response = client_for(counsellor).post(
        reverse("evidence:experience_create", args=[participant.pk]),
        experience_post(title="", place="Épicerie Chez Léo", ended_on="2020-01-01"),
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert 'class="error-summary"' in html
    assert "Épicerie Chez Léo" in html
    assert not Experience.objects.exists()


def test_edit_conflict_shows_both_versions_and_keeps_typed_text(
    client_for, counsellor, org_admin, experience
):
    edit = reverse("evidence:experience_edit", args=[experience.pk])
    first = client_for(org_admin).post(
        edit, experience_post(title="Version enregistrée", version=1)
    )
    assert first.status_code == 302
    response = client_for(counsellor).post(edit, experience_post(title="Ma version", version=1))
    html = response.content.decode()
    assert response.status_code == 409
    assert 'class="conflict"' in html
    assert "Version enregistrée" in html
    assert 'value="Ma version"' in html
    assert 'name="version" value="2"' in html
    experience.refresh_from_db()
    assert experience.title == "Version enregistrée"
    # Saving again from the version shown keeps the second person's text.
    again = client_for(counsellor).post(edit, experience_post(title="Ma version", version=2))
    assert again.status_code == 302
    experience.refresh_from_db()
    assert experience.title == "Ma version"


def test_delete_experience_asks_then_deletes(client_for, counsellor, experience, achievement):
    client = client_for(counsellor)
    delete = reverse("evidence:experience_delete", args=[experience.pk])
    page = client.get(delete).content.decode()
    assert achievement.situation in page
    assert Experience.objects.filter(pk=experience.pk).exists()
    assert client.post(delete).status_code == 302
    assert not Experience.objects.filter(pk=experience.pk).exists()
    assert not Achievement.objects.filter(pk=achievement.pk).exists()


# Achievements


def test_counsellor_adds_an_achievement_with_competencies_and_proofs(
    client_for, counsellor, participant, experience, generic_competencies, attachment
):
    client = client_for(counsellor)
    form_url = reverse("evidence:achievement_create", args=[participant.pk])
    page = client.get(f"{form_url}?experience={experience.pk}").content.decode()
    assert f'<option value="{experience.pk}" selected>' in page
    assert "Écouter" in page and "photo.png" in page
    response = client.post(
        form_url,
        achievement_post(
            experience=experience.pk,
            competencies=[c.pk for c in generic_competencies],
            proofs=[attachment.pk],
        ),
    )
    assert response.status_code == 302
    achievement = Achievement.objects.get(participant=participant)
    assert achievement.experience == experience
    assert achievement.competencies.count() == 2
    assert list(achievement.proofs.all()) == [attachment]


def test_other_files_documents_are_not_offered_nor_accepted(
    client_for, counsellor, participant, organisation
):
    foreign = AttachmentFactory(
        participant=ParticipantFactory(organisation=organisation), original_name="autre.pdf"
    )
    client = client_for(counsellor)
    form_url = reverse("evidence:achievement_create", args=[participant.pk])
    assert "autre.pdf" not in client.get(form_url).content.decode()
    response = client.post(form_url, achievement_post(proofs=[foreign.pk]))
    assert response.status_code == 422
    assert not Achievement.objects.exists()


def test_competency_of_another_framework_is_not_accepted(
    client_for, counsellor, participant, other_framework_competency
):
    response = client_for(counsellor).post(
        reverse("evidence:achievement_create", args=[participant.pk]),
        achievement_post(competencies=[other_framework_competency.pk]),
    )
    assert response.status_code == 422
    assert not Achievement.objects.exists()


def test_achievement_conflict_is_409(client_for, counsellor, org_admin, achievement):
    edit = reverse("evidence:achievement_edit", args=[achievement.pk])
    assert (
        client_for(org_admin).post(edit, achievement_post(result_fr="Sauvé", version=1)).status_code
        == 302
    )
    response = client_for(counsellor).post(edit, achievement_post(result_fr="Le mien", version=1))
    html = response.content.decode()
    assert response.status_code == 409
    assert "Sauvé" in html and "Le mien" in html


def test_achievement_used_by_the_passport_is_not_deleted(
    client_for, counsellor, achievement, used_by_passport
):
    client = client_for(counsellor)
    delete = reverse("evidence:achievement_delete", args=[achievement.pk])
    page = client.get(delete)
    assert page.status_code == 200
    assert f'action="{delete}"' not in page.content.decode()
    assert client.post(delete).status_code == 409
    assert (
        client.post(
            reverse("evidence:experience_delete", args=[achievement.experience_id])
        ).status_code
        == 409
    )
    assert Achievement.objects.filter(pk=achievement.pk).exists()


def test_delete_achievement(client_for, counsellor, achievement):
    response = client_for(counsellor).post(
        reverse("evidence:achievement_delete", args=[achievement.pk])
    )
    assert response.status_code == 302
    assert not Achievement.objects.filter(pk=achievement.pk).exists()


# Hostile input


@pytest.mark.parametrize("text", ["texte\x00nul", "cloche\x07", "é" * 100_000])
def test_hostile_text_is_refused_and_reshown(client_for, counsellor, participant, text):
    response = client_for(counsellor).post(
        reverse("evidence:achievement_create", args=[participant.pk]),
        achievement_post(action_fr=text, situation_fr="<i>Situation</i>"),
    )
    assert response.status_code == 422
    assert 'class="error-summary"' in response.content.decode()
    assert "&lt;i&gt;Situation&lt;/i&gt;" in response.content.decode()
    assert not Achievement.objects.exists()


def test_bad_experience_query_is_ignored(client_for, counsellor, participant):
    response = client_for(counsellor).get(
        reverse("evidence:achievement_create", args=[participant.pk]) + "?experience=%00abc"
    )
    assert response.status_code == 200


def test_list_queries_do_not_grow_with_the_evidence(
    client_for, counsellor, participant, generic_competencies, attachment
):
    client = client_for(counsellor)
    list_url = reverse("evidence:list", args=[participant.pk])

    def add(n):
        for _ in range(n):
            experience = ExperienceFactory(participant=participant)
            achievement = AchievementFactory(participant=participant, experience=experience)
            achievement.competencies.set(generic_competencies)
            achievement.proofs.add(attachment)

    add(1)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(list_url)  # the session's first request also checks for an authenticator
    with CaptureQueriesContext(connection) as few:
        client.get(list_url)
    add(5)
    with CaptureQueriesContext(connection) as many:
        client.get(list_url)
    assert len(many) == len(few)


# Both languages (the story prints on the passport)


def test_story_is_written_in_french_and_english_side_by_side(client_for, counsellor, participant):
    client = client_for(counsellor)
    form_url = reverse("evidence:achievement_create", args=[participant.pk])
    html = client.get(form_url).content.decode()
    assert html.index('name="situation_fr"') < html.index('name="situation_en"')
    response = client.post(
        form_url,
        achievement_post(situation_en="A queue of 20 people", action_en="I opened a till"),
    )
    assert response.status_code == 302
    achievement = Achievement.objects.get()
    assert achievement.situation_fr.startswith("Une file")
    assert achievement.situation_en == "A queue of 20 people"
    assert achievement.result_en == ""


def test_english_only_story_is_accepted(client_for, counsellor, participant):
    response = client_for(counsellor).post(
        reverse("evidence:achievement_create", args=[participant.pk]),
        achievement_post(
            situation_fr="", action_fr="", situation_en="A queue", action_en="I opened a till"
        ),
    )
    assert response.status_code == 302
    assert Achievement.objects.get().situation == "A queue"


def test_story_in_no_language_is_422(client_for, counsellor, participant):
    response = client_for(counsellor).post(
        reverse("evidence:achievement_create", args=[participant.pk]),
        achievement_post(situation_fr="", action_fr="J'ai ouvert une caisse."),
    )
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Achievement.objects.exists()
