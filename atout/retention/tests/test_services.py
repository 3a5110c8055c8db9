"""The retention job's rules one by one, the holds, and a destruction that must stop."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from atout.accounts.models import Role
from atout.accounts.tests.factories import member
from atout.common.errors import ConflictError
from atout.participants.models import Attachment, Participant
from atout.participants.tests.factories import AttachmentFactory, ParticipantFactory
from atout.privacy.models import AccessLogEntry
from atout.retention import rules, services
from atout.retention.destruction import destroy_file
from atout.retention.models import DestructionLog, FileStatistic, LegalHold

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 30)


def _closed(participant: Participant, on: datetime.date) -> Participant:
    participant.status = Participant.Status.CLOSED
    participant.closed_on = on
    participant.save()
    return participant


def test_rules_come_from_settings_with_their_periods():
    keys = [rule.key for rule in rules.all_rules()]
    assert keys[:2] == ["files_employability", "files_qualifications"]
    employability = rules.get("files_employability")
    assert (employability.years, employability.action) == (5, "destroy")
    assert rules.get("files_qualifications").years == 7
    assert employability.cutoff(datetime.date(2026, 3, 1)) == datetime.date(2021, 3, 1)
    assert rules.years_before(datetime.date(2028, 2, 29), 1) == datetime.date(2027, 2, 28)


def test_a_rule_registered_by_another_app_runs_with_the_others():
    seen = []

    def destroy(queryset, run):
        seen.append((run.dry_run, queryset.count()))
        return rules.RuleResult()

    rules.register(
        rules.RetentionRule(
            key="zz_test",
            label="test",
            record_kind="test",
            action="destroy",
            basis="",
            due=lambda today: Participant.objects.none(),
            destroy=destroy,
        )
    )
    try:
        services.apply_retention(today=TODAY, dry_run=True)
    finally:
        rules.unregister("zz_test")
    assert seen == [(True, 0)]


def test_an_open_file_or_one_closed_recently_is_kept(organisation):
    open_file = ParticipantFactory(organisation=organisation)
    recent = _closed(ParticipantFactory(organisation=organisation), TODAY.replace(year=2022))
    old = _closed(ParticipantFactory(organisation=organisation), datetime.date(2021, 1, 5))
    report = services.apply_retention(today=TODAY)
    assert set(Participant.objects.values_list("pk", flat=True)) == {open_file.pk, recent.pk}
    files = next(r for r in report.rules if r.key == "files_employability")
    assert (files.count, files.refs) == (1, [f"Dossier {old.pk}"])
    statistic = FileStatistic.objects.get()
    assert (statistic.organisation_id, statistic.closed_month) == (organisation.pk, "2021-01")


def test_the_statistics_keep_counts_and_outcomes_never_text(organisation, counsellor):
    from atout.participations.tests.factories import participation_for

    file = ParticipantFactory(organisation=organisation, referring_cle=None)
    participation_for(file, actor=counsellor)
    _closed(file, datetime.date(2020, 6, 1))
    services.apply_retention(today=TODAY)
    statistic = FileStatistic.objects.get()
    assert statistic.participations == 1
    assert all(":" in key for key in statistic.outcomes)
    assert not Participant.objects.filter(pk=file.pk).exists()


def test_the_access_log_keeps_the_file_number_only(organisation, counsellor):
    file = ParticipantFactory(organisation=organisation)
    AccessLogEntry.objects.create(
        user=counsellor, participant=file, action=AccessLogEntry.Action.VIEW_FILE
    )
    _closed(file, datetime.date(2020, 6, 1))
    services.apply_retention(today=TODAY)
    entry = AccessLogEntry.objects.get()
    assert (entry.participant_id, entry.participant_label) == (None, f"Dossier {file.pk}")


def test_old_access_log_rows_sessions_and_bundles_go(organisation):
    from atout.bundles.tests.factories import ready_bundle

    file = ParticipantFactory(organisation=organisation)
    old = AccessLogEntry.objects.create(
        participant=file,
        action=AccessLogEntry.Action.VIEW_FILE,
        at=timezone.now() - datetime.timedelta(days=6 * 366),
    )
    recent = AccessLogEntry.objects.create(participant=file, action=AccessLogEntry.Action.VIEW_FILE)
    session = SessionStore()
    session["x"] = 1
    session.create()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(days=1)
    )
    bundle = ready_bundle(file)
    type(bundle).objects.filter(pk=bundle.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=40)
    )
    services.apply_retention(today=timezone.localdate())
    assert list(AccessLogEntry.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not AccessLogEntry.objects.filter(pk=old.pk).exists()
    assert not Session.objects.filter(session_key=session.session_key).exists()
    assert not type(bundle).objects.filter(pk=bundle.pk).exists()
    kinds = set(DestructionLog.objects.values_list("rule_key", flat=True))
    assert {"access_log", "sessions", "print_bundles"} <= kinds


def test_a_record_of_another_file_that_protects_this_one_stops_it_and_says_so(
    organisation, counsellor
):
    """Qualifications Québec analysed a document of this file in a dossier still open:
    the file is not destroyed, the log counts it as blocked, the job goes on."""
    from atout.committees.tests.factories import parties, ready_dossier
    from atout.recognition.models import AnalysedDocument

    file = ParticipantFactory(organisation=organisation)
    attachment = AttachmentFactory(participant=file, kind=Attachment.Kind.CV)
    dossier = ready_dossier(parties(), linked_file=file)
    AnalysedDocument.objects.create(dossier=dossier, attachment=attachment)
    _closed(file, datetime.date(2020, 6, 1))
    outcome = destroy_file(file)
    assert not outcome.destroyed and "AnalysedDocument" in outcome.problems[0]
    report = services.apply_retention(today=TODAY)
    assert Participant.objects.filter(pk=file.pk).exists()
    files = next(r for r in report.rules if r.key == "files_employability")
    assert (files.count, files.blocked) == (0, 1)
    assert DestructionLog.objects.get(rule_key="files_employability").blocked == 1


def test_a_login_that_is_also_staff_is_kept(organisation):
    staff = member(organisation, Role.COUNSELLOR)
    file = _closed(
        ParticipantFactory(organisation=organisation, user=staff), datetime.date(2020, 1, 1)
    )
    outcome = destroy_file(file)
    assert outcome.destroyed and not outcome.login_removed
    assert type(staff).objects.filter(pk=staff.pk).exists()


def test_hold_place_and_lift(organisation, participant, org_admin, counsellor):
    with pytest.raises(PermissionDenied):
        services.hold_place(participant=participant, actor=counsellor, reason="x")
    with pytest.raises(ValidationError):
        services.hold_place(participant=participant, actor=org_admin, reason="  ")
    hold = services.hold_place(participant=participant, actor=org_admin, reason="Plainte")
    with pytest.raises(ValidationError):
        services.hold_place(participant=participant, actor=org_admin, reason="Encore")
    with pytest.raises(ConflictError):
        services.hold_lift(hold=hold, actor=org_admin, reason="Réglé", version=hold.version + 1)
    lifted = services.hold_lift(hold=hold, actor=org_admin, reason="Réglé", version=hold.version)
    assert lifted.lifted_by == org_admin and services.active_hold(participant) is None
    assert LegalHold.history.filter(id=hold.pk).count() == 2


def test_file_due_on(participant):
    assert services.file_due_on(participant) is None
    _closed(participant, datetime.date(2026, 1, 15))
    assert services.file_due_on(participant) == datetime.date(2031, 1, 16)


def test_command_prints_counts_and_numbers_never_names(organisation):
    file = _closed(
        ParticipantFactory(organisation=organisation, family_name="Xylophanie"),
        datetime.date(2019, 1, 1),
    )
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", "--today", "2026-11-30", stdout=out)
    text = out.getvalue()
    assert "would destroy 1" in text and f"Dossier {file.pk}" in text
    assert "Xylophanie" not in text
    assert Participant.objects.filter(pk=file.pk).exists()
    with pytest.raises(CommandError):
        call_command("apply_retention", "--today", "30/11/2026", stdout=io.StringIO())


def test_the_task_runs_the_job(organisation):
    from atout.retention.tasks import retention_apply

    _closed(ParticipantFactory(organisation=organisation), datetime.date(2010, 1, 1))
    result = retention_apply.enqueue()
    assert result.return_value >= 1
    assert not Participant.objects.exists()


PURGED = []


def _fake_purge(*, before) -> int:
    PURGED.append(before)
    return 3


def test_an_apps_own_purge_function_becomes_a_rule():
    from atout.retention import builtin

    rules.register(
        rules.RetentionRule(
            key="zz_purge",
            label="test",
            record_kind="incident",
            action="destroy",
            basis="",
            years=5,
            due=builtin.nothing_due,
            destroy=builtin.purge("atout.retention.tests.test_services._fake_purge", "before"),
        )
    )
    try:
        dry = services.apply_retention(today=TODAY, dry_run=True)
        report = services.apply_retention(today=TODAY)
    finally:
        rules.unregister("zz_purge")
    assert {r.key: r.count for r in dry.rules}["zz_purge"] == 0
    assert {r.key: r.count for r in report.rules}["zz_purge"] == 3
    assert [moment.date() for moment in PURGED] == [datetime.date(2021, 11, 30)]
    assert DestructionLog.objects.get(rule_key="zz_purge").count == 3


def test_a_login_that_wrote_in_another_file_is_kept_without_its_name(organisation):
    from atout.accounts.models import User
    from atout.participants.tests.factories import NoteFactory

    user = User.objects.create_user("yvonne.tessier@exemple.ca", "x", full_name="Yvonne Tessier")
    file = _closed(
        ParticipantFactory(organisation=organisation, user=user), datetime.date(2019, 1, 1)
    )
    NoteFactory(participant=ParticipantFactory(organisation=organisation), author=user)
    outcome = destroy_file(file)
    assert outcome.destroyed and not outcome.login_removed
    kept = User.objects.get(pk=user.pk)
    assert (kept.full_name, kept.is_active) == ("", False)
    assert "tessier" not in kept.email
    assert not User.history.filter(id=user.pk, email__icontains="tessier").exists()
