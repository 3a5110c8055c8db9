"""The cards page, the PDF sheet, the recorded print, and the organisation's print settings."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from atout.accounts.models import Role
from atout.accounts.tests.factories import member
from atout.cards.models import CardPrint, CardStockLayout, PrintSettings

pytestmark = pytest.mark.django_db


def cards_url(participant, name="cards:participant"):
    return reverse(name, kwargs={"pk": participant.pk})


# --- The participant's cards page ----------------------------------------------------------


def test_draft_passport_is_clearly_marked_and_warnings_show_before_printing(
    client_for, counsellor, participant, passport
):
    passport.objective_fr = "Commis " + "très minutieux et fiable " * 10
    passport.save()
    page = client_for(counsellor).get(cards_url(participant))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Brouillon" in html or "Draft" in html
    assert "Émilie Gagnon" in html and "Travailler en équipe" in html
    assert "emilie.gagnon@exemple.ca" in html
    # What had to be shortened is shown before anything prints.
    assert "shortened" in html or "raccourci" in html
    # Printing instructions: actual size, no scaling, test page first.
    assert re.search(r"100\s%", html)  # the French puts a no-break space before « % »
    assert f'method="post" action="{cards_url(participant, "cards:pdf")}"' in html
    assert 'name="test_page"' in html


def test_approved_version_prints_its_frozen_content(client_for, counsellor, participant, approved):
    passport = approved.passport
    passport.objective_fr = "Un tout autre objectif, pas encore approuvé."
    passport.save()
    html = client_for(counsellor).get(cards_url(participant)).content.decode()
    assert "Commis d’entrepôt de jour." in html
    assert "Un tout autre objectif" not in html


def test_pdf_get_serves_the_sheet_and_writes_nothing(client_for, counsellor, participant, passport):
    response = client_for(counsellor).get(
        cards_url(participant, "cards:pdf"), {"variant": "copy", "lang": "en"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"
    assert not CardPrint.objects.exists()


def test_test_page_from_the_cards_page(client_for, counsellor, participant, passport):
    response = client_for(counsellor).get(
        cards_url(participant, "cards:pdf"), {"test_page": "1", "layout": "clean-edge-10"}
    )
    assert response.status_code == 200
    assert "test" in response["Content-Disposition"]
    assert not CardPrint.objects.exists()


@pytest.mark.parametrize(
    "params",
    [
        {"variant": "rainbow"},
        {"lang": "de"},
        {"layout": "own-999999"},
        {"layout": "<script>alert(1)</script>"},
        {"layout": "x" * 5000},
    ],
)
def test_pdf_with_bad_choices_is_422_with_a_clear_message(
    client_for, counsellor, participant, passport, params
):
    response = client_for(counsellor).get(cards_url(participant, "cards:pdf"), params)
    assert response.status_code == 422
    html = response.content.decode()
    assert "error-summary" in html
    assert "<script>alert(1)" not in html


def test_print_post_records_then_sends_to_the_pdf(client_for, counsellor, participant, approved):
    client = client_for(counsellor)
    response = client.post(
        cards_url(participant, "cards:pdf"),
        {"variant": "colour", "lang": "fr", "layout": "clean-edge-10"},
    )
    assert response.status_code == 303
    assert response["Location"].startswith(cards_url(participant, "cards:pdf"))
    assert "layout=clean-edge-10" in response["Location"]
    record = CardPrint.objects.get()
    assert (record.participant, record.printed_by, record.layout) == (
        participant,
        counsellor,
        "clean-edge-10",
    )
    assert record.passport_version == approved
    assert client.get(response["Location"]).status_code == 200
    page = client.get(cards_url(participant)).content.decode()
    assert "Clean edge, 10 cards" in page or "Bords nets" in page


def test_print_with_bad_choices_records_nothing(client_for, counsellor, participant, passport):
    response = client_for(counsellor).post(
        cards_url(participant, "cards:pdf"), {"variant": "x", "layout": "nope"}
    )
    assert response.status_code == 422
    assert not CardPrint.objects.exists()


def test_without_passport_nothing_prints(client_for, counsellor, participant):
    client = client_for(counsellor)
    page = client.get(cards_url(participant))
    assert page.status_code == 200
    assert reverse("passports:home", kwargs={"pk": participant.pk}) in page.content.decode()
    assert client.get(cards_url(participant, "cards:pdf")).status_code == 409
    assert client.post(cards_url(participant, "cards:pdf"), {}).status_code == 409
    assert not CardPrint.objects.exists()


def test_the_participant_sees_their_cards_but_does_not_print(
    client_for, participant_user, participant, passport
):
    client = client_for(participant_user)
    page = client.get(cards_url(participant))
    assert page.status_code == 200
    assert 'method="post"' not in page.content.decode().split("<main", 1)[1]
    assert client.get(cards_url(participant, "cards:pdf")).status_code == 403
    assert client.post(cards_url(participant, "cards:pdf"), {}).status_code == 403


def test_own_layouts_are_offered_to_the_organisation_only(
    client_for, counsellor, outsider, participant, passport, own_layout
):
    html = client_for(counsellor).get(cards_url(participant)).content.decode()
    assert own_layout.name in html and own_layout.key in html
    assert client_for(outsider).get(cards_url(participant)).status_code == 404


# --- The organisation's print settings -----------------------------------------------------


def layout_post(**changes):
    data = {
        "name": "Notre carton",
        "unit": "in",
        "card_width": "3,5",
        "card_height": "2",
        "columns": "2",
        "rows": "5",
        "margin_top": "0.5",
        "margin_left": "0,75",
        "gap_x": "0",
        "gap_y": "0",
    }
    data.update(changes)
    return data


def test_admin_adds_edits_and_deletes_a_layout_with_history(client_for, org_admin, organisation):
    client = client_for(org_admin)
    assert client.get(reverse("cards:print_settings")).status_code == 200
    assert client.get(reverse("cards:layout_create")).status_code == 200
    response = client.post(reverse("cards:layout_create"), layout_post())
    assert response.status_code == 302
    layout = CardStockLayout.objects.get(organisation=organisation)
    assert layout.card_width == Decimal("3.5") and layout.created_by == org_admin
    edit = reverse("cards:layout_edit", kwargs={"pk": layout.pk})
    assert client.get(edit).status_code == 200
    response = client.post(edit, layout_post(margin_top="0,6", version=layout.version))
    assert response.status_code == 302
    layout.refresh_from_db()
    assert layout.margin_top == Decimal("0.6") and layout.version == 2
    assert layout.history.count() == 2
    delete = reverse("cards:layout_delete", kwargs={"pk": layout.pk})
    assert client.get(delete).status_code == 200
    assert client.post(delete).status_code == 302
    assert not CardStockLayout.objects.exists()


def test_a_stale_layout_edit_is_a_409_conflict(client_for, org_admin, own_layout):
    edit = reverse("cards:layout_edit", kwargs={"pk": own_layout.pk})
    response = client_for(org_admin).post(
        edit,
        layout_post(
            name="Papeterie Laurier 2×4",
            unit="mm",
            card_width="89",
            card_height="51",
            rows="4",
            margin_top="20",
            margin_left="12.5",
            gap_x="6",
            gap_y="10",
            version=own_layout.version + 5,
        ),  # fmt: skip
    )
    assert response.status_code == 409
    assert 'id="conflict"' in response.content.decode()


def test_cards_that_do_not_fit_get_a_clear_message(client_for, org_admin):
    response = client_for(org_admin).post(reverse("cards:layout_create"), layout_post(rows="6"))
    assert response.status_code == 422
    html = response.content.decode()
    assert "Lettre US" in html or "US Letter" in html
    assert not CardStockLayout.objects.exists()


def test_reserved_and_duplicate_names_are_refused(client_for, org_admin, own_layout):
    client = client_for(org_admin)
    assert (
        client.post(reverse("cards:layout_create"), layout_post(name="perforated-10")).status_code
        == 422
    )
    assert (
        client.post(
            reverse("cards:layout_create"), layout_post(name=own_layout.name.upper())
        ).status_code
        == 422
    )
    assert CardStockLayout.objects.count() == 1


def test_offset_is_saved_bounded_and_versioned(client_for, org_admin, organisation):
    client = client_for(org_admin)
    url = reverse("cards:print_settings")
    response = client.post(url, {"offset_x_mm": "1,5", "offset_y_mm": "-2", "version": "1"})
    assert response.status_code == 302
    settings = PrintSettings.objects.get(organisation=organisation)
    assert settings.offset == (1.5, -2.0)
    assert settings.version == 1
    for bad in ("10.5", "-11", "abc", "1e3", "NaN", "0.05"):
        response = client.post(url, {"offset_x_mm": bad, "offset_y_mm": "0", "version": "1"})
        assert response.status_code == 422, bad
    stale = client.post(url, {"offset_x_mm": "3", "offset_y_mm": "0", "version": "0"})
    assert stale.status_code == 409
    settings.refresh_from_db()
    assert settings.offset == (1.5, -2.0)
    assert settings.history.count() == 1


def test_counsellor_cannot_change_print_settings(client_for, counsellor, own_layout):
    client = client_for(counsellor)
    for url in (
        reverse("cards:print_settings"),
        reverse("cards:layout_create"),
        reverse("cards:test_page"),
        reverse("cards:layout_edit", kwargs={"pk": own_layout.pk}),
        reverse("cards:layout_delete", kwargs={"pk": own_layout.pk}),
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url).status_code in (403, 405), url


def test_another_organisations_layout_is_404(client_for, other_organisation, own_layout):
    admin = member(other_organisation, Role.ORG_ADMIN)
    client = client_for(admin)
    for name in ("cards:layout_edit", "cards:layout_delete"):
        url = reverse(name, kwargs={"pk": own_layout.pk})
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert CardStockLayout.objects.filter(pk=own_layout.pk).exists()
    response = client.get(reverse("cards:test_page"), {"layout": own_layout.key})
    assert response.status_code == 422


def test_test_page_with_an_unknown_layout_is_422(client_for, org_admin):
    response = client_for(org_admin).get(reverse("cards:test_page"), {"layout": "??"})
    assert response.status_code == 422
