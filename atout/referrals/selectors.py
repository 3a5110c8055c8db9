"""Reads of agreements and service requests. Every one starts from `visible_to(user)`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import override

from atout.accounts.models import Organisation, Role, User
from atout.accounts.scoping import organisation_ids
from atout.accounts.validators import format_phone
from atout.participants import selectors as participant_selectors
from atout.participants.models import Participant
from atout.referrals.models import (
    CLE_ROLES,
    IncomeSupport,
    ObjectiveKind,
    PassportReason,
    RequestEvent,
    ServiceAgreement,
    ServiceRequest,
)


def current_agreements(user: Any, on: datetime.date | None = None) -> QuerySet[ServiceAgreement]:
    """The agreements in force on `on` (today) that the user's CLE or organisation holds."""
    return (
        ServiceAgreement.objects.visible_to(user)
        .current(on)
        .select_related("cle", "organisation")
        .order_by("organisation__name", "measure", "pk")
    )


def agreements_for(*, user: Any, organisation: Organisation) -> QuerySet[ServiceAgreement]:
    """Every agreement of the active organisation (signed as a CLE, or held as a partner)."""
    return (
        ServiceAgreement.objects.visible_to(user)
        .filter(Q(cle=organisation) | Q(organisation=organisation))
        .select_related("cle", "organisation")
        .order_by("organisation__name", "-starts_on", "pk")
    )


def agreement_for(*, user: Any, pk: Any) -> ServiceAgreement:
    """One agreement the user's CLE signed (the organisation's staff read them in the list
    only); raises DoesNotExist otherwise."""
    return (
        ServiceAgreement.objects.visible_to(user)
        .select_related("cle", "organisation")
        .get(pk=_int_or_404(pk), cle__in=organisation_ids(user, CLE_ROLES))
    )


def _int_or_404(pk: Any) -> int:
    from django.http import Http404

    try:
        return int(pk)
    except (TypeError, ValueError) as error:
        raise Http404 from error


def partner_choices(*, cle: Organisation) -> QuerySet[Organisation]:
    """Employability organisations a CLE may sign with."""
    return Organisation.objects.filter(kind=Organisation.Kind.EMPLOYABILITY, is_active=True)


def request_for(*, user: Any, pk: Any) -> ServiceRequest:
    """One visible request with what its page shows, or 404 (a declined request's
    organisation gets a 404: scoping hides it)."""
    return ServiceRequest.objects.select_related(
        "cle", "organisation", "agreement", "agent", "participant", "redirected_from"
    ).get_visible_or_404(user, pk=pk)


def requests_of_cle(*, user: Any, cle: Organisation, status: str = "") -> QuerySet[ServiceRequest]:
    rows = ServiceRequest.objects.visible_to(user).filter(cle=cle)
    if status in ServiceRequest.Status.values:
        rows = rows.filter(status=status)
    return rows.select_related("organisation", "agent", "participant").order_by(
        "-created_at", "-pk"
    )


def inbox(*, user: Any, organisation: Organisation, status: str = "") -> QuerySet[ServiceRequest]:
    """Requests addressed to the organisation that it may see (never drafts, declined or
    withdrawn ones), the oldest waiting first."""
    rows = ServiceRequest.objects.visible_to(user).filter(organisation=organisation)
    rows = rows.exclude(status__in=ServiceRequest.HIDDEN_FROM_ORGANISATION)
    if status in (ServiceRequest.Status.SENT, ServiceRequest.Status.ACCEPTED):
        rows = rows.filter(status=status)
    return rows.select_related("cle", "agent", "participant").order_by("sent_at", "pk")


def status_counts(rows: QuerySet[ServiceRequest]) -> dict[str, int]:
    from django.db.models import Count

    counted = rows.order_by().values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in counted}


def age_in_days(request: ServiceRequest, today: datetime.date | None = None) -> int:
    """Days since it was sent (since it was started, for a draft)."""
    today = today or timezone.localdate()
    start = request.sent_at or request.created_at
    if start is None:
        return 0
    return max(0, (today - timezone.localtime(start).date()).days)


