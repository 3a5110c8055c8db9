"""The pages: the person's consents, the file's consents for staff, withdrawal without JS,
and the receiving side reading only what was consented (through the real views)."""

from __future__ import annotations

from django.urls import reverse

from atout.disclosures import services
from atout.disclosures.models import Disclosure, Method, Purpose
from atout.participants.models import SharedPart
from atout.participants.tests.factories import AttachmentFactory
from atout.privacy.models import AccessLogEntry


def _record(counsellor, participant, qq, parts):
    return services.disclosure_record(
        actor=counsellor,
        participant=participant,
        recipient=qq,
        purpose=Purpose.RECOGNITION,
        parts=parts,
        method=Method.SIGNED_FORM,
    )


def test_counsellor_records_a_signed_consent(client_for, counsellor, participant, qq):
    client = client_for(counsellor)
    url = reverse("disclosures:file", args=[participant.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Canada (Québec)" in page.content.decode()
    response = client.post(
        url,
        {
            "recipient": qq.pk,
            "purpose": Purpose.RECOGNITION,
            "parts": ["evidence", "documents"],
            "method": Method.SIGNED_FORM,
            "given_on": "2026-11-02",
        },
    )
    assert response.status_code == 302
    disclosure = Disclosure.objects.get()
    assert disclosure.parts == ["evidence", "documents"]
    assert disclosure.given_at.date().isoformat() == "2026-11-02"
    participant.refresh_from_db()
    assert participant.shared_with == qq
    assert AccessLogEntry.objects.filter(
        participant_id=participant.pk, action=AccessLogEntry.Action.VIEW_DISCLOSURES
    ).exists()


def test_invalid_form_shows_what_was_typed(client_for, counsellor, participant, qq):
    response = client_for(counsellor).post(
        reverse("disclosures:file", args=[participant.pk]),
        {
            "recipient": qq.pk,
            "purpose": Purpose.OTHER,
            "purpose_text": "",
            "method": Method.IN_PERSON,
            "given_on": "2999-01-01",
        },
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "2999-01-01" in body
    assert not Disclosure.objects.exists()


def test_hostile_values_are_refused_or_escaped(client_for, counsellor, participant, qq):
    client = client_for(counsellor)
    url = reverse("disclosures:file", args=[participant.pk])
    base = {"recipient": qq.pk, "parts": ["evidence"], "method": Method.IN_PERSON}
    for data in (
        {"recipient": "1 OR 1=1", "purpose": "x", "given_on": "demain", "parts": ["<b>"]},
        {**base, "purpose": Purpose.OTHER, "purpose_text": "a\x00b", "given_on": "2026-11-02"},
        {**base, "purpose": Purpose.OTHER, "purpose_text": "x" * 5000, "given_on": "2026-11-02"},
    ):
        assert client.post(url, data).status_code == 422
    response = client.post(
        url,
        {
            **base,
            "purpose": Purpose.OTHER,
            "purpose_text": "<script>alert(1)</script>",
            "given_on": "2026-11-02",
        },
    )
    assert response.status_code == 302
    body = client.get(url).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


def test_person_sees_and_withdraws_their_consent_without_js(
    client_for, counsellor, participant, participant_user, qq, advisor
):
    disclosure = _record(counsellor, participant, qq, ["evidence"])
    client = client_for(participant_user)
    page = client.get(reverse("disclosures:mine"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Qualifications Québec" in body
    assert reverse("disclosures:withdraw_mine", args=[disclosure.pk]) in body
    url = reverse("disclosures:withdraw_mine", args=[disclosure.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"version": disclosure.version})
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.shared_with is None
    # The advisor no longer reads the file, at once.
    reader = client_for(advisor)
    assert reader.get(reverse("evidence:list", args=[participant.pk])).status_code == 404
    # The past consent stays on the person's page, withdrawn.
    body = client_for(participant_user).get(reverse("disclosures:mine")).content.decode()
    assert "Withdrawn" in body or "Retiré" in body


def test_stale_withdrawal_is_a_conflict(client_for, counsellor, participant, participant_user, qq):
    disclosure = _record(counsellor, participant, qq, ["evidence"])
    response = client_for(participant_user).post(
        reverse("disclosures:withdraw_mine", args=[disclosure.pk]),
        {"version": disclosure.version - 1},
    )
    assert response.status_code == 409
    participant.refresh_from_db()
    assert participant.shared_with == qq


def test_staff_and_person_pages_are_each_their_own(
    client_for, counsellor, outsider, participant, participant_user, qq
):
    disclosure = _record(counsellor, participant, qq, ["evidence"])
    # Another organisation's counsellor sees nothing of the file (404), nor records on it.
    client = client_for(outsider)
    assert client.get(reverse("disclosures:file", args=[participant.pk])).status_code == 404
    post = client.post(
        reverse("disclosures:file", args=[participant.pk]),
        {"recipient": qq.pk, "purpose": "recognition", "parts": ["evidence"]},
    )
    assert post.status_code == 404
    assert client.post(reverse("disclosures:withdraw", args=[disclosure.pk])).status_code == 404
    # The person does not use the staff pages, staff not the person's.
    person = client_for(participant_user)
    assert person.get(reverse("disclosures:file", args=[participant.pk])).status_code == 403
    staff = client_for(counsellor)
    assert staff.get(reverse("disclosures:mine")).status_code == 404
    url = reverse("disclosures:withdraw_mine", args=[disclosure.pk])
    assert staff.get(url).status_code == 403


def test_a_region_outside_quebec_is_said_plainly(client_for, counsellor, participant, qq, settings):
    settings.ATOUT_DISCLOSURE_RECIPIENT_REGIONS = {qq.name: "États-Unis (Virginie)"}
    _record(counsellor, participant, qq, ["evidence"])
    body = client_for(counsellor).get(reverse("disclosures:file", args=[participant.pk]))
    text = body.content.decode()
    assert "États-Unis (Virginie)" in text
    assert "17" in text


def test_the_recipient_reads_only_the_consented_parts(
    client_for, counsellor, participant, qq, advisor
):
    """Evidence consented: the advisor reads it; documents and attachments not: refused."""
    attachment = AttachmentFactory(participant=participant, uploaded_by=counsellor)
    _record(counsellor, participant, qq, [SharedPart.EVIDENCE])
    client = client_for(advisor)
    assert client.get(reverse("participants:detail", args=[participant.pk])).status_code == 200
    assert client.get(reverse("evidence:list", args=[participant.pk])).status_code == 200
    assert client.get(reverse("resumes:cv", args=[participant.pk])).status_code in (403, 404)
    assert client.get(reverse("letters:list", args=[participant.pk])).status_code in (403, 404)
    download = reverse("participants:attachment_download", args=[attachment.pk])
    assert client.get(download).status_code in (403, 404)
    # Attachments consented too: now the document opens; still no writing.
    _record(counsellor, participant, qq, [SharedPart.ATTACHMENTS])
    assert client.get(download).status_code == 200
    assert client.get(reverse("participants:edit", args=[participant.pk])).status_code == 403
    assert client.get(reverse("resumes:cv", args=[participant.pk])).status_code in (403, 404)
