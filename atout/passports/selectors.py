"""Reads: the passport's printable content (consented fields only) and its weak points."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _

from atout.participants.models import Audience, ContactField, Participant
from atout.participants.selectors import consented_contact, participant_for_user
from atout.passports.models import KeyCompetency, KeyCompetencyEvidence, Passport

SOFT_LIMIT_COMPETENCIES = 6
OBJECTIVE_MAX_WORDS = 60
OBJECTIVE_MIN_WORDS = 8


def passport_for_user(*, user: Any, participant_pk: Any) -> Passport | None:
    participant = participant_for_user(user=user, pk=participant_pk)
    return _with_related(Passport.objects.filter(participant=participant)).first()


def _with_related(qs):
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
    participant: Participant = passport.participant
    contact = consented_contact(participant, Audience.EMPLOYER)
    cle = participant.referring_cle
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
                        "situation": ev.achievement.situation,
                        "action": ev.achievement.action,
                        "result": ev.achievement.result,
                    }
                    for ev in kc.evidence.all()
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
        "wage_subsidy": passport.wage_subsidy,
    }


def output_languages(content: dict[str, Any]) -> list[str]:
    return ["fr", "en"] if content["languages"] == "both" else [content["languages"]]


_CAPS_WITHOUT_ACCENT = re.compile(r"\b(ETE|ELEVE|EQUIPE|ECOLE|CAFE|RESUME|DEPANNEUR|SECURITE)\b")


def weak_points(content: dict[str, Any]) -> list[str]:
    """What a careful counsellor would fix before printing, in plain words."""
    points: list[str] = []
    with translation.override(translation.get_language()):
        for lang in output_languages(content):
            label = _("French") if lang == "fr" else _("English")
            objective = content["objective"][lang].strip()
            if not objective:
                points.append(_("The objective is missing (%(lang)s).") % {"lang": label})
            else:
                words = len(objective.split())
                if words > OBJECTIVE_MAX_WORDS:
                    points.append(
                        _("The objective is long (%(n)d words); aim for %(max)d at most.")
                        % {"n": words, "max": OBJECTIVE_MAX_WORDS}
                    )
                elif words < OBJECTIVE_MIN_WORDS:
                    points.append(
                        _("The objective is very short; say what job and what you bring.")
                    )
            for kc in content["competencies"]:
                if not kc["title"][lang].strip():
                    points.append(_("A key competency has no title in %(lang)s.") % {"lang": label})
                if not kc["link"][lang].strip():
                    points.append(
                        _("“%(title)s” has no link with the profile employers seek (%(lang)s).")
                        % {"title": kc["title"][lang] or kc["title"]["fr"], "lang": label}
                    )
        if not content["competencies"]:
            points.append(_("No key competency chosen yet."))
        if len(content["competencies"]) > SOFT_LIMIT_COMPETENCIES:
            points.append(
                _("%(n)d key competencies: employers read more easily %(max)d or fewer.")
                % {"n": len(content["competencies"]), "max": SOFT_LIMIT_COMPETENCIES}
            )
        for kc in content["competencies"]:
            title = kc["title"]["fr"] or kc["title"]["en"]
            if not kc["evidence"]:
                points.append(_("“%(title)s” has no evidence yet.") % {"title": title})
            for ev in kc["evidence"]:
                if not ev["result"].strip():
                    points.append(
                        _("An achievement for “%(title)s” has no result; say what it changed.")
                        % {"title": title}
                    )
        if not content["contact"]:
            points.append(
                _("No contact detail is consented for employers: the passport will show none.")
            )
        if not content["cle"]["name"]:
            points.append(_("No referring CLE: the last page will have no CLE address."))
        texts = [content["objective"]["fr"]] + [kc["title"]["fr"] for kc in content["competencies"]]
        if any(_CAPS_WITHOUT_ACCENT.search(t or "") for t in texts):
            points.append(
                _("Capital letters keep their accents in French (ÉTÉ, ÉQUIPE, SÉCURITÉ).")
            )
    return points


def withheld_contact(passport: Passport) -> list[str]:
    """Contact details the file holds but employers may not see (so they will not print)."""
    from atout.participants.selectors import contact_values

    allowed = {
        c.field
        for c in passport.participant.consents.all()
        if c.audience == Audience.EMPLOYER and c.granted
    }
    values = contact_values(passport.participant)
    return [str(f.label) for f in ContactField if values.get(f.value) and f.value not in allowed]


def content_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What differs between a frozen version and the draft, in words a counsellor reads."""
    labels = {
        "languages": _("Languages of the passport"),
        "given_names": _("Given names"),
        "family_name": _("Family name"),
        "contact": _("Contact details"),
        "objective": _("Objective"),
        "signature": _("Signature line"),
        "basic_skills": _("Basic skills"),
        "logo": _("Logo"),
        "competencies": _("Key competencies and evidence"),
        "cle": _("CLE address"),
        "wage_subsidy": _("Wage-subsidy mention"),
    }
    return [str(label) for key, label in labels.items() if old.get(key) != new.get(key)]
