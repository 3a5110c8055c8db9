import pytest
from django.urls import reverse

from atout.evidence.tests.factories import ExperienceFactory
from atout.privacy.models import AccessLogEntry
from atout.rectifications.models import RectificationRequest
from atout.rectifications.tests.factories import RectificationFactory, overdue

pytestmark = pytest.mark.django_db

MINE = "/corrections/"
PENDING = "/corrections/a-traiter/"

HOSTILE = [
    '<script>alert("x")</script>',
    '#set page(width: 1pt) #import "/etc/passwd"',
    '=HYPERLINK("http://evil")',
    "Ligne un\r\nLigne deux \u202e",
]


def test_the_urls_are_where_the_brief_puts_them():
    assert reverse("rectifications:mine") == MINE
    assert reverse("rectifications:pending") == PENDING
    assert reverse("rectifications:decide", args=[7]) == "/corrections/7/"


def test_the_person_sees_their_fields_and_asks_without_javascript(
    client_for, participant, participant_user
):
    experience = ExperienceFactory(participant=participant, title="Commis d'épicerie")
    client = client_for(participant_user)
    key = f"evidence.experience:{experience.pk}:title"
    page = client.get(MINE, {"champ": key})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Gagnon" in text and "Commis d&#x27;épicerie" in text
    assert f'<option value="{key}" selected>' in text
    response = client.post(
        MINE, {"field": key, "what_is_wrong": "Mauvais titre", "should_be": "Commis-caissier"}
    )
    assert response.status_code == 302
    page = client.get(MINE)
    assert "Commis-caissier" in page.content.decode()
    assert "Réponse au plus tard le" in page.content.decode()
    assert AccessLogEntry.objects.filter(
        participant=participant, action=AccessLogEntry.Action.VIEW_RECTIFICATIONS
    ).exists()


def test_an_invalid_request_keeps_what_was_typed(client_for, participant, participant_user):
    client = client_for(participant_user)
    response = client.post(MINE, {"field": "", "what_is_wrong": "", "should_be": "Tremblay"})
    assert response.status_code == 422
    assert "Tremblay" in response.content.decode()
    response = client.post(
        MINE, {"field": "participants.participant:999999:family_name", "what_is_wrong": "x"}
    )
    assert response.status_code == 422
    assert not RectificationRequest.objects.exists()


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_kept_as_text(client_for, participant, participant_user, counsellor, text):
    client = client_for(participant_user)
    response = client.post(MINE, {"field": "other", "what_is_wrong": text, "should_be": text})
    if "\u202e" in text or "\r" in text:
        # Control characters are refused with a message, CR LF is fine.
        assert response.status_code in (302, 422)
    else:
        assert response.status_code == 302
        page = client_for(counsellor).get(
            reverse("rectifications:decide", args=[RectificationRequest.objects.get().pk])
        )
        assert "<script>alert" not in page.content.decode()
    assert client_for(participant_user).get(MINE).status_code == 200


def test_huge_text_is_refused_politely(client_for, participant, participant_user):
    response = client_for(participant_user).post(
        MINE, {"field": "other", "what_is_wrong": "x" * 20000}
    )
    assert response.status_code == 422


def test_staff_have_no_such_page(client_for, counsellor):
    assert client_for(counsellor).get(MINE).status_code == 404


def test_the_counsellor_lists_pending_requests_overdue_in_words(
    client_for, counsellor, participant
):
    overdue(participant)
    RectificationFactory(participant=participant)
    page = client_for(counsellor).get(PENDING)
    assert page.status_code == 200
    text = page.content.decode()
    assert "En retard" in text
    assert text.index("En retard") < text.index("au plus tard")
    filtered = client_for(counsellor).get(PENDING, {"dossier": "abc"})
    assert filtered.status_code == 200


def test_the_participant_may_not_decide(client_for, participant, participant_user):
    request = RectificationFactory(participant=participant)
    url = reverse("rectifications:decide", args=[request.pk])
    assert client_for(participant_user).get(url).status_code == 403
    assert client_for(participant_user).get(PENDING).status_code == 403


