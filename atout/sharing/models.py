"""Employer share links: a secret URL to the person's approved passport, and its views.

A link's URL carries a token only (no name, no file number). The token is never stored:
the database keeps a random per-link seed and the SHA-256 of the token, and the token is
HMAC-SHA256(SECRET_KEY, seed). So a copy of the database alone can neither open a link nor
rebuild its URL, while the application can show the URL again later (to copy it, or to
print it as a QR code on the cards and the CV). Rotating SECRET_KEY keeps every link
working (the stored hash still matches the token its holders have), but the URLs of links
made before can then only be rebuilt while the old key is listed in SECRET_KEY_FALLBACKS;
after that the page says so and the person makes a new link.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from atout.accounts.validators import no_control_characters
from atout.participants.models import Participant, ParticipantChildQuerySet

DEFAULT_DAYS = 30
MAX_DAYS = 180


class ShareLink(models.Model):
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="share_links"
    )
    # For the person only (never shown to the employer): whom the link was given to.
    label = models.CharField(
        _("given to"),
        max_length=120,
        blank=True,
        validators=[no_control_characters],
        help_text=_("For the file only, e.g. the employer’s name. The employer never sees it."),
    )
    seed = models.CharField(max_length=64, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires on"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # make_password() of the access code, or "" when the link has none.
    code_hash = models.CharField(max_length=200, blank=True, editable=False)
    include_cv = models.BooleanField(_("include the approved CV"), default=False)
    include_portfolio = models.BooleanField(_("include the approved portfolio"), default=False)
    # None when made from the command line (manage.py share_link).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Made by a counsellor for the person (recorded as acting for them).
    on_behalf = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = ParticipantChildQuerySet.as_manager()
    # The secrets stay out of the history table: one copy of each is enough.
    history = HistoricalRecords(excluded_fields=["seed", "token_hash", "code_hash"])

    class Meta:
        verbose_name = _("share link")
        verbose_name_plural = _("share links")
        ordering = ["participant", "-created_at", "-pk"]

    def __str__(self) -> str:
        return self.label or f"#{self.pk}"

    @property
    def has_code(self) -> bool:
        return bool(self.code_hash)

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now


class ShareLinkView(models.Model):
    """One opening of a link by its visitor: when, and a coarse kind of device only."""

    class Agent(models.TextChoices):
        PHONE = "phone", pgettext_lazy("device", "phone")
        COMPUTER = "computer", pgettext_lazy("device", "computer")
        TABLET = "tablet", pgettext_lazy("device", "tablet")
        OTHER = "other", pgettext_lazy("device", "other")

    class What(models.TextChoices):
        PAGE = "page", _("the page")
        PASSPORT = "passport", _("the Passeport-emploi PDF")
        CV = "cv", _("the CV PDF")
        PORTFOLIO = "portfolio", _("the portfolio PDF")

    link = models.ForeignKey(ShareLink, on_delete=models.CASCADE, related_name="views")
    at = models.DateTimeField(default=timezone.now)
    agent = models.CharField(max_length=10, choices=Agent.choices)
    what = models.CharField(max_length=10, choices=What.choices, default=What.PAGE)

    class Meta:
        verbose_name = _("share link view")
        verbose_name_plural = _("share link views")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["link", "-at"], name="sharelinkview_link_at")]

    def __str__(self) -> str:
        return f"{self.link_id} {self.at:%Y-%m-%d %H:%M} {self.agent}"


class CodeAttempt(models.Model):
    """A wrong access code, kept only for the throttle window (then purged).

    The visitor's address is kept only as a keyed hash (`address_hash`), never in clear,
    and only as long as the row.
    """

    link = models.ForeignKey(ShareLink, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    address_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["link", "at"], name="codeattempt_link_at"),
            models.Index(fields=["address_hash", "at"], name="codeattempt_address_at"),
        ]

    def __str__(self) -> str:
        return f"{self.link_id} {self.at:%Y-%m-%d %H:%M}"
