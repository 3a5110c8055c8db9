"""The proof: once its period is over, nothing of the person is left anywhere.

One person has a file of every kind (an employability file with an approved passport and its
PDFs, CV, letter, cards, portfolio, bundle, share link, attachments, notes, participation and
service request, a login with a session and a failed login; and a Qualifications Québec file
with a recognition dossier, a transmission, a decision and a credential). Both files are
closed, the clock moves past their rules, the job runs: no table (every column of every row)
and no stored file (zips opened, PDFs read as text) still holds their family name, e-mail or
phone, while a second person's file is untouched.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from atout.accounts.models import Role, User
from atout.accounts.tests.factories import member
from atout.participants.models import Attachment, Participant
from atout.participants.tests.factories import AttachmentFactory, NoteFactory, ParticipantFactory
from atout.retention.models import DestructionLog, FileStatistic
from atout.retention.services import apply_retention, hold_place
from atout.retention.tests.scan import Needles, scan

pytestmark = pytest.mark.django_db

ODILE = Needles(
    family_name="Zabrowskienne", email="odile.zabrowskienne@exemple.ca", phone="4185559371"
)
OTHER = Needles(family_name="Quennevillette", email="remi.quenne@exemple.ca", phone="8195552846")


# Tables the age-based rules (not the file rules) empty eight years later.
TIME_RULE_TABLES = {
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
    "django_tasks_database_dbtaskresult",
    "django_session",
    "bundles_bundle",
}


def _storage_root(settings) -> Path:
    return Path(settings.STORAGES["default"]["OPTIONS"]["location"])


def build_person(
    needles: Needles, given: str, *, organisation, counsellor, cle, capture, client
) -> list[Participant]:
    """Files of every kind for one person; returns the person's files."""
    from atout.bundles.tests.factories import make_approved_file, ready_bundle
    from atout.evidence.tests.factories import EducationFactory, ExperienceFactory
    from atout.participations.models import Participation
    from atout.participations.tests.factories import participation_for
    from atout.referrals.tests.factories import sent_request

    user = User.objects.create_user(
        needles.email, "Mot-de-passe-2026", full_name=f"{given} {needles.family_name}"
    )
    file = ParticipantFactory(
        organisation=organisation,
        counsellor=counsellor,
        referring_cle=cle,
        user=user,
        given_names=given,
        family_name=needles.family_name,
        email=needles.email,
        mobile_phone=needles.phone,
        home_phone=needles.phone,
        street_address=f"12, rue {needles.family_name}",
    )
    # Edited once: the history keeps the old values (a former phone, a typo in the name).
    file.family_name = needles.family_name.upper()
    file.save()
    file.family_name = needles.family_name
    file.save()
    NoteFactory(
        participant=file, author=counsellor, text=f"Rencontre avec {given} {needles.family_name}."
    )
    NoteFactory(
        participant=file, author=counsellor, text=f"Rappeler au {needles.phone}.", working_note=True
    )
    AttachmentFactory(
        participant=file,
        kind=Attachment.Kind.CV,
        original_name=f"cv-{needles.family_name}.txt",
        content_type="text/plain",
        file=ContentFile(
            f"CV de {given} {needles.family_name}\n{needles.email}\n".encode(), name="cv.txt"
        ),
    )
    ExperienceFactory(participant=file, description=f"Référence : {needles.email}")
    EducationFactory(participant=file)
    make_approved_file(file, counsellor, run=lambda: capture(execute=True))
    file.mobile_phone = needles.phone
    file.save()
    # A bundle whose file is a zip naming the person inside.
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("passeport.txt", f"Passeport de {given} {needles.family_name}")
    bundle = ready_bundle(file, requested_by=counsellor)
    bundle.file.save("pochette.zip", ContentFile(packed.getvalue()), save=True)
    _share_link(file, counsellor)
    _more_records(file, user, counsellor, needles)
    _resume_and_portfolio(file, counsellor, needles)
    participation = participation_for(
        file, actor=counsellor, status=Participation.Status.PASSPORT_PRODUCED
    )
    _feedback_and_hold(file, participation, counsellor, needles)
    sent_request(participant=file, cle=cle, organisation=organisation)
    _task_result(bundle.pk, needles)
    _failed_login(needles.email)
    client.force_login(user)
    client.get("/")
    qq_file = _recognition(file, needles, given)
    _rights(file, counsellor, needles)
    assert participation.pk
    return [file, qq_file]


def _rights(file, counsellor, needles: Needles) -> None:
    """The privacy rights' own records: a copy of the data (a ZIP naming the person, with its
    journal note), a correction request quoting the name, a consent to communicate."""
    from atout.disclosures import services as disclosure_services
    from atout.portability import services as export_services
    from atout.recognition.tests.factories import QualificationsFactory
    from atout.rectifications.tests.factories import RectificationFactory

    export, _created = export_services.export_request(
        participant=file, actor=counsellor, in_person=True
    )
    assert export_services.export_run(export.pk) == "ready"
    RectificationFactory(
        participant=file, value_shown=file.family_name, should_be=f"{needles.family_name}-Roy"
    )
    disclosure_services.disclosure_record(
        actor=counsellor,
        participant=file,
        recipient=QualificationsFactory(),
        purpose="recognition",
        parts=["evidence"],
        method="signed_form",
    )


