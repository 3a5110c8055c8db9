"""Reads: the passport's printable content (consented fields only) and its weak points."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from atout.documents.kinds import DocumentSummary, NothingToRender
from atout.documents.rendering import RenderedDocument
from atout.participants.models import Audience, ContactField, Participant
from atout.participants.selectors import contact_disclosure, participant_for_operator
from atout.passports.models import (
    KeyCompetency,
    KeyCompetencyEvidence,
    Passport,
    PassportVersion,
)

SOFT_LIMIT_COMPETENCIES = 6
OBJECTIVE_MAX_WORDS = 60
OBJECTIVE_MIN_WORDS = 8


def passport_for_user(
    *, user: Any, participant_pk: Any, for_document: bool = False
) -> Passport | None:
    """The passport of a file the user may see, in one scoped query; None if the file has
    none or is not the user's to see (the view answers 404 either way).

    `for_document`: only what the printed passport reads (`Passport.for_document`), for the
    PDF and the preview; else what the builder's pages show.
    """
    passports = Passport.objects.visible_to(user)
    passports = passports.for_document() if for_document else with_related(passports)
    try:
        return passports.filter(participant_id=participant_pk).first()
    except (ValueError, TypeError):  # a malformed pk names no file
        return None


def passport_for_operator(*, pk: int | None, email: str | None) -> Passport:
    """The passport of the file an operator names on the command line; LookupError if none."""
    participant = participant_for_operator(pk=pk, email=email)
    passport = with_related(Passport.objects.filter(participant=participant)).first()
    if passport is None:
        raise LookupError(f"Participant file {participant.pk} has no passport yet.")
    return passport


def with_related(qs):
    return qs.select_related(
        "participant",
        "participant__organisation",
        "participant__referring_cle",
        "workforce_profile",
    ).prefetch_related(
        "participant__consents",
        Prefetch(
            "key_competencies",
            queryset=KeyCompetency.objects.select_related("competency").prefetch_related(
                Prefetch(
                    "evidence",
                    queryset=KeyCompetencyEvidence.objects.select_related("achievement"),
                )
            ),
        ),
    )


def _both(obj: Any, name: str) -> dict[str, str]:
    return {"fr": getattr(obj, f"{name}_fr", ""), "en": getattr(obj, f"{name}_en", "")}


def passport_content(passport: Passport) -> dict[str, Any]:
    """Everything the passport prints, in both languages, with consented contact only.

    This is what a version freezes: rendering it later gives the same document.
    """
    from atout.measures.selectors import measures_content, notice_content
    from atout.territories.selectors import cle_for_participant

    participant: Participant = passport.participant
    contact = contact_disclosure(participant, Audience.EMPLOYER).shown
    cle, _source = cle_for_participant(participant)
    competencies = []
    for kc in passport.key_competencies.all():
        title = _both(kc, "title")
        if kc.competency and not (title["fr"] or title["en"]):
            title = {"fr": kc.competency.name_fr, "en": kc.competency.name_en}
        competencies.append(
            {
                "title": title,
                "link": _both(kc, "link"),
                "evidence": [
                    {
                        "situation": ev.achievement.texts("situation"),
                        "action": ev.achievement.texts("action"),
                        "result": ev.achievement.texts("result"),
                    }
                    for ev in kc.evidence.all()
                    if ev.achievement.is_printable
                ],
            }
        )
    return {
        "languages": passport.languages,
        "given_names": passport.given_names
        or participant.preferred_name
        or participant.given_names,
        "family_name": passport.family_name or participant.family_name,
        "contact": {field: contact[field] for field in ContactField.values if field in contact},
        "objective": _both(passport, "objective"),
        "objective_short": _both(passport, "objective_short"),
        "signature": passport.signature,
        "basic_skills": {
            "languages": _both(passport, "languages"),
            "software": _both(passport, "software"),
            "equipment": _both(passport, "equipment"),
        },
        "logo": {"builtin": passport.logo_builtin, "uploaded": bool(passport.logo)},
        "competencies": competencies,
        "cle": {
            "name": cle.name if cle else "",
            "address": cle.postal_address_lines if cle else [],
            "phone": cle.phone if cle else "",
        },
        # The measures the CLE recorded, and the employer text in force, as they print.
        # Versions frozen before hold `wage_subsidy` (a bool) and no text: they print the
        # wording of their time.
        "measures": measures_content(participant),
        "employer_notice": notice_content(),
    }


CARD_COMPETENCIES = 3


def card_objective(content: dict[str, Any]) -> dict[str, str]:
    """The objective a card prints: the short form where written, else the full objective.

    Versions frozen before the short form existed have none, and print the full one.
    """
    short = content.get("objective_short") or {}
    full = content.get("objective") or {"fr": "", "en": ""}
    return {lang: (short.get(lang) or "").strip() or text for lang, text in full.items()}


def business_card_content(passport: Passport) -> dict[str, Any]:
    """What a business card prints, in both languages, as plain values.

    Taken from the passport: the name, the objective, the titles of the first three key
    competencies, the contact details employers may see (consent) and the logo choice.
    """
    content = passport_content(passport)
    return {
        "languages": content["languages"],
        "given_names": content["given_names"],
        "family_name": content["family_name"],
        "objective": card_objective(content),
        "competencies": [
            {"title": kc["title"]} for kc in content["competencies"][:CARD_COMPETENCIES]
        ],
        "contact": content["contact"],
        "logo": content["logo"],
    }


def output_languages(content: dict[str, Any]) -> list[str]:
    return ["fr", "en"] if content["languages"] == "both" else [content["languages"]]


_CAPS_WITHOUT_ACCENT = re.compile(r"\b(ETE|ELEVE|EQUIPE|ECOLE|CAFE|RESUME|DEPANNEUR|SECURITE)\b")


def weak_points(content: dict[str, Any]) -> list[str]:
    """What a careful counsellor would fix before printing, in plain words.

    Missing translations are listed apart (`missing_translations`), and the contact details
    the person chose not to show are their choice, never a point to fix.
    """
    points: list[str] = []
    languages = output_languages(content)
    with translation.override(translation.get_language()):
        objective_texts = [content["objective"][lang].strip() for lang in languages]
        if not any(objective_texts):
            points.append(_("The objective is missing."))
        for objective in objective_texts:
            if not objective:
                continue
            words = len(objective.split())
            if words > OBJECTIVE_MAX_WORDS:
                points.append(
                    _("The objective is long (%(n)d words); aim for %(max)d at most.")
                    % {"n": words, "max": OBJECTIVE_MAX_WORDS}
                )
            elif words < OBJECTIVE_MIN_WORDS:
                points.append(_("The objective is very short; say what job and what you bring."))
        for kc in content["competencies"]:
            if not any(kc["title"][lang].strip() for lang in languages):
                points.append(_("A key competency has no title."))
            if not any(kc["link"][lang].strip() for lang in languages):
                points.append(
                    _(
                        "“%(title)s” has no link with the profile employers seek: "
                        "that column would print empty."
                    )
                    % {"title": _title(kc)}
                )
        if not content["competencies"]:
            points.append(_("No key competency chosen yet."))
        if len(content["competencies"]) > SOFT_LIMIT_COMPETENCIES:
            points.append(
                _("%(n)d key competencies: employers read more easily %(max)d or fewer.")
                % {"n": len(content["competencies"]), "max": SOFT_LIMIT_COMPETENCIES}
            )
        for kc in content["competencies"]:
            title = _title(kc)
            if not kc["evidence"]:
                points.append(_("“%(title)s” has no evidence yet.") % {"title": title})
            for ev in kc["evidence"]:
                if not any(_text(ev["result"], lang) for lang in ("fr", "en")):
                    points.append(
                        _("An achievement for “%(title)s” has no result; say what it changed.")
                        % {"title": title}
                    )
        if not content["cle"]["name"]:
            points.append(
                _(
                    "No CLE found for this person: the file has no referring CLE and its "
                    "postal code matches no CLE territory. The last page will print a blank "
                    "box for the CLE’s address."
                )
            )
        texts = [content["objective"]["fr"]] + [kc["title"]["fr"] for kc in content["competencies"]]
        if any(_CAPS_WITHOUT_ACCENT.search(t or "") for t in texts):
            points.append(
                _("Capital letters keep their accents in French (ÉTÉ, ÉQUIPE, SÉCURITÉ).")
            )
    return points


def _title(kc: dict[str, Any]) -> str:
    return kc["title"]["fr"] or kc["title"]["en"]


def _text(value: Any, lang: str) -> str:
    """One language of a frozen text; versions frozen before evidence was bilingual hold a
    plain (French) string."""
    if isinstance(value, dict):
        return (value.get(lang) or "").strip()
    return (value or "").strip() if lang == "fr" else ""


def missing_translations(content: dict[str, Any]) -> list[dict[str, Any]]:
    """Per printed language, each text written only in the other language.

    The document then prints the other language's text (with a warning to the builder):
    an English passport would show French stories to an English-speaking employer.
    """
    result = []
    for lang in output_languages(content):
        other = "en" if lang == "fr" else "fr"
        items: list[str] = []
        pairs: list[tuple[Any, str]] = [(content["objective"], _("the objective"))]
        pairs += [
            (content["basic_skills"]["languages"], _("the languages line")),
            (content["basic_skills"]["software"], _("the software line")),
            (content["basic_skills"]["equipment"], _("the equipment line")),
        ]
        for kc in content["competencies"]:
            title = _title(kc)
            pairs.append((kc["title"], _("the title of “%(title)s”") % {"title": title}))
            pairs.append(
                (kc["link"], _("the link with the profile of “%(title)s”") % {"title": title})
            )
        items = [what for value, what in pairs if not _text(value, lang) and _text(value, other)]
        for kc in content["competencies"]:
            for ev in kc["evidence"]:
                story = _text(ev["situation"], other) or _text(ev["action"], other)
                written = any(_text(ev[part], lang) for part in ("situation", "action", "result"))
                if story and not written:
                    items.append(
                        _("the story “%(story)s” (for “%(title)s”)")
                        % {"story": Truncator(story).chars(60), "title": _title(kc)}
                    )
        if items:
            result.append(
                {
                    "lang": lang,
                    "label": _("English") if lang == "en" else _("French"),
                    "items": items,
                }
            )
    return result


def stories_used_twice(passport: Passport) -> list[dict[str, Any]]:
    """Stories attached to more than one key competency (a default accepted three times)."""
    uses: dict[int, list[KeyCompetency]] = {}
    stories = {}
    for kc in passport.key_competencies.all():
        for ev in kc.evidence.all():
            uses.setdefault(ev.achievement_id, []).append(kc)
            stories[ev.achievement_id] = ev.achievement
    return [
        {
            "story": Truncator(stories[pk].situation).chars(80),
            "titles": [str(kc) for kc in kcs],
        }
        for pk, kcs in uses.items()
        if len(kcs) > 1
    ]


def languages_from_assessment(passport: Passport) -> dict[str, str]:
    """The languages line the language self-assessment gives today, in both languages."""
    from atout.competencies.selectors import languages_line

    return {lang: languages_line(passport.participant, lang) for lang in ("fr", "en")}


def languages_differ(passport: Passport) -> bool:
    """The self-assessment gives a line the passport does not show (done after the start)."""
    current = languages_from_assessment(passport)
    wanted = {"fr": ["fr"], "en": ["en"], "both": ["fr", "en"]}[passport.languages]
    return any(
        current[lang] and current[lang] != getattr(passport, f"languages_{lang}") for lang in wanted
    )


def review_flags(passport: Passport, content: dict[str, Any]) -> dict[str, Any]:
    """What the review step shows besides the weak points, from the passport itself."""
    current = languages_from_assessment(passport)
    return {
        "missing_translations": missing_translations(content),
        "used_twice": stories_used_twice(passport),
        "languages_current": current if languages_differ(passport) else None,
    }


def evidence_rows(*, passport: Passport, user: Any) -> list[dict[str, Any]]:
    """Per key competency: its evidence, then the stories that could prove it.

    Nothing is preselected; the stories tagged with the competency come first, and a story
    already used for another key competency says so.
    """
    from atout.evidence.selectors import printable_achievements

    achievements = list(
        printable_achievements(passport.participant, user)
        .select_related("experience")
        .prefetch_related("competencies")
    )
    key_competencies = list(passport.key_competencies.all())
    uses: dict[int, int] = {}
    for kc in key_competencies:
        for ev in kc.evidence.all():
            uses[ev.achievement_id] = uses.get(ev.achievement_id, 0) + 1
    rows = []
    for kc in key_competencies:
        used = {ev.achievement_id for ev in kc.evidence.all()}
        tagged, others = [], []
        for achievement in achievements:
            if achievement.pk in used:
                continue
            achievement.used_elsewhere = uses.get(achievement.pk, 0)
            proves = {c.pk for c in achievement.competencies.all()}
            (tagged if kc.competency_id and kc.competency_id in proves else others).append(
                achievement
            )
        rows.append(
            {
                "kc": kc,
                "evidence": [ev.achievement for ev in kc.evidence.all()],
                "tagged": tagged,
                "others": others,
                "available": tagged + others,
            }
        )
    return rows


def versions_for(*, user: Any, passport: Passport) -> list[PassportVersion]:
    """Frozen versions, newest first, with reprint links only where they may be served."""
    versions = list(
        PassportVersion.objects.visible_to(user)
        .filter(passport=passport)
        .select_related("created_by")
    )
    for version in versions:
        base = reverse("passports:version_document", kwargs={"pk": version.pk})
        version.links = (
            [
                (lang, variant, f"{base}?{urlencode({'variant': variant, 'lang': lang})}")
                for lang in output_languages(version.content)
                for variant in ("colour", "copy")
            ]
            if version.can_be_served
            else []
        )
    return versions


def withheld_contact(passport: Passport) -> list[str]:
    """Contact details the file holds but employers may not see (so they will not print)."""
    withheld = contact_disclosure(passport.participant, Audience.EMPLOYER).withheld
    return [str(f.label) for f in ContactField if f.value in withheld]


def content_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What differs between a frozen version and the draft, in words a counsellor reads."""
    labels = {
        "languages": _("Languages of the passport"),
        "given_names": _("Given names"),
        "family_name": _("Family name"),
        "contact": _("Contact details"),
        "objective": _("Objective"),
        "objective_short": _("Objective in a few words"),
        "signature": _("Signature line"),
        "basic_skills": _("Basic skills"),
        "logo": _("Logo"),
        "competencies": _("Key competencies and evidence"),
        "cle": _("CLE address"),
        "wage_subsidy": _("Wage-subsidy mention"),
        "measures": _("Measures for employers"),
        "employer_notice": _("Employer text of the last page"),
    }
    # A key only one side holds came or went with a later release (the measures and the
    # employer text replaced the wage-subsidy mention): not a change anyone made.
    return [
        str(label)
        for key, label in labels.items()
        if key in old and key in new and old[key] != new[key]
    ]


