"""The passport builder: seven steps, each a page that works without JavaScript, autosaved
with htmx, plus approval, printing and frozen versions."""

from __future__ import annotations

import base64
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from atout.accounts import permissions as perms
from atout.common.views import save_or_conflict
from atout.competencies import selectors as competency_selectors
from atout.documents.rendering import RenderedDocument, RenderError
from atout.documents.responses import document_response
from atout.evidence.models import Achievement
from atout.participants import selectors as participant_selectors
from atout.participants.models import Attachment, Audience
from atout.passports import selectors, services, uploads
from atout.passports.forms import (
    BasicSkillsForm,
    EvidenceWriteForm,
    HelpForm,
    IdentificationForm,
    KeyCompetencyAddForm,
    KeyCompetencyForm,
    LogoForm,
    ObjectiveForm,
)
from atout.passports.models import KeyCompetency, Passport, PassportVersion

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


def _passport(request: HttpRequest, pk: int, capability: str) -> Passport:
    passport = selectors.passport_for_user(user=request.user, participant_pk=pk)
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
        decided = {
            c.field: c.granted
            for c in participant.consents.all()
            if c.audience == Audience.EMPLOYER
        }
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
    if step == "aide":
        return HelpForm(
            data,
            instance=passport,
            attachments=Attachment.objects.visible_to(request.user).filter(participant=participant),
        )
    return None


@login_required
def passport_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEP_SLUGS:
        raise Http404()
    if step == "revision":
        return passport_review(request, pk)
    passport = _passport(request, pk, perms.PASSPORT_EDIT)
    if step == "competences-cles":
        return _key_competencies(request, passport)
    if step == "preuves":
        return _evidence(request, passport)
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
    if request.htmx and request.method == "POST":
        # Autosave that could not save: say so where the status goes, keep the form as is.
        return render(
            request,
            "passports/_autosave.html",
            {"passport": passport, "conflict": conflict, "errors": form.errors},
        )
    context = _step_context(request, passport, step) | {
        "form": form,
        "conflict": conflict,
        "logo_form": LogoForm() if step == "identification" else None,
    }
    return render(
        request,
        f"passports/step_{step.replace('-', '_')}.html",
        context,
        status=409 if conflict else (422 if form.errors else 200),
    )


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


