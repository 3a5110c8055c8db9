"""Reads: the CV's payload, built from the evidence base, and what it still lacks.

`cv_payload` gathers exactly what a CV prints, in one language and one layout, as plain
JSON values: this is what the renderer lays out and what an approval freezes. Only
**accepted** records of the evidence base print (what the person proposed waits for the
counsellor), and contact details only those the person agreed to show employers.

Choices made here, so the CV reads like one a careful counsellor would write:
- Jobs go under "Work experience"; volunteering and community involvement under
  "Volunteering"; studies and training recorded as experiences join "Education and
  training". Family and personal life is not a CV entry: what it taught shows as skills.
- Dates are years: « 2019 – 2022 », « depuis 2024 » / "since 2024", « 2021 ».
- An **expired certificate or licence is left out** of the CV (an employer reads it as a
  licence the person does not hold) and flagged on the CV page, so the counsellor can have
  it renewed or correct its date. One still valid prints with its expiry.
- Skills are the passport's key competencies when there are some (each with the stories
  attached there), else the competencies the accepted achievements prove, most proven first.
- Languages come from the language self-assessment, with the level in plain words.
- References print by name only in the "listed" option and only for references who agreed
  to be contacted and to be listed; otherwise « Références disponibles sur demande ».
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from atout.competencies.models import LanguageAssessment
from atout.competencies.reference import language_data
from atout.competencies.selectors import bilingual_dict, overall_level
from atout.evidence.models import (
    Achievement,
    Certificate,
    Education,
    Experience,
    PersonalProfile,
    Reference,
    Review,
)
from atout.formats.dates import date_format
from atout.participants.models import Audience, ContactField, Participant
from atout.participants.selectors import contact_disclosure, participant_for_user
from atout.resumes.models import Cv

PAYLOAD_FORMAT = 1
WORK_KINDS = (Experience.Kind.JOB,)
VOLUNTEER_KINDS = (Experience.Kind.VOLUNTEERING, Experience.Kind.COMMUNITY)
LEARNING_KINDS = (Experience.Kind.STUDIES, Experience.Kind.TRAINING)
MAX_SKILLS = 6
HIGHLIGHTS_PER_ENTRY = 2
ACCOMPLISHMENTS_PER_SKILL = 2
# Long texts are cut on a CV: one or two pages, read in half a minute.
DESCRIPTION_CHARS = 600
HIGHLIGHT_CHARS = 240


@dataclass
class CvBuild:
    """The payload, and what the person building the CV should know about it."""

    payload: dict[str, Any]
    # In the interface's language: "the title of “Cook”"…
    missing_translations: list[str] = field(default_factory=list)
    missing_sections: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """Nothing at all to show but a name (a new file)."""
        p = self.payload
        return not any(
            [
                p["contact"],
                p["objective"],
                p["experiences"],
                p["volunteering"],
                p["education"],
                p["certificates"],
                p["skills"],
                p["languages"],
            ]
        )


def cv_for_user(*, user: Any, participant_pk: Any) -> tuple[Participant, Cv | None]:
    """The file (scoped: outsiders get a 404) and its CV if one was started."""
    participant = participant_for_user(user=user, pk=participant_pk)
    return participant, Cv.objects.visible_to(user).filter(participant=participant).first()


def cv_or_default(participant: Participant) -> Cv:
    """The file's CV, or an unsaved one with the default settings (nothing written)."""
    cv = Cv.objects.filter(participant=participant).first()
    if cv is None:
        lang = "en" if participant.preferred_language == "en" else "fr"
        cv = Cv(participant=participant, language=lang)
    return cv


def settings_of(cv: Cv) -> dict[str, Any]:
    return {
        "lang": cv.language,
        "layout": cv.layout,
        "include_interests": cv.include_interests,
        "references": cv.references,
        "max_pages": cv.max_pages,
    }


# --- Helpers ------------------------------------------------------------------------------


