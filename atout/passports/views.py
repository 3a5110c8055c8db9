"""The passport builder: seven steps, each a page that works without JavaScript, autosaved
with htmx, plus approval, printing and frozen versions.

Each form posts to its own view (one view per action); ids named in POST fields go through
`object_from_post`, so a malformed or foreign id is a 404, never a 500.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from atout.accounts import permissions as perms
from atout.common.views import (
    CONFLICT,
    INVALID,
    document_withdrawn,
    form_status,
    ids_from_post,
    object_from_post,
    save_or_conflict,
    state_change,
)
from atout.competencies import selectors as competency_selectors
from atout.documents import previews
from atout.documents.rendering import RenderedDocument, RenderError
from atout.documents.rendering import passport as passport_rendering
from atout.documents.responses import document_response
from atout.evidence.models import Achievement
from atout.evidence.selectors import printable_achievements
from atout.participants import selectors as participant_selectors
from atout.participants.models import Audience, ContactField
from atout.passports import selectors, services, uploads
from atout.passports.forms import (
    BasicSkillsForm,
    EvidenceWriteForm,
    IdentificationForm,
    KeyCompetencyAddForm,
    KeyCompetencyForm,
    LogoForm,
    ObjectiveForm,
)
from atout.passports.models import Passport, PassportVersion

STEPS = [
    ("identification", gettext_lazy("Identification")),
    ("objectif", gettext_lazy("Objective")),
    ("competences-de-base", gettext_lazy("Basic skills")),
    ("competences-cles", gettext_lazy("Key competencies")),
    ("preuves", gettext_lazy("Evidence")),
    ("aide", gettext_lazy("Help for employers")),
    ("revision", gettext_lazy("Review and approval")),
]
STEP_SLUGS = [slug for slug, _label in STEPS]
# The preview images' cache entries (atout.documents.previews).
PREVIEW_KIND = "passport"


def _passport(
    request: HttpRequest, pk: int, capability: str, *, for_document: bool = False
) -> Passport:
    passport = selectors.passport_for_user(
        user=request.user, participant_pk=pk, for_document=for_document
    )
    if passport is None:
        raise Http404()
    perms.require(request.user, capability, passport)
    return passport


def _step_context(request: HttpRequest, passport: Passport, step: str) -> dict:
    index = STEP_SLUGS.index(step)
    return {
        "passport": passport,
        "participant": passport.participant,
        "steps": [
            {"slug": slug, "label": label, "number": n, "current": slug == step}
            for n, (slug, label) in enumerate(STEPS, start=1)
        ],
        "step": step,
        "step_number": index + 1,
        "step_count": len(STEPS),
        "step_label": STEPS[index][1],
        "previous_step": STEP_SLUGS[index - 1] if index else None,
        "next_step": STEP_SLUGS[index + 1] if index + 1 < len(STEPS) else None,
        "can_edit": perms.has_capability(request.user, perms.PASSPORT_EDIT, passport),
    }


@login_required
def passport_home(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the passport (POST), or go to it."""
    participant = participant_selectors.participant_for_user(user=request.user, pk=pk)
    perms.require(request.user, perms.PASSPORT_VIEW, participant)
    passport = Passport.objects.filter(participant=participant).first()
    if request.method == "POST":
        passport = services.passport_start(participant=participant, actor=request.user)
    if passport is not None:
        first = (
            "identification"
            if perms.has_capability(request.user, perms.PASSPORT_EDIT, passport)
            else "revision"
        )
        return redirect("passports:step", pk=participant.pk, step=first)
    return render(
        request,
        "passports/start.html",
        {
            "participant": participant,
            "can_edit": perms.has_capability(request.user, perms.PASSPORT_EDIT, participant),
        },
    )


def _next_url(request: HttpRequest, passport: Passport, step: str) -> str:
    target = request.POST.get("go")
    if target not in STEP_SLUGS:
        index = STEP_SLUGS.index(step)
        target = STEP_SLUGS[min(index + 1, len(STEP_SLUGS) - 1)]
    return reverse("passports:step", kwargs={"pk": passport.participant_id, "step": target})


