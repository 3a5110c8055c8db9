"""People who log in, the organisations they belong to, and their roles there."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who logs in: staff of an organisation, or a participant invited to their file."""

    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=settings.LANGUAGES, default="fr-ca"
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("platform staff"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Organisation(models.Model):
    """A party to a file: a CLE, an employability organisation, Qualifications Québec or a CSMO."""

    class Kind(models.TextChoices):
        CLE = "cle", _("Local employment centre (CLE)")
        EMPLOYABILITY = "employability", _("Employability organisation")
        QUALIFICATIONS = "qualifications", _("Qualifications Québec")
        COMMITTEE = "committee", _("Sectoral workforce committee")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # The CLE's postal address prints on passports; other kinds may fill it too.
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    province = models.CharField(_("province"), max_length=50, blank=True, default="Québec")
    postal_code = models.CharField(_("postal code"), max_length=7, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The person in charge of the protection of personal information (Law 25, s. 3.1): by
    # default the highest authority; their title and contact are published on the privacy page.
    # Database defaults too: code running against an older state of this table (a data
    # migration, a server not yet upgraded) inserts organisations without these columns.
    privacy_officer_name = models.CharField(
        _("person in charge of personal information"),
        max_length=200,
        blank=True,
        default="",
        db_default="",
    )
    privacy_officer_title = models.CharField(
        _("their title"), max_length=200, blank=True, default="", db_default=""
    )
    privacy_officer_email = models.EmailField(
        _("their e-mail"), blank=True, default="", db_default=""
    )
    privacy_officer_phone = models.CharField(
        _("their phone"), max_length=20, blank=True, default="", db_default=""
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def postal_address_lines(self) -> list[str]:
        """Address as printed in Quebec: '1 rue X', 'Québec (Québec)  G1R 2L5'."""
        lines = [self.street_address] if self.street_address else []
        locality = self.city
        if self.province and self.city:
            locality = f"{self.city} ({self.province})"
        if self.postal_code:
            locality = f"{locality}\u00a0\u00a0{self.postal_code}".strip()
        if locality:
            lines.append(locality)
        return lines


class Role(models.TextChoices):
    ORG_ADMIN = "org_admin", _("Organisation administrator")
    COUNSELLOR = "counsellor", _("Employment counsellor")
    CLE_AGENT = "cle_agent", _("CLE agent")
    RECOGNITION_ADVISOR = "recognition_advisor", _("Recognition advisor")
    COMMITTEE_EVALUATOR = "committee_evaluator", _("Committee evaluator")
    PRIVACY_OFFICER = "privacy_officer", _("Person in charge of personal information")


class Membership(models.Model):
    """A user's role in one organisation; a person may hold several roles there."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"