def events_of(request: ServiceRequest) -> QuerySet[RequestEvent]:
    return request.events.select_related("actor").order_by("at", "pk")


def counsellor_choices(*, organisation: Organisation) -> QuerySet[User]:
    return participant_selectors.counsellor_choices(organisation=organisation)


@dataclass(frozen=True)
class Duplicates:
    """What the duplicate check found: files the user may see, and earlier requests."""

    files: list[Participant]
    requests: list[ServiceRequest]

    def __bool__(self) -> bool:
        return bool(self.files or self.requests)


def duplicates_for_cle(
    user: Any,
    *,
    cle: Organisation,
    given_names: str,
    family_name: str,
    birth_date: Any = None,
    email: str = "",
    phone: str = "",
    exclude_request: int | None = None,
) -> Duplicates:
    """The CLE's referred files and its earlier requests that could be the same person."""
    files = participant_selectors.possible_duplicates(
        user,
        given_names=given_names,
        family_name=family_name,
        birth_date=birth_date,
        email=email,
        phone=phone,
    )
    keys = participant_selectors.DuplicateKeys.of(
        given_names=given_names,
        family_name=family_name,
        birth_date=birth_date,
        email=email,
        phone=phone,
    )
    earlier_rows = ServiceRequest.objects.visible_to(user).filter(cle=cle)
    if exclude_request is not None:
        earlier_rows = earlier_rows.exclude(pk=exclude_request)
    # A CLE's requests are compared by name in Python (a few thousand a year at most).
    same_name = [
        pk
        for pk, given, family in earlier_rows.values_list("pk", "given_names", "family_name")
        if keys.given
        and (participant_selectors.name_key(given), participant_selectors.name_key(family))
        == (keys.given, keys.family)
    ]
    earlier = [
        r
        for r in earlier_rows.filter(Q(pk__in=same_name) | keys.contact_condition(("phone",)))
        .select_related("organisation")
        .order_by("-created_at")[:50]
        if keys.matches(r, ("phone",))
    ][:20]
    return Duplicates(
        files=files,
        requests=earlier,
    )


def duplicates_in_organisation(user: Any, request: ServiceRequest) -> list[Participant]:
    """Files of the receiving organisation that could be the request's person."""
    files = participant_selectors.possible_duplicates(
        user,
        given_names=request.given_names,
        family_name=request.family_name,
        birth_date=request.birth_date,
        email=request.email,
        phone=request.phone,
    )
    return [p for p in files if p.organisation_id == request.organisation_id]


# --- The request as a document ------------------------------------------------------------

LABELS = {
    "title": ("Service request — Passeport-emploi", "Demande de service — Passeport-emploi"),
    "identity": ("Identity and contact", "Identité et coordonnées"),
    "given_names": ("Given names", "Prénoms"),
    "family_name": ("Family name", "Nom de famille"),
    "birth_date": ("Birth date", "Date de naissance"),
    "language": ("Preferred language", "Langue préférée"),
    "email": ("E-mail", "Courriel"),
    "phone": ("Phone", "Téléphone"),
    "postal_code": ("Postal code", "Code postal"),
    "objective": ("Professional objective", "Objectif professionnel"),
    "eligibility": ("Eligibility", "Admissibilité"),
    "override": ("Referred despite the checklist, because", "Dirigée malgré la liste, parce que"),
    "assessment": ("Employability assessment", "Évaluation de l’employabilité"),
    "reason": ("Why the passport fits", "Pourquoi le passeport convient"),
    "income_support": ("Income support", "Soutien du revenu"),
    "entry_route": ("Entry route", "Voie d’entrée"),
    "organisation": ("Receiving organisation", "Organisme receveur"),
    "agreement": ("Service agreement", "Entente de service"),
    "dates": ("Expected dates", "Dates prévues"),
    "start": ("Start", "Début"),
    "end": ("End", "Fin"),
    "notes": ("Notes for the organisation", "Notes pour l’organisme"),
    "cle": ("CLE", "CLE"),
    "agent": ("CLE agent", "Agente ou agent du CLE"),
    "status": ("Status", "Statut"),
    "sent": ("Sent on", "Envoyée le"),
    "request_no": ("Request no.", "Demande nº"),
    "yes": ("Yes", "Oui"),
    "no": ("No", "Non"),
    "none": ("—", "—"),
    "page": ("Page", "Page"),
    "signature": ("Received by the organisation (name, date)", "Reçue par l’organisme (nom, date)"),
}


