"""Business cards: the participant's cards page, the PDF sheet, and the organisation's print
settings (card stock layouts, printer offset, alignment test page).

Printing is a POST to the PDF's URL that records the print and answers 303 to the same URL
with the choices in the query string: the browser then downloads the sheet. The GET only
renders and serves (the access log records it as a document read) and writes nothing, so a
prefetch, a reload or a shared link never records a print that did not happen.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods

from atout.accounts import permissions as perms
from atout.cards import selectors, services
from atout.cards.forms import (
    AlignmentPageForm,
    CardChoiceForm,
    CardStockLayoutForm,
    PrinterOffsetForm,
)
from atout.cards.models import CardStockLayout
from atout.common.views import INVALID, conflict_rows, form_status, save_or_conflict
from atout.documents.rendering.cards import LAYOUTS, PT_PER_INCH, render_business_cards
from atout.documents.responses import document_response
from atout.participants import selectors as participant_selectors

# --- The participant's cards ---------------------------------------------------------------


def _choice_form(request: HttpRequest, participant: Any, source: Any, data: Any = None):
    from atout.sharing.selectors import share_link_choices

    return CardChoiceForm(
        data,
        layouts=selectors.layout_choices(participant.organisation),
        languages=source.languages if source.exists else ["fr", "en"],
        share_links=share_link_choices(participant),
    )


def _cards_page(
    request: HttpRequest,
    participant: Any,
    source: Any,
    form: CardChoiceForm,
    *,
    status: int = 200,
    problem: str = "",
) -> HttpResponse:
    caps = perms.object_capabilities(request.user, participant)
    organisation = participant.organisation
    warnings = selectors.card_warnings(source)
    context = {
        "participant": participant,
        "source": source,
        "form": form,
        "problem": problem,
        "previews": [
            {"lang": lang, "card": selectors.card_preview(source, lang), "warnings": warnings[lang]}
            for lang in source.languages
        ]
        if source.exists
        else [],
        "prints": selectors.prints_for(participant=participant, user=request.user),
        "can_print": perms.DOCUMENT_EDIT in caps,
        "can_edit_passport": perms.PASSPORT_EDIT in caps,
        "can_manage_settings": perms.PRINT_SETTINGS_MANAGE
        in perms.organisation_capabilities(request.user, organisation.pk),
        "offset": selectors.printer_offset(organisation),
        "unconfirmed": [key for key, layout in LAYOUTS.items() if layout.unconfirmed],
        "is_owner": participant.user_id == request.user.pk,
    }
    return render(request, "cards/participant_cards.html", context, status=status)


@login_required
def participant_cards(request: HttpRequest, pk: int) -> HttpResponse:
    participant = participant_selectors.participant_for_user(user=request.user, pk=pk)
    perms.require(request.user, perms.DOCUMENT_VIEW, participant)
    source = selectors.card_source(participant=participant, user=request.user)
    return _cards_page(request, participant, source, _choice_form(request, participant, source))


def _sheet(participant: Any, source: Any, choices: dict[str, str], *, test_page: bool):
    organisation = participant.organisation
    key, layout = selectors.resolve_layout(organisation, choices["layout"])
    logo, logo_type = (None, None) if test_page else selectors.logo_for(source)
    from atout.sharing.selectors import share_link_url

    qr_url = None if test_page else share_link_url(participant, choices.get("qr_link"))
    document, _warnings = render_business_cards(
        source.content if source.exists else {},
        lang=choices["lang"],
        variant=choices["variant"],
        layout=layout,
        offset_mm=selectors.printer_offset(organisation),
        test_page=test_page,
        logo=logo,
        logo_type=logo_type,
        qr_url=qr_url,
    )
    return key, layout, document


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def cards_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the sheet (or, with test_page=1, the alignment test page) as a PDF; writes nothing.
    POST: record the print, then 303 to the GET with the same choices (the download)."""
    participant = participant_selectors.participant_for_user(user=request.user, pk=pk)
    perms.require(request.user, perms.DOCUMENT_EDIT, participant)
    source = selectors.card_source(participant=participant, user=request.user)
    posted = request.method == "POST"
    form = _choice_form(request, participant, source, request.POST if posted else request.GET)
    test_page = not posted and request.GET.get("test_page") == "1"
    if not form.is_valid():
        return _cards_page(request, participant, source, form, status=INVALID)
    if not source.exists and not test_page:
        return _cards_page(
            request, participant, source, form, status=409, problem=_no_passport_message()
        )
    if posted:
        return _record_print(request, participant, source, form.cleaned_data)
    _key, _layout, document = _sheet(participant, source, form.cleaned_data, test_page=test_page)
    return document_response(document, as_attachment=True)


