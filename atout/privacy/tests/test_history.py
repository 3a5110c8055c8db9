"""The file's history page: changes to personal information and the access log."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atout.accounts.models import Role
from atout.accounts.tests.factories import member
from atout.participants import services
from atout.participants.tests.factories import PNG_BYTES, ParticipantFactory
from atout.participants.tests.test_views import form_data
from atout.privacy import selectors
from atout.privacy.models import AccessLogEntry


def history_url(participant) -> str:
    return reverse("participants:history", kwargs={"pk": participant.pk})


def edit(client, participant, **changes):
    participant.refresh_from_db()
    return client.post(
        reverse("participants:edit", kwargs={"pk": participant.pk}),
        form_data(participant, **changes),
    )


@pytest.fixture
def busy_file(client_for, counsellor, participant):
    """A file a counsellor opened, corrected, annotated and added a document to."""
    client = client_for(counsellor)
    client.get(participant.get_absolute_url())
    assert edit(client, participant, objective="Commis d'épicerie").status_code == 302
    assert (
        edit(
            client,
            participant,
            objective="Commis d'épicerie",
            consent__email__employer="on",
        ).status_code
        == 302
    )
    client.post(
        reverse("participants:note_add", kwargs={"pk": participant.pk}),
        {"text": "Rencontre de démarrage"},
    )
    client.post(
        reverse("participants:attachment_add", kwargs={"pk": participant.pk}),
        {"kind": "photo", "description": "", "upload": SimpleUploadedFile("a.png", PNG_BYTES)},
    )
    attachment = participant.attachments.get()
    client.get(reverse("participants:attachment_download", kwargs={"pk": attachment.pk}))
    return participant


def test_admin_sees_changes_and_accesses(client_for, org_admin, counsellor, busy_file):
    response = client_for(org_admin).get(history_url(busy_file))
    assert response.status_code == 200

    changes = response.context["changes"]
    objective = [
        fields for change in changes for fields in change.fields if fields[2] == "Commis d'épicerie"
    ]
    assert objective == [(objective[0][0], "—", "Commis d'épicerie")]
    edits = [c for c in changes if c.fields and c.fields[0][2] == "Commis d'épicerie"]
    assert edits[0].who == str(counsellor)
    subjects = {c.subject for c in changes}
    assert len(subjects) == 4  # the file, a consent, a note and a document

    accesses = list(response.context["accesses"])
    actions = [(e.user, e.action) for e in accesses]
    assert (counsellor, AccessLogEntry.Action.VIEW_FILE) in actions
    assert (counsellor, AccessLogEntry.Action.VIEW_ATTACHMENT) in actions
    body = response.content.decode()
    assert "Commis d&#x27;épicerie" in body
    assert str(counsellor) in body


def test_history_view_is_itself_logged(client_for, org_admin, participant):
    client_for(org_admin).get(history_url(participant))
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.action) == (org_admin, AccessLogEntry.Action.VIEW_HISTORY)


def test_history_lists_newest_first(client_for, org_admin, counsellor, busy_file):
    changes = client_for(org_admin).get(history_url(busy_file)).context["changes"]
    times = [c.at for c in changes]
    assert times == sorted(times, reverse=True)
    accesses = list(client_for(org_admin).get(history_url(busy_file)).context["accesses"])
    assert [e.at for e in accesses] == sorted((e.at for e in accesses), reverse=True)


def test_history_shows_only_this_file(client_for, org_admin, organisation, busy_file):
    other = ParticipantFactory(organisation=organisation, objective="Soudeur")
    response = client_for(org_admin).get(history_url(other))
    assert all(
        "Commis d'épicerie" not in f[2] for c in response.context["changes"] for f in c.fields
    )
    assert all(e.participant_id == other.pk for e in response.context["accesses"])


def test_counsellor_and_cle_agent_cannot_read_history(client_for, counsellor, cle_agent, busy_file):
    assert client_for(counsellor).get(history_url(busy_file)).status_code == 403
    assert client_for(cle_agent).get(history_url(busy_file)).status_code == 403


def test_other_organisation_admin_gets_404(client_for, other_organisation, busy_file):
    admin = member(other_organisation, Role.ORG_ADMIN)
    assert client_for(admin).get(history_url(busy_file)).status_code == 404


def test_access_entries_are_scoped_to_the_reader(outsider, org_admin, busy_file):
    assert list(selectors.access_entries(user=outsider, participant=busy_file)) == []
    assert selectors.access_entries(user=org_admin, participant=busy_file)


def test_save_without_change_adds_no_line(counsellor, participant):
    services.participant_update(
        participant=participant, actor=counsellor, data={}, expected_version=1
    )
    # Only the creation: the version bump alone is not a change to personal information.
    assert len(selectors.change_history(participant=participant)) == 1


def test_history_query_count_does_not_grow_with_changes(
    client_for, org_admin, counsellor, participant
):
    client = client_for(org_admin)
    client.get(history_url(participant))

    def measure() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(history_url(participant))
        return len(queries)

    before = measure()
    for i in range(15):
        participant.refresh_from_db()
        services.participant_update(
            participant=participant,
            actor=counsellor,
            data={"objective": f"Version {i}"},
            expected_version=participant.version,
        )
        services.note_add(participant=participant, author=counsellor, text=f"Note {i}")
    assert measure() == before


def test_history_names_people_and_organisations(client_for, org_admin, counsellor, participant):
    colleague = member(participant.organisation, Role.COUNSELLOR, full_name="Luc Bergeron")
    services.participant_update(
        participant=participant,
        actor=counsellor,
        data={"counsellor": colleague},
        expected_version=1,
    )
    services.note_add(participant=participant, author=counsellor, text="Transfert")
    changes = client_for(org_admin).get(history_url(participant)).context["changes"]
    shown = {(label, before, after) for c in changes for label, before, after in c.fields}
    assert any(b == "Geneviève Tremblay" and a == "Luc Bergeron" for _l, b, a in shown)
    assert any(a == "CLE de Québec-Centre" for _l, _b, a in shown)
    assert any(a == "Carrefour emploi Limoilou" for _l, _b, a in shown)
    assert not any(a.startswith("#") for _l, _b, a in shown)


# Every tracked part of the file, paginated.


def _tracked_models() -> set[type]:
    from simple_history.models import registered_models

    return {
        m
        for m in registered_models.values()
        if not m._meta.auto_created
        and hasattr(m, "history")
        and m._meta.label not in selectors.NOT_IN_A_FILE
    }


def test_every_tracked_model_belongs_to_the_file_or_is_declared_outside():
    """A new tracked model shows on the history page, or this fails until it is declared."""
    found = {spec.model for spec in selectors.file_models()}
    assert _tracked_models() == found
    names = {m._meta.label for m in found}
    assert {
        "participants.Participant",
        "passports.Passport",
        "passports.KeyCompetency",
        "evidence.Experience",
        "evidence.Achievement",
        "competencies.SelfEvaluation",
        "competencies.CompetencyAnnotation",
        "competencies.LanguageAssessment",
        "participants.ContactConsent",
    } <= names


@pytest.fixture
def full_file(counsellor, participant):
    """A file with a passport, evidence, a self-evaluation, an annotation and a language."""
    from atout.competencies import services as competency_services
    from atout.competencies.tests.factories import CompetencyFactory, EvaluationFactory
    from atout.evidence.tests.factories import AchievementFactory, ExperienceFactory
    from atout.passports import services as passport_services
    from atout.passports.models import KeyCompetency

    passport = passport_services.passport_start(participant=participant, actor=counsellor)
    KeyCompetency.objects.create(passport=passport, title_fr="Service à la clientèle")
    experience = ExperienceFactory(participant=participant, created_by=counsellor)
    AchievementFactory(participant=participant, experience=experience)
    evaluation = EvaluationFactory(participant=participant, started_by=counsellor)
    competency_services.annotation_set(
        evaluation=evaluation,
        competency=CompetencyFactory(),
        actor=counsellor,
        text="Très à l'aise avec la clientèle",
    )
    competency_services.language_assessment_save(
        participant=participant,
        actor=counsellor,
        language="fr",
        data={"is_mother_tongue": True},
        expected_version=None,
    )
    return participant


def test_history_shows_every_part_of_the_file(client_for, org_admin, full_file):
    from atout.competencies.models import CompetencyAnnotation, LanguageAssessment, SelfEvaluation
    from atout.evidence.models import Achievement, Experience
    from atout.passports.models import KeyCompetency, Passport

    response = client_for(org_admin).get(history_url(full_file))
    subjects = {c.subject for c in response.context["changes"]}
    for model in (
        Passport,
        KeyCompetency,
        Experience,
        Achievement,
        SelfEvaluation,
        CompetencyAnnotation,
        LanguageAssessment,
    ):
        assert str(model._meta.verbose_name) in subjects, model
    shown = {after for c in response.context["changes"] for _label, _before, after in c.fields}
    assert "Très à l'aise avec la clientèle" in shown


def test_history_of_another_file_shows_none_of_it(client_for, org_admin, organisation, full_file):
    other = ParticipantFactory(organisation=organisation)
    changes = client_for(org_admin).get(history_url(other)).context["changes"]
    assert {c.subject for c in changes} == {str(other._meta.verbose_name)}


def test_history_is_paginated_without_javascript(client_for, org_admin, counsellor, participant):
    for i in range(selectors.CHANGES_PER_PAGE + 5):
        services.note_add(participant=participant, author=counsellor, text=f"Note {i}")
    client = client_for(org_admin)
    first = client.get(history_url(participant))
    assert len(first.context["changes"].object_list) == selectors.CHANGES_PER_PAGE
    assert 'href="?page=2#changes-h"' in first.content.decode()
    second = client.get(history_url(participant) + "?page=2")
    assert second.status_code == 200
    assert len(second.context["changes"].object_list) == 6  # 55 notes and the file's creation
    assert client.get(history_url(participant) + "?page=zzz").status_code == 200


def test_access_log_on_the_history_page_is_paginated(
    client_for, org_admin, counsellor, participant
):
    reader = client_for(counsellor)
    for _ in range(selectors.READS_PER_PAGE + 1):
        reader.get(participant.get_absolute_url())
    response = client_for(org_admin).get(history_url(participant))
    assert len(response.context["accesses"].object_list) == selectors.READS_PER_PAGE
    assert 'href="?lectures=2#access-h"' in response.content.decode()


def test_history_queries_stay_bounded_on_a_full_file(
    client_for, org_admin, counsellor, full_file, django_assert_max_num_queries
):
    client = client_for(org_admin)
    client.get(history_url(full_file))
    for i in range(20):
        services.note_add(participant=full_file, author=counsellor, text=f"Note {i}")
        full_file.refresh_from_db()
        services.participant_update(
            participant=full_file,
            actor=counsellor,
            data={"objective": f"Version {i}"},
            expected_version=full_file.version,
        )
    # Measured: 13 plus one per kind of record with history, whatever the number of changes.
    with django_assert_max_num_queries(len(selectors.file_models()) + 16):
        assert client.get(history_url(full_file)).status_code == 200