def _more_records(file, user, counsellor, needles: Needles) -> None:
    """The smaller records: a measure letter, evaluations, practice, an import, an
    invitation, card prints, a replaced logo (the old file named only in history)."""
    import uuid

    from atout.cards.models import CardPrint
    from atout.competencies.models import LanguageAssessment
    from atout.competencies.tests.factories import EvaluationFactory
    from atout.jsonresume.models import PendingImport
    from atout.measures.tests.factories import MeasureFactory
    from atout.participants.models import ParticipantInvitation
    from atout.participants.tests.factories import PNG_BYTES
    from atout.passports.models import Passport
    from atout.practice.models import PracticeCard

    MeasureFactory(
        participant=file,
        letter_bytes=f"%PDF-1.4 Lettre pour {needles.family_name} %%EOF".encode(),
    )
    EvaluationFactory(participant=file)
    LanguageAssessment.objects.create(participant=file, language="fr", is_mother_tongue=True)
    PracticeCard.objects.create(
        participant=file, key="service", own_words=f"Je m'appelle {needles.family_name}."
    )
    PendingImport.objects.create(
        participant=file,
        user=user,
        raw=f'{{"basics": {{"email": "{needles.email}"}}}}'.encode(),
        digest="0" * 64,
    )
    ParticipantInvitation.objects.create(
        participant=file,
        email=needles.email,
        token_hash=uuid.uuid4().hex,
        created_by=counsellor,
        expires_at=timezone.now(),
    )
    CardPrint.objects.create(
        participant=file,
        printed_by=counsellor,
        layout="avery-5371",
        layout_name="Avery 5371",
        variant="colour",
        lang="fr",
    )
    passport = Passport.objects.get(participant=file)
    passport.logo.save(
        f"logo-{needles.family_name}.png", ContentFile(PNG_BYTES + needles.email.encode())
    )
    passport.logo.save("logo.png", ContentFile(PNG_BYTES))


def _feedback_and_hold(file, participation, counsellor, needles: Needles) -> None:
    """The feedback report to the CLE, and a legal hold placed then lifted (its reason,
    kept in the hold's history, names the person)."""
    from atout.participations import services as participation_services
    from atout.participations.models import Outcome
    from atout.retention.services import hold_lift

    participation_services.feedback_save(
        actor=counsellor,
        participation=participation,
        data={"service_given": f"Suivi de {needles.family_name}.", "outcome": Outcome.JOB_SEARCH},
        expected_version=None,
    )
    admin = member(file.organisation, Role.ORG_ADMIN)
    hold = hold_place(participant=file, actor=admin, reason=f"Plainte de {needles.family_name}")
    hold_lift(hold=hold, actor=admin, reason=f"Réglé avec {needles.email}", version=hold.version)


def _share_link(file, counsellor) -> None:
    from atout.sharing.services import share_link_create

    share_link_create(participant=file, actor=counsellor, label="Hôtel Château")


def _resume_and_portfolio(file, counsellor, needles) -> None:
    from atout.portfolios import services as portfolio_services
    from atout.resumes import services as cv_services

    portfolio_services.portfolio_approve(participant=file, actor=counsellor, in_person=True)

    cv_services.cv_approve(participant=file, actor=counsellor, in_person=True)


def _task_result(bundle_id: int, needles: Needles) -> None:
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.create(
        status="SUCCESSFUL",
        args_kwargs={"args": [bundle_id], "kwargs": {}},
        task_path="atout.bundles.tasks.bundle_make",
        backend_name="default",
        queue_name="default",
        run_after=timezone.now(),
        finished_at=timezone.now(),
        return_value=f"pochette-{needles.family_name}.pdf",
        exception_class_path="",
        traceback="",
    )


def _failed_login(email: str) -> None:
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(
        username=email,
        ip_address="192.0.2.1",
        user_agent="test",
        http_accept="*/*",
        path_info="/compte/connexion/",
        get_data="",
        post_data=f"username={email}",
        failures_since_start=1,
    )


def _recognition(file, needles: Needles, given: str) -> Participant:
    """The person's Qualifications Québec file: dossier sent, decided, a credential."""
    from atout.certificates.models import Credential
    from atout.committees import services as committee_services
    from atout.committees.models import Decision
    from atout.committees.tests.factories import (
        evaluate_all,
        parties,
        ready_dossier,
    )
    from atout.recognition.models import Phase

    p = parties()
    dossier = ready_dossier(
        p,
        given_names=given,
        family_name=needles.family_name,
        email=needles.email,
        mobile_phone=needles.phone,
        linked_file=file,
    )
    transmission = committee_services.transmission_send(
        actor=p.advisor, dossier=dossier, consent=True, consent_on=timezone.localdate()
    )
    evaluate_all(p, transmission)
    committee_services.decision_record(
        actor=p.evaluator,
        transmission=transmission,
        outcome=Decision.Outcome.FULL,
        explanation="",
        pointers="",
    )
    Credential.objects.create(
        dossier=dossier,
        participant=dossier.participant,
        standard=dossier.standard,
        kind=Credential.Kind.CQP,
        legal_basis="1",
        issued_on=timezone.localdate(),
        number=f"CQP-{needles.phone[-4:]}",
    )
    dossier.phase = Phase.ISSUED
    dossier.save()
    return dossier.participant


