import io

import pdfplumber
import pytest
from django.urls import reverse

from atout.practice import selectors
from atout.practice.models import PracticeCard
from atout.practice.tests.factories import CUSTOMERS, PUNCTUAL, TEAM, approve, competency
from atout.privacy.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def key(title):
    return selectors.competency_key({"fr": title[0], "en": title[1]})


@pytest.fixture
def approved(participant):
    return approve(participant, [competency(*TEAM), competency(*PUNCTUAL)])


def url(participant, name="practice:cards"):
    return reverse(name, args=[participant.pk])


def post_card(client, participant, title=TEAM, htmx=False, **data):
    body = {"key": key(title), "version": "0", "own_words": "Mes mots.", "readiness": "ready"}
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(url(participant, "practice:save"), body | data, **headers)


def test_the_person_reads_the_cards_and_the_read_is_logged(
    client_for, participant, participant_user, approved
):
    response = client_for(participant_user).get(url(participant))
    assert response.status_code == 200
    html = response.content.decode()
    assert TEAM[0] in html and "Au dépanneur" in html
    assert 'name="own_words"' in html and "coach_note" not in html
    assert AccessLogEntry.objects.filter(
        participant_id=participant.pk, action=AccessLogEntry.Action.VIEW_PRACTICE
    ).exists()


def test_save_without_javascript_redirects_to_the_card(
    client_for, participant, participant_user, approved
):
    response = post_card(client_for(participant_user), participant)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#card-{key(TEAM)}")
    card = PracticeCard.objects.get()
    assert (card.own_words, card.readiness, card.version) == ("Mes mots.", "ready", 1)