class _Texts:
    """Picks each text in the CV's language, noting the ones only the other language has."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.missing: list[str] = []

    def pick(self, french: str, english: str, what: str) -> str:
        own, other = (english, french) if self.lang == "en" else (french, english)
        own, other = (own or "").strip(), (other or "").strip()
        if own:
            return own
        if other:
            self.missing.append(what)
        return other


def _clip(text: str, limit: int) -> str:
    return Truncator(text).chars(limit) if len(text) > limit else text


# Words the CV prints inside its entries, in the CV's language (whatever the interface's).
PRINTED = {
    "fr": {
        "since": "depuis %(year)d",
        "in_progress": "en cours",
        "abroad": "obtenu hors Québec",
        "valid_until": "valide jusqu’en %(date)s",
    },
    "en": {
        "since": "since %(year)d",
        "in_progress": "in progress",
        "abroad": "obtained outside Québec",
        "valid_until": "valid until %(date)s",
    },
}


def year_span(start: datetime.date | None, end: datetime.date | None, lang: str) -> str:
    """« 2019 – 2022 », « depuis 2024 » / "since 2024", « 2021 », or nothing."""
    words = PRINTED["en" if lang == "en" else "fr"]
    if start and not end:
        return words["since"] % {"year": start.year}
    if start and end:
        if start.year == end.year:
            return str(end.year)
        return f"{start.year}\u00a0– {end.year}"
    if end:
        return str(end.year)
    return ""


def _recency(experience: Experience) -> tuple:
    """Current entries first, then by end, then by start: how a CV is read."""
    current = experience.ended_on is None and experience.started_on is not None
    end = experience.ended_on or datetime.date.min
    start = experience.started_on or datetime.date.min
    return (current, end, start, experience.pk)


def _achievement_line(achievement: Achievement, texts: _Texts, what: str) -> str:
    """One line for a CV: what the person did and what it changed."""
    action = texts.pick(achievement.action_fr, achievement.action_en, what)
    french, english = achievement.result_fr.strip(), achievement.result_en.strip()
    result = (english or french) if texts.lang == "en" else (french or english)
    line = " ".join(part.strip() for part in (action, result) if part and part.strip())
    return _clip(line, HIGHLIGHT_CHARS)


def _label(text: str) -> str:
    return f"« {text} »" if translation.get_language().startswith("fr") else f"“{text}”"


# --- Sections -----------------------------------------------------------------------------


def _identity(participant: Participant) -> tuple[str, dict[str, str]]:
    passport = getattr(participant, "passport", None) if _has_passport(participant) else None
    given = (passport.given_names if passport else "") or (
        participant.preferred_name or participant.given_names
    )
    family = (passport.family_name if passport else "") or participant.family_name
    name = " ".join(p.strip() for p in (given, family) if p and p.strip())
    shown = contact_disclosure(participant, Audience.EMPLOYER).shown
    contact = {f: shown[f] for f in ContactField.values if f in shown}
    return name, contact


def _has_passport(participant: Participant) -> bool:
    from atout.passports.models import Passport

    try:
        return isinstance(participant.passport, Passport)
    except Passport.DoesNotExist:
        return False


def _objective(participant: Participant, texts: _Texts) -> str:
    if _has_passport(participant):
        passport = participant.passport
        if (passport.objective_fr or passport.objective_en).strip():
            return texts.pick(passport.objective_fr, passport.objective_en, _("the objective"))
    objective = (participant.objective or "").strip()
    if not objective:
        return ""
    written_in = "en" if participant.preferred_language == "en" else "fr"
    if written_in != texts.lang:
        texts.missing.append(_("the objective"))
    return objective


def _experience_entry(
    experience: Experience, texts: _Texts, highlights: list[Achievement], *, short: bool
) -> dict[str, Any]:
    lang = texts.lang
    title = texts.pick(experience.title, experience.title_en, _label(experience.title))
    name = title or experience.title
    role = texts.pick(experience.role, experience.role_en, _("the role of %s") % _label(name))
    description = ""
    lines: list[str] = []
    if not short:
        description = texts.pick(
            experience.description,
            experience.description_en,
            _("the description of %s") % _label(name),
        )
        lines = [
            line
            for line in (
                _achievement_line(a, texts, _("an achievement at %s") % _label(name))
                for a in highlights[:HIGHLIGHTS_PER_ENTRY]
            )
            if line
        ]
    return {
        "title": title,
        "role": role if role and role != title else "",
        "employer": experience.place.strip(),
        "dates": year_span(experience.started_on, experience.ended_on, lang),
        "description": _clip(description, DESCRIPTION_CHARS),
        "highlights": lines,
    }


def _education(participant: Participant, texts: _Texts, learning: list[Experience]) -> list:
    entries = []
    records = Education.objects.filter(participant=participant, review=Review.ACCEPTED)
    in_progress = PRINTED[texts.lang]["in_progress"]
    abroad = PRINTED[texts.lang]["abroad"]
    for record in records:
        program = texts.pick(record.program_fr, record.program_en, _label(str(record)))
        recognition = texts.pick(
            record.recognition_fr,
            record.recognition_en,
            _("the recognition of %s") % _label(str(record)),
        )
        entries.append(
            {
                "title": program,
                "school": record.school.strip(),
                "place": record.place.strip(),
                "dates": in_progress if record.in_progress else (str(record.year or "")),
                "in_progress": record.in_progress,
                "abroad": abroad if record.abroad else "",
                "recognition": recognition,
                "sort": (record.in_progress, record.year or 0),
            }
        )
    for experience in learning:
        title = texts.pick(experience.title, experience.title_en, _label(experience.title))
        entries.append(
            {
                "title": title,
                "school": experience.place.strip(),
                "place": "",
                "dates": year_span(experience.started_on, experience.ended_on, texts.lang),
                "in_progress": experience.ended_on is None and experience.started_on is not None,
                "abroad": "",
                "recognition": "",
                "sort": (
                    experience.ended_on is None,
                    (experience.ended_on or experience.started_on or datetime.date.min).year,
                ),
            }
        )
    entries.sort(key=lambda e: e["sort"], reverse=True)
    for entry in entries:
        del entry["sort"]
    return entries


def _certificates(
    participant: Participant, texts: _Texts, today: datetime.date, notes: list[str]
) -> list:
    entries = []
    lang_code = "en" if texts.lang == "en" else "fr-ca"
    records = Certificate.objects.filter(participant=participant, review=Review.ACCEPTED)
    for record in records:
        if record.expires_on and record.expires_on < today:
            notes.append(
                _("%(name)s expired on %(date)s: it is left out of the CV until it is renewed.")
                % {"name": _label(str(record)), "date": date_format(record.expires_on)}
            )
            continue
        name = texts.pick(record.name_fr, record.name_en, _label(str(record)))
        expiry = (
            PRINTED[texts.lang]["valid_until"]
            % {"date": date_format(record.expires_on, "YEAR_MONTH_FORMAT", lang=lang_code)}
            if record.expires_on
            else ""
        )
        entries.append(
            {
                "name": name,
                "issuer": record.issuer.strip(),
                "year": str(record.obtained_on.year) if record.obtained_on else "",
                "expiry": expiry,
            }
        )
    return entries


def _skills(participant: Participant, texts: _Texts) -> list[dict[str, Any]]:
    """The passport's key competencies, else the competencies accepted achievements prove."""
    from atout.passports.models import KeyCompetencyEvidence

    skills: list[dict[str, Any]] = []
    if _has_passport(participant):
        # The evidence of every key competency in one query (it was one per competency).
        evidence = Prefetch(
            "evidence", queryset=KeyCompetencyEvidence.objects.select_related("achievement")
        )
        key_competencies = participant.passport.key_competencies.select_related("competency")
        for kc in key_competencies.prefetch_related(evidence):
            french = kc.title_fr or (kc.competency.name_fr if kc.competency else "")
            english = kc.title_en or (kc.competency.name_en if kc.competency else "")
            title = texts.pick(french, english, _("the title of %s") % _label(french or english))
            if not title:
                continue
            stories = [
                ev.achievement
                for ev in kc.evidence.all()
                if ev.achievement.review == Review.ACCEPTED
            ]
            skills.append(
                {
                    "title": title,
                    "accomplishments": _accomplishments(stories, texts, title),
                }
            )
    if skills:
        return skills[:MAX_SKILLS]
    achievements = (
        Achievement.objects.filter(participant=participant, review=Review.ACCEPTED)
        .prefetch_related("competencies")
        .order_by("-created_at", "-pk")
    )
    by_competency: dict[int, tuple[Any, list[Achievement]]] = {}
    for achievement in achievements:
        for competency in achievement.competencies.all():
            by_competency.setdefault(competency.pk, (competency, []))[1].append(achievement)
    ranked = sorted(by_competency.values(), key=lambda item: (-len(item[1]), item[0].pk))
    for competency, stories in ranked[:MAX_SKILLS]:
        title = texts.pick(
            competency.name_fr, competency.name_en, _("the name of %s") % _label(str(competency))
        )
        skills.append({"title": title, "accomplishments": _accomplishments(stories, texts, title)})
    return skills


