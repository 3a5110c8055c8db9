"""Reads for the portfolio: what it can include, the display-ready payload, its images.

The payload opens with the person's *bilan de compétences* (competencies, areas of expertise,
interests, values), then their achievements organised by competency with their proof, then
their learning and experiences. Only accepted records of the evidence base print, and
contact details only as consented for employers. The payload is plain JSON: approval
freezes it as it is, images by attachment id and digest (never their bytes).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from atout.accounts.validators import format_phone
from atout.competencies.models import Competency, SelfEvaluation, bilingual
from atout.documents.kinds import DocumentState, DocumentSummary, NothingToRender
from atout.documents.rendering.engine import RenderedDocument
from atout.documents.rendering.passport import typographic, without_emoji
from atout.evidence.models import (
    Achievement,
    Certificate,
    Education,
    Experience,
    PersonalProfile,
    Review,
)
from atout.participants.models import (
    Attachment,
    Audience,
    ContactField,
    Participant,
    search_key,
)
from atout.participants.selectors import contact_disclosure, participant_for_user
from atout.portfolios import images as proof_images
from atout.portfolios.models import Portfolio, empty_selection

VARIANTS = ("colour", "copy")
CONTACT_ORDER = ("address", "home_phone", "mobile_phone", "email")
MAX_IMAGES = 60  # a portfolio is read on paper: more photos than this are left out, said


# --- Finding the portfolio ------------------------------------------------------------


def portfolio_of(participant: Participant) -> Portfolio:
    """The person's portfolio, or an unsaved one with the defaults (saved on first change)."""
    found = Portfolio.objects.filter(participant=participant).first()
    if found is not None:
        found.participant = participant
        return found
    language = "en" if participant.preferred_language == "en" else "fr"
    return Portfolio(participant=participant, language=language, selection=empty_selection())


def portfolio_for_user(*, user: Any, pk: Any) -> tuple[Participant, Portfolio]:
    """The visible file and its portfolio (404 when the file is not visible)."""
    participant = participant_for_user(user=user, pk=pk)
    return participant, portfolio_of(participant)


# --- What the portfolio can include ---------------------------------------------------


@dataclass
class Proof:
    attachment: Attachment
    included: bool
    is_image: bool

    @property
    def label(self) -> str:
        return self.attachment.description or self.attachment.original_name


@dataclass
class Story:
    achievement: Achievement
    included: bool
    proofs: list[Proof]
    also: list[str] = field(default_factory=list)  # other competencies it proves


@dataclass
class Section:
    key: str
    title: str
    definition: str
    stories: list[Story]


@dataclass
class Candidates:
    """Everything accepted that the portfolio may include, grouped as it prints."""

    sections: list[Section]
    experiences: list[tuple[Experience, bool]]
    education: list[tuple[Education, bool]]
    certificates: list[tuple[Certificate, bool]]
    key_titles: list[str]
    strengths: list[tuple[str, str]]  # (competency name, level)
    evaluation: SelfEvaluation | None
    profile: PersonalProfile | None

    @property
    def is_empty(self) -> bool:
        return not (
            self.sections
            or self.experiences
            or self.education
            or self.certificates
            or self.key_titles
            or self.strengths
        )


def _key_competencies(participant: Participant) -> list[Any]:
    from atout.passports.models import KeyCompetency

    return list(
        KeyCompetency.objects.filter(passport__participant=participant)
        .select_related("competency")
        .prefetch_related("evidence")
        .order_by("position", "pk")
    )


def latest_completed_evaluation(participant: Participant) -> SelfEvaluation | None:
    return (
        SelfEvaluation.objects.filter(
            participant=participant, status=SelfEvaluation.Status.COMPLETED
        )
        .select_related("framework")
        .order_by("-completed_at", "-started_at", "-pk")
        .first()
    )


def _strengths(evaluation: SelfEvaluation | None, lang: str) -> list[tuple[Competency, str]]:
    if evaluation is None:
        return []
    from atout.competencies import matching
    from atout.competencies.selectors import band_label, evaluation_strengths

    strengths = evaluation_strengths(evaluation)
    with translation.override("en" if lang == "en" else "fr-ca"):
        return [
            (competency, str(band_label(matching.rating_for(mean).band)))
            for competency, mean in strengths
        ]


