import pytest
from django.urls import reverse

from atout.privacy.models import AccessLogEntry
from atout.referrals.tests.factories import AgreementFactory, RequestFactory, sent_request

pytestmark = pytest.mark.django_db
Kind = AccessLogEntry.Action


def test_the_draft_s_edit_page_logs_a_read_of_its_file(client_for, cle, cle_agent, participant):
    draft = RequestFactory(
        agreement=AgreementFactory(cle=cle, organisation=participant.organisation),
        agent=cle_agent,
        participant=participant,
    )
    response = client_for(cle_agent).get(reverse("referrals:edit", args=[draft.pk]))
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get()
    assert (entry.participant, entry.action, entry.user) == (
        participant,
        Kind.VIEW_SERVICE_REQUEST,
        cle_agent,
    )


def test_page_and_pdf_are_logged_lists_are_not(client_for, cle, counsellor, cle_agent, participant):
    request = sent_request(
        agreement=AgreementFactory(cle=cle, organisation=participant.organisation),
        agent=cle_agent,
        participant=participant,
    )
    client = client_for(counsellor)
    assert client.get(reverse("referrals:inbox")).status_code == 200
    assert not AccessLogEntry.objects.exists()
    client.get(reverse("referrals:detail", args=[request.pk]))
    client.get(reverse("referrals:pdf", args=[request.pk]))
    kinds = list(AccessLogEntry.objects.order_by("pk").values_list("action", "document_format"))
    assert kinds == [(Kind.VIEW_SERVICE_REQUEST, ""), (Kind.SERVICE_REQUEST_DOCUMENT, "pdf")]


def test_a_request_without_a_file_logs_nothing(client_for, cle, cle_agent, organisation):
    request = sent_request(
        agreement=AgreementFactory(cle=cle, organisation=organisation), agent=cle_agent
    )
    client_for(cle_agent).get(reverse("referrals:detail", args=[request.pk]))
    assert not AccessLogEntry.objects.exists()
