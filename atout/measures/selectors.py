"""Reads: a file's measures for the page, what a passport freezes of them, and the current
employer text of the last page."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import translation

from atout.measures.models import EmployerMeasure, EmployerNotice, MeasureKind
from atout.participants.models import Participant


def measures_for(*, user: Any, participant: Participant) -> QuerySet[EmployerMeasure]:
    """Every measure of the file the user may see, current ones first."""
    return (
        EmployerMeasure.objects.visible_to(user)
        .filter(participant=participant)
        .select_related("recorded_by", "withdrawn_by")
        .order_by("withdrawn_at", "-start", "-pk")
    )


def measure_for_user(*, user: Any, pk: Any) -> EmployerMeasure:
    """One visible measure, or 404."""
    return EmployerMeasure.objects.select_related("participant").get_visible_or_404(user, pk=pk)


def current_measures(participant: Participant) -> list[EmployerMeasure]:
    """Operator-level read (the caller holds the file): what the passport prints today."""
    return list(
        EmployerMeasure.objects.current().filter(participant=participant).order_by("start", "pk")
    )


def _kind_title(measure: EmployerMeasure, lang: str) -> str:
    if measure.kind == MeasureKind.OTHER and measure.name:
        return measure.name
    with translation.override("en" if lang == "en" else "fr-ca"):
        return str(MeasureKind(measure.kind).label)


def measures_content(participant: Participant) -> list[dict[str, Any]]:
    """The current measures as a passport freezes them: plain values, titles in both
    languages, ISO dates, and whether the CLE's letter joins the print bundle."""
    return [
        {
            "id": measure.pk,
            "kind": measure.kind,
            "title": {lang: _kind_title(measure, lang) for lang in ("fr", "en")},
            "start": measure.start.isoformat(),
            "end": measure.end.isoformat() if measure.end else "",
            "conditions": measure.conditions,
            "letter": bool(measure.letter),
        }
        for measure in current_measures(participant)
    ]


def letters_for(participant: Participant, content: dict[str, Any] | None) -> list[EmployerMeasure]:
    """The CLE letters a print bundle takes: those of the measures the printed passport
    froze; a version frozen before measures existed takes the current ones."""
    measures = EmployerMeasure.objects.filter(participant=participant).exclude(letter="")
    if content is not None and "measures" in content:
        ids = [item.get("id") for item in content["measures"] if item.get("letter")]
        measures = measures.filter(pk__in=ids)
    elif content is not None and not content.get("wage_subsidy"):
        return []
    else:
        measures = measures.filter(pk__in=[m.pk for m in current_measures(participant)])
    return list(measures.order_by("start", "pk"))


def current_notice() -> EmployerNotice | None:
    """The employer text passports print from now on (the newest published version)."""
    return EmployerNotice.objects.order_by("-number").first()


def notice_content() -> dict[str, Any] | None:
    notice = current_notice()
    return notice.as_content() if notice else None