def candidates(portfolio: Portfolio, *, lang: str | None = None) -> Candidates:
    """Accepted records, organised by competency, each marked included or left out."""
    participant = portfolio.participant
    lang = lang or portfolio.language
    achievements = list(
        Achievement.objects.filter(participant=participant, review=Review.ACCEPTED)
        .select_related("experience")
        .prefetch_related(
            "competencies",
            Prefetch("proofs", queryset=Attachment.objects.order_by("uploaded_at", "pk")),
        )
        .order_by("created_at", "pk")
    )
    by_id = {a.pk: a for a in achievements}
    left_out = {kind: portfolio.left_out(kind) for kind in empty_selection()}

    key_competencies = _key_competencies(participant)
    evaluation = latest_completed_evaluation(participant)
    strengths = _strengths(evaluation, lang)

    # Sections in print order: the passport's key competencies, the self-evaluation's
    # strengths, the other competencies the stories prove, then stories without one.
    sections: list[tuple[str, str, str, list[Achievement]]] = []
    seen_competencies: set[int] = set()
    for kc in key_competencies:
        title = (kc.title_en or kc.title_fr) if lang == "en" else (kc.title_fr or kc.title_en)
        if not title and kc.competency:
            title = bilingual(kc.competency, "name", lang)
        linked = [by_id[e.achievement_id] for e in kc.evidence.all() if e.achievement_id in by_id]
        if kc.competency_id:
            seen_competencies.add(kc.competency_id)
            linked += [
                a for a in achievements if kc.competency_id in {c.pk for c in a.competencies.all()}
            ]
        definition = bilingual(kc.competency, "definition", lang) if kc.competency else ""
        sections.append((f"kc-{kc.pk}", title, definition, linked))
    for competency, _level in strengths:
        if competency.pk in seen_competencies:
            continue
        seen_competencies.add(competency.pk)
        linked = [a for a in achievements if competency.pk in {c.pk for c in a.competencies.all()}]
        sections.append(
            (
                f"c-{competency.pk}",
                bilingual(competency, "name", lang),
                bilingual(competency, "definition", lang),
                linked,
            )
        )
    others: dict[int, Competency] = {}
    for a in achievements:
        for c in a.competencies.all():
            if c.pk not in seen_competencies:
                others.setdefault(c.pk, c)
    for competency in sorted(others.values(), key=lambda c: search_key(bilingual(c, "name", lang))):
        linked = [a for a in achievements if competency.pk in {c.pk for c in a.competencies.all()}]
        sections.append(
            (
                f"c-{competency.pk}",
                bilingual(competency, "name", lang),
                bilingual(competency, "definition", lang),
                linked,
            )
        )

    placed: dict[int, str] = {}
    built: list[Section] = []
    for key, title, definition, linked in sections:
        stories = []
        for a in dict.fromkeys(linked):  # keep order, drop repeats
            if a.pk in placed:
                continue
            placed[a.pk] = title
            stories.append(_story(a, left_out))
        if stories:
            built.append(Section(key, title, definition, stories))
    # A story that proves several competencies prints once, under its first one.
    titles_by_story: dict[int, list[str]] = {}
    for _key, title, _definition, linked in sections:
        for a in linked:
            if placed.get(a.pk) != title and title not in titles_by_story.get(a.pk, []):
                titles_by_story.setdefault(a.pk, []).append(title)
    for section in built:
        for story in section.stories:
            story.also = titles_by_story.get(story.achievement.pk, [])
    rest = [_story(a, left_out) for a in achievements if a.pk not in placed]
    if rest:
        with translation.override("en" if lang == "en" else "fr-ca"):
            title = pgettext("printed portfolio", "Other achievements")
        built.append(Section("other", title, "", rest))

    experiences = Experience.objects.filter(participant=participant, review=Review.ACCEPTED)
    education = Education.objects.filter(participant=participant, review=Review.ACCEPTED)
    certificates = Certificate.objects.filter(participant=participant, review=Review.ACCEPTED)
    return Candidates(
        sections=built,
        experiences=[(e, e.pk not in left_out["experience"]) for e in experiences],
        education=[(e, e.pk not in left_out["education"]) for e in education],
        certificates=[(c, c.pk not in left_out["certificate"]) for c in certificates],
        key_titles=[s[1] for s in sections if s[0].startswith("kc-") and s[1]],
        strengths=[(bilingual(c, "name", lang), level) for c, level in strengths],
        evaluation=evaluation,
        profile=PersonalProfile.objects.filter(participant=participant).first(),
    )


