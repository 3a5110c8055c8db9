"""The generic-skills questionnaire (one screen per family, saved as it goes) and results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atout.accounts import permissions as perms
from atout.common.views import INVALID, object_from_post
from atout.competencies import selectors, services
from atout.competencies.forms import AnnotationForm, CommentForm
from atout.competencies.models import Indicator, SelfEvaluation
from atout.documents.rendering import RenderError
from atout.documents.rendering.self_evaluation import render_self_evaluation
from atout.documents.responses import document_response
from atout.participants import selectors as participant_selectors


def _evaluation(request: HttpRequest, pk: int, capability: str) -> SelfEvaluation:
    evaluation = SelfEvaluation.objects.select_related(
        "participant", "participant__organisation", "framework"
    ).get_visible_or_404(request.user, pk=pk)
    perms.require(request.user, capability, evaluation)
    return evaluation


def _answer_value(raw: str) -> int | None:
    """An answer as posted ("0" to "4"), or None for anything else ("abc", "٣", "9" * 5000)."""
    return int(raw) if raw in {"0", "1", "2", "3", "4"} else None


def _indicator_id(key: str) -> int | None:
    """The id in an "indicator-<id>" POST key, or None if it is not a plausible id."""
    raw = key.removeprefix("indicator-")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 18 else None


def _scale(evaluation: SelfEvaluation) -> list[dict]:
    """Answer choices in the interface language: 4 levels, then "I don't know"."""
    language = translation.get_language() or "fr"
    levels = sorted(evaluation.framework.scale, key=lambda s: (s["value"] == 0, s["value"]))
    return [
        {
            "value": item["value"],
            "label": selectors.bilingual_dict(item, "label", language),
            "hint": selectors.bilingual_dict(item, "hint", language),
        }
        for item in levels
    ]


@login_required
def evaluation_list(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's self-evaluations, with the button to start or resume one."""
    participant = participant_selectors.participant_for_user(user=request.user, pk=pk)
    perms.require(request.user, perms.SELF_EVALUATION_VIEW, participant)
    framework = selectors.generic_framework()
    if request.method == "POST":
        perms.require(request.user, perms.SELF_EVALUATION_FILL, participant)
        if framework is None:
            raise Http404()
        evaluation = services.evaluation_start(
            participant=participant, framework=framework, actor=request.user
        )
        return redirect("competencies:evaluation_step", pk=evaluation.pk, step=1)
    evaluations = selectors.evaluations_for(user=request.user, participant=participant)
    return render(
        request,
        "competencies/evaluation_list.html",
        {
            "participant": participant,
            "evaluations": evaluations,
            "framework": framework,
            "can_fill": perms.has_capability(request.user, perms.SELF_EVALUATION_FILL, participant),
        },
    )


@login_required
def evaluation_step(request: HttpRequest, pk: int, step: int) -> HttpResponse:
    evaluation = _evaluation(request, pk, perms.SELF_EVALUATION_FILL)
    if evaluation.status == SelfEvaluation.Status.COMPLETED:
        return redirect("competencies:evaluation_results", pk=evaluation.pk)
    families = selectors.framework_tree(evaluation.framework)
    if not 1 <= step <= len(families):
        raise Http404()
    family = families[step - 1]
    indicators = {i.pk: i for c in family.competencies.all() for i in c.indicators.all()}
    errors = []
    if request.method == "POST":
        for indicator_id, indicator in indicators.items():
            raw = request.POST.get(f"indicator-{indicator_id}")
            if raw in (None, ""):
                continue
            value = _answer_value(raw)
            try:
                if value is None:
                    raise ValidationError("not an answer")
                services.answer_save(
                    evaluation=evaluation, indicator=indicator, value=value, actor=request.user
                )
            except ValidationError:
                errors.append(indicator)
        if not errors:
            action = request.POST.get("action", "next")
            if action == "previous" and step > 1:
                return redirect("competencies:evaluation_step", pk=pk, step=step - 1)
            if action == "next" and step < len(families):
                return redirect("competencies:evaluation_step", pk=pk, step=step + 1)
            if action == "finish" or (action == "next" and step == len(families)):
                return redirect("competencies:evaluation_review", pk=pk)
            return redirect("competencies:evaluation_step", pk=pk, step=step)
    answers = dict(evaluation.answers.values_list("indicator_id", "value"))
    if request.method == "POST":
        # Re-show what was chosen on this screen, even what could not be saved.
        for indicator_id in indicators:
            value = _answer_value(request.POST.get(f"indicator-{indicator_id}", ""))
            if value is not None:
                answers[indicator_id] = value
    answered_total = len(answers)
    total = sum(len(c.indicators.all()) for f in families for c in f.competencies.all())
    context = {
        "evaluation": evaluation,
        "participant": evaluation.participant,
        "family": family,
        "families": families,
        "step": step,
        "step_count": len(families),
        "scale": _scale(evaluation),
        "answers": answers,
        "answered_total": answered_total,
        "total": total,
        "errors": errors,
        "error_ids": {indicator.pk for indicator in errors},
    }
    return render(
        request, "competencies/evaluation_step.html", context, status=INVALID if errors else 200
    )


