"""Reads: the practice cards of a file, built from its latest approved passport version.

Questions and proofs come in one language (the interface's, or the sheet's); a text the
passport holds only in the other language is shown in that language, marked with its `lang`.
"""

from __future__ import annotations

import hashlib
import unicodedata
from typing import Any

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from atout.participants.models import Participant
from atout.passports.models import PassportVersion
from atout.practice.models import PracticeCard, Readiness

LANGS = ("fr", "en")
# One Letter page holds this many cards; beyond, the sheet runs onto a second page.
SHEET_ONE_PAGE = 6
# What the sheet has room for per card (the web page shows everything): three rows of two
# cards for five or six competencies, two rows (more room each) for up to four.
SHEET_ROOM = {
    "roomy": {"title": 120, "proofs": 2, "proof": 220, "words": 600, "note": 220, "lines": 9},
    "compact": {"title": 90, "proofs": 1, "proof": 190, "words": 340, "note": 130, "lines": 3},
}
# Characters per line of a card's text on the sheet (two columns), to leave ruled lines
# for writing only where the page has room.
SHEET_LINE_CHARS = 70


def competency_key(title: dict[str, str]) -> str:
    """The stable key of a key competency: a digest of its French (else English) title,
    case, accents' composition and spacing aside."""
    text = (title.get("fr") or "").strip() or (title.get("en") or "").strip()
    text = " ".join(unicodedata.normalize("NFC", text).casefold().split())
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _text(value: Any, lang: str) -> str:
    if isinstance(value, dict):
        return (value.get(lang) or "").strip()
    return (value or "").strip() if lang == "fr" else ""


def in_lang(value: Any, lang: str) -> dict[str, str]:
    """{"text", "lang"}: the text in `lang`, else in the other language (and says which)."""
    other = "en" if lang == "fr" else "fr"
    text = _text(value, lang)
    if text:
        return {"text": text, "lang": lang}
    text = _text(value, other)
    return {"text": text, "lang": other if text else lang}


def _printable_versions():
    return PassportVersion.objects.filter(
        reason__in=[PassportVersion.Reason.APPROVED, PassportVersion.Reason.PRINTED],
        withdrawn_at__isnull=True,
    ).order_by("-number")


def approved_version_for(*, user: Any, participant: Participant) -> PassportVersion | None:
    """The latest approved (or printed) version the user may read, not withdrawn."""
    return _printable_versions().visible_to(user).filter(participant=participant).first()


def approved_competencies(version: PassportVersion | None) -> list[dict[str, Any]]:
    """The version's key competencies, each with its key, titles and proofs (both languages)."""
    if version is None:
        return []
    found = []
    seen = set()
    for kc in version.content.get("competencies", []):
        title = kc.get("title") or {}
        if not (_text(title, "fr") or _text(title, "en")):
            continue
        key = competency_key(title)
        if key in seen:  # the same title twice: one card
            continue
        seen.add(key)
        found.append({"key": key, "title": title, "evidence": kc.get("evidence", [])})
    return found


def question(title: dict[str, str], lang: str) -> dict[str, str]:
    """What an employer might ask about this competency, in `lang` (the title may fall back)."""
    shown = in_lang(title, lang)
    with translation.override("en" if lang == "en" else "fr-ca"):
        text = _("Tell me about a time you showed this skill: “%(competency)s”.") % {
            "competency": shown["text"]
        }
    return {"text": text, "lang": lang}


def proofs(evidence: list[dict[str, Any]], lang: str) -> list[dict[str, dict[str, str]]]:
    """Each story of the competency: situation, action, result in `lang` where written."""
    return [
        {part: in_lang(story.get(part), lang) for part in ("situation", "action", "result")}
        for story in evidence
    ]