def _accomplishments(stories: list[Achievement], texts: _Texts, title: str) -> list[str]:
    lines = []
    for story in stories:
        line = _achievement_line(story, texts, _("a story for %s") % _label(title))
        if line and line not in lines:
            lines.append(line)
        if len(lines) == ACCOMPLISHMENTS_PER_SKILL:
            break
    return lines


def language_levels(participant: Participant, lang: str) -> list[dict[str, str]]:
    """Each language of the self-assessment with its level in plain words."""
    data = language_data()
    names = {item["code"]: item for item in data["languages"]}
    summaries = {item["code"]: item for item in data["levels"]}
    rows = []
    for assessment in LanguageAssessment.objects.filter(participant=participant):
        item = names.get(assessment.language)
        name = bilingual_dict(item, "name", lang) if item else assessment.language
        if assessment.is_mother_tongue:
            level = bilingual_dict(data["mother_tongue"], "label", lang)
        else:
            code = overall_level(assessment)
            if code is None:
                continue
            level = bilingual_dict(summaries[code], "summary", lang)
        rows.append({"name": name[:1].upper() + name[1:], "level": level})
    return rows


def _references(participant: Participant, mode: str, notes: list[str], texts: _Texts) -> dict:
    items = []
    if mode == Cv.References.LISTED:
        for reference in Reference.objects.filter(participant=participant, review=Review.ACCEPTED):
            if not reference.may_be_listed:
                continue
            items.append(
                {
                    "name": reference.name.strip(),
                    "relationship": texts.pick(
                        reference.relationship_fr,
                        reference.relationship_en,
                        _("the relationship of %s") % _label(reference.name),
                    ),
                    "organisation": reference.organisation.strip(),
                    "phone": reference.phone.strip(),
                    "email": reference.email.strip(),
                }
            )
        if not items:
            notes.append(
                _(
                    "No reference agreed to be listed yet: the CV says references are "
                    "available on request."
                )
            )
    return {"mode": "listed" if items else "on_request", "items": items}