def test_another_organisation_gets_404(client_for, outsider, participant):
    request = RectificationFactory(participant=participant)
    url = reverse("rectifications:decide", args=[request.pk])
    assert client_for(outsider).get(url).status_code == 404
    assert "Gagnon" not in client_for(outsider).get(PENDING).content.decode()


def test_apply_an_edited_value(client_for, counsellor, participant):
    request = RectificationFactory(participant=participant)
    url = reverse("rectifications:decide", args=[request.pk])
    client = client_for(counsellor)
    page = client.get(url)
    assert page.status_code == 200
    version = participant.version
    response = client.post(
        url, {"version": 1, "target_version": version, "value": "Gagnon-Roy", "apply": "1"}
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.family_name == "Gagnon-Roy"
    # Twice: already answered.
    again = client.post(url, {"version": 1, "target_version": version, "value": "X", "apply": "1"})
    assert again.status_code == 200  # the decided page, nothing to change
    participant.refresh_from_db()
    assert participant.family_name == "Gagnon-Roy"


def test_a_stale_record_is_a_409_that_keeps_the_value(client_for, counsellor, participant):
    request = RectificationFactory(participant=participant)
    url = reverse("rectifications:decide", args=[request.pk])
    response = client_for(counsellor).post(
        url,
        {
            "version": 1,
            "target_version": participant.version - 1 or 99,
            "value": "Roy",
            "apply": "1",
        },
    )
    assert response.status_code == 409
    assert "Roy" in response.content.decode()


def test_invalid_value_is_422_with_the_message(client_for, counsellor, participant):
    request = RectificationFactory(participant=participant, field_name="mobile_phone")
    url = reverse("rectifications:decide", args=[request.pk])
    response = client_for(counsellor).post(
        url, {"version": 1, "target_version": participant.version, "value": "abc", "apply": "1"}
    )
    assert response.status_code == 422
    assert "abc" in response.content.decode()


def test_refuse_needs_a_reason_then_the_person_reads_it(
    client_for, counsellor, participant, participant_user
):
    request = RectificationFactory(participant=participant)
    url = reverse("rectifications:decide", args=[request.pk])
    client = client_for(counsellor)
    assert client.post(url, {"version": 1, "refuse": "1"}).status_code == 422
    assert (
        client.post(url, {"version": 1, "refuse": "1", "reason": "Le nom est exact."}).status_code
        == 302
    )
    page = client_for(participant_user).get(MINE).content.decode()
    assert "Refusée" in page or "Refusé" in page
    assert "Le nom est exact." in page


def test_corrected_by_hand(client_for, counsellor, participant):
    request = RectificationFactory(
        participant=participant, model_label="", object_id=None, field_name="", field_label="Autre"
    )
    url = reverse("rectifications:decide", args=[request.pk])
    client = client_for(counsellor)
    page = client.get(url).content.decode()
    assert 'name="apply"' not in page
    assert client.post(url, {"version": 1, "by_hand": "1"}).status_code == 422
    assert (
        client.post(url, {"version": 1, "by_hand": "1", "note": "Note corrigée."}).status_code
        == 302
    )
    request.refresh_from_db()
    assert request.status == RectificationRequest.Status.ACCEPTED and not request.applied


def test_the_file_page_partial_counts_pending_requests(rf, counsellor, cle_agent, participant):
    from django.template.loader import render_to_string

    RectificationFactory(participant=participant)
    request = rf.get("/")
    request.user = counsellor
    html = render_to_string(
        "rectifications/_panel_file.html", {"participant": participant, "request": request}
    )
    assert "1 demande de rectification attend" in html and f"?dossier={participant.pk}" in html
    request.user = cle_agent
    html = render_to_string(
        "rectifications/_panel_file.html", {"participant": participant, "request": request}
    )
    assert "demande" not in html
    assert "/corrections/" in render_to_string("rectifications/_link_my_file.html")


def test_the_menu_partial_shows_for_those_who_answer(client_for, counsellor, cle_agent):
    from django.template.loader import render_to_string

    request = client_for(counsellor).get(PENDING).wsgi_request
    assert "/corrections/a-traiter/" in render_to_string(
        "rectifications/_link_menu.html", {"request": request}
    )
    request = client_for(cle_agent).get("/").wsgi_request
    assert render_to_string("rectifications/_link_menu.html", {"request": request}).strip() == ""