def _saved_response(request: HttpRequest, passport: Passport) -> HttpResponse:
    """htmx autosave answer: the status line and the new version for the next save."""
    response = render(request, "passports/_autosave.html", {"passport": passport})
    response["HX-Trigger"] = "passport-saved"
    return response


def _form_for(step: str, request: HttpRequest, passport: Passport, data=None):
    participant = passport.participant
    if step == "identification":
        granted = participant_selectors.contact_disclosure(participant, Audience.EMPLOYER).granted
        decided = {field: field in granted for field in ContactField.values}
        contact = participant_selectors.contact_values(participant)
        return IdentificationForm(data, instance=passport, consents=decided, contact=contact)
    if step == "objectif":
        return ObjectiveForm(
            data,
            instance=passport,
            profiles=competency_selectors.profiles_for(user=request.user),
        )
    if step == "competences-de-base":
        return BasicSkillsForm(data, instance=passport)
    return None


@login_required
def passport_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEP_SLUGS:
        raise Http404()
    if step == "revision":
        return passport_review(request, pk)
    if step in ("competences-cles", "preuves") and request.method != "GET":
        # Their forms post to their own views (add, move, attach…).
        return HttpResponseNotAllowed(["GET"])
    passport = _passport(request, pk, perms.PASSPORT_EDIT)
    if step == "competences-cles":
        return _key_competencies_page(request, passport)
    if step == "preuves":
        return _evidence_page(request, passport)
    if step == "aide":
        return _help_page(request, passport)
    form = _form_for(step, request, passport, request.POST or None)
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved, conflict = save_or_conflict(
            form,
            lambda: services.passport_update(
                passport=passport,
                actor=request.user,
                data=form.values(),
                expected_version=form.cleaned_data.get("version"),
                consents=form.consent_decisions() if step == "identification" else None,
            ),
        )
        if saved is not None:
            passport = saved
            if request.htmx:
                return _saved_response(request, passport)
            messages.success(request, _("Saved."))
            return redirect(_next_url(request, passport, step))
    status = form_status(form, conflict)
    if request.htmx and request.method == "POST":
        # Autosave that could not save: the status line says why, and the fields in error
        # come back marked (aria-invalid, their message linked by aria-describedby) through
        # out-of-band swaps; the rest of the form, and what is being typed, stays as is.
        return render(
            request,
            "passports/_autosave.html",
            {
                "passport": passport,
                "conflict": conflict,
                "errors": form.errors,
                "invalid_fields": [form[name] for name in form.errors if name in form.fields],
            },
            status=status,
        )
    context = _step_context(request, passport, step) | {
        "form": form,
        "conflict": conflict,
        "logo_form": LogoForm() if step == "identification" else None,
    }
    if step == "competences-de-base":
        context |= _languages_offer(passport)
    return render(request, f"passports/step_{step.replace('-', '_')}.html", context, status=status)


def _help_page(request: HttpRequest, passport: Passport) -> HttpResponse:
    """The last page as it will print: the CLE found for the person, the measures the CLE
    recorded and the employer text in force. Nothing to type here: the buttons only move."""
    if request.method == "POST":
        return redirect(_next_url(request, passport, "aide"))
    from atout.measures import selectors as measure_selectors
    from atout.territories.selectors import CleSource, cle_for_participant

    participant = passport.participant
    cle, source = cle_for_participant(participant)
    context = _step_context(request, passport, "aide") | {
        "cle": cle,
        "cle_source": CleSource.LABELS[source],
        "measures": measure_selectors.current_measures(participant),
        "notice": measure_selectors.current_notice(),
        "can_see_measures": perms.has_capability(request.user, perms.REFERRAL_VIEW, participant),
    }
    return render(request, "passports/step_aide.html", context)


def _languages_offer(passport: Passport) -> dict:
    """The language self-assessment's current line, when it differs from the passport's."""
    current = selectors.languages_from_assessment(passport)
    return {"languages_current": current if selectors.languages_differ(passport) else None}