def _close(files: list[Participant], on: datetime.date) -> None:
    for f in files:
        f.status = Participant.Status.CLOSED
        f.closed_on = on
        f.save()


@pytest.fixture
def world(db, organisation, counsellor, cle, django_capture_on_commit_callbacks, client):
    odile = build_person(
        ODILE,
        "Odile",
        organisation=organisation,
        counsellor=counsellor,
        cle=cle,
        capture=django_capture_on_commit_callbacks,
        client=client,
    )
    from django.test import Client

    other = build_person(
        OTHER,
        "Rémi",
        organisation=organisation,
        counsellor=counsellor,
        cle=cle,
        capture=django_capture_on_commit_callbacks,
        client=Client(),
    )
    closed = timezone.localdate() - datetime.timedelta(days=30)
    _close(odile, closed)
    return {"odile": odile, "other": other, "closed": closed}


def test_nothing_of_the_person_is_left_anywhere(
    world, settings, django_capture_on_commit_callbacks, capsys
):
    root = _storage_root(settings)
    before = scan(root, ODILE)
    # The eyes work: before the run the person is everywhere.
    assert before.table_hits and before.file_hits
    assert any(hit.startswith("historical") or "_historical" in hit for hit in before.table_hits)
    other_before = scan(root, OTHER)

    later = world["closed"] + datetime.timedelta(days=365 * 8 + 2)
    with django_capture_on_commit_callbacks(execute=True):
        report = apply_retention(today=later, dry_run=False)

    after = scan(root, ODILE)
    print(  # noqa: T201 (the lead reports these figures)
        f"\nRetention proof: {after.tables} tables ({after.rows} rows) and "
        f"{after.files} stored files checked; "
        f"before the run the person was in {len(set(before.table_hits))} columns "
        f"and {len(before.file_hits)} files."
    )
    assert after.table_hits == [], sorted(set(after.table_hits))
    assert after.file_hits == []
    assert after.tables > 50 and after.files > 0
    # The other person is untouched: every trace still there.
    other_after = scan(root, OTHER)
    gone = set(other_before.table_hits) - set(other_after.table_hits)
    # Only what the platform-wide rules purge by age went (old failed logins, job records,
    # the eight-year-old bundle); nothing of the other person's file itself.
    assert {hit.split(".")[0] for hit in gone} <= TIME_RULE_TABLES, sorted(gone)
    assert set(other_after.table_hits) <= set(other_before.table_hits)
    # Bundles and copies of the data go by age (30 and 7 days), whoever they name.
    by_age = ("bundles/", "exports/")
    assert [f for f in other_before.file_hits if not f.startswith(by_age)] == (
        other_after.file_hits
    )
    assert all(Participant.objects.filter(pk=f.pk).exists() for f in world["other"])
    # Reports keep their totals, the log says what kind went and nothing else.
    files = {r.key: r for r in report.rules}
    assert files["files_employability"].count == 1
    assert files["files_qualifications"].count == 1
    assert FileStatistic.objects.count() == 2
    employability = FileStatistic.objects.get(kind="employability")
    assert (employability.participations, employability.service_requests) == (1, 1)
    assert employability.outcomes.get("feedback:job_search") == 1
    assert FileStatistic.objects.get(kind="qualifications").dossiers == 1
    assert DestructionLog.objects.filter(rule_key="files_employability", count=1).exists()


def test_dry_run_changes_nothing(world, settings, django_capture_on_commit_callbacks):
    root = _storage_root(settings)
    before = scan(root, ODILE)
    later = world["closed"] + datetime.timedelta(days=365 * 8 + 2)
    with django_capture_on_commit_callbacks(execute=True):
        report = apply_retention(today=later, dry_run=True)
    assert {r.key: r.count for r in report.rules}["files_employability"] == 1
    after = scan(root, ODILE)
    assert sorted(after.table_hits) == sorted(before.table_hits)
    assert after.file_hits == before.file_hits
    assert DestructionLog.objects.count() == 0
    assert FileStatistic.objects.count() == 0


def test_a_legal_hold_protects_the_file(world, organisation, django_capture_on_commit_callbacks):
    admin = member(organisation, Role.ORG_ADMIN)
    employability_file = world["odile"][0]
    hold_place(participant=employability_file, actor=admin, reason="Plainte en cours")
    later = world["closed"] + datetime.timedelta(days=365 * 8 + 2)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("apply_retention", "--today", later.isoformat(), stdout=out)
    assert Participant.objects.filter(pk=employability_file.pk).exists()
    line = DestructionLog.objects.get(rule_key="files_employability")
    assert (line.count, line.held) == (0, 1)
    assert "held 1" in out.getvalue()
    assert ODILE.family_name not in out.getvalue()
