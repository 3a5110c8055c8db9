"""Reads for participations: the page, its totals, the documents produced, the mobilisation
letter and the feedback report.

Every user read starts from `visible_to(user)`; the payloads for the PDFs are built here (the
documents layer never imports this app), as plain JSON values.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from atout.documents.kinds import DocumentSummary, document_kinds
from atout.formats.dates import long_date
from atout.participants.models import Participant
from atout.participations.models import Activity, CleNote, FeedbackReport, Participation, Tool
from atout.referrals.models import ServiceAgreement

# --- Reads --------------------------------------------------------------------------------


def participation_for(*, user: Any, pk: Any) -> Participation:
    """One visible participation with what its page shows, or 404."""
    return Participation.objects.select_related(
        "participant",
        "organisation",
        "cle",
        "counsellor",
        "agreement",
        "request",
    ).get_visible_or_404(user, pk=pk)


def participations_of_file(*, user: Any, participant: Participant) -> QuerySet[Participation]:
    return Participation.objects.visible_to(user).filter(participant=participant)


def open_participation_of(*, user: Any, participant: Participant) -> Participation | None:
    return (
        participations_of_file(user=user, participant=participant)
        .exclude(status__in=Participation.ENDED)
        .first()
    )


def agreements_to_start(participant: Participant) -> QuerySet[ServiceAgreement]:
    """The organisation's current agreements (with any CLE): what a participation it starts
    itself falls under. Agreements hold no personal data."""
    return (
        ServiceAgreement.objects.current()
        .filter(organisation=participant.organisation)
        .select_related("cle")
        .order_by("cle__name", "measure", "pk")
    )


def followed_participations(*, user: Any, status: str = "") -> QuerySet[Participation]:
    """The participations the user's CLE follows, with their attendance totals."""
    from atout.accounts.scoping import organisation_ids
    from atout.referrals.models import CLE_ROLES

    rows = (
        Participation.objects.visible_to(user)
        .filter(cle__in=organisation_ids(user, CLE_ROLES))
        .select_related("participant", "organisation")
        .annotate(
            activity_count=Count("activities", distinct=True),
            attended_count=Count("activities", filter=Q(activities__attended=True), distinct=True),
            attended_minutes=Sum("activities__minutes", filter=Q(activities__attended=True)),
        )
        .order_by("-created_at", "-pk")
    )
    if status in Participation.Status.values:
        rows = rows.filter(status=status)
    return rows


@dataclass(frozen=True)
class Totals:
    count: int
    attended: int
    minutes: int

    @property
    def hours(self) -> str:
        """Hours with one decimal (« 4,5 » in French comes from the template's localisation)."""
        return f"{self.minutes / 60:.1f}"

    @property
    def hours_value(self) -> float:
        return round(self.minutes / 60, 1)

    @property
    def attendance(self) -> int | None:
        """Percentage of activities attended (None before any activity)."""
        return round(100 * self.attended / self.count) if self.count else None


def activity_totals(participation: Participation) -> Totals:
    """Number of activities, how many the person attended and the hours attended."""
    found = Activity.objects.filter(participation=participation).aggregate(
        total=Count("pk"),
        present=Count("pk", filter=Q(attended=True)),
        present_minutes=Sum("minutes", filter=Q(attended=True)),
    )
    return Totals(found["total"], found["present"], found["present_minutes"] or 0)


# The participation's own documents are not « documents produced ».
OWN_KINDS = frozenset({"mobilisation", "feedback"})


def documents_produced(*, user: Any, participant: Participant) -> list[DocumentSummary]:
    """The file's documents as the registry lists them (passport, cards, letters, CV,
    portfolio): read from each app, never typed again."""
    found: list[DocumentSummary] = []
    for kind in document_kinds():
        if kind.key in OWN_KINDS:
            continue
        found.extend(kind.summaries(user, participant))
    return found


def documents_produced_lines(*, user: Any, participant: Participant) -> list[dict[str, str]]:
    """The documents produced as plain lines for the report: only approved or printed ones."""
    from atout.documents.kinds import DocumentState

    return [
        {"title": str(summary.title), "state": summary.state_label}
        for summary in documents_produced(user=user, participant=participant)
        if summary.state in (DocumentState.APPROVED, DocumentState.PRINTED)
    ]


def cle_notes_for(*, user: Any, participation: Participation) -> QuerySet[CleNote]:
    return (
        CleNote.objects.visible_to(user)
        .filter(participation=participation)
        .select_related("author")
        .order_by("-created_at", "-pk")
    )


def activities_for(*, user: Any, participation: Participation) -> QuerySet[Activity]:
    return Activity.objects.visible_to(user).filter(participation=participation)


