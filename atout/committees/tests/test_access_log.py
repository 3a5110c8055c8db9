"""Reads of a transmission are logged on the candidate's file, with their kind."""

import pytest
from django.urls import reverse

from atout.committees.tests.factories import decided_transmission, parties, ready_dossier
from atout.privacy.models import AccessLogEntry

pytestmark = pytest.mark.django_db

Kind = AccessLogEntry.Action


@pytest.fixture
def p():
    return parties()


def _read(client, url):
    AccessLogEntry.objects.all().delete()
    response = client.get(url)
    assert response.status_code == 200, url
    return list(AccessLogEntry.objects.all())


def test_each_read_of_a_transmission_is_logged_on_the_file(client_for, p):
    transmission = decided_transmission(p)
    file_id = transmission.participant_id
    evaluator = client_for(p.evaluator)
    cases = [
        (reverse("committees:transmission", args=[transmission.pk]), Kind.VIEW_TRANSMISSION),
        (reverse("committees:confirmation", args=[transmission.pk]), Kind.CONFIRMATION_DOCUMENT),
        (
            reverse(
                "committees:document",
                args=[transmission.pk, transmission.documents.get().pk],
            ),
            Kind.TRANSMISSION_DOCUMENT,
        ),
    ]
    for url, kind in cases:
        entries = _read(evaluator, url)
        assert [(e.participant_id, e.action, e.user_id) for e in entries] == [
            (file_id, kind, p.evaluator.pk)
        ], url
    advisor = client_for(p.advisor)
    entries = _read(advisor, reverse("committees:result_letter", args=[transmission.dossier_id]))
    assert [(e.action, e.document_format) for e in entries] == [
        (Kind.RECOGNITION_RESULT_DOCUMENT, "pdf")
    ]


def test_the_package_preview_is_logged(client_for, p):
    dossier = ready_dossier(p)
    entries = _read(client_for(p.advisor), reverse("committees:package", args=[dossier.pk]))
    assert {(e.participant_id, e.action) for e in entries} == {
        (dossier.participant_id, Kind.PREVIEW_TRANSMISSION)
    }


def test_the_inbox_logs_nothing(client_for, p):
    decided_transmission(p)
    assert _read(client_for(p.evaluator), reverse("committees:inbox")) == []