def _no_passport_message() -> str:
    return _("This file has no passport yet: the cards take their content from it.")


def _record_print(
    request: HttpRequest, participant: Any, source: Any, choices: dict[str, str]
) -> HttpResponse:
    """Record the print, then send the browser to the PDF with the same choices."""
    key, _layout = selectors.resolve_layout(participant.organisation, choices["layout"])
    services.card_print_record(
        participant=participant,
        actor=request.user,
        layout=key,
        layout_name=selectors.layout_label(participant.organisation, key),
        variant=choices["variant"],
        lang=choices["lang"],
        passport_version=source.version,
    )
    messages.success(request, _("Print recorded. The sheet of cards is downloading."))
    query = urlencode(
        {k: choices[k] for k in ("variant", "lang", "layout", "qr_link") if choices.get(k)}
    )
    url = reverse("cards:pdf", kwargs={"pk": participant.pk})
    return _see_other(f"{url}?{query}")


def _see_other(url: str) -> HttpResponse:
    response = HttpResponse(status=303)
    response["Location"] = url
    return response


# --- The organisation's print settings -----------------------------------------------------


def _number(value: float) -> str:
    """3.5, 0.75, 2: a length as people write it, in the reader's locale."""
    exact = Decimal(str(round(value, 3)))
    integral = exact == exact.to_integral()
    return number_format(exact.quantize(Decimal("1")) if integral else exact.normalize())


def _settings_page(
    request: HttpRequest,
    *,
    offset_form: PrinterOffsetForm | None = None,
    test_form: AlignmentPageForm | None = None,
    conflict: Any = None,
    status: int = 200,
) -> HttpResponse:
    organisation = request.organisation
    current = selectors.print_settings_for(organisation)
    layouts = selectors.layout_choices(organisation)
    context = {
        "organisation": organisation,
        "offset_form": offset_form or PrinterOffsetForm(instance=current),
        "test_form": test_form or AlignmentPageForm(layouts=layouts),
        "layouts": selectors.own_layouts(organisation),
        "presets": [
            {
                "label": label,
                "columns": LAYOUTS[key].columns,
                "rows": LAYOUTS[key].rows,
                "width": _number(LAYOUTS[key].card_w / PT_PER_INCH),
                "height": _number(LAYOUTS[key].card_h / PT_PER_INCH),
                "top": _number(LAYOUTS[key].margin_top / PT_PER_INCH),
                "left": _number(LAYOUTS[key].margin_left / PT_PER_INCH),
                "gap_x": _number(LAYOUTS[key].gap_x / PT_PER_INCH),
                "gap_y": _number(LAYOUTS[key].gap_y / PT_PER_INCH),
            }
            for key, label in layouts
            if key in LAYOUTS
        ],
        "inch": pgettext("unit", "in"),
        "conflict": conflict,
        "conflict_rows": conflict_rows(offset_form, conflict) if conflict else [],
        "history": current.history.select_related("history_user")[:5] if current.pk else [],
    }
    return render(request, "cards/print_settings.html", context, status=status)


