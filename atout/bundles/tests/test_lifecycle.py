"""Two clicks, retries then a visible failure, a dead worker noticed, the clean-up."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from atout.bundles import services
from atout.bundles.models import Bundle
from atout.bundles.tasks import bundle_expire, bundle_make
from atout.participants import services as participant_services
from atout.participants.models import Audience, ContactField

pytestmark = pytest.mark.django_db

OPTIONS = {"colour": True, "copies": 1}


def _ask(participant, actor, **kwargs):
    return services.bundle_request(
        participant=participant, actor=actor, options=OPTIONS, fmt="pdf", lang="fr", **kwargs
    )


def test_a_second_click_returns_the_bundle_in_flight(
    approved_file, counsellor, org_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as enqueued:
        first, created = _ask(approved_file, counsellor)
        second, created_again = _ask(approved_file, counsellor)
        third, _ = _ask(approved_file, org_admin)
    assert created and not created_again
    assert first.pk == second.pk == third.pk
    assert Bundle.objects.count() == 1
    assert len(enqueued) == 1  # one job for the worker


def test_the_database_refuses_a_second_bundle_in_flight(approved_file, counsellor):
    Bundle.objects.create(participant=approved_file, options=OPTIONS)
    with pytest.raises(IntegrityError), transaction.atomic():
        Bundle.objects.create(participant=approved_file, options=OPTIONS, status="running")
    # A finished one does not count.
    Bundle.objects.update(status=Bundle.Status.READY)
    Bundle.objects.create(participant=approved_file, options=OPTIONS)


def test_once_finished_a_new_click_starts_a_new_bundle(approved_file, counsellor, run_tasks):
    with run_tasks():
        first, _ = _ask(approved_file, counsellor)
    first.refresh_from_db()
    assert first.status == Bundle.Status.READY
    with run_tasks():
        second, created = _ask(approved_file, counsellor)
    assert created and second.pk != first.pk


def test_a_failing_render_is_retried_then_shown_as_failed_with_its_reason(
    approved_file, counsellor, run_tasks
):
    with (
        mock.patch(
            "atout.bundles.building.merge", side_effect=RuntimeError("disque plein")
        ) as merge,
        run_tasks(),
    ):
        bundle, _ = _ask(approved_file, counsellor)
    bundle.refresh_from_db()
    # The immediate backend runs each retry as soon as the failure commits.
    assert merge.call_count == services.ATTEMPTS
    assert bundle.status == Bundle.Status.FAILED
    assert bundle.attempts == services.ATTEMPTS
    assert "RuntimeError: disque plein" in bundle.error
    assert not bundle.file
    assert bundle.finished_at is not None


def test_a_failure_then_a_success_gives_a_ready_bundle(approved_file, counsellor, run_tasks):
    from atout.documents.rendering import bundle as rendering

    real = rendering.merge
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("worker lost its temporary directory")
        return real(*args, **kwargs)

    with mock.patch("atout.bundles.building.merge", side_effect=flaky), run_tasks():
        bundle, _ = _ask(approved_file, counsellor)
    bundle.refresh_from_db()
    assert bundle.status == Bundle.Status.READY
    assert bundle.attempts == 2
    assert bundle.error == ""


def _running(participant, *, attempts=1, seconds_ago=600):
    return Bundle.objects.create(
        participant=participant,
        options=OPTIONS,
        status=Bundle.Status.RUNNING,
        attempts=attempts,
        step=1,
        steps=3,
        heartbeat_at=timezone.now() - timedelta(seconds=seconds_ago),
    )


def test_a_stale_running_bundle_is_queued_again_by_the_next_poll(
    approved_file, counsellor, client, run_tasks
):
    bundle = _running(approved_file)
    client.force_login(counsellor)
    with run_tasks():
        response = client.get(
            f"/dossiers/{approved_file.pk}/pochette/{bundle.pk}/", HTTP_HX_REQUEST="true"
        )
    assert response.status_code == 200
    bundle.refresh_from_db()
    # Queued again, then the (immediate) worker made it on the second attempt.
    assert bundle.status == Bundle.Status.READY
    assert bundle.attempts == 2


def test_a_fresh_running_bundle_is_left_alone(approved_file):
    bundle = _running(approved_file, seconds_ago=5)
    assert services.bundle_recover_if_stale(bundle).status == Bundle.Status.RUNNING


def test_a_stale_bundle_on_its_last_attempt_fails_visibly(approved_file):
    bundle = _running(approved_file, attempts=services.ATTEMPTS)
    bundle = services.bundle_recover_if_stale(bundle)
    assert bundle.status == Bundle.Status.FAILED
    assert bundle.error == services.lost_reason()


def test_a_worker_that_lost_its_bundle_stops_and_stores_nothing(approved_file, counsellor):
    """The row was recovered (queued again) while the old worker was still rendering."""
    bundle = Bundle.objects.create(participant=approved_file, options=OPTIONS)

    def recovered(step_bundle, step):
        Bundle.objects.filter(pk=step_bundle.pk).update(status=Bundle.Status.QUEUED)

    with mock.patch("atout.bundles.services._pause", side_effect=recovered):
        assert services.bundle_run(bundle.pk) == "abandoned"
    bundle.refresh_from_db()
    assert not bundle.file and bundle.status == Bundle.Status.QUEUED


def test_a_finished_bundle_is_not_run_twice(approved_file, counsellor, run_tasks):
    with run_tasks():
        bundle, _ = _ask(approved_file, counsellor)
    assert bundle_make.call(bundle.pk) == "skipped"


def _ready(participant, counsellor, run_tasks):
    with run_tasks():
        bundle, _ = _ask(participant, counsellor)
    bundle.refresh_from_db()
    assert bundle.status == Bundle.Status.READY
    return bundle


def test_purge_removes_expired_files_and_recovers_stale_jobs(approved_file, counsellor, run_tasks):
    bundle = _ready(approved_file, counsellor, run_tasks)
    storage = bundle.file.storage
    name = bundle.file.name
    assert storage.exists(name)
    # Not yet expired: kept.
    with run_tasks():
        call_command("purge_bundles")
    bundle.refresh_from_db()
    assert bundle.status == Bundle.Status.READY and storage.exists(name)
    Bundle.objects.filter(pk=bundle.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    stale = _running(approved_file, attempts=services.ATTEMPTS)
    with run_tasks():
        call_command("purge_bundles")
    bundle.refresh_from_db()
    stale.refresh_from_db()
    assert bundle.status == Bundle.Status.EXPIRED and not bundle.file
    assert not storage.exists(name)
    assert stale.status == Bundle.Status.FAILED


def test_purge_deletes_a_file_whose_job_died_before_its_row(approved_file, counsellor, run_tasks):
    kept = _ready(approved_file, counsellor, run_tasks)
    storage = kept.file.storage
    orphan = storage.save(
        f"bundles/{approved_file.pk}/deadjob/pochette.pdf", ContentFile(b"%PDF-1.4 half")
    )
    # Fresh: perhaps a live job about to mark its row; left alone.
    assert services.bundles_orphans_remove() == 0
    assert storage.exists(orphan)
    later = timezone.now() + services.ORPHAN_AFTER + timedelta(minutes=1)
    assert services.bundles_orphans_remove(now=later) == 1
    assert not storage.exists(orphan)
    assert storage.exists(kept.file.name)


def test_each_bundle_schedules_its_own_removal(approved_file, counsellor, run_tasks):
    bundle = _ready(approved_file, counsellor, run_tasks)
    name = bundle.file.name
    with run_tasks():
        assert bundle_expire.call(bundle.pk) == 0  # too early: kept
    Bundle.objects.filter(pk=bundle.pk).update(expires_at=timezone.now())
    with run_tasks():
        assert bundle_expire.call(bundle.pk) == 1
    bundle.refresh_from_db()
    assert bundle.status == Bundle.Status.EXPIRED
    assert not bundle.file.storage.exists(name)


def test_the_removal_is_scheduled_at_expiry_on_the_database_backend(
    approved_file, counsellor, settings, run_tasks
):
    from django_tasks_db.models import DBTaskResult

    bundle = _ready(approved_file, counsellor, run_tasks)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    services.bundle_expiry_enqueue(bundle.pk, bundle.expires_at)
    queued = DBTaskResult.objects.get(task_path="atout.bundles.tasks.bundle_expire")
    assert queued.run_after == bundle.expires_at


def test_withdrawn_employer_consent_removes_finished_bundles_at_once(
    approved_file, counsellor, run_tasks
):
    bundle = _ready(approved_file, counsellor, run_tasks)
    name = bundle.file.name
    with run_tasks():
        participant_services.consent_set(
            participant=approved_file,
            actor=counsellor,
            decisions={(ContactField.MOBILE_PHONE, Audience.EMPLOYER): False},
        )
    bundle.refresh_from_db()
    assert bundle.status == Bundle.Status.EXPIRED
    assert not bundle.file.storage.exists(name)


def test_withdrawn_consent_sends_a_running_job_back_to_the_queue(
    approved_file, counsellor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        bundle, _ = _ask(approved_file, counsellor)
    under_way = services._claim(bundle.pk)  # the worker has started, with the old content
    with django_capture_on_commit_callbacks(execute=False) as enqueued:
        participant_services.consent_set(
            participant=approved_file,
            actor=counsellor,
            decisions={(ContactField.MOBILE_PHONE, Audience.EMPLOYER): False},
        )
    bundle.refresh_from_db()
    assert bundle.status == Bundle.Status.QUEUED and len(enqueued) >= 1
    # The old attempt stops at its next step and can never store its file.
    with pytest.raises(services.Abandoned):
        services._progress(under_way, 1, 2, "")
    assert services.bundle_run(bundle.pk) == "failed"  # passport awaits approval again
    bundle.refresh_from_db()
    assert bundle.attempts == 2 and not bundle.file


def test_a_bundle_no_worker_ever_took_fails_so_a_new_one_can_be_asked_for(
    approved_file, counsellor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        bundle, _ = _ask(approved_file, counsellor)
    assert services.bundles_fail_forgotten() == 0  # just asked: waiting is normal
    later = timezone.now() + services.QUEUED_MAX + timedelta(minutes=1)
    assert services.bundles_purge(now=later)["recovered"] == 1
    bundle.refresh_from_db()
    assert bundle.status == Bundle.Status.FAILED and bundle.error == gettext(services.NEVER_TAKEN)
    with django_capture_on_commit_callbacks(execute=False):
        _again, created = _ask(approved_file, counsellor)
    assert created
