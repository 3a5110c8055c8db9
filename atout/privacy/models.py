"""The access log: who read which person's file or document, and when.

Rows outlive the file they are about (`participant` becomes null) so that a deleted file's
reads can still be accounted for: `participant_ref` keeps its id and `participant_label` a
pseudonymous label (never the name). Retention of those rows comes with a later issue.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from atout.accounts.models import Role
from atout.accounts.scoping import ScopedQuerySet

PARTICIPANT_ROLE = "participant"


class AccessLogQuerySet(ScopedQuerySet):
    # Only the serving organisation's admins read who opened a file; the participant reads the
    # log of their own file (their page shows the readers' role and organisation, no names).
    # Rows of a deleted file have no participant, so they match neither: superuser only.
    scope = {"organisation": frozenset({Role.ORG_ADMIN})}
    owner_field = "user"
    scope_prefix = "participant__"


def file_label(participant_id: int) -> str:
    """The pseudonymous label a row keeps once its file is gone: the file number, no name."""
    return f"Dossier {participant_id}"


class AccessLogEntry(models.Model):
    class Action(models.TextChoices):
        """The kind of read. Labels complete « Read … » on the participant's page."""

        VIEW_FILE = "view_file", _("Viewed the file")
        VIEW_HISTORY = "view_history", _("Viewed the history")
        VIEW_NOTE = "view_note", _("Opened a journal note")
        VIEW_ATTACHMENT = "view_attachment", _("Opened a document")
        DOWNLOAD_ATTACHMENT = "download_attachment", _("Downloaded a document")
        VIEW_EVIDENCE = "view_evidence", _("Viewed the experiences and achievements")
        VIEW_SELF_EVALUATION = "view_self_evaluation", _("Viewed a self-evaluation")
        SELF_EVALUATION_DOCUMENT = (
            "self_evaluation_document",
            _("Opened the self-evaluation document"),
        )
        VIEW_LANGUAGES = "view_languages", _("Viewed the languages")
        VIEW_COVERAGE = "view_coverage", _("Compared the file with a workforce profile")
        VIEW_PASSPORT = "view_passport", _("Viewed the Passeport-emploi")
        PREVIEW_PASSPORT = "preview_passport", _("Previewed the Passeport-emploi")
        PASSPORT_DRAFT_DOCUMENT = (
            "passport_draft_document",
            _("Opened the draft Passeport-emploi document"),
        )
        PASSPORT_VERSION_DOCUMENT = (
            "passport_version_document",
            _("Opened an approved Passeport-emploi document"),
        )
        VIEW_CV = "view_cv", _("Viewed the CV")
        CV_DOCUMENT = "cv_document", _("Opened the CV document")
        VIEW_LETTER = "view_letter", _("Viewed a cover letter")
        LETTER_DOCUMENT = "letter_document", _("Opened a cover letter document")
        VIEW_CARDS = "view_cards", _("Viewed the business cards")
        CARDS_DOCUMENT = "cards_document", _("Opened the business cards document")
        VIEW_PORTFOLIO = "view_portfolio", _("Viewed the portfolio")
        PORTFOLIO_DRAFT_DOCUMENT = (
            "portfolio_draft_document",
            _("Opened the draft portfolio document"),
        )
        PORTFOLIO_APPROVED_DOCUMENT = (
            "portfolio_approved_document",
            _("Opened the approved portfolio document"),
        )
        VIEW_PRACTICE = "view_practice", _("Viewed the interview practice cards")
        PRACTICE_DOCUMENT = "practice_document", _("Opened the interview practice sheet")
        VIEW_SHARE_LINKS = "view_share_links", _("Viewed the employer share links")
        # The employer opened a share link: no user, the reader role is "employer".
        SHARED_LINK_READ = (
            "shared_link_read",
            _("Viewed the Passeport-emploi through a share link"),
        )
        VIEW_BUNDLES = "view_bundles", _("Viewed the print bundles")
        BUNDLE_DOCUMENT = "bundle_document", _("Downloaded a print bundle")
        VIEW_PARTICIPATION = "view_participation", _("Viewed the participation")
        MOBILISATION_DOCUMENT = "mobilisation_document", _("Opened the welcome letter")
        VIEW_FEEDBACK = "view_feedback", _("Viewed the feedback report")
        FEEDBACK_DOCUMENT = "feedback_document", _("Opened the feedback report document")
        VIEW_SERVICE_REQUEST = "view_service_request", _("Viewed a CLE service request")
        SERVICE_REQUEST_DOCUMENT = (
            "service_request_document",
            _("Opened a CLE service request document"),
        )
        VIEW_MEASURES = "view_measures", _("Viewed the measures for employers")
        MEASURE_LETTER = "measure_letter", _("Opened a CLE eligibility letter")
        VIEW_RECOGNITION = "view_recognition", _("Viewed a recognition dossier")
        RECOGNITION_GRID_DOCUMENT = (
            "recognition_grid_document",
            _("Opened a competency inventory grid document"),
        )
        # Skills recognition: the package sent to a committee, and the committee's letters.
        PREVIEW_TRANSMISSION = (
            "preview_transmission",
            _("Viewed the dossier to send to the committee"),
        )
        VIEW_TRANSMISSION = "view_transmission", _("Viewed a dossier sent to the committee")
        TRANSMISSION_DOCUMENT = (
            "transmission_document",
            _("Opened a document sent to the committee"),
        )
        CONFIRMATION_DOCUMENT = (
            "confirmation_document",
            _("Opened the committee's confirmation to the ministry"),
        )
        RECOGNITION_RESULT_DOCUMENT = (
            "recognition_result_document",
            _("Opened the letter on the committee's decision"),
        )
        # Recognition (atout.certificates): the person's recognitions, the advisor's
        # application and certificate page, the printable record of a credential.
        VIEW_RECOGNITIONS = "view_recognitions", _("Viewed the recognitions")
        VIEW_CREDENTIALS = "view_credentials", _("Viewed the application and certificates")
        CREDENTIAL_DOCUMENT = "credential_document", _("Opened a certificate or attestation record")
        # The organisation admin exported the file's access log (CSV, with the readers).
        EXPORT_ACCESS_LOG = "export_access_log", _("Exported the list of who read the file")
        # The person's correction requests (atout.rectifications): their page, and the
        # counsellor's page answering one request.
        VIEW_RECTIFICATIONS = "view_rectifications", _("Viewed the correction requests")
        # Consents to communicate the file to another organisation (issue 13, Law 25).
        VIEW_DISCLOSURES = "view_disclosures", _("Viewed the consents to communicate the file")
        # Retention (atout.retention): the org admin's page of a file's legal hold.
        VIEW_RETENTION = "view_retention", _("Viewed the file's retention and legal hold")
        # The person's right of access (atout.portability): their whole file as a ZIP.
        PERSONAL_DATA_EXPORT = (
            "personal_data_export",
            _("Downloaded a copy of the person's data"),
        )
        # A page read a file but its URL has no kind in atout.privacy.reads (a bug the sweep
        # test catches): the read is still recorded.
        UNCLASSIFIED = "unclassified", _("Viewed information in the file")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reader_role = models.CharField(_("reader's role"), max_length=30, blank=True)
    reader_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reader's organisation"),
    )
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_log",
    )
    participant_ref = models.PositiveBigIntegerField(_("file number"), null=True, blank=True)
    participant_label = models.CharField(_("file label"), max_length=40, blank=True)
    attachment = models.ForeignKey(
        "participants.Attachment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    # "pdf", "docx"… when the read was a document rather than a page.
    document_format = models.CharField(
        pgettext_lazy("file format", "format"), max_length=10, blank=True
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["participant", "-at"], name="accesslog_participant_at"),
            models.Index(fields=["participant_ref", "-at"], name="accesslog_ref_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action}"

    def save(self, *args, **kwargs) -> None:
        if self.participant_id is not None and self.participant_ref is None:
            self.participant_ref = self.participant_id
            self.participant_label = file_label(self.participant_id)
        super().save(*args, **kwargs)
