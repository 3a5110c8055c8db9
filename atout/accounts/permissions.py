"""Who may do what: each role maps to capabilities, checked against the object's parties.

Outside the organisation a view answers 404 (scoping hides the object); inside it, a
missing capability is a 403. Templates read `request.capabilities` (for the active
organisation) or `object_capabilities` from the view, never roles.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied

from atout.accounts.models import Role
from atout.accounts.scoping import user_memberships

PARTICIPANT_VIEW = "participant.view"
PARTICIPANT_CREATE = "participant.create"
PARTICIPANT_EDIT = "participant.edit"
PARTICIPANT_INVITE = "participant.invite"
PARTICIPANT_HISTORY = "participant.history"
JOURNAL_VIEW = "journal.view"
JOURNAL_ADD = "journal.add"
ATTACHMENT_VIEW = "attachment.view"
ATTACHMENT_ADD = "attachment.add"
CASELOAD_ORGANISATION = "caseload.organisation"
CASELOAD_REFERRED = "caseload.referred"
SELF_VIEW = "self.view"
SELF_EVALUATION_VIEW = "self_evaluation.view"
SELF_EVALUATION_FILL = "self_evaluation.fill"
SELF_EVALUATION_ANNOTATE = "self_evaluation.annotate"
COVERAGE_VIEW = "coverage.view"
PROFILE_CREATE = "profile.create"
FRAMEWORK_VIEW = "framework.view"
FRAMEWORK_MANAGE = "framework.manage"
PASSPORT_VIEW = "passport.view"
PASSPORT_EDIT = "passport.edit"
PASSPORT_APPROVE = "passport.approve"
# Companion documents (cards, letters, CV, portfolio): made by the counsellor, approved by
# the person as for the passport.
DOCUMENT_VIEW = "document.view"
DOCUMENT_EDIT = "document.edit"
DOCUMENT_APPROVE = "document.approve"
# The person adds to their own evidence base; what they add waits for the counsellor.
EVIDENCE_PROPOSE = "evidence.propose"
# The organisation's card stock and printer offset.
PRINT_SETTINGS_MANAGE = "print_settings.manage"
# Links that let an employer read an approved passport online: the person makes them, or the
# counsellor for them (recorded as acting for them).
SHARE_LINK_MANAGE = "share_link.manage"
# The counsellor's print bundle (the pochette) for a meeting.
BUNDLE_MAKE = "bundle.make"
# Rehearsing the passport: the person writes and rates, the counsellor reads and coaches.
PRACTICE_VIEW = "practice.view"
PRACTICE_FILL = "practice.fill"
PRACTICE_COACH = "practice.coach"
# The CLE's referral loop (issue 11). The CLE keeps its partner agreements and writes
# service requests; the organisation decides on them and runs the participation; the CLE
# follows it (no activity notes) and acknowledges the feedback report.
AGREEMENT_VIEW = "agreement.view"
AGREEMENT_MANAGE = "agreement.manage"
REFERRAL_VIEW = "referral.view"
REFERRAL_WRITE = "referral.write"
REFERRAL_DECIDE = "referral.decide"
PARTICIPATION_VIEW = "participation.view"
PARTICIPATION_MANAGE = "participation.manage"
PARTICIPATION_FOLLOW = "participation.follow"
FEEDBACK_WRITE = "feedback.write"
FEEDBACK_ACKNOWLEDGE = "feedback.acknowledge"
# The measures an employer can use (wage subsidy and others) and the CLE's eligibility
# letter: recorded by the CLE agent, printed on the passport's last page.
MEASURES_MANAGE = "measures.manage"
# Skills recognition (RCMO, issue 12). Committees (and platform staff) keep their occupational
# standards; Qualifications Québec's advisor builds the worker's dossier and sends it; the
# committee's evaluator sees only what was sent to the committee and decides; the CLE agent
# sees the dossier's income-support status and records it.
STANDARD_MANAGE = "standard.manage"
RECOGNITION_VIEW = "recognition.view"
RECOGNITION_MANAGE = "recognition.manage"
RECOGNITION_INCOME = "recognition.income"
RECOGNITION_REPORT = "recognition.report"
FILE_LINK = "file.link"
TRANSMISSION_VIEW = "transmission.view"
COMMITTEE_EVALUATE = "committee.evaluate"
CERTIFICATE_RECORD = "certificate.record"
# Privacy rights and duties (issue 13, Quebec's Law 25). The person downloads everything held
# about them (or their counsellor prepares it for them in person) and asks for corrections;
# the counsellor decides on them. The organisation admin puts a file on legal hold, reads and
# exports the access and destruction logs and names the person in charge of the protection
# of personal information, who keeps the register of confidentiality incidents. A
# communication to another organisation is recorded with the person's consent.
PERSONAL_DATA_EXPORT = "personal_data.export"
RECTIFICATION_REQUEST = "rectification.request"
RECTIFICATION_DECIDE = "rectification.decide"
RETENTION_HOLD = "retention.hold"
ACCESS_LOG_EXPORT = "access_log.export"
DESTRUCTION_LOG_VIEW = "destruction_log.view"
PRIVACY_OFFICER_MANAGE = "privacy_officer.manage"
INCIDENT_REGISTER = "incident.register"
DISCLOSURE_RECORD = "disclosure.record"
DISCLOSURE_WITHDRAW = "disclosure.withdraw"

_COUNSELLOR = frozenset(
    {
        PARTICIPANT_VIEW,
        PARTICIPANT_CREATE,
        PARTICIPANT_EDIT,
        PARTICIPANT_INVITE,
        JOURNAL_VIEW,
        JOURNAL_ADD,
        ATTACHMENT_VIEW,
        ATTACHMENT_ADD,
        CASELOAD_ORGANISATION,
        SELF_EVALUATION_VIEW,
        SELF_EVALUATION_FILL,
        SELF_EVALUATION_ANNOTATE,
        COVERAGE_VIEW,
        PROFILE_CREATE,
        FRAMEWORK_VIEW,
        PASSPORT_VIEW,
        PASSPORT_EDIT,
        DOCUMENT_VIEW,
        DOCUMENT_EDIT,
        SHARE_LINK_MANAGE,
        BUNDLE_MAKE,
        PRACTICE_VIEW,
        PRACTICE_COACH,
        AGREEMENT_VIEW,
        REFERRAL_VIEW,
        REFERRAL_DECIDE,
        PARTICIPATION_VIEW,
        PARTICIPATION_MANAGE,
        FEEDBACK_WRITE,
        PERSONAL_DATA_EXPORT,
        RECTIFICATION_DECIDE,
        DISCLOSURE_RECORD,
    }
)

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.ORG_ADMIN: _COUNSELLOR
    | {
        PARTICIPANT_HISTORY,
        FRAMEWORK_MANAGE,
        PRINT_SETTINGS_MANAGE,
        RETENTION_HOLD,
        ACCESS_LOG_EXPORT,
        DESTRUCTION_LOG_VIEW,
        PRIVACY_OFFICER_MANAGE,
    },
    Role.COUNSELLOR: _COUNSELLOR,
    # A CLE agent follows the files the CLE referred: identity and status, no notes or files.
    # It keeps the CLE's agreements, refers, follows participations and acknowledges feedback.
    Role.CLE_AGENT: frozenset(
        {
            PARTICIPANT_VIEW,
            CASELOAD_REFERRED,
            AGREEMENT_VIEW,
            AGREEMENT_MANAGE,
            REFERRAL_VIEW,
            REFERRAL_WRITE,
            PARTICIPATION_VIEW,
            PARTICIPATION_FOLLOW,
            FEEDBACK_ACKNOWLEDGE,
            MEASURES_MANAGE,
            # A recognition candidate keeps SAE rights: the agent sees and records them.
            RECOGNITION_VIEW,
            RECOGNITION_INCOME,
        }
    ),
    # Qualifications Québec's own files: the advisor keeps them as a counsellor keeps a
    # caseload, and makes the CV or other material a standard asks for with the same tools.
    Role.RECOGNITION_ADVISOR: frozenset(
        {
            PARTICIPANT_VIEW,
            PARTICIPANT_CREATE,
            PARTICIPANT_EDIT,
            PARTICIPANT_INVITE,
            JOURNAL_VIEW,
            JOURNAL_ADD,
            ATTACHMENT_VIEW,
            ATTACHMENT_ADD,
            CASELOAD_ORGANISATION,
            FRAMEWORK_VIEW,
            COVERAGE_VIEW,
            # The evidence base is edited with the passport's capability.
            PASSPORT_VIEW,
            PASSPORT_EDIT,
            DOCUMENT_VIEW,
            DOCUMENT_EDIT,
            RECOGNITION_VIEW,
            RECOGNITION_MANAGE,
            RECOGNITION_REPORT,
            FILE_LINK,
            TRANSMISSION_VIEW,
            CERTIFICATE_RECORD,
            PERSONAL_DATA_EXPORT,
            RECTIFICATION_DECIDE,
            DISCLOSURE_RECORD,
        }
    ),
    # A committee's evaluator reads only what was transmitted to the committee, evaluates it
    # and keeps the committee's standards.
    Role.COMMITTEE_EVALUATOR: frozenset(
        {TRANSMISSION_VIEW, COMMITTEE_EVALUATE, STANDARD_MANAGE, RECOGNITION_REPORT}
    ),
    # The person in charge of the protection of personal information (Law 25, s. 3.1): the
    # incident register and the destruction log, never the files themselves.
    Role.PRIVACY_OFFICER: frozenset({INCIDENT_REGISTER, DESTRUCTION_LOG_VIEW}),
}

# What a participant may do with their own file.
OWNER_CAPABILITIES = frozenset(
    {
        SELF_VIEW,
        PARTICIPANT_VIEW,
        ATTACHMENT_VIEW,
        SELF_EVALUATION_VIEW,
        SELF_EVALUATION_FILL,
        PASSPORT_VIEW,
        PASSPORT_APPROVE,
        DOCUMENT_VIEW,
        DOCUMENT_APPROVE,
        EVIDENCE_PROPOSE,
        SHARE_LINK_MANAGE,
        PRACTICE_VIEW,
        PRACTICE_FILL,
        # The mobilisation: steps, what to bring, meeting dates.
        PARTICIPATION_VIEW,
        # Their own recognition dossiers, decisions and certificates.
        RECOGNITION_VIEW,
        # Their rights: a copy of their data, corrections, consents to communicate.
        PERSONAL_DATA_EXPORT,
        RECTIFICATION_REQUEST,
        DISCLOSURE_WITHDRAW,
    }
)


def _follow(obj: Any, path: str) -> Any:
    """Follow a lookup path ("participation__participant") from an object; None if broken."""
    for part in filter(None, path.split("__")):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def _scope_root(obj: Any) -> Any:
    """The object that carries the scope fields (a note's participant, an activity's
    participation); a model with a scope of its own is its own root."""
    queryset = type(obj).objects.get_queryset()
    prefix = getattr(queryset, "scope_prefix", None)
    if prefix is None:
        return obj.participant if hasattr(obj, "participant_id") else obj
    return _follow(obj, prefix)


def object_capabilities(user: Any, obj: Any) -> frozenset[str]:
    """Capabilities the user holds on this object, through its organisation(s) or ownership."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    root = _scope_root(obj)
    if root is None:
        return frozenset()
    queryset = type(root).objects.get_queryset()
    caps: set[str] = set()
    limits = getattr(queryset, "scope_limits", {})
    for org_id, role in user_memberships(user):
        for field, roles in queryset.scope.items():
            if role in roles and getattr(root, f"{field}_id", None) == org_id:
                granted = ROLE_CAPABILITIES[role]
                if field in limits:
                    limit = limits[field]
                    granted &= limit(root) if callable(limit) else limit
                caps |= granted
    for owner_field in queryset.owner_fields():
        *path, last = owner_field.split("__")
        owner = _follow(root, "__".join(path))
        if owner is not None and getattr(owner, f"{last}_id", None) == user.pk:
            caps |= OWNER_CAPABILITIES
            break
    return frozenset(caps)


def organisation_capabilities(user: Any, organisation_id: int | None) -> frozenset[str]:
    """Capabilities the user holds in one organisation (for pages without an object)."""
    caps: set[str] = set()
    for org_id, role in user_memberships(user):
        if org_id == organisation_id:
            caps |= ROLE_CAPABILITIES[role]
    return frozenset(caps)


def has_capability(user: Any, capability: str, obj: Any = None) -> bool:
    if obj is None:
        return any(capability in ROLE_CAPABILITIES[role] for _org, role in user_memberships(user))
    return capability in object_capabilities(user, obj)


def require(user: Any, capability: str, obj: Any = None) -> None:
    """Raise PermissionDenied unless the user holds the capability (on the object)."""
    if not has_capability(user, capability, obj):
        raise PermissionDenied(capability)


def requires(capability: str) -> Callable:
    """View decorator for capabilities held in the request's active organisation."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if capability not in getattr(request, "capabilities", frozenset()):
                raise PermissionDenied(capability)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