def _story(achievement: Achievement, left_out: dict[str, set[int]]) -> Story:
    proofs = [
        Proof(
            attachment=p,
            included=p.pk not in left_out["proof"],
            is_image=proof_images.is_image(p),
        )
        for p in achievement.proofs.all()
    ]
    return Story(achievement, achievement.pk not in left_out["achievement"], proofs)


# --- The payload ----------------------------------------------------------------------


@dataclass
class Build:
    payload: dict[str, Any]
    warnings: list[str]


def _lang_text(obj: Any, name: str, lang: str, missing: list[str], what: str) -> str:
    """`name` in `lang`, else the other language's (noted as a missing translation)."""
    french, english = getattr(obj, f"{name}_fr"), getattr(obj, f"{name}_en")
    own, other = (english, french) if lang == "en" else (french, english)
    if not (own or "").strip() and (other or "").strip():
        missing.append(what)
    return typographic(own if (own or "").strip() else other)


def _month(value: datetime.date | None) -> str:
    return date_format(value, "F Y") if value else ""


def _period(start: datetime.date | None, end: datetime.date | None) -> str:
    if start and end:
        return f"{_month(start)} – {_month(end)}"
    if start:
        return pgettext("printed portfolio", "since %(date)s") % {"date": _month(start)}
    return _month(end)


def default_title(lang: str) -> str:
    with translation.override("en" if lang == "en" else "fr-ca"):
        return pgettext("printed portfolio", "Portfolio")


def default_subtitle(lang: str) -> str:
    with translation.override("en" if lang == "en" else "fr-ca"):
        return pgettext("printed portfolio", "Learning, experiences and achievements")


def build_payload(portfolio: Portfolio, *, lang: str | None = None) -> Build:
    """What prints, display-ready (one language, consented contact only, selection applied).

    Images are referenced by attachment id; `attach_images` prepares their files.
    """
    lang = "en" if (lang or portfolio.language) == "en" else "fr"
    with translation.override("en" if lang == "en" else "fr-ca"):
        return _build(portfolio, lang)