def _definitions(participant: Participant, competencies: list[dict[str, Any]]) -> dict[str, dict]:
    """key -> the matching framework competency's definition in both languages.

    Frozen versions carry titles, not ids: a title that is a framework competency's name (the
    counsellor picked it without retitling) gets that competency's definition, which says in
    plain words what an employer listens for.
    """
    from django.db.models import Q

    from atout.competencies.models import Competency

    names_fr = {_text(c["title"], "fr") for c in competencies} - {""}
    names_en = {_text(c["title"], "en") for c in competencies} - {""}
    if not (names_fr or names_en):
        return {}
    rows = (
        Competency.objects.available_to([participant.organisation_id])
        .filter(Q(name_fr__in=names_fr) | Q(name_en__in=names_en))
        .exclude(definition_fr="", definition_en="")
        .order_by("organisation_id", "pk")
    )
    by_fr, by_en = {}, {}
    for row in rows:
        definition = {"fr": row.definition_fr, "en": row.definition_en}
        by_fr.setdefault(row.name_fr, definition)
        by_en.setdefault(row.name_en, definition)
    found = {}
    for comp in competencies:
        definition = by_fr.get(_text(comp["title"], "fr")) or by_en.get(_text(comp["title"], "en"))
        if definition:
            found[comp["key"]] = definition
    return found


def _cards_by_key(participant: Participant, user: Any = None) -> dict[str, PracticeCard]:
    qs = PracticeCard.objects.visible_to(user) if user is not None else PracticeCard.objects
    return {card.key: card for card in qs.filter(participant=participant)}


def practice_cards(*, user: Any, participant: Participant, lang: str) -> list[dict[str, Any]]:
    """One card per key competency of the approved passport, with the saved card if any."""
    version = approved_version_for(user=user, participant=participant)
    saved = _cards_by_key(participant, user)
    competencies = approved_competencies(version)
    definitions = _definitions(participant, competencies)
    return [
        {
            "key": comp["key"],
            "title": in_lang(comp["title"], lang),
            "title_both": comp["title"],
            "question": question(comp["title"], lang),
            "proofs": proofs(comp["evidence"], lang),
            "listens_for": in_lang(definitions[comp["key"]], lang)
            if comp["key"] in definitions
            else None,
            "card": saved.get(comp["key"]),
        }
        for comp in competencies
    ]


def card_for_key(*, user: Any, participant: Participant, key: str) -> dict[str, Any] | None:
    """The current competency named by a posted key, or None (left the passport, or forged)."""
    version = approved_version_for(user=user, participant=participant)
    for comp in approved_competencies(version):
        if comp["key"] == key:
            return comp
    return None


def awaits_reapproval(*, user: Any, participant: Participant) -> bool:
    """The passport went back for approval (a consent withdrawn): the cards wait for it."""
    from atout.passports.models import Passport

    return (
        Passport.objects.visible_to(user)
        .filter(participant=participant, status=Passport.Status.REAPPROVAL)
        .exists()
    )


def hidden_cards_count(*, user: Any, participant: Participant) -> int:
    """Cards kept for competencies no longer in the approved passport (shown if they return)."""
    keys = {
        c["key"]
        for c in approved_competencies(approved_version_for(user=user, participant=participant))
    }
    return sum(
        1
        for card in PracticeCard.objects.visible_to(user).filter(participant=participant)
        if card.key not in keys and (card.own_words or card.readiness or card.coach_note)
    )


def readiness_summary(participant: Participant) -> list[dict[str, Any]]:
    """Per key competency of the approved passport: how ready the person feels.

    For the CLE feedback report (an operator read, outside any request): titles in both
    languages, readiness value and label ("" when not rated), whether the person wrote their
    own words, whether a coaching note exists, and when the person last saved.
    """
    from atout.passports.selectors import latest_printable_version

    passport = getattr(participant, "passport", None)
    version = latest_printable_version(passport) if passport is not None else None
    saved = _cards_by_key(participant)
    labels = dict(Readiness.choices)
    rows = []
    for comp in approved_competencies(version):
        card = saved.get(comp["key"])
        readiness = card.readiness if card else ""
        rows.append(
            {
                "key": comp["key"],
                "title": {lang: _text(comp["title"], lang) for lang in LANGS},
                "readiness": readiness,
                "readiness_label": str(labels[readiness]) if readiness else "",
                "own_words": bool(card and card.own_words.strip()),
                "coach_note": bool(card and card.coach_note.strip()),
                "updated_at": card.updated_at if card else None,
            }
        )
    return rows


