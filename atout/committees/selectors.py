"""Reads of transmissions, evaluations and decisions, always through the scoping.

The committee reads a transmission's frozen `package` (never the live dossier); the advisor
reads the transmissions of a dossier they see. Payloads for the documents (the confirmation
to the ministry, the letter to the candidate) are display-ready dicts in one language.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from atout.accounts.models import Role, User
from atout.accounts.scoping import organisation_ids
from atout.committees.models import (
    CompetencyEvaluation,
    Decision,
    FollowUpNote,
    Result,
    Transmission,
)
from atout.evidence.models import Review
from atout.formats.dates import long_date
from atout.participants.models import Audience, ContactField
from atout.participants.selectors import contact_disclosure
from atout.recognition.models import (
    AnalysedDocument,
    Dossier,
    EmploymentStatus,
    EvidenceUse,
    InventoryEntry,
    Mastery,
    Route,
)
from atout.standards.models import Competency

# The package's layout; bump it when its keys change (old transmissions keep theirs).
PACKAGE_FORMAT = 1


def _name(user: Any) -> str:
    return (getattr(user, "full_name", "") or getattr(user, "email", "")) if user else ""


def _lang(lang: str) -> str:
    return "en" if (lang or "").startswith("en") else "fr"


def pick(item: dict, key: str, lang: str) -> str:
    """The English text of a bilingual package entry when asked and filled, else French."""
    if lang.startswith("en") and item.get(f"{key}_en"):
        return item[f"{key}_en"]
    return item.get(f"{key}_fr", "")


# --- The package ------------------------------------------------------------------------------


def package_payload(dossier: Dossier) -> dict[str, Any]:
    """What a transmission freezes: the committee reads this, never the dossier.

    Language-neutral (both titles of the standard's parts); contact details only as the
    person consented for the committee; only accepted achievements; only the documents the
    advisor selected for the package.
    """
    participant = dossier.participant
    standard = dossier.standard
    disclosure = contact_disclosure(participant, Audience.COMMITTEE)
    lines: dict[int, list[dict]] = {}
    for entry in InventoryEntry.objects.filter(dossier=dossier).select_related("element"):
        lines.setdefault(entry.competency_id, []).append(
            {
                "element_number": entry.element.number if entry.element else None,
                "element_fr": entry.element.title_fr if entry.element else "",
                "element_en": entry.element.title_en if entry.element else "",
                "self_assessment": entry.self_assessment,
                "experience": entry.experience,
                "proof": entry.proof,
                "advisor_comment": entry.advisor_comment,
            }
        )
    competencies = []
    for competency in Competency.objects.filter(standard=standard).order_by("number"):
        competencies.append(
            {
                "id": competency.pk,
                "number": competency.number,
                "kind": competency.kind,
                "title_fr": competency.title_fr,
                "title_en": competency.title_en,
                "to_be_completed": competency.to_be_completed,
                "lines": sorted(
                    lines.get(competency.pk, []), key=lambda line: line["element_number"] or 0
                ),
            }
        )
    numbers = {c["id"]: c["number"] for c in competencies}
    documents = []
    for analysed in (
        AnalysedDocument.objects.filter(dossier=dossier, include_in_package=True)
        .select_related("attachment")
        .prefetch_related("competencies")
    ):
        attachment = analysed.attachment
        documents.append(
            {
                "attachment_id": attachment.pk,
                "kind": attachment.kind,
                "name": attachment.original_name,
                "description": attachment.description,
                "notes": analysed.notes,
                "competencies": sorted(
                    numbers[c.pk] for c in analysed.competencies.all() if c.pk in numbers
                ),
            }
        )
    evidence = []
    for use in (
        EvidenceUse.objects.filter(dossier=dossier, achievement__review=Review.ACCEPTED)
        .select_related("achievement", "competency")
        .order_by("competency__number", "pk")
    ):
        achievement = use.achievement
        evidence.append(
            {
                "competency": use.competency.number,
                "situation_fr": achievement.situation_fr,
                "situation_en": achievement.situation_en,
                "action_fr": achievement.action_fr,
                "action_en": achievement.action_en,
                "result_fr": achievement.result_fr,
                "result_en": achievement.result_en,
                "note": use.note,
            }
        )
    return {
        "format": PACKAGE_FORMAT,
        "identity": {
            "given_names": participant.given_names,
            "family_name": participant.family_name,
            "birth_date": participant.birth_date.isoformat() if participant.birth_date else "",
            "language": participant.preferred_language,
            # Only what the person consented to show the committee (field -> value).
            "contact": {str(k): v for k, v in disclosure.shown.items()},
        },
        "standard": {
            "id": standard.pk,
            "title_fr": standard.title_fr,
            "title_en": standard.title_en,
            "noc_code": standard.noc_code,
            "version_label": standard.version_label,
            "committee": standard.committee.name,
            "level": dossier.level,
        },
        "experience": {
            "employment_status": dossier.employment_status,
            "years_in_trade": str(dossier.years_in_trade),
            "paid": dossier.paid_experience,
            "unpaid": dossier.unpaid_experience,
            "summary": dossier.experience_summary,
            "route": dossier.route,
        },
        "competencies": competencies,
        "documents": documents,
        "evidence": evidence,
        "advisor": {"name": _name(dossier.advisor), "organisation": dossier.organisation.name},
    }


@dataclass
class PackageView:
    """The package, display-ready in the current language (labels, titles, dates)."""

    identity: dict[str, Any]
    contact: list[tuple[str, str]]
    standard: dict[str, Any]
    experience: list[tuple[str, str]]
    competencies: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    advisor: dict[str, Any]
    consent_at: datetime.datetime | None = None
    missing: list[str] = field(default_factory=list)


def package_view(package: dict[str, Any], lang: str | None = None) -> PackageView:
    """Labels and titles for a package (frozen or a preview) in `lang` (default: active)."""
    lang = lang or translation.get_language() or "fr"
    identity = package.get("identity", {})
    contact_labels = dict(ContactField.choices)
    mastery = dict(Mastery.choices)
    evidence_by_competency: dict[int, list[dict]] = {}
    for item in package.get("evidence", []):
        evidence_by_competency.setdefault(item["competency"], []).append(
            {
                "situation": pick(item, "situation", lang),
                "action": pick(item, "action", lang),
                "result": pick(item, "result", lang),
                "note": item.get("note", ""),
            }
        )
    competencies = []
    for c in package.get("competencies", []):
        competencies.append(
            {
                "id": c["id"],
                "number": c["number"],
                "title": pick(c, "title", lang),
                "essential": c.get("kind") == Competency.Kind.ESSENTIAL,
                "to_be_completed": c.get("to_be_completed", False),
                "lines": [
                    {
                        "element": (
                            f"{c['number']}.{line['element_number']} {pick(line, 'element', lang)}"
                            if line.get("element_number")
                            else ""
                        ),
                        "self_assessment": mastery.get(line.get("self_assessment"), "—"),
                        "experience": line.get("experience", ""),
                        "proof": line.get("proof", ""),
                        "advisor_comment": line.get("advisor_comment", ""),
                    }
                    for line in c.get("lines", [])
                ],
                "evidence": evidence_by_competency.get(c["number"], []),
            }
        )
    experience = package.get("experience", {})
    years = experience.get("years_in_trade", "0")
    if "." in years:  # "6.0" reads 6, "6.5" reads 6,5 in French
        years = years.rstrip("0").rstrip(".")
    kinds = [
        str(label)
        for flag, label in (("paid", _("paid")), ("unpaid", _("unpaid")))
        if experience.get(flag)
    ]
    standard = package.get("standard", {})
    birth = identity.get("birth_date")
    return PackageView(
        identity={
            "name": f"{identity.get('given_names', '')} {identity.get('family_name', '')}".strip(),
            "birth_date": datetime.date.fromisoformat(birth) if birth else None,
            "language": {"fr": _("French"), "en": _("English")}.get(identity.get("language"), ""),
        },
        contact=[
            (str(contact_labels.get(k, k)), v) for k, v in identity.get("contact", {}).items()
        ],
        standard={
            "title": pick(standard, "title", lang),
            "noc_code": standard.get("noc_code", ""),
            "version_label": standard.get("version_label", ""),
            "committee": standard.get("committee", ""),
            "level": standard.get("level", ""),
        },
        experience=[
            (
                _("Employment status"),
                str(dict(EmploymentStatus.choices).get(experience.get("employment_status"), "—")),
            ),
            (
                _("Years in the trade"),
                f"{years.replace('.', ',') if not lang.startswith('en') else years}"
                + (f" ({', '.join(kinds)})" if kinds else ""),
            ),
            (_("Route"), str(dict(Route.choices).get(experience.get("route"), "—"))),
            (_("Experience in the trade"), experience.get("summary", "") or "—"),
        ],
        competencies=competencies,
        documents=[
            {**d, "competencies_text": ", ".join(str(n) for n in d.get("competencies", []))}
            for d in package.get("documents", [])
        ],
        advisor=package.get("advisor", {}),
    )


def package_problems(dossier: Dossier) -> list[str]:
    """Why the dossier cannot be sent yet (empty when it can)."""
    problems = []
    if not Dossier.MACHINE.allowed(dossier.phase, "sent"):
        problems.append(
            _("The dossier can be sent once its inventory is completed (phase « %(phase)s »).")
            % {"phase": dossier.get_phase_display()}
        )
    if not dossier.standard.committee_id:
        problems.append(_("The standard has no sectoral committee."))
    return problems


# --- Transmissions ----------------------------------------------------------------------------


def _with_related(queryset):
    return queryset.select_related(
        "dossier", "dossier__standard", "participant", "committee", "organisation", "decision"
    )


def transmission_for(user: User, pk: int) -> Transmission:
    """One transmission the user's organisation sent or received, or 404."""
    return _with_related(Transmission.objects).get_visible_or_404(user, pk=pk)


def committee_inbox(user: User, *, status: str = "") -> list[Transmission]:
    """Transmissions to the committees the user evaluates for (never the sending side's)."""
    committees = organisation_ids(user, {Role.COMMITTEE_EVALUATOR})
    rows = _with_related(Transmission.objects.visible_to(user)).filter(committee__in=committees)
    if status in Transmission.Status.values:
        rows = rows.filter(status=status)
    return list(rows.order_by("sent_at", "pk")[:300])


def status_counts(user: User) -> dict[str, int]:
    committees = organisation_ids(user, {Role.COMMITTEE_EVALUATOR})
    counts: dict[str, int] = {}
    for status in (
        Transmission.objects.visible_to(user)
        .filter(committee__in=committees)
        .values_list("status", flat=True)
    ):
        counts[status] = counts.get(status, 0) + 1
    return counts


def age_in_days(transmission: Transmission, *, now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    return max(0, (now - transmission.sent_at).days)


def transmissions_of_dossier(user: User, dossier: Dossier) -> list[Transmission]:
    """The dossier's transmissions the user sees, newest first, with decision and notes."""
    return list(
        _with_related(Transmission.objects.visible_to(user))
        .filter(dossier=dossier)
        .prefetch_related(
            Prefetch("follow_up_notes", queryset=FollowUpNote.objects.select_related("author"))
        )
        .order_by("-number")
    )


def decisions_for(dossier: Dossier) -> list[Decision]:
    """The committee's decisions on a dossier the caller already loaded through the scoping,
    newest first (reporting, credentials, the candidate's view)."""
    return list(
        Decision.objects.filter(transmission__dossier=dossier)
        .select_related("transmission")
        .order_by("-decided_at", "-pk")
    )


def latest_decision(dossier: Dossier) -> Decision | None:
    decisions = decisions_for(dossier)
    return decisions[0] if decisions else None


def mastered_competencies(decision: Decision) -> list[Competency]:
    """The competencies the committee found mastered (a credential covers these)."""
    ids = CompetencyEvaluation.objects.filter(
        transmission=decision.transmission_id, result=Result.MASTERED
    ).values_list("competency_id", flat=True)
    return list(Competency.objects.filter(pk__in=list(ids)).order_by("number"))


# --- Evaluations and the decision ------------------------------------------------------------


def evaluations_by_competency(transmission: Transmission) -> dict[int, CompetencyEvaluation]:
    return {
        e.competency_id: e
        for e in CompetencyEvaluation.objects.filter(transmission=transmission).select_related(
            "evaluator"
        )
    }


def package_competency_ids(transmission: Transmission) -> list[int]:
    return [c["id"] for c in transmission.package.get("competencies", [])]


@dataclass
class DecisionCheck:
    """What the evaluations say: the outcome they support, and what is still missing."""

    outcome: str | None
    missing: list[str]
    mastered: list[str]
    not_mastered: list[str]


def decision_check(transmission: Transmission, lang: str | None = None) -> DecisionCheck:
    lang = lang or translation.get_language() or "fr"
    evaluations = evaluations_by_competency(transmission)
    missing, mastered, not_mastered = [], [], []
    for c in transmission.package.get("competencies", []):
        label = f"{c['number']}. {pick(c, 'title', lang)}"
        evaluation = evaluations.get(c["id"])
        if evaluation is None or evaluation.result == Result.TO_COMPLETE:
            missing.append(label)
        elif evaluation.result == Result.MASTERED:
            mastered.append(label)
        else:
            not_mastered.append(label)
    outcome = None
    if not missing and (mastered or not_mastered):
        if not not_mastered:
            outcome = Decision.Outcome.FULL
        elif mastered:
            outcome = Decision.Outcome.PARTIAL
        else:
            outcome = Decision.Outcome.NONE
    return DecisionCheck(outcome, missing, mastered, not_mastered)


# --- Documents --------------------------------------------------------------------------------


def confirmation_content(decision: Decision) -> dict[str, Any]:
    """What the confirmation to the ministry states, frozen when it is sent (language-neutral)."""
    transmission = decision.transmission
    package = transmission.package
    mastered = {c.pk for c in mastered_competencies(decision)}
    identity = {k: v for k, v in package.get("identity", {}).items() if k != "contact"}
    return {
        # The ministry's letter names the person; their contact details are not needed.
        "identity": identity,
        "standard": package.get("standard", {}),
        "outcome": decision.outcome,
        "decided_on": timezone.localtime(decision.decided_at).date().isoformat(),
        "decided_by": _name(decision.decided_by),
        "committee": transmission.committee.name,
        "transmission": transmission.number,
        "competencies": [
            {
                "number": c["number"],
                "title_fr": c["title_fr"],
                "title_en": c.get("title_en", ""),
                "mastered": c["id"] in mastered,
            }
            for c in package.get("competencies", [])
        ],
    }


def confirmation_payload(decision: Decision, lang: str = "fr") -> dict[str, Any]:
    """The confirmation letter to the ministry, display-ready (frozen content once sent)."""
    lang = _lang(lang)
    content = decision.confirmation or confirmation_content(decision)
    identity = content.get("identity", {})
    standard = content.get("standard", {})
    birth = identity.get("birth_date")
    decided_on = datetime.date.fromisoformat(content["decided_on"])
    full = content.get("outcome") == Decision.Outcome.FULL
    with translation.override("en" if lang == "en" else "fr-ca"):
        labels = {
            "title": str(_("Confirmation of the competencies mastered")),
            "to": str(_("To the Minister responsible for workforce skills recognition")),
            "candidate": str(_("Candidate")),
            "birth_date": str(_("Birth date")),
            "standard": str(_("Occupational standard")),
            "noc": str(_("NOC")),
            "level": str(_("Level")),
            "basis": str(_("Legal basis")),
            "mastered": str(_("Competencies mastered")),
            "none_mastered": str(_("None")),
            "decided_on": str(_("Decision of")),
            "signature": str(_("Signature")),
            "draft": str(_("Draft: not sent")),
            "page": str(_("Page")),
            "of": str(_("of")),
        }
        basis = str(
            _(
                "Act respecting workforce skills development and recognition (CQLR, c. D-8.3), "
                "s. 25.7, route 2°: the committee confirms the person's mastery of the "
                "competencies of the standard."
            )
        )
        statement = str(
            _(
                "The committee confirms that the person has shown mastery of all the "
                "competencies of the standard; a certificate of professional qualification "
                "may be issued on the person's request."
            )
            if full
            else _(
                "The committee confirms that the person has shown mastery of the competencies "
                "listed below; an attestation for these competencies may be issued on the "
                "person's request."
            )
        )
    return {
        "lang": lang,
        "labels": labels,
        "draft": not decision.confirmation,
        "file_name": f"confirmation-{decision.transmission.dossier_id}-"
        f"{content.get('transmission', 1)}.pdf",
        "committee": content.get("committee", ""),
        "date": long_date(
            timezone.localtime(decision.confirmation_sent_at).date()
            if decision.confirmation_sent_at
            else timezone.localdate(),
            lang,
        ),
        "decided_on": long_date(decided_on, lang),
        "decided_by": content.get("decided_by", ""),
        "name": f"{identity.get('given_names', '')} {identity.get('family_name', '')}".strip(),
        "birth_date": long_date(datetime.date.fromisoformat(birth), lang) if birth else "",
        "standard": pick(standard, "title", lang),
        "noc_code": standard.get("noc_code", ""),
        "level": standard.get("level", ""),
        "basis": basis,
        "statement": statement,
        "mastered": [
            f"{c['number']}. {pick(c, 'title', lang)}"
            for c in content.get("competencies", [])
            if c.get("mastered")
        ],
    }


def result_letter_payload(decision: Decision, lang: str = "fr") -> dict[str, Any]:
    """The letter to the candidate: the result, what is mastered, what is left and where to
    learn it, the next step (apply to the ministry)."""
    lang = _lang(lang)
    transmission = decision.transmission
    package = transmission.package
    identity = package.get("identity", {})
    check = decision_check(transmission, lang)
    outcome = decision.outcome
    with translation.override("en" if lang == "en" else "fr-ca"):
        if outcome == Decision.Outcome.FULL:
            result = _(
                "The committee confirms that you master all the competencies of the standard."
            )
            next_step = _(
                "Next step: apply to the ministry for your certificate of professional "
                "qualification. Your advisor at Qualifications Québec will help you."
            )
        elif outcome == Decision.Outcome.PARTIAL:
            result = _("The committee confirms that you master some competencies of the standard.")
            next_step = _(
                "Next step: apply to the ministry for an attestation of the competencies you "
                "master. You can then acquire the others and ask for a new evaluation."
            )
        else:
            result = _("The committee did not confirm any competency of the standard.")
            next_step = _(
                "Your advisor at Qualifications Québec can help you find training or another route."
            )
        labels = {
            "title": str(_("Result of your skills recognition")),
            "greeting": str(_("Hello %(name)s,") % {"name": identity.get("given_names", "")}),
            "mastered": str(_("Competencies you master")),
            "gaps": str(_("Competencies still to acquire")),
            "pointers": str(_("Where to acquire them")),
            "explanation": str(_("Explanation")),
            "standard": str(_("Occupational standard")),
            "committee": str(_("Sectoral committee")),
            "decided_on": str(_("Decision of")),
            "closing": str(_("Qualifications Québec")),
            "page": str(_("Page")),
            "of": str(_("of")),
        }
        result, next_step = str(result), str(next_step)
    return {
        "lang": lang,
        "labels": labels,
        "file_name": f"resultat-{transmission.dossier_id}-{transmission.number}.pdf",
        "date": long_date(timezone.localdate(), lang),
        "name": f"{identity.get('given_names', '')} {identity.get('family_name', '')}".strip(),
        "standard": pick(package.get("standard", {}), "title", lang),
        "committee": transmission.committee.name,
        "decided_on": long_date(timezone.localtime(decision.decided_at).date(), lang),
        "result": result,
        "mastered": check.mastered,
        "gaps": decision.gaps or "\n".join(check.not_mastered),
        "pointers": decision.pointers,
        "explanation": decision.explanation,
        "next_step": next_step,
        "advisor": package.get("advisor", {}).get("name", ""),
    }