def _build(portfolio: Portfolio, lang: str) -> Build:
    participant = portfolio.participant
    found = candidates(portfolio, lang=lang)
    missing: list[str] = []
    warnings: list[str] = []

    shown = contact_disclosure(participant, Audience.EMPLOYER).shown
    labels = dict(ContactField.choices)
    contact = []
    for name in CONTACT_ORDER:
        if name in shown:
            value = shown[name]
            if name in ("home_phone", "mobile_phone"):
                value = format_phone(value)
            contact.append({"field": name, "label": str(labels[name]), "value": value})

    profile = found.profile
    bilan = {
        "competencies": [typographic(t) for t in found.key_titles],
        "strengths": [{"name": typographic(n), "level": lvl} for n, lvl in found.strengths],
        "evaluation": _("Self-evaluation of %(date)s")
        % {
            "date": date_format(
                timezone.localtime(
                    found.evaluation.completed_at or found.evaluation.started_at
                ).date(),
                "DATE_FORMAT",
            )
        }
        if found.evaluation
        else "",
        "expertise": _lang_text(profile, "expertise", lang, missing, _("areas of expertise"))
        if profile
        else "",
        "interests": _lang_text(profile, "interests", lang, missing, _("interests"))
        if profile
        else "",
        "values": _lang_text(profile, "values", lang, missing, _("values")) if profile else "",
    }

    sections = []
    image_count = 0
    for section in found.sections:
        stories = []
        for story in section.stories:
            if not story.included:
                continue
            a = story.achievement
            what = _("an achievement")
            situation = _lang_text(a, "situation", lang, missing, what)
            action = _lang_text(a, "action", lang, missing, what)
            result = _lang_text(a, "result", lang, missing, what)
            images, documents = [], []
            for proof in story.proofs:
                if not proof.included:
                    continue
                attachment = proof.attachment
                caption = typographic(attachment.description or "")
                if proof.is_image:
                    if image_count >= MAX_IMAGES:
                        warnings.append(
                            _("Only the first %(n)d images print; the others were left out.")
                            % {"n": MAX_IMAGES}
                        )
                        continue
                    image_count += 1
                    images.append(
                        {"attachment": attachment.pk, "caption": caption, "file": "", "digest": ""}
                    )
                else:
                    documents.append(
                        {
                            "name": typographic(attachment.original_name),
                            "kind": str(attachment.get_kind_display()),
                            "description": caption,
                        }
                    )
            experience = a.experience if a.experience and a.experience.is_printable else None
            context = ""
            if experience is not None:
                context = " · ".join(
                    part
                    for part in (
                        typographic(experience.text("title", lang)),
                        typographic(experience.place),
                        _period(experience.started_on, experience.ended_on),
                    )
                    if part
                )
            stories.append(
                {
                    "situation": situation,
                    "action": action,
                    "result": result,
                    "context": context,
                    "also": [typographic(t) for t in story.also],
                    "images": images,
                    "documents": documents,
                }
            )
        if stories:
            sections.append(
                {
                    "number": f"{len(sections) + 1:02d}",
                    "title": typographic(section.title),
                    "definition": typographic(section.definition),
                    "stories": stories,
                }
            )

    education = []
    for item, included in found.education:
        if not included:
            continue
        when = (
            pgettext("printed portfolio", "in progress")
            if item.in_progress
            else (str(item.year) if item.year else "")
        )
        recognition = _lang_text(item, "recognition", lang, missing, _("a recognition"))
        education.append(
            {
                "title": _lang_text(item, "program", lang, missing, _("a diploma")),
                "detail": " · ".join(
                    p for p in (typographic(item.school), typographic(item.place)) if p
                ),
                "when": when,
                "note": recognition,
            }
        )
    certificates = []
    for item, included in found.certificates:
        if not included:
            continue
        dates = []
        if item.obtained_on:
            dates.append(
                pgettext("printed portfolio", "obtained %(date)s")
                % {"date": _month(item.obtained_on)}
            )
        if item.expires_on:
            dates.append(
                pgettext("printed portfolio", "valid until %(date)s")
                % {"date": _month(item.expires_on)}
            )
        certificates.append(
            {
                "title": _lang_text(item, "name", lang, missing, _("a certificate")),
                "detail": typographic(item.issuer),
                "when": " · ".join(dates),
            }
        )
    experiences = []
    for item, included in found.experiences:
        if not included:
            continue
        experiences.append(
            {
                "title": typographic(item.text("title", lang)),
                "role": typographic(item.text("role", lang)),
                "place": typographic(item.place),
                "kind": str(item.get_kind_display()),
                "when": _period(item.started_on, item.ended_on),
                "description": typographic(item.text("description", lang)),
            }
        )

    name = participant.display_name
    title = typographic(portfolio.cover_title) or default_title(lang)
    subtitle = typographic(portfolio.cover_subtitle) or default_subtitle(lang)
    document = pgettext("printed portfolio", "Portfolio")
    payload = {
        "lang": lang,
        "title": f"{title} — {name}" if name else title,
        "author": name,
        "name": typographic(name),
        "cover_title": title,
        "cover_subtitle": subtitle,
        "date": date_format(timezone.localdate(), "F Y"),
        "contact": contact,
        "bilan": bilan,
        "sections": sections,
        "education": education,
        "certificates": certificates,
        "experiences": experiences,
        "footer": f"{typographic(name)[:70]} · {document}" if name else document,
    }
    dropped: list[bool] = []
    payload = without_emoji(payload, dropped)
    if dropped:
        warnings.append(_("Emoji cannot be printed; they were left out of the document."))
    for what in dict.fromkeys(missing):
        other = _("French") if lang == "en" else _("English")
        warnings.append(
            _("Not translated: %(what)s prints in %(other)s.") % {"what": what, "other": other}
        )
    if not sections and not education and not certificates and not experiences:
        warnings.append(_("Nothing is selected yet: the portfolio would only have its cover."))
    return Build(payload=payload, warnings=list(dict.fromkeys(warnings)))


