"""Issue 8, "Trust what exists": the builder's actions, its refusals and the review step."""

import io
import re

import pdfplumber
import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atout.competencies.models import LanguageAssessment
from atout.evidence.tests.factories import AchievementFactory
from atout.participants.models import Audience
from atout.participants.services import consent_set
from atout.passports import selectors, services
from atout.passports.models import Passport, PassportVersion

pytestmark = pytest.mark.django_db

POST_VIEWS_WITH_A_KEY_COMPETENCY = [
    "kc_up",
    "kc_down",
    "kc_remove",
    "evidence_link",
    "evidence_attach",
    "evidence_detach",
    "evidence_write",
]


@pytest.fixture
def passport(participant, counsellor):
    return services.passport_start(participant=participant, actor=counsellor)


@pytest.fixture
def two_competencies(passport, counsellor):
    return [
        services.key_competency_add(passport=passport, actor=counsellor, title_fr=title)
        for title in ("Fiabilité", "Travail d’équipe")
    ]


def url(participant, name, **kwargs):
    return reverse(f"passports:{name}", kwargs={"pk": participant.pk, **kwargs})


def step(participant, slug):
    return url(participant, "step", step=slug)


def review_sections(html):
    """The review page's "points to fix" section, and the rest of the page."""
    match = re.search(r'<section[^>]*aria-labelledby="weak-h".*?</section>', html, re.S)
    assert match
    return match.group(0), html.replace(match.group(0), "")


# --- One view per action, ids from POST -----------------------------------------------


def test_stale_reorder_is_a_409_with_the_reload_message(
    client_for, counsellor, participant, two_competencies
):
    first, second = two_competencies
    client = client_for(counsellor)
    # The page listed one competency; another was added since.
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = client.post(url(participant, "kc_reorder"), {"order": [first.pk]}, **headers)
        assert response.status_code == 409
        assert "Rechargez la page" in response.content.decode()
    assert list(Passport.objects.get().key_competencies.values_list("pk", flat=True)) == [
        first.pk,
        second.pk,
    ]


def test_reorder_with_the_whole_list_saves(client_for, counsellor, participant, two_competencies):
    first, second = two_competencies
    response = client_for(counsellor).post(
        url(participant, "kc_reorder"), {"order": [second.pk, "abc", first.pk]}
    )
    assert response.status_code == 302
    assert list(Passport.objects.get().key_competencies.values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]


