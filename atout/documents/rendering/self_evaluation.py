"""Self-evaluation results as a one- or two-page PDF."""

from __future__ import annotations

from django.utils import formats, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from atout.competencies.selectors import EvaluationResults, band_label
from atout.documents.rendering.engine import RenderedDocument, render_typst


def _level(mean: float | None, band: str) -> str:
    if mean is None:
        return "—"
    return f"{band_label(band)} ({formats.number_format(mean, 1)})"


def payload(results: EvaluationResults, lang: str) -> dict:
    """Exactly what the document prints, as plain JSON values."""
    evaluation = results.evaluation
    participant = evaluation.participant
    when = evaluation.completed_at or evaluation.started_at
    families = []
    for family in results.families:
        families.append(
            {
                "name": family.family.name,
                "competencies": [
                    {
                        "name": r.competency.name,
                        "percent": r.percent,
                        "level": _level(r.mean, r.band),
                        "previous": "—"
                        if r.previous_mean is None
                        else formats.number_format(r.previous_mean, 1),
                        "annotation": r.annotation,
                    }
                    for r in family.competencies
                ],
            }
        )
    return {
        "lang": "en" if lang == "en" else "fr",
        "title": _("Generic skills self-evaluation"),
        "person": participant.display_name,
        "date_label": formats.date_format(when, "DATE_FORMAT"),
        "framework": str(evaluation.framework),
        "summary": _("%(answered)d of %(total)d statements answered.")
        % {"answered": results.answered, "total": results.total},
        "families": families,
        "strengths": [r.competency.name for r in results.strengths],
        "development": [r.competency.name for r in results.development],
        "comment": evaluation.counsellor_comment,
        "footer": f"{participant.display_name} — {_('Generic skills self-evaluation')}",
        "labels": {
            "competency": _("Competency"),
            "chart": _("Self-rating"),
            "level": _("Level"),
            "previous": pgettext("earlier self-evaluation", "Previous"),
            "strengths": _("Strengths"),
            "development": _("Areas to develop"),
            "comment": _("Counsellor's comment"),
            "none": _("None for now."),
            "page": _("Page"),
            "scale_note": _(
                "Scale: 1 not yet, 2 with help, 3 on my own most of the time, 4 easily. "
                "“I don't know” answers are left out of the averages."
            ),
        },
    }


def render_self_evaluation(results: EvaluationResults, lang: str) -> RenderedDocument:
    language = "en" if lang == "en" else "fr-ca"
    with translation.override(language):
        data = payload(results, lang)
        name = slugify(f"{_('self-evaluation')}-{results.evaluation.participant.display_name}")
    pdf = render_typst("self_evaluation.typ", data)
    return RenderedDocument(name=f"{name}.pdf", content_type="application/pdf", content=pdf)