@login_required
@require_POST
def passport_use_languages(request: HttpRequest, pk: int) -> HttpResponse:
    """Fill the languages line with the language self-assessment's current result."""
    passport = _passport(request, pk, perms.PASSPORT_EDIT)
    current = selectors.languages_from_assessment(passport)
    if not any(current.values()):
        raise Http404()
    services.passport_update(
        passport=passport,
        actor=request.user,
        data={f"languages_{lang}": text for lang, text in current.items()},
        expected_version=None,
    )
    messages.success(request, _("The languages line now shows the self-assessment's result."))
    return redirect("passports:step", pk=pk, step="competences-de-base")


@login_required
@require_POST
def passport_logo(request: HttpRequest, pk: int) -> HttpResponse:
    passport = _passport(request, pk, perms.PASSPORT_EDIT)
    form = LogoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            name, content = uploads.check_logo(form.cleaned_data["logo"])
        except uploads.LogoRejected as error:
            messages.error(request, error.message)
        else:
            services.passport_set_logo(
                passport=passport, actor=request.user, name=name, content=content
            )
            messages.success(request, _("Logo added."))
    else:
        messages.error(request, _("Choose a file."))
    return redirect("passports:step", pk=pk, step="identification")


# --- Step 4: key competencies ---------------------------------------------------------


def _step_url(passport: Passport, step: str, anchor: str = "") -> str:
    url = reverse("passports:step", kwargs={"pk": passport.participant_id, "step": step})
    return f"{url}#{anchor}" if anchor else url


def _framework_competencies(passport: Passport):
    return competency_selectors.competencies_for(
        organisation_id=passport.participant.organisation_id,
        framework=competency_selectors.generic_framework(),
    )


def _key_competencies_page(
    request: HttpRequest, passport: Passport, add_form=None, status: int = 200
) -> HttpResponse:
    if add_form is None:
        add_form = KeyCompetencyAddForm(competencies=_framework_competencies(passport))
    profile = passport.workforce_profile
    suggestions = []
    if profile is not None:
        coverage = competency_selectors.coverage(participant=passport.participant, profile=profile)
        chosen = {kc.competency_id for kc in passport.key_competencies.all()}
        suggestions = [s for s in coverage.suggestions if s.competency_id not in chosen]
    key_competencies = list(passport.key_competencies.all())
    context = _step_context(request, passport, "competences-cles") | {
        "add_form": add_form,
        "key_competencies": key_competencies,
        "suggestions": suggestions[:8],
        "over_limit": len(key_competencies) > selectors.SOFT_LIMIT_COMPETENCIES,
        "soft_limit": selectors.SOFT_LIMIT_COMPETENCIES,
    }
    return render(request, "passports/step_competences_cles.html", context, status=status)