def _cut(text: str, limit: int) -> str:
    """At most `limit` characters, cut after a whole word where one ends in the last half."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    head = flat[: limit - 1]
    if " " in head[limit // 2 :]:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:") + "…"


def _ruled_lines(words: str, note: str, budget: int) -> int:
    """Lines left to write on: the budget less what the words and the note already take."""
    used = -(-len(words.strip()) // SHEET_LINE_CHARS)
    if note.strip():
        used += 1 + -(-len(note.strip()) // SHEET_LINE_CHARS)
    return max(0, budget - used)


def _sheet_proof(proof: dict[str, dict[str, str]], limit: int) -> str:
    story = " ".join(proof[part]["text"] for part in ("situation", "action") if proof[part]["text"])
    if proof["result"]["text"]:
        story = f"{story} → {proof['result']['text']}" if story else proof["result"]["text"]
    return _cut(story, limit)


def sheet_payload(
    *, user: Any, participant: Participant, lang: str, variant: str = "colour"
) -> dict[str, Any]:
    """Everything the one-page practice sheet prints, as plain values."""
    lang = "en" if lang == "en" else "fr"
    cards = practice_cards(user=user, participant=participant, lang=lang)
    labels_of = dict(Readiness.choices)
    room = SHEET_ROOM["roomy" if len(cards) <= 4 else "compact"]
    with translation.override("en" if lang == "en" else "fr-ca"):
        name = participant.display_name
        items = []
        for item in cards:
            card = item["card"]
            readiness = card.readiness if card else ""
            items.append(
                {
                    "title": _cut(item["title"]["text"], room["title"]),
                    "question": question({lang: _cut(item["title"]["text"], room["title"])}, lang)[
                        "text"
                    ],
                    "proofs": [
                        _sheet_proof(p, room["proof"]) for p in item["proofs"][: room["proofs"]]
                    ],
                    "own_words": _cut(card.own_words if card else "", room["words"]),
                    "lines": _ruled_lines(
                        card.own_words if card else "",
                        card.coach_note if card else "",
                        room["lines"],
                    ),
                    "readiness": readiness,
                    "readiness_label": str(labels_of[readiness]) if readiness else "",
                    "coach_note": _cut(card.coach_note if card else "", room["note"]),
                }
            )
        return {
            "lang": lang,
            "variant": "copy" if variant == "copy" else "colour",
            "title": _("Practising my passport"),
            "person": name,
            "date_label": formats.date_format(timezone.localdate(), "DATE_FORMAT"),
            "footer": _("Atout · Interview practice"),
            "file_name": _("practice-sheet") + f"-{lang}.pdf",
            "cards": items,
            "labels": {
                "page": _("Page"),
                "question": _("The question"),
                "proof": _("My proof"),
                "own_words": _("In my own words"),
                "readiness": _("How ready I feel"),
                "coach": _("Coaching note"),
                "tip": _("Answer in one or two minutes: the situation, what you did, the result."),
                "empty": _("Write your answer here before the interview."),
                "none": _(
                    "Your passport has no approved key competency yet: the practice cards "
                    "appear once it is approved."
                ),
                "scale": [str(labels_of[value]) for value in Readiness.values],
            },
        }


HISTORY_FIELDS = ("own_words", "readiness", "coach_note")


def card_history(*, user: Any, participant: Participant, limit: int = 200) -> list[dict[str, Any]]:
    """Every change to the file's cards, newest first: who, when, which card, what changed.

    The person's words and readiness and the counsellor's notes share one history, so each
    side sees what the other changed and when.
    """
    cards = {
        card.pk: card
        for card in PracticeCard.objects.visible_to(user).filter(participant=participant)
    }
    records = list(
        PracticeCard.history.filter(id__in=list(cards))
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:limit]
    )
    labels = {name: PracticeCard._meta.get_field(name).verbose_name for name in HISTORY_FIELDS}
    readiness = dict(Readiness.choices)
    entries = []
    for record in records:
        previous = record.prev_record
        if previous is None:
            changed = [name for name in HISTORY_FIELDS if getattr(record, name)]
        else:
            delta = record.diff_against(previous, included_fields=list(HISTORY_FIELDS))
            changed = [change.field for change in delta.changes]
        if not changed:
            continue
        entries.append(
            {
                "at": record.history_date,
                "by": record.history_user,
                "card": record.title_fr or record.title_en,
                "card_lang": "fr" if record.title_fr else "en",
                "changed": [str(labels[name]) for name in changed],
                "readiness": str(readiness[record.readiness])
                if "readiness" in changed and record.readiness
                else "",
            }
        )
    return entries