@login_required
@perms.requires(perms.PRINT_SETTINGS_MANAGE)
@require_http_methods(["GET", "POST"])
def print_settings(request: HttpRequest) -> HttpResponse:
    """The organisation's card stock layouts and printer offset (the offset form posts here)."""
    if request.method != "POST":
        return _settings_page(request)
    current = selectors.print_settings_for(request.organisation)
    form = PrinterOffsetForm(request.POST, instance=current)
    conflict = None
    if form.is_valid():
        saved, conflict = save_or_conflict(
            form,
            lambda: services.printer_offset_set(
                organisation=request.organisation,
                actor=request.user,
                data=form.field_values(),
                expected_version=form.cleaned_data.get("version") or 0,
            ),
        )
        if saved is not None:
            messages.success(request, _("Printer offset saved."))
            return redirect("cards:print_settings")
    return _settings_page(
        request, offset_form=form, conflict=conflict, status=form_status(form, conflict)
    )


@login_required
@perms.requires(perms.PRINT_SETTINGS_MANAGE)
@require_http_methods(["GET", "HEAD"])
def test_page(request: HttpRequest) -> HttpResponse:
    """The alignment test page for one layout, with the organisation's printer offset."""
    organisation = request.organisation
    form = AlignmentPageForm(request.GET, layouts=selectors.layout_choices(organisation))
    if not form.is_valid():
        return _settings_page(request, test_form=form, status=INVALID)
    _key, layout = selectors.resolve_layout(organisation, form.cleaned_data["layout"])
    document, _warnings = render_business_cards(
        {},
        lang="en" if request.LANGUAGE_CODE == "en" else "fr",
        variant="copy",
        layout=layout,
        offset_mm=selectors.printer_offset(organisation),
        test_page=True,
    )
    return document_response(document, as_attachment=True)


def _own_layout(request: HttpRequest, pk: int) -> CardStockLayout:
    found = CardStockLayout.objects.filter(organisation=request.organisation, pk=pk).first()
    if found is None:
        raise Http404
    return found


@login_required
@perms.requires(perms.PRINT_SETTINGS_MANAGE)
@require_http_methods(["GET", "POST"])
def layout_create(request: HttpRequest) -> HttpResponse:
    form = CardStockLayoutForm(
        request.POST or None, instance=CardStockLayout(organisation=request.organisation)
    )
    if request.method == "POST" and form.is_valid():
        layout, _conflict = save_or_conflict(
            form,
            lambda: services.layout_create(
                organisation=request.organisation, actor=request.user, data=form.field_values()
            ),
        )
        if layout is not None:
            messages.success(request, _("Card stock layout added. Print its test page first."))
            return redirect("cards:print_settings")
    return render(
        request,
        "cards/layout_form.html",
        {"form": form, "creating": True},
        status=form_status(form),
    )


@login_required
@perms.requires(perms.PRINT_SETTINGS_MANAGE)
@require_http_methods(["GET", "POST"])
def layout_edit(request: HttpRequest, pk: int) -> HttpResponse:
    layout = _own_layout(request, pk)
    form = CardStockLayoutForm(request.POST or None, instance=layout)
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved, conflict = save_or_conflict(
            form,
            lambda: services.layout_update(
                layout=layout,
                actor=request.user,
                data=form.field_values(),
                expected_version=form.cleaned_data.get("version") or 0,
            ),
        )
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect("cards:print_settings")
    context = {
        "form": form,
        "layout": layout,
        "conflict": conflict,
        "conflict_rows": conflict_rows(form, conflict) if conflict else [],
        "history": layout.history.select_related("history_user")[:10],
    }
    return render(request, "cards/layout_form.html", context, status=form_status(form, conflict))


@login_required
@perms.requires(perms.PRINT_SETTINGS_MANAGE)
@require_http_methods(["GET", "POST"])
def layout_delete(request: HttpRequest, pk: int) -> HttpResponse:
    layout = _own_layout(request, pk)
    if request.method == "POST":
        services.layout_delete(layout=layout, actor=request.user)
        messages.success(request, _("Card stock layout deleted."))
        return redirect("cards:print_settings")
    return render(request, "cards/layout_delete.html", {"layout": layout})