@login_required
@require_POST
def key_competency_add(request: HttpRequest, pk: int) -> HttpResponse:
    passport = _passport(request, pk, perms.PASSPORT_EDIT)
    competencies = _framework_competencies(passport)
    form = KeyCompetencyAddForm(request.POST, competencies=competencies)
    if form.is_valid():
        chosen = form.cleaned_data["competency"]
        try:
            services.key_competency_add(
                passport=passport,
                actor=request.user,
                competency=competencies.filter(pk=chosen).first() if chosen else None,
                title_fr=form.cleaned_data["title_fr"],
                title_en=form.cleaned_data["title_en"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(_step_url(passport, "competences-cles"))
    return _key_competencies_page(request, passport, add_form=form, status=INVALID)


def _key_competency(request: HttpRequest, passport: Passport):
    return object_from_post(request, passport.key_competencies.all(), "key_competency")


@login_required
@require_POST
def key_competency_move(request: HttpRequest, pk: int, direction: str) -> HttpResponse:
    """Move one step up or down: the keyboard (and no-JavaScript) way to reorder."""
    passport = _passport(request, pk, perms.PASSPORT_EDIT)
    kc = _key_competency(request, passport)
    services.key_competency_move(
        key_competency=kc, actor=request.user, direction=-1 if direction == "up" else 1
    )
    return redirect(_step_url(passport, "competences-cles", f"kc-{kc.pk}"))


@login_required
@require_POST
def key_competency_remove(request: HttpRequest, pk: int) -> HttpResponse:
    passport = _passport(request, pk, perms.PASSPORT_EDIT)
    kc = _key_competency(request, passport)
    services.key_competency_remove(key_competency=kc, actor=request.user)
    return redirect(_step_url(passport, "competences-cles"))


@login_required
@require_POST
def key_competencies_reorder(request: HttpRequest, pk: int) -> HttpResponse:
    """Drag and drop: the whole new order. A list changed meanwhile is a conflict (409)."""
    passport = _passport(request, pk, perms.PASSPORT_EDIT)
    try:
        services.key_competencies_reorder(
            passport=passport, actor=request.user, ordered_ids=ids_from_post(request, "order")
        )
    except ValidationError as error:
        if request.htmx:
            return render(
                request,
                "passports/_autosave.html",
                {
                    "passport": passport,
                    "stale": " ".join(error.messages),
                    "reload_url": _step_url(passport, "competences-cles"),
                },
                status=CONFLICT,
            )
        messages.error(request, " ".join(error.messages))
        return _key_competencies_page(request, passport, status=CONFLICT)
    if request.htmx:
        return _saved_response(request, Passport.objects.get(pk=passport.pk))
    return redirect(_step_url(passport, "competences-cles"))


# --- Step 5: evidence -----------------------------------------------------------------


def _evidence_page(
    request: HttpRequest, passport: Passport, bound: dict | None = None, status: int = 200
) -> HttpResponse:
    bound = bound or {}
    rows = selectors.evidence_rows(passport=passport, user=request.user)
    for row in rows:
        kc = row["kc"]
        row["link_form"] = bound.get(kc.pk, {}).get("link_form") or KeyCompetencyForm(
            initial={
                "title_fr": kc.title_fr,
                "title_en": kc.title_en,
                "link_fr": kc.link_fr,
                "link_en": kc.link_en,
            },
            passport=passport,
            prefix=f"kc{kc.pk}",
        )
        row["write_form"] = bound.get(kc.pk, {}).get("write_form") or EvidenceWriteForm(
            passport=passport, prefix=f"w{kc.pk}"
        )
    context = _step_context(request, passport, "preuves") | {"rows": rows}
    return render(request, "passports/step_preuves.html", context, status=status)


def _back_to_evidence(passport: Passport, kc) -> HttpResponse:
    return redirect(_step_url(passport, "preuves", f"kc-{kc.pk}"))


@login_required
@require_POST
def evidence_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Save a key competency's wording: its title and its link with the profile sought."""
    passport = _passport(request, pk, perms.PASSPORT_EDIT)
    kc = _key_competency(request, passport)
    form = KeyCompetencyForm(request.POST, passport=passport, prefix=f"kc{kc.pk}")
    if form.is_valid():
        try:
            services.key_competency_update(
                key_competency=kc, actor=request.user, data=form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _back_to_evidence(passport, kc)
    return _evidence_page(request, passport, {kc.pk: {"link_form": form}}, status=INVALID)


@login_required
@require_POST
def evidence_attach(request: HttpRequest, pk: int) -> HttpResponse:
    """Use an achievement already recorded as evidence for a key competency."""
    passport = _passport(request, pk, perms.PASSPORT_EDIT)
    kc = _key_competency(request, passport)
    if not request.POST.get("achievement"):
        # Nothing is preselected: the list's first entry asks for a choice.
        return _no_story_chosen(request, passport)
    achievement = object_from_post(
        request, printable_achievements(passport.participant, request.user), "achievement"
    )
    services.evidence_attach(key_competency=kc, actor=request.user, achievement=achievement)
    return _back_to_evidence(passport, kc)


def _no_story_chosen(request: HttpRequest, passport: Passport) -> HttpResponse:
    messages.error(request, _("Choose a story in the list first."))
    return _evidence_page(request, passport, status=INVALID)


@login_required
@require_POST
def evidence_detach(request: HttpRequest, pk: int) -> HttpResponse:
    passport = _passport(request, pk, perms.PASSPORT_EDIT)
    kc = _key_competency(request, passport)
    achievement = object_from_post(
        request,
        Achievement.objects.visible_to(request.user).filter(participant=passport.participant),
        "achievement",
    )
    services.evidence_detach(key_competency=kc, actor=request.user, achievement_id=achievement.pk)
    return _back_to_evidence(passport, kc)


@login_required
@require_POST
def evidence_write(request: HttpRequest, pk: int) -> HttpResponse:
    """Write a new achievement (in the evidence base) and use it for this key competency."""
    passport = _passport(request, pk, perms.PASSPORT_EDIT)
    kc = _key_competency(request, passport)
    form = EvidenceWriteForm(request.POST, passport=passport, prefix=f"w{kc.pk}")
    if form.is_valid():
        try:
            services.evidence_write(key_competency=kc, actor=request.user, texts=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _back_to_evidence(passport, kc)
    return _evidence_page(request, passport, {kc.pk: {"write_form": form}}, status=INVALID)


# --- Step 7: review, approval, printing -----------------------------------------------


def _review_action(request: HttpRequest, pk: int, run, done: str) -> HttpResponse:
    return state_change(
        request, run, done=done, to=reverse("passports:step", kwargs={"pk": pk, "step": "revision"})
    )


@login_required
@require_POST
def passport_submit(request: HttpRequest, pk: int) -> HttpResponse:
    passport = _passport(request, pk, perms.PASSPORT_VIEW)
    return _review_action(
        request,
        pk,
        lambda: services.passport_submit(passport=passport, actor=request.user),
        _("The passport is ready for the participant's review."),
    )


@login_required
@require_POST
def passport_approve(request: HttpRequest, pk: int) -> HttpResponse:
    passport = _passport(request, pk, perms.PASSPORT_VIEW)
    return _review_action(
        request,
        pk,
        lambda: services.passport_approve(passport=passport, actor=request.user),
        _("Thank you! Your passport is approved."),
    )


@login_required
@require_POST
def passport_approve_in_person(request: HttpRequest, pk: int) -> HttpResponse:
    passport = _passport(request, pk, perms.PASSPORT_VIEW)
    return _review_action(
        request,
        pk,
        lambda: services.passport_approve(passport=passport, actor=request.user, in_person=True),
        _("Approval given in person is recorded."),
    )


@login_required
@require_POST
def passport_print(request: HttpRequest, pk: int) -> HttpResponse:
    passport = _passport(request, pk, perms.PASSPORT_VIEW)
    try:
        version = services.passport_print(passport=passport, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("passports:step", pk=pk, step="revision")
    query = urlencode(
        {"variant": request.POST.get("variant", ""), "lang": request.POST.get("lang", "")}
    )
    return redirect(reverse("passports:version_document", kwargs={"pk": version.pk}) + f"?{query}")


APPROVABLE = (Passport.Status.DRAFT, Passport.Status.READY, Passport.Status.REAPPROVAL)


@login_required
def passport_review(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    passport = _passport(request, pk, perms.PASSPORT_VIEW)
    content = selectors.passport_content(passport)
    caps = perms.object_capabilities(request.user, passport)
    versions = selectors.versions_for(user=request.user, passport=passport)
    latest = versions[0] if versions else None
    is_owner = passport.participant.user_id == request.user.pk
    # A logo that cannot be placed is said, never silently left out of the document.
    logo_warning = passport_rendering.logo_problem(services.logo_bytes(passport)[0])
    context = _step_context(request, passport, "revision") | {
        "weak_points": selectors.weak_points(content) + ([logo_warning] if logo_warning else []),
        "review_flags": selectors.review_flags(passport, content),
        # Not granted is the person's choice at the identification step (every detail is
        # offered there): information, never a point to fix.
        "withheld": selectors.withheld_contact(passport),
        "no_contact": not content["contact"],
        "is_owner": is_owner,
        "languages": selectors.output_languages(content),
        "versions": versions,
        "versions_pending": any(v.documents_status == "pending" for v in versions),
        "changes": selectors.content_changes(latest.content, content) if latest else [],
        "can_approve": perms.PASSPORT_APPROVE in caps and passport.status in APPROVABLE,
        "can_approve_in_person": perms.PASSPORT_EDIT in caps and passport.status in APPROVABLE,
        "can_edit": perms.PASSPORT_EDIT in caps,
    }
    return render(request, "passports/step_revision.html", context)


@login_required
def passport_versions(request: HttpRequest, pk: int) -> HttpResponse:
    """The versions table alone: what the review page polls while documents are prepared."""
    passport = _passport(request, pk, perms.PASSPORT_VIEW)
    versions = selectors.versions_for(user=request.user, passport=passport)
    return render(
        request,
        "passports/_versions.html",
        {
            "participant": passport.participant,
            "versions": versions,
            "versions_pending": any(v.documents_status == "pending" for v in versions),
        },
    )


def _preview_pages(request: HttpRequest, passport: Passport) -> list[bytes]:
    """The preview's PNG pages in the language asked for (none if the engine refused)."""
    content = selectors.passport_content(passport)
    logo, logo_type = services.logo_bytes(passport)
    try:
        return passport_rendering.render_passport_preview(
            content,
            lang=_language(request, content),
            variant="colour",
            logo=logo,
            logo_type=logo_type,
        )
    except RenderError:
        return []


@login_required
def passport_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The real document's pages as images, for the builder (refreshed after autosave).

    The pages are image URLs named by their content hash (the bytes wait in the shared cache),
    not base64 in the HTML: a refresh sends a few hundred bytes per page, and the browser
    fetches only the pages that changed.
    """
    passport = _passport(request, pk, perms.PASSPORT_VIEW, for_document=True)
    content = selectors.passport_content(passport)
    lang = _language(request, content)
    logo, logo_type = services.logo_bytes(passport)
    # Unchanged inputs (an autosave that changed nothing printed) compile nothing.
    inputs, compile_pages = passport_rendering.passport_preview_job(
        content, lang=lang, variant="colour", logo=logo, logo_type=logo_type
    )
    try:
        digests = previews.cached_pages(
            PREVIEW_KIND, passport.participant_id, inputs, compile_pages
        )
    except RenderError:
        digests = []
    query = urlencode({"lang": lang})
    images = [
        reverse("passports:preview_page", kwargs={"pk": passport.participant_id, "digest": d})
        + f"?{query}"
        for d in digests
    ]
    pdf_url = reverse("passports:draft_document", kwargs={"pk": passport.participant_id})
    return render(
        request,
        "passports/_preview.html",
        {
            "images": images,
            "lang": lang,
            "pdf_url": f"{pdf_url}?{query}",
            "logo_warning": passport_rendering.logo_problem(logo),
        },
    )


@login_required
def passport_preview_page(request: HttpRequest, pk: int, digest: str) -> HttpResponse:
    """One preview page image, checked like the preview; re-rendered if the cache lost it."""
    passport = _passport(request, pk, perms.PASSPORT_VIEW, for_document=True)
    return previews.page_response(
        PREVIEW_KIND,
        passport.participant_id,
        digest,
        lambda: _preview_pages(request, passport),
    )


def _language(request: HttpRequest, content: dict) -> str:
    """The language asked for, if the passport is written in it; else its first language."""
    languages = selectors.output_languages(content)
    asked = request.GET.get("lang")
    return asked if asked in languages else languages[0]


def _variant(request: HttpRequest) -> str:
    return "copy" if request.GET.get("variant") == "copy" else "colour"


def _render(content: dict, owner, request: HttpRequest) -> HttpResponse:
    from atout.documents.rendering.docx import render_passport_docx

    lang, variant = _language(request, content), _variant(request)
    if request.GET.get("format") == "docx":
        return document_response(render_passport_docx(content, lang=lang), as_attachment=True)
    logo, logo_type = services.logo_bytes(owner)
    try:
        document = passport_rendering.render_passport(
            content, lang=lang, variant=variant, logo=logo, logo_type=logo_type
        )
    except RenderError:
        raise Http404() from None
    return document_response(document, as_attachment=False)


@login_required
def draft_document(request: HttpRequest, pk: int) -> HttpResponse:
    passport = _passport(request, pk, perms.PASSPORT_VIEW, for_document=True)
    return _render(selectors.passport_content(passport), passport, request)


@login_required
def version_document(request: HttpRequest, pk: int) -> HttpResponse:
    """A frozen version, reprinted identically."""
    version = PassportVersion.objects.select_related("passport").get_visible_or_404(
        request.user, pk=pk
    )
    if not perms.has_capability(request.user, perms.PASSPORT_VIEW, version.passport):
        raise PermissionDenied
    if version.is_withdrawn:
        return document_withdrawn(request, details=version.withdrawn_details)
    lang, variant = _language(request, version.content), _variant(request)
    stored = version.documents.filter(lang=lang, variant=variant).first()
    if stored is not None and request.GET.get("format") != "docx":
        try:
            with stored.file.open("rb") as handle:
                content = handle.read()
        except OSError:
            content = None
        if content is not None:
            return document_response(
                RenderedDocument(stored.name, "application/pdf", content), as_attachment=False
            )
    return _render(version.content, version, request)


urlpatterns = [
    path("dossiers/<int:pk>/", passport_home, name="home"),
    path("dossiers/<int:pk>/etape/<slug:step>/", passport_step, name="step"),
    path("dossiers/<int:pk>/logo/", passport_logo, name="logo"),
    path("dossiers/<int:pk>/langues/", passport_use_languages, name="use_languages"),
    path("dossiers/<int:pk>/competences-cles/ajout/", key_competency_add, name="kc_add"),
    path(
        "dossiers/<int:pk>/competences-cles/monter/",
        key_competency_move,
        {"direction": "up"},
        name="kc_up",
    ),
    path(
        "dossiers/<int:pk>/competences-cles/descendre/",
        key_competency_move,
        {"direction": "down"},
        name="kc_down",
    ),
    path("dossiers/<int:pk>/competences-cles/retrait/", key_competency_remove, name="kc_remove"),
    path("dossiers/<int:pk>/competences-cles/ordre/", key_competencies_reorder, name="kc_reorder"),
    path("dossiers/<int:pk>/preuves/lien/", evidence_link, name="evidence_link"),
    path("dossiers/<int:pk>/preuves/ajout/", evidence_attach, name="evidence_attach"),
    path("dossiers/<int:pk>/preuves/retrait/", evidence_detach, name="evidence_detach"),
    path("dossiers/<int:pk>/preuves/nouvelle/", evidence_write, name="evidence_write"),
    path("dossiers/<int:pk>/soumission/", passport_submit, name="submit"),
    path("dossiers/<int:pk>/approbation/", passport_approve, name="approve"),
    path(
        "dossiers/<int:pk>/approbation-en-personne/",
        passport_approve_in_person,
        name="approve_in_person",
    ),
    path("dossiers/<int:pk>/impression/", passport_print, name="print"),
    path("dossiers/<int:pk>/versions/", passport_versions, name="versions"),
    path("dossiers/<int:pk>/apercu/", passport_preview, name="preview"),
    # digest: the page image's sha256 (atout.documents.previews)
    path("dossiers/<int:pk>/apercu/<str:digest>.png", passport_preview_page, name="preview_page"),
    path("dossiers/<int:pk>/document/", draft_document, name="draft_document"),
    path("versions/<int:pk>/document/", version_document, name="version_document"),
]