def _key_competencies(request: HttpRequest, passport: Passport) -> HttpResponse:
    competencies = competency_selectors.competencies_for(
        organisation_id=passport.participant.organisation_id,
        framework=competency_selectors.generic_framework(),
    )
    add_form = KeyCompetencyAddForm(
        request.POST if request.POST.get("action") == "add" else None,
        competencies=competencies,
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "add" and add_form.is_valid():
                chosen = add_form.cleaned_data["competency"]
                services.key_competency_add(
                    passport=passport,
                    actor=request.user,
                    competency=competencies.filter(pk=chosen).first() if chosen else None,
                    title_fr=add_form.cleaned_data["title_fr"],
                    title_en=add_form.cleaned_data["title_en"],
                )
                return redirect(
                    "passports:step", pk=passport.participant_id, step="competences-cles"
                )
            if action in {"up", "down", "remove"}:
                kc = get_object_or_404(
                    KeyCompetency, pk=request.POST.get("key_competency") or 0, passport=passport
                )
                if action == "remove":
                    services.key_competency_remove(key_competency=kc, actor=request.user)
                else:
                    services.key_competency_move(
                        key_competency=kc, actor=request.user, direction=-1 if action == "up" else 1
                    )
                anchor = f"#kc-{kc.pk}" if action != "remove" else ""
                return redirect(
                    reverse(
                        "passports:step",
                        kwargs={"pk": passport.participant_id, "step": "competences-cles"},
                    )
                    + anchor
                )
            if action == "reorder":
                ids = [int(x) for x in request.POST.getlist("order") if x.isdigit()]
                services.key_competencies_reorder(
                    passport=passport, actor=request.user, ordered_ids=ids
                )
                if request.htmx:
                    return _saved_response(request, passport)
                return redirect(
                    "passports:step", pk=passport.participant_id, step="competences-cles"
                )
        except ValidationError as error:
            add_form.add_error(None, error)
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
    return render(
        request,
        "passports/step_competences_cles.html",
        context,
        status=422 if add_form.errors else 200,
    )


def _evidence(request: HttpRequest, passport: Passport) -> HttpResponse:
    key_competencies = list(passport.key_competencies.all())
    achievements = list(
        Achievement.objects.visible_to(request.user)
        .filter(participant=passport.participant)
        .select_related("experience")
    )
    bound: dict[int, dict] = {}
    if request.method == "POST":
        kc = get_object_or_404(
            KeyCompetency, pk=request.POST.get("key_competency") or 0, passport=passport
        )
        action = request.POST.get("action")
        try:
            if action == "link":
                form = KeyCompetencyForm(request.POST, passport=passport, prefix=f"kc{kc.pk}")
                if form.is_valid():
                    services.key_competency_update(
                        key_competency=kc, actor=request.user, data=form.cleaned_data
                    )
                else:
                    bound[kc.pk] = {"link_form": form}
            elif action == "attach":
                achievement = get_object_or_404(
                    Achievement,
                    pk=request.POST.get("achievement") or 0,
                    participant=passport.participant,
                )
                services.evidence_attach(
                    key_competency=kc, actor=request.user, achievement=achievement
                )
            elif action == "detach":
                raw = request.POST.get("achievement", "")
                services.evidence_detach(
                    key_competency=kc,
                    actor=request.user,
                    achievement_id=int(raw) if raw.isdigit() else 0,
                )
            elif action == "write":
                form = EvidenceWriteForm(request.POST, prefix=f"w{kc.pk}")
                if form.is_valid():
                    services.evidence_write(
                        key_competency=kc, actor=request.user, **form.cleaned_data
                    )
                else:
                    bound[kc.pk] = {"write_form": form}
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        if not bound:
            return redirect(
                reverse("passports:step", kwargs={"pk": passport.participant_id, "step": "preuves"})
                + f"#kc-{kc.pk}"
            )
        passport = selectors.passport_for_user(
            user=request.user, participant_pk=passport.participant_id
        )
        key_competencies = list(passport.key_competencies.all())
    rows = []
    for kc in key_competencies:
        used = {ev.achievement_id for ev in kc.evidence.all()}
        rows.append(
            {
                "kc": kc,
                "evidence": [ev.achievement for ev in kc.evidence.all()],
                "available": [a for a in achievements if a.pk not in used],
                "link_form": bound.get(kc.pk, {}).get("link_form")
                or KeyCompetencyForm(
                    initial={
                        "title_fr": kc.title_fr,
                        "title_en": kc.title_en,
                        "link_fr": kc.link_fr,
                        "link_en": kc.link_en,
                    },
                    passport=passport,
                    prefix=f"kc{kc.pk}",
                ),
                "write_form": bound.get(kc.pk, {}).get("write_form")
                or EvidenceWriteForm(prefix=f"w{kc.pk}"),
            }
        )
    context = _step_context(request, passport, "preuves") | {"rows": rows}
    return render(request, "passports/step_preuves.html", context, status=422 if bound else 200)


@login_required
def passport_review(request: HttpRequest, pk: int) -> HttpResponse:
    passport = _passport(request, pk, perms.PASSPORT_VIEW)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "submit":
                services.passport_submit(passport=passport, actor=request.user)
                messages.success(request, _("The passport is ready for the participant's review."))
            elif action == "approve":
                services.passport_approve(passport=passport, actor=request.user)
                messages.success(request, _("Thank you! Your passport is approved."))
            elif action == "approve_in_person":
                services.passport_approve(passport=passport, actor=request.user, in_person=True)
                messages.success(request, _("Approval given in person is recorded."))
            elif action == "print":
                version = services.passport_print(passport=passport, actor=request.user)
                query = urlencode(
                    {
                        "variant": request.POST.get("variant", ""),
                        "lang": request.POST.get("lang", ""),
                    }
                )
                return redirect(
                    reverse("passports:version_document", kwargs={"pk": version.pk}) + f"?{query}"
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("passports:step", pk=pk, step="revision")
    content = selectors.passport_content(passport)
    caps = perms.object_capabilities(request.user, passport)
    versions = list(
        PassportVersion.objects.visible_to(request.user)
        .filter(passport=passport)
        .select_related("created_by")
    )
    for version in versions:
        # Reprint links in the languages that version was written in, both variants.
        base = reverse("passports:version_document", kwargs={"pk": version.pk})
        version.links = [
            (lang, variant, f"{base}?{urlencode({'variant': variant, 'lang': lang})}")
            for lang in selectors.output_languages(version.content)
            for variant in ("colour", "copy")
        ]
    latest = versions[0] if versions else None
    context = _step_context(request, passport, "revision") | {
        "weak_points": selectors.weak_points(content),
        "withheld": selectors.withheld_contact(passport),
        "languages": selectors.output_languages(content),
        "versions": versions,
        "changes": selectors.content_changes(latest.content, content) if latest else [],
        "can_approve": perms.PASSPORT_APPROVE in caps
        and passport.status in (Passport.Status.DRAFT, Passport.Status.READY),
        "can_edit": perms.PASSPORT_EDIT in caps,
    }
    return render(request, "passports/step_revision.html", context)


@login_required
def passport_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The real document's pages as images, for the builder (refreshed after autosave)."""
    passport = _passport(request, pk, perms.PASSPORT_VIEW)
    from atout.documents.rendering import passport as passport_rendering

    content = selectors.passport_content(passport)
    lang = _language(request, content)
    logo, logo_type = services.logo_bytes(passport)
    try:
        pages = passport_rendering.render_passport_preview(
            content, lang=lang, variant="colour", logo=logo, logo_type=logo_type
        )
    except RenderError:
        pages = []
    images = ["data:image/png;base64," + base64.b64encode(p).decode() for p in pages]
    return render(request, "passports/_preview.html", {"images": images, "lang": lang})


def _language(request: HttpRequest, content: dict) -> str:
    """The language asked for, if the passport is written in it; else its first language."""
    languages = selectors.output_languages(content)
    asked = request.GET.get("lang")
    return asked if asked in languages else languages[0]


def _variant(request: HttpRequest) -> str:
    return "copy" if request.GET.get("variant") == "copy" else "colour"


def _render(content: dict, owner, request: HttpRequest) -> HttpResponse:
    from atout.documents.rendering import passport as passport_rendering
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
    passport = _passport(request, pk, perms.PASSPORT_VIEW)
    return _render(selectors.passport_content(passport), passport, request)


@login_required
def version_document(request: HttpRequest, pk: int) -> HttpResponse:
    """A frozen version, reprinted identically."""
    version = PassportVersion.objects.select_related("passport").get_visible_or_404(
        request.user, pk=pk
    )
    if not perms.has_capability(request.user, perms.PASSPORT_VIEW, version.passport):
        raise PermissionDenied
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
    path("dossiers/<int:pk>/apercu/", passport_preview, name="preview"),
    path("dossiers/<int:pk>/document/", draft_document, name="draft_document"),
    path("versions/<int:pk>/document/", version_document, name="version_document"),
]