def test_save_with_htmx_answers_the_card(client_for, participant, participant_user, approved):
    response = post_card(client_for(participant_user), participant, htmx=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith("<article") and f'id="card-{key(TEAM)}"' in html
    assert 'name="version" value="1"' in html


@pytest.mark.parametrize("htmx", [False, True])
def test_invalid_save_is_422_and_reshows_what_was_typed(
    client_for, participant, participant_user, approved, htmx
):
    response = post_card(
        client_for(participant_user),
        participant,
        htmx=htmx,
        own_words="Mon texte à garder " + "x" * 3100,
        readiness="bientôt",
    )
    assert response.status_code == 422
    assert "Mon texte à garder" in response.content.decode()
    assert not PracticeCard.objects.exists()


@pytest.mark.parametrize("htmx", [False, True])
def test_stale_page_is_409_and_keeps_the_draft(
    client_for, participant, participant_user, approved, htmx
):
    client = client_for(participant_user)
    post_card(client, participant, own_words="Depuis le téléphone.")
    response = post_card(client, participant, htmx=htmx, own_words="Depuis l’ordinateur.")
    assert response.status_code == 409
    html = response.content.decode()
    assert "Depuis l’ordinateur." in html and "Depuis le téléphone." in html
    assert 'name="version" value="1"' in html  # saving again keeps this text
    assert PracticeCard.objects.get().own_words == "Depuis le téléphone."
    again = post_card(client, participant, version="1", own_words="Depuis l’ordinateur.")
    assert again.status_code == 302
    assert PracticeCard.objects.get().own_words == "Depuis l’ordinateur."


def test_unknown_or_departed_key_is_404(client_for, participant, participant_user, approved):
    client = client_for(participant_user)
    assert post_card(client, participant, title=CUSTOMERS).status_code == 404
    assert client.post(url(participant, "practice:save"), {"key": "../x"}).status_code == 404


def test_counsellor_sees_readiness_and_coaches(
    client_for, participant, participant_user, counsellor, approved
):
    post_card(client_for(participant_user), participant, readiness="getting_there")
    client = client_for(counsellor)
    page = client.get(url(participant)).content.decode()
    assert "readiness--getting_there" in page and 'name="own_words"' not in page
    assert "●●○" in page  # not by colour alone: a shape and a word
    response = client.post(
        url(participant, "practice:coach"),
        {"key": key(TEAM), "version": "0", "coach_note": "Ajoutez un chiffre."},
    )
    assert response.status_code == 302
    assert PracticeCard.objects.get().coach_note == "Ajoutez un chiffre."
    mine = client_for(participant_user).get(url(participant)).content.decode()
    assert "Ajoutez un chiffre." in mine


def test_counsellor_cannot_fill_person_cannot_coach(
    client_for, participant, participant_user, counsellor, approved
):
    assert post_card(client_for(counsellor), participant).status_code == 403
    response = client_for(participant_user).post(
        url(participant, "practice:coach"), {"key": key(TEAM), "coach_note": "x"}
    )
    assert response.status_code == 403


def test_the_file_pages_link_to_the_practice(client_for, participant, participant_user, counsellor):
    target = url(participant)
    assert (
        target
        in client_for(counsellor)
        .get(reverse("participants:detail", args=[participant.pk]))
        .content.decode()
    )
    assert (
        target in client_for(participant_user).get(reverse("participants:my_file")).content.decode()
    )


def pdf_pages(content: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


@pytest.mark.parametrize(
    ("count", "words", "lang"),
    [(6, True, "fr"), (6, False, "en"), (4, True, "en"), (4, False, "fr"), (1, True, "fr")],
)
def test_up_to_six_long_cards_fit_one_page(
    client_for, participant, participant_user, counsellor, count, words, lang
):
    titles = [
        (f"Compétence numéro {i} " + "avec un titre long " * 12, f"Skill {i}") for i in range(count)
    ]
    approve(participant, [competency(*t, stories=3, long=True) for t in titles])
    for t in titles:
        if words:
            post_card(
                client_for(participant_user), participant, title=t, own_words="Ma réponse " * 250
            )
        client_for(counsellor).post(
            url(participant, "practice:coach"),
            {"key": key(t), "version": "0", "coach_note": "Un conseil utile " * 80},
        )
    response = client_for(participant_user).get(url(participant, "practice:sheet"), {"lang": lang})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages = pdf_pages(response.content)
    assert len(pages) == 1
    assert (f"Skill {count - 1}" if lang == "en" else f"Compétence numéro {count - 1}") in pages[0]
    assert ("Ma réponse" in pages[0]) == words
    assert "Un conseil utile" in pages[0]


def test_seven_cards_may_run_onto_a_second_page_and_the_page_says_so(
    client_for, participant, participant_user
):
    titles = [(f"Compétence {i}", f"Skill {i}") for i in range(7)]
    approve(participant, [competency(*t, stories=2, long=True) for t in titles])
    client = client_for(participant_user)
    for t in titles:
        post_card(client, participant, title=t, own_words="Ma réponse " * 250)
    page = client.get(url(participant)).content.decode()
    assert "may take two pages" in page or "deux pages" in page
    pages = pdf_pages(client.get(url(participant, "practice:sheet"), {"lang": "en"}).content)
    assert len(pages) == 2
    assert "Skill 6" in pages[1]


def test_sheet_prints_hostile_text_literally(client_for, participant, participant_user):
    hostile = '#set page(width: 1pt) #read("/etc/passwd") <script>'
    approve(participant, [competency(hostile, hostile)])
    client = client_for(participant_user)
    post_card(client, participant, title=(hostile, hostile), own_words=hostile + " 😀")
    response = client.get(url(participant, "practice:sheet"), {"lang": "fr"})
    (text,) = pdf_pages(response.content)
    assert "#set page(width: 1pt)" in text
    assert AccessLogEntry.objects.filter(action=AccessLogEntry.Action.PRACTICE_DOCUMENT).exists()


def test_sheet_without_approved_passport_says_so(client_for, participant, participant_user):
    response = client_for(participant_user).get(url(participant, "practice:sheet"))
    assert response.status_code == 200
    assert len(pdf_pages(response.content)) == 1


def test_history_shows_both_sides(client_for, participant, participant_user, counsellor, approved):
    post_card(client_for(participant_user), participant, readiness="getting_there")
    client_for(counsellor).post(
        url(participant, "practice:coach"),
        {"key": key(TEAM), "version": "0", "coach_note": "Ajoutez un chiffre."},
    )
    post_card(client_for(participant_user), participant, version="1", readiness="ready")
    response = client_for(participant_user).get(url(participant, "practice:history"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Geneviève Tremblay" in html and "Émilie Gagnon" in html
    entries = response.context["entries"]
    assert len(entries) == 3
    assert entries[0]["readiness"] in ("Ready", "Prête ou prêt")
    assert AccessLogEntry.objects.filter(
        participant_id=participant.pk, action=AccessLogEntry.Action.VIEW_PRACTICE
    ).exists()


@pytest.mark.parametrize("htmx", [False, True])
def test_stale_coaching_note_is_409_and_keeps_the_text(
    client_for, participant, counsellor, org_admin, approved, htmx
):
    data = {"key": key(TEAM), "version": "0"}
    client_for(org_admin).post(
        url(participant, "practice:coach"), data | {"coach_note": "Premier."}
    )
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client_for(counsellor).post(
        url(participant, "practice:coach"), data | {"coach_note": "Le mien."}, **headers
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Le mien." in html and "Premier." in html
    assert 'name="version" value="1"' in html  # saving again keeps this note
    assert PracticeCard.objects.get().coach_note == "Premier."


def test_htmx_note_save_says_saved_on_the_note_only(client_for, participant, counsellor, approved):
    response = client_for(counsellor).post(
        url(participant, "practice:coach"),
        {"key": key(TEAM), "version": "0", "coach_note": "Bravo."},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response.context["c"]["saved"] == "note"


def test_readiness_summary_without_passport_is_empty(participant):
    assert selectors.readiness_summary(participant) == []


def test_real_passport_cards_follow_approval_and_consent_withdrawal(
    client_for, participant, participant_user, counsellor
):
    """With the passport's own services: approve, rehearse, withdraw a consent, approve again."""
    from atout.participants.models import Audience, ContactField
    from atout.participants.services import consent_set
    from atout.passports import services as passport_services

    participant.mobile_phone = "4185551234"
    participant.save()
    phone = (ContactField.MOBILE_PHONE, Audience.EMPLOYER)
    consent_set(participant=participant, actor=counsellor, decisions={phone: True})
    passport = passport_services.passport_start(participant=participant, actor=counsellor)
    kc = passport_services.key_competency_add(
        passport=passport, actor=counsellor, title_fr="Travailler en équipe", title_en="Teamwork"
    )
    passport_services.evidence_write(
        key_competency=kc,
        actor=counsellor,
        texts={
            "situation_fr": "Corvée de nettoyage du parc.",
            "action_fr": "J’ai réparti les zones.",
        },
    )
    passport_services.passport_approve(passport=passport, actor=counsellor, in_person=True)
    client = client_for(participant_user)
    assert "Corvée de nettoyage du parc." in client.get(url(participant)).content.decode()
    assert post_card(client, participant, own_words="Je répartis les zones.").status_code == 302

    consent_set(participant=participant, actor=counsellor, decisions={phone: False})
    page = client.get(url(participant))
    assert page.context["cards"] == [] and page.context["reapproval"]

    passport_services.passport_approve(passport=passport, actor=participant_user)
    (card,) = client.get(url(participant)).context["cards"]
    assert card["card"].own_words == "Je répartis les zones."


def test_the_file_page_shows_readiness_per_competency(
    client_for, participant, participant_user, counsellor, cle_agent, approved
):
    post_card(client_for(participant_user), participant, readiness="getting_there")
    page = client_for(counsellor).get(reverse("participants:detail", args=[participant.pk]))
    html = page.content.decode()
    assert "practice-file-summary" in html and "●●○" in html and PUNCTUAL[0] in html
    # A CLE agent reads the file but not the practice.
    page = client_for(cle_agent).get(reverse("participants:detail", args=[participant.pk]))
    assert url(participant) not in page.content.decode()


def test_the_file_history_shows_the_cards_without_bookkeeping(
    client_for, participant, participant_user, org_admin, approved
):
    post_card(client_for(participant_user), participant, own_words="Mes mots à moi.")
    page = client_for(org_admin).get(reverse("participants:history", args=[participant.pk]))
    html = page.content.decode()
    assert "Mes mots à moi." in html
    assert key(TEAM) not in html and "note_version" not in html
