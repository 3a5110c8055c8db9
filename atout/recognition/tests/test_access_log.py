"""Reads of a recognition dossier are logged on the candidate's file, with their kind."""

from django.urls import reverse

from atout.privacy.models import AccessLogEntry

Kind = AccessLogEntry.Action


def _kinds_after(client, url, participant):
    before = AccessLogEntry.objects.count()
    response = client.get(url)
    assert response.status_code == 200, url
    entries = AccessLogEntry.objects.order_by("pk")[before:]
    assert {e.participant_id for e in entries} == {participant.pk}
    return {e.action for e in entries}


def test_advisor_reads_are_logged(client_for, advisor, dossier):
    client = client_for(advisor)
    participant = dossier.participant
    for name in ("recognition:detail", "recognition:edit", "recognition:inventory"):
        url = reverse(name, args=[dossier.pk])
        assert _kinds_after(client, url, participant) == {Kind.VIEW_RECOGNITION}, name
    pdf = reverse("recognition:inventory_pdf", args=[dossier.pk])
    assert _kinds_after(client, pdf, participant) == {Kind.RECOGNITION_GRID_DOCUMENT}


def test_cle_agent_read_is_logged(client_for, cle_agent, dossier):
    client = client_for(cle_agent)
    url = reverse("recognition:income", args=[dossier.pk])
    assert _kinds_after(client, url, dossier.participant) == {Kind.VIEW_RECOGNITION}
