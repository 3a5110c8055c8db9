"""Which key competencies to feature for a target job, and why — deterministic and explained.

For each competency the profile seeks, the score is

    score = importance × (rating factor + evidence bonus)

- importance: 3 (high), 2 (medium) or 1 (low), as the profile states it;
- rating factor, from the person's latest self-evaluation of that competency (mean of the
  indicators they rated, "I don't know" left out): ≥ 3.5 → 1.0 (strong), ≥ 2.5 → 0.75
  (solid), ≥ 1.5 → 0.4 (with help), below → 0.1 (not yet); not rated → 0.3;
- evidence bonus: 0.5 per recorded achievement that proves it, at most 1.0 (two).

Ties go to the higher importance, then the better rating, then the competency code, so the
same inputs always give the same order. Each suggestion carries the three facts behind its
score, which the counsellor can check in one glance.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

NOT_RATED_FACTOR = Decimal("0.3")
EVIDENCE_STEP = Decimal("0.5")
EVIDENCE_CAP = 2


@dataclass(frozen=True)
class Rating:
    band: str  # "strong", "solid", "with_help", "not_yet" or "not_rated"
    factor: Decimal


def rating_for(mean: float | None) -> Rating:
    if mean is None:
        return Rating("not_rated", NOT_RATED_FACTOR)
    if mean >= 3.5:
        return Rating("strong", Decimal("1.0"))
    if mean >= 2.5:
        return Rating("solid", Decimal("0.75"))
    if mean >= 1.5:
        return Rating("with_help", Decimal("0.4"))
    return Rating("not_yet", Decimal("0.1"))


@dataclass(frozen=True)
class SoughtInput:
    competency_id: int
    code: str
    name: str
    importance: int  # 1-3
    mean_rating: float | None  # 1-4, None when not rated
    evidence_count: int


@dataclass(frozen=True)
class Suggestion:
    competency_id: int
    code: str
    name: str
    importance: int
    rating: Rating
    evidence_count: int
    score: Decimal
    reason: str


def score(item: SoughtInput) -> Decimal:
    rating = rating_for(item.mean_rating)
    bonus = EVIDENCE_STEP * min(item.evidence_count, EVIDENCE_CAP)
    value = Decimal(item.importance) * (rating.factor + bonus)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def reason(item: SoughtInput) -> str:
    """One line a counsellor can verify: importance; rating; achievements."""
    importance = {
        3: _("sought at high importance"),
        2: _("sought at medium importance"),
        1: _("sought at low importance"),
    }[item.importance]
    rating = {
        "strong": _("rated strong"),
        "solid": _("rated solid"),
        "with_help": _("rated as done with help"),
        "not_yet": _("rated not yet"),
        "not_rated": _("not rated yet"),
    }[rating_for(item.mean_rating).band]
    if item.evidence_count:
        evidence = ngettext(
            "%(count)d achievement", "%(count)d achievements", item.evidence_count
        ) % {"count": item.evidence_count}
    else:
        evidence = _("no achievement yet")
    return "; ".join([importance, rating, evidence])


_BAND_ORDER = {"strong": 4, "solid": 3, "with_help": 2, "not_rated": 1, "not_yet": 0}


def rank(items: list[SoughtInput]) -> list[Suggestion]:
    """Suggestions, best first; a stable, documented order."""
    suggestions = [
        Suggestion(
            competency_id=item.competency_id,
            code=item.code,
            name=item.name,
            importance=item.importance,
            rating=rating_for(item.mean_rating),
            evidence_count=item.evidence_count,
            score=score(item),
            reason=reason(item),
        )
        for item in items
    ]
    return sorted(
        suggestions,
        key=lambda s: (-s.score, -s.importance, -_BAND_ORDER[s.rating.band], s.code),
    )