def frozen_matches(frozen: dict[str, Any], current: dict[str, Any]) -> bool:
    """The draft still prints what the version froze, compared on what both hold.

    A version frozen before a part of the content existed (the measures, the employer text)
    prints exactly what it froze; it is not "changed" by a part it never had.
    """
    return all(frozen[key] == current[key] for key in frozen.keys() & current.keys())


def latest_printable_version(passport: Passport) -> PassportVersion | None:
    """The newest approved or printed version that may still be served (not withdrawn)."""
    return (
        PassportVersion.objects.filter(
            passport=passport,
            reason__in=[PassportVersion.Reason.APPROVED, PassportVersion.Reason.PRINTED],
            withdrawn_at__isnull=True,
        )
        .order_by("-number")
        .first()
    )


def passport_document(
    passport: Passport, *, lang: str | None = None, variant: str = "colour", fmt: str = "pdf"
) -> tuple[RenderedDocument, list[str], str]:
    """The passport to print: the latest approved version exactly as frozen, else the draft.

    Returns the document, the warnings worth showing and where the content came from.
    """
    from atout.documents.rendering.docx import render_passport_docx
    from atout.documents.rendering.passport import render_passport_with_warnings
    from atout.passports.services import logo_bytes

    version = latest_printable_version(passport)
    if version is not None:
        content, owner = version.content, version
        source = f"version {version.number} ({version.get_reason_display()})"
    else:
        content, owner = passport_content(passport), passport
        source = "current draft"
    lang = lang or ("en" if content.get("languages") == "en" else "fr")
    if fmt == "docx":
        return render_passport_docx(content, lang=lang), [], source
    logo, logo_type = logo_bytes(owner)
    warnings = []
    if owner.logo and logo is None:
        warnings.append(_("The logo file is missing; the passport prints without it."))
    document, render_warnings = render_passport_with_warnings(
        content, lang=lang, variant=variant, logo=logo, logo_type=logo_type
    )
    return document, [*warnings, *render_warnings], source


def document_summaries(user: Any, participant: Participant) -> list[DocumentSummary]:
    """The passport's line in the file's Documents area (none before it is started)."""
    passport = Passport.objects.visible_to(user).filter(participant=participant).first()
    if passport is None:
        return []
    printed = (
        PassportVersion.objects.filter(passport=passport, reason=PassportVersion.Reason.PRINTED)
        .order_by("-number")
        .values_list("created_at", flat=True)
        .first()
    )
    return [
        DocumentSummary(
            title=str(Passport._meta.app_config.verbose_name),
            state=passport.status,
            url=reverse("passports:home", kwargs={"pk": participant.pk}),
            last_printed_at=printed,
        )
    ]


def passport_render(
    participant: Participant,
    *,
    lang: str | None = None,
    variant: str = "colour",
    fmt: str = "pdf",
    layout: str | None = None,
) -> RenderedDocument:
    """For `render_document passport`: the file's passport, or NothingToRender."""
    passport = Passport.objects.filter(participant=participant).first()
    if passport is None:
        raise NothingToRender(_("This file has no passport yet."))
    document, _warnings, _source = passport_document(passport, lang=lang, variant=variant, fmt=fmt)
    return document