def feedback_for(*, user: Any, participation: Participation) -> FeedbackReport | None:
    return FeedbackReport.objects.visible_to(user).filter(participation=participation).first()


# --- Dates in words -----------------------------------------------------------------------


def moment_text(moment: datetime.datetime | None, lang: str) -> str:
    """« jeudi 3 décembre 2026 à 9 h 30 » / “Thursday, December 3, 2026 at 9:30 a.m.”."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    day = long_date(local.date(), lang, weekday=True)
    if lang == "en":
        hour = local.hour % 12 or 12
        suffix = "a.m." if local.hour < 12 else "p.m."
        return f"{day} at {hour}:{local.minute:02d} {suffix}"
    minutes = f"\u00a0{local.minute:02d}" if local.minute else ""
    return f"{day} à {local.hour}\u00a0h{minutes}"


# --- Mobilisation -------------------------------------------------------------------------

# Plain language, short sentences, « vous ». The letter prints in the person's language; the
# web page shows the language of the screen.
MOBILISATION = {
    "fr": {
        "title": "Votre Passeport-emploi\u00a0: les étapes",
        "kicker": "Lettre de bienvenue",
        "hello": "Bonjour {name},",
        "intro": (
            "Bienvenue chez {org}. Ensemble, nous allons préparer votre Passeport-emploi. "
            "C’est un document qui montre vos compétences aux employeurs, avec des exemples "
            "tirés de votre vie."
        ),
        "steps_title": "Les étapes",
        "steps": [
            "Nous nous rencontrons. Nous parlons de vous, de votre parcours et de l’emploi "
            "que vous visez.",
            "Vous nous racontez vos expériences\u00a0: emplois, bénévolat, études, vie "
            "familiale. Tout compte.",
            "Ensemble, nous choisissons vos compétences clés et les preuves qui les montrent.",
            "Votre conseillère ou conseiller rédige votre passeport. Vous le lisez. Vous "
            "l’approuvez s’il vous ressemble.",
            "Vous vous exercez à parler de vos compétences, comme en entrevue.",
            "Vous recevez votre passeport imprimé, avec des copies pour les employeurs.",
        ],
        "bring_title": "Quoi apporter",
        "bring": [
            "Votre CV, si vous en avez un (même ancien).",
            "Vos diplômes, attestations et cartes de compétence.",
            "Des lettres de référence ou des évaluations d’emploi, si vous en avez.",
            "Des photos ou des exemples de ce que vous avez fait, si vous le souhaitez.",
            "Une pièce d’identité.",
        ],
        "meetings_title": "Vos rendez-vous",
        "first_meeting": "Première rencontre",
        "no_meeting": "Votre conseillère ou conseiller vous appellera pour fixer la date.",
        "planned": "Période prévue",
        "to": "au",
        "counsellor": "Votre conseillère ou conseiller",
        "closing": (
            "Si vous ne pouvez pas venir à un rendez-vous, appelez-nous avant. "
            "Nous trouverons un autre moment."
        ),
        "presented": "Étapes présentées le",
        "page": "Page",
        "of": "de",
    },
    "en": {
        "title": "Your Passeport-emploi: the steps",
        "kicker": "Welcome letter",
        "hello": "Hello {name},",
        "intro": (
            "Welcome to {org}. Together, we will prepare your Passeport-emploi. It is a "
            "document that shows employers your skills, with examples from your own life."
        ),
        "steps_title": "The steps",
        "steps": [
            "We meet. We talk about you, your path and the job you want.",
            "You tell us about your experience: jobs, volunteering, studies, family life. "
            "Everything counts.",
            "Together, we choose your key skills and the proof that shows them.",
            "Your counsellor writes your passport. You read it. You approve it if it "
            "sounds like you.",
            "You practise talking about your skills, as in a job interview.",
            "You receive your printed passport, with copies for employers.",
        ],
        "bring_title": "What to bring",
        "bring": [
            "Your résumé, if you have one (even an old one).",
            "Your diplomas, certificates and competency cards.",
            "Reference letters or job evaluations, if you have any.",
            "Photos or examples of your work, if you wish.",
            "A piece of identification.",
        ],
        "meetings_title": "Your appointments",
        "first_meeting": "First meeting",
        "no_meeting": "Your counsellor will call you to set the date.",
        "planned": "Planned period",
        "to": "to",
        "counsellor": "Your counsellor",
        "closing": (
            "If you cannot come to an appointment, call us before. We will find another time."
        ),
        "presented": "Steps presented on",
        "page": "Page",
        "of": "of",
    },
}


def mobilisation_text(lang: str) -> dict[str, Any]:
    return MOBILISATION["en" if lang == "en" else "fr"]


def mobilisation_payload(participation: Participation, *, lang: str | None = None) -> dict:
    """What the welcome letter prints, in the person's language unless `lang` says otherwise:
    the steps, what to bring, the meeting dates (first meeting and activities to come)."""
    participant = participation.participant
    lang = lang if lang in ("fr", "en") else participant.preferred_language
    lang = "en" if lang == "en" else "fr"
    text = mobilisation_text(lang)
    name = participant.preferred_name or participant.given_names
    org = participation.organisation.name
    today = timezone.localdate()
    upcoming = Activity.objects.filter(participation=participation, on__gte=today).order_by(
        "on", "pk"
    )
    from django.utils import translation

    with translation.override("en" if lang == "en" else "fr-ca"):
        labels = {value: str(label) for value, label in Activity.Kind.choices}
    meetings = [
        {"when": long_date(a.on, lang, weekday=True), "what": labels.get(a.kind, a.kind)}
        for a in upcoming[:12]
    ]
    counsellor = participation.counsellor
    period = ""
    if participation.planned_start and participation.planned_end:
        period = (
            f"{long_date(participation.planned_start, lang)} {text['to']} "
            f"{long_date(participation.planned_end, lang)}"
        )
    return {
        "lang": lang,
        "title": text["title"],
        "kicker": text["kicker"],
        "organisation": org,
        "hello": text["hello"].format(name=name),
        "intro": text["intro"].format(org=org),
        "steps_title": text["steps_title"],
        "steps": list(text["steps"]),
        "bring_title": text["bring_title"],
        "bring": list(text["bring"]),
        "meetings_title": text["meetings_title"],
        "first_meeting_label": text["first_meeting"],
        "first_meeting": moment_text(participation.first_meeting_at, lang) or text["no_meeting"],
        "meetings": meetings,
        "planned_label": text["planned"],
        "planned": period,
        "counsellor_label": text["counsellor"],
        "counsellor": counsellor.full_name if counsellor and counsellor.full_name else "",
        "closing": text["closing"],
        "date_line": long_date(today, lang),
        "file_name": ("bienvenue" if lang == "fr" else "welcome") + f"-{participation.pk}.pdf",
        "labels": {"page": text["page"], "of": text["of"]},
    }


# --- Feedback report ----------------------------------------------------------------------

FEEDBACK_LABELS = {
    "fr": {
        "title": "Rétroinformation au CLE",
        "kicker": "Passeport-emploi — rapport de service",
        "person": "Personne",
        "organisation": "Organisme",
        "cle": "CLE",
        "agreement": "Entente",
        "request": "Demande de service",
        "entry_route": "Voie d’entrée",
        "tool": "Outil choisi",
        "status": "Statut",
        "dates": "Dates",
        "planned": "Prévues",
        "actual": "Réelles",
        "to": "au",
        "service_given": "Service offert",
        "activities": "Activités et heures",
        "activity_count": "Activités",
        "attended": "Présences",
        "hours": "Heures",
        "documents": "Documents produits",
        "no_document": "Aucun document approuvé.",
        "appropriation": "Appropriation du passeport",
        "next_steps": "Prochaines étapes recommandées",
        "outcome": "Résultat",
        "sent": "Envoyé le",
        "by": "par",
        "draft": "Brouillon — non envoyé",
        "page": "Page",
        "of": "de",
        "none": "—",
    },
    "en": {
        "title": "Feedback report to the CLE",
        "kicker": "Passeport-emploi — service report",
        "person": "Person",
        "organisation": "Organisation",
        "cle": "CLE",
        "agreement": "Agreement",
        "request": "Service request",
        "entry_route": "Entry route",
        "tool": "Tool chosen",
        "status": "Status",
        "dates": "Dates",
        "planned": "Planned",
        "actual": "Actual",
        "to": "to",
        "service_given": "Service given",
        "activities": "Activities and hours",
        "activity_count": "Activities",
        "attended": "Attended",
        "hours": "Hours",
        "documents": "Documents produced",
        "no_document": "No approved document.",
        "appropriation": "Appropriation of the passport",
        "next_steps": "Next steps recommended",
        "outcome": "Outcome",
        "sent": "Sent on",
        "by": "by",
        "draft": "Draft — not sent",
        "page": "Page",
        "of": "of",
        "none": "—",
    },
}


def feedback_prefill(*, user: Any, participation: Participation) -> dict[str, str]:
    """The report's first draft, from the record: the service given (tool, dates, activities
    and hours, documents), the appropriation from the practice cards, and the outcome when the
    participation ended. In French, the CLE's working language; the counsellor edits it."""
    from atout.practice.selectors import readiness_summary

    participant = participation.participant
    totals = activity_totals(participation)
    tool = Tool(participation.tool).label
    from django.utils import translation

    with translation.override("fr-ca"):
        tool = str(tool)
        status = str(Participation.Status(participation.status).label)
    parts = [f"Outil\u00a0: {tool}."]
    if participation.actual_start:
        parts.append(f"Début du service\u00a0: {long_date(participation.actual_start, 'fr')}.")
    if participation.actual_end:
        parts.append(f"Fin\u00a0: {long_date(participation.actual_end, 'fr')} ({status.lower()}).")
    hours = f"{totals.hours_value:.1f}".replace(".", ",")
    parts.append(
        f"{totals.count} activité(s), {totals.attended} présence(s), {hours}\u00a0h de service."
    )
    documents = documents_produced_lines(user=user, participant=participant)
    if documents:
        parts.append(
            "Documents produits\u00a0: " + "\u00a0; ".join(d["title"] for d in documents) + "."
        )
    with translation.override("fr-ca"):
        rows = readiness_summary(participant)
    rated = [r for r in rows if r["readiness"]]
    appropriation = ""
    if rows:
        lines = [
            f"– {r['title']['fr'] or r['title']['en']}\u00a0: "
            f"{r['readiness_label'] or 'non évaluée'}"
            + (" (dans ses mots)" if r["own_words"] else "")
            for r in rows
        ]
        appropriation = (
            f"La personne s’est exercée sur {len(rated)} compétence(s) clé(s) sur {len(rows)}.\n"
            + "\n".join(lines)
        )
    return {
        "service_given": " ".join(parts),
        "appropriation": appropriation,
        "next_steps": "",
        "outcome": "",
        "outcome_detail": "",
    }