@pytest.mark.parametrize("name", POST_VIEWS_WITH_A_KEY_COMPETENCY)
@pytest.mark.parametrize("bad", ["abc", "1e3", "", "-1", "٣", "99999999999999999999"])
def test_malformed_key_competency_id_is_404(
    client_for, counsellor, participant, two_competencies, name, bad
):
    response = client_for(counsellor).post(
        url(participant, name), {"key_competency": bad, "achievement": "1"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["evidence_attach", "evidence_detach"])
@pytest.mark.parametrize("bad", ["abc", "1e3", "-1"])
def test_malformed_achievement_id_is_404(
    client_for, counsellor, participant, two_competencies, name, bad
):
    kc = two_competencies[0]
    response = client_for(counsellor).post(
        url(participant, name), {"key_competency": kc.pk, "achievement": bad}
    )
    assert response.status_code == 404


def test_another_persons_achievement_is_404(
    client_for, counsellor, participant, two_competencies, organisation
):
    from atout.participants.tests.factories import ParticipantFactory

    foreign = AchievementFactory(participant=ParticipantFactory(organisation=organisation))
    response = client_for(counsellor).post(
        url(participant, "evidence_attach"),
        {"key_competency": two_competencies[0].pk, "achievement": foreign.pk},
    )
    assert response.status_code == 404
    assert not two_competencies[0].evidence.exists()


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(raw=st.text(max_size=30))
def test_any_key_competency_field_is_404_or_a_move(
    client_for, counsellor, participant, two_competencies, raw
):
    """Whatever the field holds, the answer is a refusal or a redirect, never a 500."""
    response = client_for(counsellor).post(url(participant, "kc_up"), {"key_competency": raw})
    assert response.status_code in (302, 404)


@pytest.mark.parametrize("slug", ["competences-cles", "preuves", "revision"])
def test_action_steps_no_longer_take_posts(client_for, counsellor, participant, passport, slug):
    response = client_for(counsellor).post(step(participant, slug), {"action": "approve"})
    assert response.status_code == 405


def test_achievement_choice_left_empty_is_422(
    client_for, counsellor, participant, two_competencies
):
    response = client_for(counsellor).post(
        url(participant, "evidence_attach"),
        {"key_competency": two_competencies[0].pk, "achievement": ""},
    )
    assert response.status_code == 422


# --- Autosave refusals -----------------------------------------------------------------


def test_refused_autosave_marks_the_fields_out_of_band_with_422(
    client_for, counsellor, participant, passport
):
    response = client_for(counsellor).post(
        step(participant, "competences-de-base"),
        {"version": passport.version, "software_fr": "Word\x00", "equipment_fr": "Chariot"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 422
    # The field comes back marked, its message linked, swapped in by id out of band.
    assert 'id="field-software_fr" hx-swap-oob="true"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_software_fr_error"' in html
    assert 'id="id_software_fr_error"' in html
    # Only the field in error: what is being typed elsewhere is not replaced.
    assert "field-equipment_fr" not in html
    assert "red" not in html.lower() and "rouge" not in html.lower()
    passport.refresh_from_db()
    assert passport.equipment_fr == ""


def test_refused_save_without_javascript_is_422_with_the_typed_values(
    client_for, counsellor, participant, passport
):
    response = client_for(counsellor).post(
        step(participant, "competences-de-base"),
        {"version": passport.version, "software_fr": "Word\x00", "equipment_fr": "Chariot"},
    )
    assert response.status_code == 422
    assert 'value="Chariot"' in response.content.decode()


def test_key_competency_add_refused_is_422_with_the_typed_text(
    client_for, counsellor, participant, passport
):
    response = client_for(counsellor).post(
        url(participant, "kc_add"), {"title_fr": "Écoute" + "x" * 200}
    )
    assert response.status_code == 422
    assert "Écoute" + "x" * 200 in response.content.decode()


# --- Evidence step ---------------------------------------------------------------------


def test_evidence_lists_preselect_nothing_and_put_tagged_stories_first(
    client_for, counsellor, participant, passport
):
    from atout.competencies.tests.factories import CompetencyFactory

    competency = CompetencyFactory(name_fr="Écouter", name_en="Listening")
    kc = services.key_competency_add(passport=passport, actor=counsellor, competency=competency)
    plain = AchievementFactory(participant=participant, situation_fr="Histoire sans étiquette")
    tagged = AchievementFactory(participant=participant, situation_fr="Histoire étiquetée")
    tagged.competencies.add(competency)
    html = client_for(counsellor).get(step(participant, "preuves")).content.decode()
    select = re.search(rf'<select id="pick-{kc.pk}".*?</select>', html, re.S).group(0)
    options = re.findall(r'<option value="(\d*)"( selected)?', select)
    assert options[0] == ("", " selected")
    assert [pk for pk, _selected in options[1:]] == [str(tagged.pk), str(plain.pk)]
    assert not any(selected for pk, selected in options[1:])


def test_a_story_used_twice_is_flagged_at_review(
    client_for, counsellor, participant, two_competencies
):
    story = AchievementFactory(participant=participant, situation_fr="La même histoire")
    for kc in two_competencies:
        services.evidence_attach(key_competency=kc, actor=counsellor, achievement=story)
    html = client_for(counsellor).get(step(participant, "revision")).content.decode()
    to_fix, _rest = review_sections(html)
    assert "La même histoire" in to_fix
    assert "Fiabilité" in to_fix and "Travail d’équipe" in to_fix


def test_an_empty_link_column_is_flagged_at_review(
    client_for, counsellor, participant, two_competencies
):
    with translation.override("en"):
        content = selectors.passport_content(Passport.objects.get())
        points = selectors.weak_points(content)
    assert any("Fiabilité" in p and "print empty" in p for p in points)
    html = client_for(counsellor).get(step(participant, "revision")).content.decode()
    to_fix, _rest = review_sections(html)
    assert "Fiabilité" in to_fix


def test_missing_english_is_listed_for_an_english_passport(
    client_for, counsellor, participant, passport, two_competencies
):
    Passport.objects.filter(pk=passport.pk).update(
        languages="en", objective_fr="Je veux être préposée", objective_en=""
    )
    story = AchievementFactory(participant=participant, situation_fr="Banque alimentaire")
    services.evidence_attach(
        key_competency=two_competencies[0], actor=counsellor, achievement=story
    )
    content = selectors.passport_content(Passport.objects.get())
    with translation.override("en"):
        missing = selectors.missing_translations(content)
    assert [m["lang"] for m in missing] == ["en"]
    items = " | ".join(missing[0]["items"])
    assert "the objective" in items
    assert "the title of “Fiabilité”" in items
    assert "Banque alimentaire" in items
    html = client_for(counsellor).get(step(participant, "revision")).content.decode()
    to_fix, _rest = review_sections(html)
    assert "Banque alimentaire" in to_fix


def test_consent_refusal_is_information_not_a_fault(
    client_for, counsellor, participant_user, participant, passport
):
    consent_set(
        participant=participant,
        actor=counsellor,
        decisions={("email", Audience.EMPLOYER): True},
    )
    # Then the person changes their mind about the e-mail: a deliberate refusal.
    consent_set(
        participant=participant, actor=counsellor, decisions={("email", Audience.EMPLOYER): False}
    )
    html = client_for(participant_user).get(step(participant, "revision")).content.decode()
    to_fix, rest = review_sections(html)
    assert 'id="choices-h"' in rest
    assert "choices-h" not in to_fix and "Courriel" not in to_fix
    assert "Courriel" in rest
    with translation.override("en"):
        content = selectors.passport_content(Passport.objects.get())
        assert not any("contact" in p.lower() for p in selectors.weak_points(content))


def test_languages_line_from_a_later_self_assessment(client_for, counsellor, participant, passport):
    LanguageAssessment.objects.create(participant=participant, language="fr", is_mother_tongue=True)
    client = client_for(counsellor)
    page = client.get(step(participant, "competences-de-base")).content.decode()
    assert url(participant, "use_languages") in page
    to_fix, _rest = review_sections(client.get(step(participant, "revision")).content.decode())
    assert step(participant, "competences-de-base") in to_fix
    assert client.post(url(participant, "use_languages")).status_code == 302
    passport.refresh_from_db()
    assert passport.languages_fr == selectors.languages_from_assessment(passport)["fr"] != ""
    assert not selectors.languages_differ(passport)


# --- Approval again, versions ------------------------------------------------------------


def test_reapproval_is_announced_and_approval_offered_again(
    client_for, counsellor, participant_user, participant, passport
):
    Passport.objects.filter(pk=passport.pk).update(
        status=Passport.Status.REAPPROVAL, reapproval_fields=["email"]
    )
    for user in (counsellor, participant_user):
        html = (
            client_for(user)
            .get(step(participant, "revision"), HTTP_ACCEPT_LANGUAGE="en")
            .content.decode()
        )
        assert '<html lang="en-CA"' in html
        assert "message--warning" in html
        if user == participant_user:
            assert "read your passport again and approve it" in html
        else:
            assert "the person must approve the passport again" in html
        assert url(participant, "approve_in_person" if user == counsellor else "approve") in html
    response = client_for(participant_user).post(url(participant, "approve"))
    assert response.status_code == 302
    assert Passport.objects.get().status == Passport.Status.APPROVED


def test_versions_list_shows_pending_failed_and_withdrawn(
    client_for, counsellor, participant, passport
):
    from django.utils import timezone

    content = selectors.passport_content(passport)
    common = {"passport": passport, "participant": participant, "reason": "approved"}
    pending = PassportVersion.objects.create(
        number=1, content=content, documents_status="pending", **common
    )
    failed = PassportVersion.objects.create(
        number=2,
        content=content,
        documents_status="failed",
        documents_error="Typst a dit non",
        **common,
    )
    withdrawn = PassportVersion.objects.create(
        number=3, content=content, withdrawn_at=timezone.now(), withdrawn_fields=["email"], **common
    )
    ready = PassportVersion.objects.create(number=4, content=content, **common)
    client = client_for(counsellor)
    html = client.get(step(participant, "revision")).content.decode()
    assert 'hx-trigger="every 4s"' in html  # polls while one is being prepared
    assert "Typst a dit non" in html
    for version in (pending, failed, withdrawn):
        assert reverse("passports:version_document", args=[version.pk]) not in html
    assert reverse("passports:version_document", args=[ready.pk]) in html
    PassportVersion.objects.filter(pk=pending.pk).update(documents_status="ready")
    fragment = client.get(url(participant, "versions")).content.decode()
    assert "hx-trigger" not in fragment  # the poll stops once ready


# --- The participant -------------------------------------------------------------------


@pytest.mark.parametrize("status", [Passport.Status.READY, Passport.Status.REAPPROVAL])
def test_participant_home_says_a_passport_awaits_approval(
    client_for, participant_user, participant, passport, status
):
    Passport.objects.filter(pk=passport.pk).update(status=status)
    html = client_for(participant_user).get(reverse("participants:my_file")).content.decode()
    assert 'id="passport-notice-h"' in html
    assert step(participant, "revision") in html


def test_participant_home_has_no_notice_for_a_draft(
    client_for, participant_user, participant, passport
):
    html = client_for(participant_user).get(reverse("participants:my_file")).content.decode()
    assert 'id="passport-notice-h"' not in html


def test_participant_review_shows_the_pages_before_the_approve_button(
    client_for, participant_user, participant, passport
):
    html = client_for(participant_user).get(step(participant, "revision")).content.decode()
    pages = html.index('id="pages-h"')
    approve = html.index(url(participant, "approve"))
    assert pages < approve
    assert 'class="builder__preview"' not in html


def test_preview_pages_are_links_to_enlarge(client_for, counsellor, participant, passport):
    html = client_for(counsellor).get(url(participant, "preview")).content.decode()
    assert html.count('class="preview-link"') >= 2
    assert f"{url(participant, 'draft_document')}?lang=fr#page=1" in html


# --- Evidence printed in the passport's language ------------------------------------------


def test_english_passport_prints_the_english_story(counsellor, participant, passport):
    from atout.documents.rendering.passport import render_passport

    kc = services.key_competency_add(
        passport=passport, actor=counsellor, title_fr="Fiabilité", title_en="Reliability"
    )
    story = AchievementFactory(
        participant=participant,
        situation_fr="Bénévole à la banque alimentaire",
        situation_en="Volunteer at the food bank",
        action_fr="J’ai trié les denrées",
        action_en="I sorted the food",
        result_fr="Aucune perte",
        result_en="Nothing was lost",
    )
    services.evidence_attach(key_competency=kc, actor=counsellor, achievement=story)
    Passport.objects.filter(pk=passport.pk).update(languages="both")
    content = selectors.passport_content(Passport.objects.get())
    texts = {}
    for lang in ("fr", "en"):
        pdf = render_passport(content, lang=lang, variant="copy")
        with pdfplumber.open(io.BytesIO(pdf.content)) as document:
            texts[lang] = " ".join(page.extract_text() or "" for page in document.pages)
    assert "Volunteer at the food bank" in texts["en"]
    assert "Bénévole" not in texts["en"]
    assert "Bénévole à la banque alimentaire" in texts["fr"]
    assert "Volunteer" not in texts["fr"]


def test_story_without_english_warns_the_builder(counsellor, participant, passport):
    from atout.documents.rendering.passport import passport_payload

    kc = services.key_competency_add(
        passport=passport, actor=counsellor, title_fr="Fiabilité", title_en="Reliability"
    )
    story = AchievementFactory(participant=participant)
    services.evidence_attach(key_competency=kc, actor=counsellor, achievement=story)
    content = selectors.passport_content(Passport.objects.get())
    with translation.override("en"):
        payload = passport_payload(content, lang="en", variant="copy")
    assert payload["competencies"][0]["evidence"][0]["situation"].startswith("Chaque vendredi")
    assert any("an achievement of key competency 1" in w for w in payload["warnings"])


def test_versions_frozen_before_bilingual_stories_still_render(counsellor, participant, passport):
    from atout.documents.rendering.passport import passport_payload

    content = selectors.passport_content(passport)
    content["competencies"] = [
        {
            "title": {"fr": "Fiabilité", "en": ""},
            "link": {"fr": "Lien", "en": ""},
            "evidence": [{"situation": "Ancienne", "action": "Texte", "result": ""}],
        }
    ]
    payload = passport_payload(content, lang="fr", variant="copy")
    assert payload["competencies"][0]["evidence"][0]["situation"] == "Ancienne"


def test_migration_gives_frozen_stories_both_languages_and_back():
    import importlib

    migration = importlib.import_module(
        "atout.passports.migrations.0004_versions_bilingual_evidence"
    )
    content = {"competencies": [{"evidence": [{"situation": "S", "action": "A", "result": ""}]}]}
    assert migration._convert(content, True)
    assert content["competencies"][0]["evidence"][0] == {
        "situation": {"fr": "S", "en": ""},
        "action": {"fr": "A", "en": ""},
        "result": {"fr": "", "en": ""},
    }
    assert not migration._convert(content, True)  # already converted: untouched
    assert migration._convert(content, False)
    assert content["competencies"][0]["evidence"][0] == {
        "situation": "S",
        "action": "A",
        "result": "",
    }


def test_an_approved_passport_still_equals_its_frozen_version(counsellor, participant, passport):
    """Stories without English freeze as {"fr": …, "en": ""}: what the migration writes."""
    import importlib

    migration = importlib.import_module(
        "atout.passports.migrations.0004_versions_bilingual_evidence"
    )
    kc = services.key_competency_add(passport=passport, actor=counsellor, title_fr="Fiabilité")
    services.evidence_attach(
        key_competency=kc, actor=counsellor, achievement=AchievementFactory(participant=participant)
    )
    content = selectors.passport_content(Passport.objects.get())
    legacy = {
        **content,
        "competencies": [
            {
                **kc_content,
                "evidence": [
                    {part: value["fr"] for part, value in ev.items()}
                    for ev in kc_content["evidence"]
                ],
            }
            for kc_content in content["competencies"]
        ],
    }
    migration._convert(legacy, True)
    assert legacy == content