MAX_ANSWERS_PER_POST = 50


@login_required
@require_POST
def evaluation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Autosave as answers are chosen (htmx sends the one that changed).

    Each answer is checked on its own; the page's form does the same without JavaScript.
    """
    evaluation = _evaluation(request, pk, perms.SELF_EVALUATION_FILL)
    keys = [k for k in request.POST if k.startswith("indicator-")][:MAX_ANSWERS_PER_POST]
    posted = {_indicator_id(key): _answer_value(request.POST[key]) for key in keys}
    indicators = (
        Indicator.objects.select_related("competency")
        .filter(competency__framework=evaluation.framework)
        .in_bulk([pk for pk in posted if pk is not None])
    )
    try:
        if not posted or set(indicators) != set(posted) or None in posted.values():
            raise ValidationError("unknown statement or answer")
        for pk, value in posted.items():
            services.answer_save(
                evaluation=evaluation, indicator=indicators[pk], value=value, actor=request.user
            )
    except ValidationError:
        return render(request, "competencies/_save_status.html", {"failed": True}, status=INVALID)
    answered = evaluation.answers.count()
    total = Indicator.objects.filter(competency__framework=evaluation.framework).count()
    return render(
        request,
        "competencies/_save_status.html",
        {"answered_total": answered, "total": total},
    )


@login_required
def evaluation_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Before finishing: what is left unanswered, per family."""
    evaluation = _evaluation(request, pk, perms.SELF_EVALUATION_FILL)
    if evaluation.status == SelfEvaluation.Status.COMPLETED:
        return redirect("competencies:evaluation_results", pk=evaluation.pk)
    status = 200
    if request.method == "POST":
        try:
            services.evaluation_complete(evaluation=evaluation, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            status = INVALID
        else:
            messages.success(request, _("Thank you! Your self-evaluation is saved."))
            return redirect("competencies:evaluation_results", pk=evaluation.pk)
    families = selectors.framework_tree(evaluation.framework)
    answered = set(evaluation.answers.values_list("indicator_id", flat=True))
    rows = []
    for index, family in enumerate(families, start=1):
        ids = [i.pk for c in family.competencies.all() for i in c.indicators.all()]
        rows.append(
            {
                "step": index,
                "family": family,
                "answered": sum(1 for i in ids if i in answered),
                "total": len(ids),
            }
        )
    return render(
        request,
        "competencies/evaluation_review.html",
        {"evaluation": evaluation, "participant": evaluation.participant, "rows": rows},
        status=status,
    )


@login_required
def evaluation_results(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk, perms.SELF_EVALUATION_VIEW)
    return _render_results(request, evaluation)


def _render_results(
    request: HttpRequest,
    evaluation: SelfEvaluation,
    *,
    comment_form: CommentForm | None = None,
    annotation: tuple[int, AnnotationForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The results page; a refused comment or annotation comes back with what was typed."""
    results = selectors.evaluation_results(evaluation)
    can_annotate = perms.has_capability(request.user, perms.SELF_EVALUATION_ANNOTATE, evaluation)
    if can_annotate and comment_form is None:
        comment_form = CommentForm(instance=evaluation)
    annotated_pk, annotation_form = annotation or (None, None)
    return render(
        request,
        "competencies/evaluation_results.html",
        {
            "evaluation": evaluation,
            "participant": evaluation.participant,
            "results": results,
            "can_annotate": can_annotate,
            "comment_form": comment_form,
            "annotated_pk": annotated_pk,
            "annotation_form": annotation_form,
            "chart": _chart(results),
        },
        status=status,
    )


def _chart(results) -> dict:
    """Geometry of the server-rendered SVG bar chart (one bar per competency)."""
    rows = []
    y = 0
    for family in results.families:
        rows.append({"kind": "family", "y": y + 16, "label": family.family.name})
        y += 26
        for r in family.competencies:
            width = 0 if r.mean is None else round((r.mean - 1) / 3 * 300)
            rows.append(
                {
                    "kind": "bar",
                    "y": y,
                    "text_y": y + 13,
                    "label": r.competency.name,
                    "width": max(width, 2 if r.mean is not None else 0),
                    "value": r.mean,
                    "previous_x": None
                    if r.previous_mean is None
                    else 300 + round((r.previous_mean - 1) / 3 * 300),
                }
            )
            y += 22
        y += 6
    return {"rows": rows, "height": y + 10}


@login_required
@require_POST
def evaluation_annotate(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk, perms.SELF_EVALUATION_ANNOTATE)
    url = reverse("competencies:evaluation_results", kwargs={"pk": evaluation.pk})
    if "counsellor_comment" in request.POST:
        form = CommentForm(request.POST, instance=evaluation)
        if not form.is_valid():
            return _render_results(request, evaluation, comment_form=form, status=INVALID)
        services.evaluation_comment_set(
            evaluation=evaluation,
            actor=request.user,
            text=form.cleaned_data["counsellor_comment"],
        )
        messages.success(request, _("Comment saved."))
        return redirect(f"{url}#comment")
    competency = object_from_post(request, evaluation.framework.competencies.all(), "competency")
    form = AnnotationForm(request.POST)
    if not form.is_valid():
        return _render_results(
            request, evaluation, annotation=(competency.pk, form), status=INVALID
        )
    services.annotation_set(
        evaluation=evaluation,
        competency=competency,
        actor=request.user,
        text=form.cleaned_data["text"],
    )
    messages.success(request, _("Annotation saved."))
    return redirect(f"{url}#competency-{competency.pk}")


@login_required
def evaluation_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk, perms.SELF_EVALUATION_VIEW)
    lang = "en" if request.GET.get("lang") == "en" else "fr"
    try:
        payload = selectors.self_evaluation_payload(selectors.evaluation_results(evaluation), lang)
        document = render_self_evaluation(payload)
    except RenderError:
        messages.error(request, _("The PDF could not be produced. Try again in a moment."))
        return redirect("competencies:evaluation_results", pk=evaluation.pk)
    return document_response(document)


urlpatterns = [
    path("dossiers/<int:pk>/autoevaluations/", evaluation_list, name="evaluation_list"),
    path("autoevaluations/<int:pk>/etape/<int:step>/", evaluation_step, name="evaluation_step"),
    path("autoevaluations/<int:pk>/reponse/", evaluation_answer, name="evaluation_answer"),
    path("autoevaluations/<int:pk>/terminer/", evaluation_review, name="evaluation_review"),
    path("autoevaluations/<int:pk>/resultats/", evaluation_results, name="evaluation_results"),
    path("autoevaluations/<int:pk>/annoter/", evaluation_annotate, name="evaluation_annotate"),
    path("autoevaluations/<int:pk>/pdf/", evaluation_pdf, name="evaluation_pdf"),
]
