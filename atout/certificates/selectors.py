"""Reads for certificates and attestations: what the advisor records, what the person sees
of their recognitions (« Mes reconnaissances »), and the printable record of a credential.

Dossiers and credentials are read through `visible_to`. The committee's decision is not
scoped to the person (transmissions are the committee's and Qualifications Québec's): it is
read only for dossiers already visible to the reader, and only its outcome, the competencies
mastered, the gaps and where to learn them — what the letter to the candidate says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from atout.certificates.models import Application, Credential
from atout.committees.models import Decision, Result
from atout.formats.dates import long_date
from atout.recognition.models import Dossier, Phase, Route
from atout.standards.models import Competency

# What each phase means for the person, in plain words, and what comes next.
PLAIN_PHASES: dict[str, tuple[Any, Any]] = {
    Phase.RECEIVED: (
        _("Your request was received."),
        _("Your advisor will contact you to talk about your experience."),
    ),
    Phase.RELEVANCE: (
        _("Your advisor is checking that the recognition fits your experience."),
        _("You will learn whether the approach suits you and which standard applies."),
    ),
    Phase.INFORMED: (
        _("You received the information on the procedure."),
        _("With your advisor, you will gather your documents and proof."),
    ),
    Phase.PREPARATION: (
        _("You are preparing your dossier with your advisor."),
        _("You will fill in the competency inventory together."),
    ),
    Phase.INVENTORY_DONE: (
        _("Your competency inventory is complete."),
        _("Your advisor will send your dossier to the sectoral committee, with your consent."),
    ),
    Phase.SENT: (
        _("Your dossier was sent to the sectoral committee."),
        _("The committee will contact you to evaluate your competencies."),
    ),
    Phase.EVALUATION: (
        _("The committee is evaluating your competencies."),
        _("The committee will tell you its decision."),
    ),
    Phase.DECIDED: (
        _("The committee made its decision."),
        _("The committee will send its confirmation to the ministry."),
    ),
    Phase.CONFIRMED: (
        _("The committee sent its confirmation to the ministry."),
        _("You can now apply to the ministry for your certificate or attestation."),
    ),
    Phase.APPLIED: (
        _("You applied to the ministry."),
        _("The ministry will issue your certificate or attestation."),
    ),
    Phase.ISSUED: (
        _("Your certificate or attestation was issued."),
        _("Nothing more to do: keep your certificate."),
    ),
    Phase.NOT_RELEVANT: (
        _("The recognition did not fit your situation."),
        _("Your advisor explained the other routes open to you."),
    ),
    Phase.WITHDRAWN: (_("You withdrew your request."), _("You can ask again at any time.")),
    Phase.REDIRECTED: (
        _("You were directed to another recognition route."),
        _("Contact the body your advisor named."),
    ),
    Phase.NOT_RECOGNISED: (
        _("The committee did not recognise any competency this time."),
        _("Read the committee's explanation; training or apprenticeship can help you."),
    ),
    Phase.LAPSED: (
        _("Your dossier lapsed without news from you."),
        _("Contact your advisor to reopen it."),
    ),
}


def owned_dossiers(user: Any):
    """The person's own dossiers: from their Qualifications Québec file's login, or from their
    file elsewhere once linked with their consent. Staff memberships add nothing here."""
    return (
        Dossier.objects.visible_to(user)
        .filter(Q(participant__user=user) | Q(participant__linked_file__user=user))
        .select_related("standard", "standard__committee", "participant")
    )


def has_recognitions(user: Any) -> bool:
    """Whether the person has a recognition dossier (the menu shows « Mes reconnaissances »)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return owned_dossiers(user).exists()


def latest_decision(dossier: Dossier) -> Decision | None:
    """The committee's latest decision on the dossier (a dossier returned and sent again has
    one transmission per sending; only the last may hold a decision)."""
    return (
        Decision.objects.filter(transmission__dossier=dossier)
        .select_related("transmission")
        .order_by("-decided_at", "-pk")
        .first()
    )


def mastered_competencies(decision: Decision | None) -> list[Competency]:
    if decision is None:
        return []
    ids = decision.transmission.evaluations.filter(result=Result.MASTERED).values_list(
        "competency_id", flat=True
    )
    return list(Competency.objects.filter(pk__in=list(ids)).order_by("number"))