def feedback_payload(report: FeedbackReport, *, user: Any, lang: str = "fr") -> dict[str, Any]:
    """What the report prints (frozen into `sent_content` when sent). In French, the CLE's
    language; every label in the payload so the template only lays it out."""
    from django.utils import translation

    participation = report.participation
    participant = participation.participant
    lang = "en" if lang == "en" else "fr"
    labels = FEEDBACK_LABELS[lang]
    totals = activity_totals(participation)
    with translation.override("en" if lang == "en" else "fr-ca"):
        status = str(Participation.Status(participation.status).label)
        tool = str(Tool(participation.tool).label)
        route = str(participation.get_entry_route_display())
        outcome = str(report.get_outcome_display()) if report.outcome else ""
        agreement = str(participation.agreement.get_measure_display())
    if participation.agreement.reference:
        agreement = f"{agreement} ({participation.agreement.reference})"

    def period(start: Any, end: Any) -> str:
        if not start and not end:
            return labels["none"]
        return f"{long_date(start, lang) or '…'} {labels['to']} {long_date(end, lang) or '…'}"

    hours = f"{totals.hours_value:.1f}"
    if lang == "fr":
        hours = hours.replace(".", ",")
    sender = report.sent_by
    return {
        "lang": lang,
        "draft": report.status == FeedbackReport.Status.DRAFT,
        "title": labels["title"],
        "labels": labels,
        "person": f"{participant.given_names} {participant.family_name}",
        "organisation": participation.organisation.name,
        "cle": participation.cle.name,
        "agreement": agreement,
        "request": f"#{participation.request_id}" if participation.request_id else "",
        "entry_route": route,
        "tool": tool,
        "tool_reason": participation.tool_reason,
        "status": status,
        "planned": period(participation.planned_start, participation.planned_end),
        "actual": period(participation.actual_start, participation.actual_end),
        "end_reason": participation.end_reason,
        "activity_count": str(totals.count),
        "attended": str(totals.attended),
        "hours": hours,
        "documents": documents_produced_lines(user=user, participant=participant),
        "service_given": report.service_given,
        "appropriation": report.appropriation,
        "next_steps": report.next_steps,
        "outcome": outcome,
        "outcome_detail": report.outcome_detail,
        "sent": (
            f"{labels['sent']} {long_date(timezone.localdate(report.sent_at), lang)}"
            + (f" {labels['by']} {sender.full_name}" if sender and sender.full_name else "")
            if report.sent_at
            else ""
        ),
        "file_name": f"retroinformation-{participation.pk}.pdf",
    }


def printed_feedback(report: FeedbackReport, *, user: Any) -> dict[str, Any]:
    """The frozen content of a sent report; the live draft otherwise."""
    if report.sent_content:
        return {**report.sent_content, "draft": False}
    return feedback_payload(report, user=user)
