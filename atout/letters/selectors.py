"""Reads for cover letters: the letters a user may see, what a letter prints, a body suggestion.

The printed payload is built here (the documents layer never imports this app): one
language, the sender's consented contact details only, plain JSON values.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from atout.accounts.validators import format_phone
from atout.documents.kinds import DocumentState, DocumentSummary, NothingToRender
from atout.documents.rendering.engine import RenderedDocument
from atout.evidence.models import Achievement, Review
from atout.formats.dates import long_date
from atout.letters.models import CoverLetter
from atout.participants.models import Audience, ContactField, Participant
from atout.participants.selectors import contact_disclosure

CONTACT_ORDER = (
    ContactField.ADDRESS,
    ContactField.MOBILE_PHONE,
    ContactField.HOME_PHONE,
    ContactField.EMAIL,
)
KEY_COMPETENCIES = 3

# --- Reads --------------------------------------------------------------------------------


def letters_for(*, user: Any, participant: Participant) -> QuerySet[CoverLetter]:
    return CoverLetter.objects.visible_to(user).filter(participant=participant)


def letter_for(*, user: Any, participant_pk: int, pk: int) -> CoverLetter:
    """One visible letter of that file, or 404 (another file's letter is not found here)."""
    return CoverLetter.objects.select_related("participant").get_visible_or_404(
        user, pk=pk, participant_id=participant_pk
    )


def latest_letter(*, participant: Participant) -> CoverLetter | None:
    """The file's most recently changed letter (what `render_document letter` prints).

    Operator reads: the caller already holds the file (through `participant_for_operator`
    or a scoped read).
    """
    return (
        CoverLetter.objects.filter(participant=participant)
        .select_related("participant")
        .order_by("-updated_at", "-pk")
        .first()
    )


# --- Labels and dates ---------------------------------------------------------------------


def date_line(place: str, date: datetime.date, lang: str) -> str:
    """« Québec, le 1er décembre 2026 » / “Québec City, December 1, 2026”."""
    place = place.strip()
    text = long_date(date, lang)
    if lang == "en":
        return f"{place}, {text}" if place else text
    return f"{place}, le {text}" if place else f"Le {text}"


# The printed letter's fixed words, by the letter's language (not the reader's): a French
# letter prints in French whatever language the counsellor's screen is in.
LABELS = {
    "fr": {
        "kicker": "Lettre de présentation",
        "subject": "Objet",
        "colon": "\u00a0: ",
        "posting": "Poste",
        "reference": "référence",
        "draft": "Brouillon — non approuvé",
        "page": "Page",
        "of": "de",
    },
    "en": {
        "kicker": "Cover letter",
        "subject": "Subject",
        "colon": ": ",
        "posting": "Position",
        "reference": "reference",
        "draft": "Draft — not approved",
        "page": "Page",
        "of": "of",
    },
}


def document_labels(lang: str) -> dict[str, str]:
    return dict(LABELS["en" if lang == "en" else "fr"])


def default_salutation(lang: str, contact_name: str = "") -> str:
    """The neutral form a Quebec employer expects; the person may write « Madame, » instead."""
    return "Dear Hiring Manager," if lang == "en" else "Madame, Monsieur,"


def default_subject(lang: str, posting_title: str = "") -> str:
    """An offer of service when nothing is posted; else the position applied for."""
    posting = _in_sentence(posting_title)
    if lang == "en":
        return f"Application for the position of {posting}" if posting else "Offer of services"
    return f"Candidature au poste de {posting}" if posting else "Offre de services"


def default_closing(lang: str, salutation: str = "") -> str:
    """The usual closing; in French it repeats the salutation (« Madame, » → « Madame, »)."""
    if lang == "en":
        return "Sincerely,"
    called = salutation.strip().rstrip(",").strip() or "Madame, Monsieur"
    if len(called) > 60 or not called.startswith(("Madame", "Monsieur", "Mesdames", "Messieurs")):
        return "Je vous prie d’agréer mes salutations distinguées."
    return f"Je vous prie d’agréer, {called}, mes salutations distinguées."


def _typographic(text: str) -> str:
    return (text or "").replace("'", "\u2019").strip()


def paragraphs(body: str) -> list[str]:
    """Paragraphs are separated by blank lines; single line breaks join with a space."""
    blocks = re.split(r"\n\s*\n", (body or "").replace("\r\n", "\n").replace("\r", "\n"))
    result = []
    for block in blocks:
        text = " ".join(line.strip() for line in block.split("\n") if line.strip())
        text = re.sub(r"[ \t]+", " ", text)
        if text:
            result.append(_typographic(text))
    return result


# --- The printed payload ------------------------------------------------------------------


def sender_block(participant: Participant, lang: str) -> tuple[str, dict[str, str], list[str]]:
    """(name, consented contact by field, display lines): employers see only what is consented."""
    name = f"{participant.preferred_name or participant.given_names} {participant.family_name}"
    shown = contact_disclosure(participant, Audience.EMPLOYER).shown
    contact = {str(f): shown[f] for f in CONTACT_ORDER if shown.get(f)}
    lines = []
    for field, value in contact.items():
        lines.append(format_phone(value) if field.endswith("_phone") else value)
    return _typographic(name), contact, [_typographic(line) for line in lines]


def letter_payload(letter: CoverLetter, *, draft: bool = True) -> dict[str, Any]:
    """Exactly what prints, in the letter's language, as plain JSON values.

    Approving freezes this (with `draft` False); a draft is built again from the file each
    time, so it shows the sender's details as they are today.
    """
    lang = "en" if letter.language == "en" else "fr"
    labels = document_labels(lang)
    name, contact, lines = sender_block(letter.participant, lang)
    signature = _typographic(letter.signature_name) or name
    recipient = [
        _typographic(line)
        for line in [
            letter.contact_name,
            letter.employer_name,
            *letter.employer_address.split("\n"),
        ]
        if line.strip()
    ]
    title = _typographic(" ".join(letter.posting_title.split()))
    reference = _typographic(letter.posting_reference)
    ref_text = f"{labels['reference']} {reference}" if reference else ""
    subject = _typographic(letter.subject)
    posting = ""
    if not subject:
        # The usual subject names the position; its reference goes with it.
        subject = default_subject(lang, title)
        if ref_text:
            subject = f"{subject} ({ref_text})" if title else f"{subject} — {ref_text}"
    elif title or reference:
        posting = f"{labels['posting']}{labels['colon']}{title}" if title else ""
        if ref_text:
            posting = f"{posting} ({ref_text})" if posting else ref_text[:1].upper() + ref_text[1:]
    salutation = _typographic(letter.salutation) or default_salutation(lang)
    employer = _typographic(letter.employer_name)
    kicker = labels["kicker"]
    return {
        "lang": lang,
        "draft": draft,
        "title": f"{kicker} — {employer}" if employer else kicker,
        "author": name,
        "employer": employer,
        "sender": {"name": name, "lines": lines},
        "contact": contact,
        "date_line": date_line(_typographic(letter.place), letter.letter_date, lang),
        "recipient": recipient,
        "recipient_bold_first": not letter.contact_name.strip(),
        "subject": subject,
        "posting": posting,
        "salutation": salutation,
        "paragraphs": paragraphs(letter.body),
        "closing": _typographic(letter.closing) or default_closing(lang, salutation),
        "signature": signature,
        "labels": labels,
    }


def printed_payload(letter: CoverLetter) -> dict[str, Any]:
    """The frozen payload of an approved letter, else the live draft (marked as a draft)."""
    if letter.is_frozen:
        return {**letter.approved_payload, "draft": False}
    return letter_payload(letter, draft=True)


def render(letter: CoverLetter, *, variant: str = "colour", fmt: str = "pdf") -> RenderedDocument:
    from atout.documents.rendering.letter import render_letter

    return render_letter(printed_payload(letter), variant=variant, fmt=fmt)


# --- Registry hooks -----------------------------------------------------------------------


def letter_title(letter: CoverLetter) -> str:
    from django.utils.translation import gettext as _

    return _("Letter — %(employer)s") % {"employer": letter.employer_name}


def letter_summaries(user: Any, participant: Participant) -> list[DocumentSummary]:
    """One line per letter, newest first, for the file's Documents area."""
    return [
        DocumentSummary(
            title=letter_title(letter),
            state=letter.state,
            url=reverse(
                "letters:detail", kwargs={"participant_pk": participant.pk, "pk": letter.pk}
            ),
            last_printed_at=letter.printed_at,
            detail=letter.subject_shown,
        )
        for letter in letters_for(user=user, participant=participant).order_by("-updated_at", "-pk")
    ]


def start_url(participant: Participant) -> str:
    return reverse("letters:create", kwargs={"pk": participant.pk})


def render_latest_letter(
    participant: Participant,
    *,
    lang: str | None = None,
    variant: str = "colour",
    fmt: str = "pdf",
    layout: str | None = None,
) -> RenderedDocument:
    """The latest letter as it prints: its approved text, else the draft (marked as such).

    A letter is written in one language: with `lang`, the latest letter in that language
    if there is one, else the latest letter whatever its language.
    """
    letter = None
    if lang in ("fr", "en"):
        letter = (
            CoverLetter.objects.filter(participant=participant, language=lang)
            .select_related("participant")
            .order_by("-updated_at", "-pk")
            .first()
        )
    letter = letter or latest_letter(participant=participant)
    if letter is None:
        raise NothingToRender("This file has no cover letter yet.")
    return render(letter, variant=variant, fmt=fmt)


# --- Suggestion ---------------------------------------------------------------------------


def _sentence(text: str) -> str:
    text = " ".join((text or "").split())
    if text and text[-1] not in ".!?…»”":
        text += "."
    return _typographic(text)


def _bare(text: str) -> str:
    """An objective or title inside a sentence: no closing period, one line."""
    return _typographic(" ".join((text or "").split()).rstrip(" .;:"))


def _in_sentence(text: str) -> str:
    """A job title inside a sentence starts in lower case (« au poste de préposée »),
    unless it starts with an acronym or a proper name written in capitals (« SIMDUT »)."""
    text = _bare(text)
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


FR_LEADS = (
    "Ma compétence « {t} » repose sur une expérience concrète.",
    "Je peux aussi compter sur ma compétence « {t} ».",
    "Enfin, ma compétence « {t} » vous sera utile.",
)
EN_LEADS = (
    "My “{t}” skills come from real experience.",
    "I can also count on my “{t}” skills.",
    "Finally, my “{t}” skills would serve you well.",
)


def suggest_body(
    *,
    lang: str,
    employer: str,
    objective: str = "",
    posting_title: str = "",
    posting_reference: str = "",
    competencies: list[dict[str, str]] | tuple = (),
) -> str:
    """A plain first draft of the body, for the person to make their own.

    `competencies`: up to three dicts with `title` and one proof (`situation`, `action`,
    `result`) already in `lang`. An offer of service says why the person writes to this
    employer; an answer to a posting names it. One short paragraph per competency with its
    proof, then a request for a meeting. Vouvoiement in French. Paragraphs are separated by
    blank lines, as the letter's body is.
    """
    en = lang == "en"
    employer = _bare(employer) or ("your organization" if en else "votre entreprise")
    objective = _in_sentence(objective)
    posting = _in_sentence(posting_title)
    reference = _bare(posting_reference)
    opening: list[str] = []
    if en:
        if posting:
            ref = f" (reference {reference})" if reference else ""
            opening.append(f"I am applying for the {posting} position{ref} at {employer}.")
        else:
            opening.append(f"I am writing to offer my services to {employer}.")
        if objective:
            opening.append(f"My career goal: {objective}.")
        opening.append("Here is what I can bring to your team.")
    else:
        if posting:
            ref = f" (référence {reference})" if reference else ""
            # The employer is the addressee: a French letter does not name it a second time
            # ("chez Hôtel X" reads badly whatever the name).
            opening.append(f"Je vous soumets ma candidature au poste de {posting}{ref}.")
        else:
            opening.append("Je vous écris pour vous offrir mes services.")
        if objective:
            opening.append(f"Mon objectif professionnel\u00a0: {objective}.")
        opening.append("Voici ce que je peux apporter à votre équipe.")
    blocks = [" ".join(opening)]

    leads = EN_LEADS if en else FR_LEADS
    for index, item in enumerate(list(competencies)[:KEY_COMPETENCIES]):
        title = _bare(item.get("title", ""))
        proof = [_sentence(item.get(part, "")) for part in ("situation", "action", "result")]
        proof = [text for text in proof if text]
        if not title or not proof:
            continue
        blocks.append(" ".join([leads[index].format(t=title), *proof]))

    if en:
        blocks.append(
            "I would like to meet with you to discuss how I could contribute to your team. "
            "I am available for an interview at your convenience. Thank you for your time."
        )
    else:
        blocks.append(
            "J’aimerais vous rencontrer pour en discuter. Je suis disponible pour une entrevue "
            "au moment qui vous convient. "
            "Je vous remercie de votre attention."
        )
    return "\n\n".join(blocks)


def suggestion_inputs(participant: Participant, lang: str) -> dict[str, Any]:
    """The objective and up to three key competencies with one accepted proof in `lang`.

    From the passport when there is one (its objective, its key competencies in order);
    else the file's objective and accepted achievements tied to a competency.
    """
    lang = "en" if lang == "en" else "fr"
    passport = getattr(participant, "passport", None) if _has_passport(participant) else None
    objective = ""
    competencies: list[dict[str, str]] = []
    if passport is not None:
        objective = getattr(passport, f"objective_{lang}") or ""
        for kc in passport.key_competencies.select_related("competency").all():
            title = getattr(kc, f"title_{lang}") or (
                getattr(kc.competency, f"name_{lang}", "") if kc.competency else ""
            )
            proof = next(
                (
                    _proof(link.achievement, lang)
                    for link in kc.evidence.select_related("achievement").all()
                    if link.achievement.review == Review.ACCEPTED and _proof(link.achievement, lang)
                ),
                None,
            )
            if title and proof:
                competencies.append({"title": title, **proof})
            if len(competencies) == KEY_COMPETENCIES:
                break
    if not objective and (participant.preferred_language == lang or lang == "fr"):
        objective = participant.objective
    if not competencies:
        achievements = (
            Achievement.objects.filter(participant=participant, review=Review.ACCEPTED)
            .prefetch_related("competencies")
            .order_by("pk")
        )
        for achievement in achievements:
            proof = _proof(achievement, lang)
            competency = next(iter(achievement.competencies.all()), None)
            title = getattr(competency, f"name_{lang}", "") if competency else ""
            if proof and title:
                competencies.append({"title": title, **proof})
            if len(competencies) == KEY_COMPETENCIES:
                break
    return {"objective": objective, "competencies": competencies}


def _has_passport(participant: Participant) -> bool:
    from atout.passports.models import Passport

    return Passport.objects.filter(participant=participant).exists()


def _proof(achievement: Achievement, lang: str) -> dict[str, str] | None:
    parts = {
        part: getattr(achievement, f"{part}_{lang}") for part in ("situation", "action", "result")
    }
    return parts if any(value.strip() for value in parts.values()) else None


def suggestion_for(letter: CoverLetter) -> str:
    """The suggested body for this letter, from the file's passport and evidence."""
    inputs = suggestion_inputs(letter.participant, letter.language)
    return suggest_body(
        lang=letter.language,
        employer=letter.employer_name,
        posting_title=letter.posting_title,
        posting_reference=letter.posting_reference,
        **inputs,
    )


def state_is(letter: CoverLetter, *states: str) -> bool:
    return letter.state in states


__all__ = [
    "DocumentState",
    "latest_letter",
    "letter_payload",
    "letter_summaries",
    "render_latest_letter",
    "suggest_body",
    "suggestion_for",
]