def credential_initial(dossier: Dossier) -> dict[str, Any]:
    """What the credential form starts from: a Red Seal route gives a CQP on route 3° for the
    whole standard; otherwise the committee's decision (all mastered → CQP, some →
    attestation for those)."""
    if dossier.route == Route.RED_SEAL:
        return {
            "kind": Credential.Kind.CQP,
            "legal_basis": Credential.LegalBasis.RED_SEAL,
            "competencies": list(Competency.objects.filter(standard_id=dossier.standard_id)),
        }
    decision = latest_decision(dossier)
    full = decision is not None and decision.outcome == Decision.Outcome.FULL
    return {
        "kind": Credential.Kind.CQP if full else Credential.Kind.ATTESTATION,
        "legal_basis": Credential.LegalBasis.COMMITTEE,
        "competencies": mastered_competencies(decision),
    }


def application_for(dossier: Dossier) -> Application | None:
    return Application.objects.filter(dossier=dossier).first()


def dossier_credentials(user: Any, dossier: Dossier) -> list[Credential]:
    return list(
        Credential.objects.visible_to(user)
        .filter(dossier=dossier)
        .prefetch_related(Prefetch("competencies", Competency.objects.order_by("number")))
    )


@dataclass
class Recognition:
    """One dossier as the person sees it."""

    dossier: Dossier
    situation: str
    next_step: str
    decision: Decision | None = None
    mastered: list[Competency] = field(default_factory=list)
    credentials: list[Credential] = field(default_factory=list)
    applied_on: Any = None


def my_recognitions(user: Any) -> list[Recognition]:
    """The person's dossiers with their phase in plain words, what comes next, the
    committee's decision and the credentials issued. A few queries per dossier: a person has
    one or two."""
    items = []
    for dossier in owned_dossiers(user):
        situation, next_step = PLAIN_PHASES.get(dossier.phase, ("", ""))
        decision = latest_decision(dossier)
        application = application_for(dossier)
        items.append(
            Recognition(
                dossier=dossier,
                situation=str(situation),
                next_step=str(next_step),
                decision=decision,
                mastered=mastered_competencies(decision),
                credentials=dossier_credentials(user, dossier),
                applied_on=application.applied_on if application else None,
            )
        )
    return items


# --- The printable record of a credential -------------------------------------------------

CREDENTIAL_TEXT = {
    "fr": {
        "kicker": "Reconnaissance des compétences de la main-d’œuvre",
        "title_cqp": "Certificat de qualification professionnelle",
        "title_attestation": "Attestation de compétences",
        "record": "Relevé de reconnaissance",
        "person": "Titulaire",
        "standard": "Norme professionnelle",
        "committee": "Comité sectoriel",
        "issuer": "Délivré par",
        "legal_basis": "Fondement légal",
        "number": "Numéro",
        "issued_on": "Date de délivrance",
        "applied_on": "Demande faite le",
        "competencies": "Compétences reconnues",
        "essential": "essentielle",
        "complementary": "complémentaire",
        "identifier": "Identifiant",
        "basis": {
            "1": "Loi D-8.3, art. 25.7, 1° (apprentissage en milieu de travail)",
            "2": "Loi D-8.3, art. 25.7, 2° (confirmation du comité sectoriel)",
            "3": "Loi D-8.3, art. 25.7, 3° (Sceau rouge ou certificat d’une autre province)",
        },
        "notice": (
            "Ce relevé reprend ce que Qualifications Québec a consigné au dossier. "
            "Il ne remplace pas le certificat ou l’attestation délivré par le ministère."
        ),
        "printed": "Imprimé le",
        "page": "Page",
        "of": "de",
        "file": "releve-reconnaissance",
    },
    "en": {
        "kicker": "Workforce skills recognition",
        "title_cqp": "Certificate of professional qualification",
        "title_attestation": "Attestation of competency",
        "record": "Recognition record",
        "person": "Holder",
        "standard": "Occupational standard",
        "committee": "Sectoral committee",
        "issuer": "Issued by",
        "legal_basis": "Legal basis",
        "number": "Number",
        "issued_on": "Issue date",
        "applied_on": "Application made on",
        "competencies": "Competencies recognised",
        "essential": "essential",
        "complementary": "complementary",
        "identifier": "Identifier",
        "basis": {
            "1": "Act D-8.3, s. 25.7, 1° (workplace apprenticeship)",
            "2": "Act D-8.3, s. 25.7, 2° (confirmation by the sectoral committee)",
            "3": "Act D-8.3, s. 25.7, 3° (Red Seal or out-of-province certificate)",
        },
        "notice": (
            "This record repeats what Qualifications Québec recorded in the dossier. "
            "It does not replace the certificate or attestation issued by the ministry."
        ),
        "printed": "Printed on",
        "page": "Page",
        "of": "of",
        "file": "recognition-record",
    },
}