# --- Images ---------------------------------------------------------------------------


def _image_problem(attachment: Attachment | None, prepared: Any, fallback: str) -> str:
    name = attachment.description or attachment.original_name if attachment else fallback
    if prepared is not None and prepared.problem == "too_large" and prepared.width:
        return _(
            "The image “%(name)s” is too large to print (%(width)s × %(height)s pixels); "
            "it was left out."
        ) % {"name": name, "width": prepared.width, "height": prepared.height}
    if prepared is not None and prepared.problem == "missing":
        return _("The file of the image “%(name)s” is missing; it was left out.") % {"name": name}
    return _(
        "The image “%(name)s” could not be printed (damaged or unsupported file); it was left out."
    ) % {"name": name}


def image_problems(portfolio: Portfolio) -> list[str]:
    """Why selected images will not print, for the page (prepared images are cached)."""
    found = candidates(portfolio)
    problems = []
    for section in found.sections:
        for story in section.stories:
            if not story.included:
                continue
            for proof in story.proofs:
                if proof.included and proof.is_image:
                    prepared = proof_images.prepare(proof.attachment)
                    if prepared.content is None:
                        problems.append(_image_problem(proof.attachment, prepared, ""))
    return problems


def frozen_image_notes(portfolio: Portfolio) -> list[str]:
    """For the page: approved images whose attachment was deleted since (left out)."""
    if not portfolio.approved_payload:
        return []
    ids = {
        image["attachment"]
        for section in portfolio.approved_payload.get("sections", [])
        for story in section.get("stories", [])
        for image in story.get("images", [])
    }
    present = set(
        Attachment.objects.filter(participant=portfolio.participant, pk__in=ids).values_list(
            "pk", flat=True
        )
    )
    return [
        _("An image approved in this portfolio was deleted since; it was left out.")
        for _missing in sorted(ids - present)
    ][:1]


def attach_images(
    payload: dict[str, Any], *, participant: Participant, frozen: bool = False
) -> tuple[dict[str, bytes], list[str]]:
    """Prepare the payload's images (one decoded at a time) and name their files.

    Draft: each image's digest is recorded in the payload (approval freezes it). Frozen:
    an image whose attachment was deleted, or whose prepared bytes no longer match the
    approved digest, is left out with a note. Broken images are left out, with a warning.
    """
    files: dict[str, bytes] = {}
    warnings: list[str] = []
    attachments = {
        a.pk: a
        for a in Attachment.objects.filter(
            participant=participant,
            pk__in=[
                image["attachment"]
                for section in payload["sections"]
                for story in section["stories"]
                for image in story["images"]
            ],
        )
    }
    for section in payload["sections"]:
        for story in section["stories"]:
            kept = []
            for image in story["images"]:
                attachment = attachments.get(image["attachment"])
                if attachment is None:
                    warnings.append(
                        _("An image approved in this portfolio was deleted since; it was left out.")
                    )
                    continue
                prepared = proof_images.prepare(attachment)
                if prepared.content is None:
                    warnings.append(_image_problem(attachment, prepared, ""))
                    continue
                # The same stored file scaled by a newer Pillow may differ by a few bytes:
                # only a different source file means the image changed.
                changed = image.get("source") and image["source"] != attachment.file.name
                if (
                    frozen
                    and image.get("digest")
                    and image["digest"] != prepared.digest
                    and (changed or not image.get("source"))
                ):
                    warnings.append(
                        _("The image “%(name)s” changed since the approval; it was left out.")
                        % {"name": attachment.description or attachment.original_name}
                    )
                    continue
                name = f"proof-{attachment.pk}.jpg"
                files[name] = prepared.content
                kept.append(
                    {
                        **image,
                        "file": name,
                        "digest": prepared.digest,
                        "source": attachment.file.name,
                        "ratio": round(prepared.width / max(prepared.height, 1), 4),
                    }
                )
            story["images"] = kept
    return files, list(dict.fromkeys(warnings))