def _label(key: str, lang: str) -> str:
    en, fr = LABELS[key]
    return en if lang == "en" else fr


def _date(value: Any, lang: str) -> str:
    if not value:
        return "—"
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return value.isoformat()


def request_payload(request: ServiceRequest, *, lang: str = "fr") -> dict[str, Any]:
    """Display-ready data of the request for `documents.rendering.service_request` (French
    form; English labels when asked)."""
    lang = "en" if lang == "en" else "fr"
    sep = ": " if lang == "en" else "\u00a0: "
    with override("en" if lang == "en" else "fr-ca"):
        checklist = [
            (ServiceRequest._meta.get_field(name).verbose_name, getattr(request, name))
            for name in ("in_public_measures", "without_job", "ready_to_search", "has_objective")
        ]
        assessment = [
            (ServiceRequest._meta.get_field(name).verbose_name, getattr(request, name))
            for name in (
                "assessment_career_choice",
                "assessment_skills",
                "assessment_job_search",
                "assessment_integration",
            )
        ]
        reason = str(PassportReason(request.reason).label) if request.reason else ""
        if request.reason == PassportReason.OTHER and request.reason_other:
            reason = (
                f"{reason} : {request.reason_other}"
                if lang == "fr"
                else (f"{reason}: {request.reason_other}")
            )
        data = {
            "lang": lang,
            "title": _label("title", lang),
            "labels": {key: _label(key, lang) for key in LABELS},
            "number": str(request.pk),
            "status": str(request.get_status_display()),
            "sent": _date(request.sent_at, lang),
            "cle": request.cle.name,
            "cle_address": ", ".join(
                p
                for p in (request.cle.street_address, request.cle.city, request.cle.postal_code)
                if p
            ),
            "agent": request.agent.full_name or "",
            "agent_line": sep.join([_label("agent", lang), request.agent.full_name or "—"]),
            "status_line": sep.join([_label("status", lang), str(request.get_status_display())]),
            "sent_line": sep.join([_label("sent", lang), _date(request.sent_at, lang)]),
            "identity": [
                [_label("given_names", lang), request.given_names],
                [_label("family_name", lang), request.family_name],
                [_label("birth_date", lang), _date(request.birth_date, lang)],
                [_label("language", lang), str(request.get_preferred_language_display())],
                [_label("email", lang), request.email or "—"],
                [_label("phone", lang), format_phone(request.phone) or "—"],
                [_label("postal_code", lang), request.postal_code or "—"],
            ],
            "objective_kind": str(ObjectiveKind(request.objective_kind).label)
            if request.objective_kind
            else "",
            "objective": request.objective,
            "checklist": [
                {"label": str(label), "ticked": bool(value)} for label, value in checklist
            ],
            "override": request.eligibility_override,
            "assessment": [
                {"label": str(label), "text": value or "—"} for label, value in assessment
            ],
            "reason": reason,
            "income_support": str(IncomeSupport(request.income_support).label)
            if request.income_support
            else "—",
            "entry_route": str(request.get_entry_route_display()) if request.entry_route else "—",
            "organisation": request.organisation.name,
            "agreement": f"{request.agreement.get_measure_display()}"
            + (f" — {request.agreement.reference}" if request.agreement.reference else ""),
            "start": _date(request.expected_start, lang),
            "end": _date(request.expected_end, lang),
            "notes": request.notes_for_organisation,
            "footer": f"Atout — {request.cle.name}",
            "file_name": f"demande-de-service-{request.pk}.pdf",
        }
    return data


def is_cle_side(user: Any, request: ServiceRequest) -> bool:
    return request.cle_id in organisation_ids(user, CLE_ROLES)


def is_organisation_side(user: Any, request: ServiceRequest) -> bool:
    return request.organisation_id in organisation_ids(user, {Role.ORG_ADMIN, Role.COUNSELLOR})
