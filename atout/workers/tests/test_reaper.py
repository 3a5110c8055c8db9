"""The stale-job reaper: a job whose worker stopped beating goes back to the queue, once."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from atout.workers import reaper
from atout.workers.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def _running(task_path: str, args: list, worker_ids: list[str], started_ago: int):
    now = timezone.now()
    return DBTaskResult.objects.create(
        status="RUNNING",
        args_kwargs={"args": args, "kwargs": {}},
        task_path=task_path,
        worker_ids=worker_ids,
        backend_name="default",
        run_after=now,
        started_at=now - timedelta(seconds=started_ago),
    )


def _approved_passport():
    """A counsellor, their participant and an approved passport version (no PDFs yet)."""
    from atout.accounts.models import Role
    from atout.accounts.tests.factories import OrganisationFactory, member
    from atout.letters.tests.factories import make_passport_with_evidence
    from atout.participants.tests.factories import ParticipantFactory
    from atout.passports import services as passport_services

    organisation = OrganisationFactory()
    counsellor = member(organisation, Role.COUNSELLOR)
    participant = ParticipantFactory(organisation=organisation, counsellor=counsellor)
    passport = make_passport_with_evidence(participant)
    version = passport_services.passport_approve(
        passport=passport, actor=counsellor, in_person=True
    )
    return counsellor, participant, version


def test_a_live_workers_job_is_left_alone(settings):
    settings.ATOUT_TASK_STALE_SECONDS = 30
    reaper.heartbeat("alive")
    job = _running("atout.retention.tasks.retention_apply", [], ["alive"], started_ago=600)
    assert reaper.tasks_reap_stale() == {"requeued": 0, "failed": 0}
    job.refresh_from_db()
    assert job.status == "RUNNING"


def test_a_dead_workers_job_goes_back_to_the_queue_once(settings):
    settings.ATOUT_TASK_STALE_SECONDS = 30
    reaper.heartbeat("dead", now=timezone.now() - timedelta(seconds=120))
    job = _running("atout.retention.tasks.retention_apply", [], ["dead"], started_ago=100)
    assert reaper.tasks_reap_stale() == {"requeued": 1, "failed": 0}
    job.refresh_from_db()
    assert job.status == "READY"
    assert job.worker_ids == ["dead"]  # the history stays: the next claim appends
    # A second pass finds nothing more to do.
    assert reaper.tasks_reap_stale() == {"requeued": 0, "failed": 0}
    assert DBTaskResult.objects.filter(status="READY").count() == 1


def test_a_job_just_claimed_is_not_reaped_before_its_worker_beats(settings):
    settings.ATOUT_TASK_STALE_SECONDS = 30
    job = _running("atout.retention.tasks.retention_apply", [], ["new"], started_ago=5)
    assert reaper.tasks_reap_stale()["requeued"] == 0
    job.refresh_from_db()
    assert job.status == "RUNNING"


def test_a_worker_that_stopped_cleanly_has_its_job_reaped(settings):
    settings.ATOUT_TASK_STALE_SECONDS = 30
    reaper.heartbeat("gone")
    reaper.heartbeat_forget("gone")
    assert not WorkerHeartbeat.objects.filter(worker_id="gone").exists()
    _running("atout.retention.tasks.retention_apply", [], ["gone"], started_ago=60)
    assert reaper.tasks_reap_stale()["requeued"] == 1


def test_after_the_last_claim_the_job_fails_with_the_reason(settings):
    settings.ATOUT_TASK_STALE_SECONDS = 30
    settings.ATOUT_TASK_MAX_CLAIMS = 3
    job = _running("atout.retention.tasks.retention_apply", [], ["a", "b", "c"], started_ago=60)
    assert reaper.tasks_reap_stale() == {"requeued": 0, "failed": 1}
    job.refresh_from_db()
    assert job.status == "FAILED"
    assert job.exception_class_path == reaper.LOST_CLASS
    assert job.finished_at is not None


def test_a_lost_bundle_job_is_rerun_by_the_same_task_and_made_once(settings):
    """The reaped job's rerun claims the bundle again (QUEUED), and one file results."""
    from atout.bundles import services
    from atout.bundles.models import Bundle
    from atout.passports import services as passport_services

    settings.ATOUT_TASK_STALE_SECONDS = 30
    counsellor, participant, version = _approved_passport()
    passport_services.passport_version_documents_make(version_id=version.pk)
    bundle, _created = services.bundle_request(
        participant=participant,
        actor=counsellor,
        options={"colour": True, "copies": 1, "cards": False},
        fmt="pdf",
        lang="fr",
    )
    # The first worker claimed the bundle, then died (no heartbeat for two minutes).
    claimed = services._claim(bundle.pk)
    assert claimed.status == Bundle.Status.RUNNING and claimed.attempts == 1
    job = _running("atout.bundles.tasks.bundle_make", [bundle.pk], ["dead"], started_ago=120)
    assert reaper.tasks_reap_stale()["requeued"] == 1
    bundle.refresh_from_db()
    assert bundle.status == Bundle.Status.QUEUED
    # The other worker reruns the same job: one file, one READY bundle, attempt 2.
    assert services.bundle_run(bundle.pk) == "ready"
    bundle.refresh_from_db()
    assert bundle.status == Bundle.Status.READY and bundle.attempts == 2 and bundle.file
    # A late second run of the job (the old worker coming back) does nothing.
    assert services.bundle_run(bundle.pk) == "skipped"
    job.refresh_from_db()
    assert job.status == "READY"


def test_a_lost_passport_render_is_rerun_and_recorded_once(settings):
    from atout.passports import services as passport_services
    from atout.passports.models import PassportDocument

    settings.ATOUT_TASK_STALE_SECONDS = 30
    _counsellor, _participant, version = _approved_passport()
    _running(
        "atout.passports.tasks.passport_version_render", [version.pk], ["dead"], started_ago=120
    )
    assert reaper.tasks_reap_stale()["requeued"] == 1
    assert passport_services.passport_version_documents_make(version_id=version.pk) == "ready"
    count = PassportDocument.objects.filter(version=version).count()
    assert count >= 2
    # Run twice (the first worker was not dead after all): still the same documents.
    assert passport_services.passport_version_documents_make(version_id=version.pk) == "ready"
    assert PassportDocument.objects.filter(version=version).count() == count


def test_db_worker_is_ours_with_a_heartbeat_thread():
    """`manage.py db_worker` (make run, deployment) is the one that beats and reaps."""
    from django.core.management import get_commands

    from atout.workers.management.commands import db_worker

    assert get_commands()["db_worker"] == "atout.workers"
    assert callable(db_worker._beat_loop)