def frozen_payload(portfolio: Portfolio) -> tuple[dict[str, Any], list[str]]:
    """The payload to freeze at approval: images resolved to digests, file names cleared."""
    built = build_payload(portfolio)
    payload = built.payload
    _files, warnings = attach_images(payload, participant=portfolio.participant)
    for section in payload["sections"]:
        for story in section["stories"]:
            for image in story["images"]:
                image["file"] = ""
    return payload, built.warnings + warnings


# --- Documents ------------------------------------------------------------------------


def _render(
    payload: dict[str, Any], *, participant: Participant, variant: str, draft: bool, frozen: bool
) -> tuple[RenderedDocument, list[str]]:
    from atout.documents.rendering.portfolio import render_portfolio

    payload = {**payload, "draft": draft}
    files, warnings = attach_images(payload, participant=participant, frozen=frozen)
    if variant == "copy":
        files = {name: proof_images.grey(content) for name, content in files.items()}
    document = render_portfolio(payload, variant=variant, images=files)
    return document, warnings


def draft_document(
    portfolio: Portfolio, *, variant: str = "colour", lang: str | None = None
) -> tuple[RenderedDocument, list[str]]:
    """The live draft, marked as a draft on every page."""
    built = build_payload(portfolio, lang=lang)
    document, warnings = _render(
        built.payload,
        participant=portfolio.participant,
        variant=variant,
        draft=True,
        frozen=False,
    )
    return document, built.warnings + warnings


def approved_document(
    portfolio: Portfolio, *, variant: str = "colour"
) -> tuple[RenderedDocument, list[str]]:
    """The approved content exactly as frozen (a deleted image is left out, with a note)."""
    if not portfolio.approved_payload:
        raise NothingToRender(_("The portfolio has not been approved yet."))
    import copy

    payload = copy.deepcopy(portfolio.approved_payload)
    return _render(
        payload, participant=portfolio.participant, variant=variant, draft=False, frozen=True
    )


def portfolio_document(
    participant: Participant,
    *,
    lang: str | None = None,
    variant: str = "colour",
    portfolio: Portfolio | None = None,
) -> RenderedDocument:
    """The portfolio as it prints now: the approved one if approved (and `lang` is its
    language or None), else the live draft. For `render_document` and the benchmark.
    `portfolio`: the file's, when the caller already read it (one query less)."""
    portfolio = portfolio if portfolio is not None else portfolio_of(participant)
    variant = variant if variant in VARIANTS else "colour"
    if portfolio.approved_payload and portfolio.is_approved and lang in (None, portfolio.language):
        return approved_document(portfolio, variant=variant)[0]
    return draft_document(portfolio, variant=variant, lang=lang)[0]


def render_for_registry(
    participant: Participant,
    *,
    lang: str | None = None,
    variant: str = "colour",
    fmt: str = "pdf",
    layout: str | None = None,
) -> RenderedDocument:
    if fmt not in ("pdf", None, ""):
        raise NothingToRender(_("The portfolio prints as PDF only."))
    portfolio = portfolio_of(participant)
    if portfolio.pk is None and candidates(portfolio).is_empty:
        raise NothingToRender(_("This file has nothing to put in a portfolio yet."))
    return portfolio_document(participant, lang=lang, variant=variant, portfolio=portfolio)


def portfolio_url(participant: Participant) -> str:
    return reverse("portfolios:page", kwargs={"pk": participant.pk})


def portfolio_summaries(user: Any, participant: Participant) -> list[DocumentSummary]:
    """One line for the file's Documents area."""
    portfolio = Portfolio.objects.filter(participant=participant).first()
    if portfolio is None:
        return []
    return [
        DocumentSummary(
            title=str(pgettext("document kind", "Portfolio")),
            state=portfolio.state or DocumentState.DRAFT,
            url=portfolio_url(participant),
            last_printed_at=portfolio.printed_at,
        )
    ]


def file_name(participant: Participant, lang: str, variant: str, draft: bool) -> str:
    base = slugify(f"portfolio {participant.display_name}") or "portfolio"
    suffix = "" if variant == "colour" else ("-copie" if lang == "fr" else "-copy")
    state = ("-brouillon" if lang == "fr" else "-draft") if draft else ""
    return f"{base}-{lang}{state}{suffix}.pdf"