# --- The payload --------------------------------------------------------------------------


def cv_payload(
    participant: Participant,
    *,
    lang: str,
    layout: str,
    include_interests: bool = False,
    references: str = Cv.References.ON_REQUEST,
    max_pages: int = 2,
    draft: bool = True,
    today: datetime.date | None = None,
) -> CvBuild:
    """Everything the CV prints, in `lang`, from the accepted records of the evidence base."""
    lang = "en" if lang == "en" else "fr"
    layout = layout if layout in Cv.Layout.values else Cv.Layout.CHRONOLOGICAL
    today = today or timezone.localdate()
    texts = _Texts(lang)
    notes: list[str] = []

    name, contact = _identity(participant)
    objective = _objective(participant, texts)

    accepted = list(
        Experience.objects.filter(participant=participant, review=Review.ACCEPTED).prefetch_related(
            "achievements"
        )
    )
    accepted.sort(key=_recency, reverse=True)
    short = layout == Cv.Layout.FUNCTIONAL

    def entries(kinds: tuple) -> list[dict[str, Any]]:
        return [
            _experience_entry(
                e,
                texts,
                [a for a in e.achievements.all() if a.review == Review.ACCEPTED],
                short=short,
            )
            for e in accepted
            if e.kind in kinds
        ]

    work = entries(WORK_KINDS)
    volunteering = entries(VOLUNTEER_KINDS)
    learning = [e for e in accepted if e.kind in LEARNING_KINDS]
    education = _education(participant, texts, learning)
    certificates = _certificates(participant, texts, today, notes)
    skills = _skills(participant, texts)
    languages = language_levels(participant, lang)

    interests = ""
    if include_interests:
        profile = PersonalProfile.objects.filter(participant=participant).first()
        if profile:
            interests = texts.pick(profile.interests_fr, profile.interests_en, _("the interests"))
        if not interests:
            notes.append(_("No interests recorded: the section is left out."))

    payload = {
        "format": PAYLOAD_FORMAT,
        "lang": lang,
        "layout": layout,
        "max_pages": 1 if max_pages == 1 else 2,
        "draft": draft,
        "name": name,
        "contact": contact,
        "objective": objective,
        "experiences": work,
        "volunteering": volunteering,
        "education": education,
        "certificates": certificates,
        "skills": skills,
        "languages": languages,
        "interests": interests,
        "references": _references(participant, references, notes, texts),
    }
    build = CvBuild(payload=payload, missing_translations=texts.missing, notes=notes)
    build.missing_sections = _missing_sections(payload)
    return build


def cv_build(cv: Cv, *, lang: str | None = None, layout: str | None = None) -> CvBuild:
    """The live payload for a CV's settings (or another language or layout)."""
    options = settings_of(cv)
    return cv_payload(
        cv.participant,
        lang=lang or options["lang"],
        layout=layout or options["layout"],
        include_interests=options["include_interests"],
        references=options["references"],
        max_pages=options["max_pages"],
    )


def _missing_sections(payload: dict[str, Any]) -> list[str]:
    """What a CV usually has and this one does not, in plain words."""
    missing = []
    if not payload["contact"]:
        missing.append(
            _("No contact detail may be shown to employers: the CV gives no way to reach you.")
        )
    if not payload["objective"]:
        missing.append(_("No objective yet."))
    if not payload["experiences"]:
        missing.append(_("No accepted work experience yet."))
    if not payload["education"]:
        missing.append(_("No accepted education or training yet."))
    if not payload["skills"]:
        missing.append(
            _("No skills yet: choose key competencies in the passport, or link achievements.")
        )
    if not payload["languages"]:
        missing.append(_("No language self-assessment yet."))
    return missing


def frozen_shows(payload: dict[str, Any] | None, fields: set[str]) -> set[str]:
    """The contact details among `fields` that a frozen payload prints."""
    if not payload:
        return set()
    return set(payload.get("contact") or {}) & set(fields)