def credential_payload(credential: Credential, lang: str) -> dict[str, Any]:
    """Display-ready values for `documents.rendering.credential` (one language)."""
    lang = "en" if lang == "en" else "fr"
    text = CREDENTIAL_TEXT[lang]
    participant = credential.participant
    standard = credential.standard
    competencies = [
        {
            "number": str(c.number),
            "title": c.title(lang),
            "kind": text["essential"]
            if c.kind == Competency.Kind.ESSENTIAL
            else text["complementary"],
        }
        for c in credential.competencies.order_by("number")
    ]
    kind_title = text[
        "title_cqp" if credential.kind == Credential.Kind.CQP else "title_attestation"
    ]
    name = f"{participant.given_names} {participant.family_name}".strip()
    return {
        "lang": lang,
        "title": kind_title,
        "kicker": text["kicker"],
        "record": text["record"],
        "organisation": credential.dossier.organisation.name,
        "rows": [
            {"label": text["person"], "value": name},
            {"label": text["standard"], "value": standard.title(lang)},
            {"label": text["committee"], "value": standard.committee.name},
            {"label": text["issuer"], "value": credential.issuer},
            {
                "label": text["legal_basis"],
                "value": text["basis"].get(credential.legal_basis, credential.legal_basis),
            },
            {"label": text["number"], "value": credential.number},
            {"label": text["issued_on"], "value": long_date(credential.issued_on, lang)},
            *(
                [{"label": text["applied_on"], "value": long_date(credential.applied_on, lang)}]
                if credential.applied_on
                else []
            ),
        ],
        "competencies_title": text["competencies"],
        "competencies": competencies,
        "notice": text["notice"],
        "identifier_label": text["identifier"],
        "identifier": f"urn:uuid:{credential.uid}",
        "date_line": f"{text['printed']} {long_date(timezone.localdate(), lang)}",
        "labels": {"page": text["page"], "of": text["of"]},
        "file_name": f"{text['file']}-{slugify(credential.number) or credential.pk}.pdf",
    }


# --- The document registry (atout.documents.kinds) ---------------------------------------


def credential_summaries(user: Any, participant: Any) -> list[Any]:
    """The file's certificates and attestations for its Documents area. Only the
    Qualifications Québec file's own (a linked passport file lists none: a credential is not
    a document of the employability service)."""
    from django.urls import reverse

    from atout.documents.kinds import DocumentState, DocumentSummary

    return [
        DocumentSummary(
            title=f"{credential.get_kind_display()} {credential.number}",
            state=DocumentState.APPROVED,
            url=reverse("certificates:credential_pdf", args=[credential.pk]),
            detail=credential.standard.title_fr,
        )
        for credential in Credential.objects.visible_to(user)
        .filter(participant=participant)
        .select_related("standard")
    ]


def render_for_registry(
    participant: Any,
    *,
    lang: str = "fr",
    variant: str = "colour",
    fmt: str = "pdf",
    layout: str = "",
) -> Any:
    """The record of the file's latest credential (operators' `render_document`)."""
    from atout.documents.kinds import NothingToRender
    from atout.documents.rendering.credential import render_credential

    credential = (
        Credential.objects.filter(participant=participant)
        .select_related("participant", "standard", "standard__committee", "dossier__organisation")
        .first()
    )
    if credential is None:
        raise NothingToRender(str(_("No certificate or attestation recorded yet.")))
    return render_credential(credential_payload(credential, lang))
