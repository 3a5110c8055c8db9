"""What the cards print, their state in the file's Documents area, and the registry."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from atout.cards import documents, selectors, services
from atout.cards.models import CardPrint
from atout.documents.kinds import DocumentState, NothingToRender, document_kind
from atout.participants import services as participant_services
from atout.participants.models import Audience, ContactField

pytestmark = pytest.mark.django_db


def record(participant, counsellor, version=None, when=None):
    printed = services.card_print_record(
        participant=participant,
        actor=counsellor,
        layout="perforated-10",
        layout_name="Perforated",
        variant="colour",
        lang="fr",
        passport_version=version,
    )
    if when is not None:
        CardPrint.objects.filter(pk=printed.pk).update(printed_at=when)
    return printed


def test_draft_then_approved_then_printed(participant, counsellor, passport):
    (summary,) = documents.summaries(counsellor, participant)
    assert summary.state == DocumentState.DRAFT and summary.last_printed_at is None
    assert summary.url.endswith(f"/dossiers/{participant.pk}/cartes/")

    from atout.passports import services as passport_services

    version = passport_services.passport_approve(
        passport=passport, actor=counsellor, in_person=True
    )
    (summary,) = documents.summaries(counsellor, participant)
    assert summary.state == DocumentState.APPROVED
    assert str(version.created_at.year) in summary.detail

    # A print before the approval does not count as printing the approved cards.
    record(participant, counsellor, when=version.created_at - datetime.timedelta(days=1))
    assert documents.summaries(counsellor, participant)[0].state == DocumentState.APPROVED
    printed = record(participant, counsellor, version)
    (summary,) = documents.summaries(counsellor, participant)
    assert summary.state == DocumentState.PRINTED
    assert summary.last_printed_at == printed.printed_at


def test_no_passport_is_a_draft_and_nothing_to_render(participant, counsellor):
    (summary,) = documents.summaries(counsellor, participant)
    assert summary.state == DocumentState.DRAFT
    with pytest.raises(NothingToRender):
        documents.render(participant, lang="fr", variant="colour", fmt="pdf", layout=None)


def test_the_kind_is_registered():
    kind = document_kind("cards")
    assert kind.order == 20 and kind.formats == ("pdf",)
    assert set(kind.layouts) == {"perforated-10", "clean-edge-10"}
    assert kind.render is documents.render


def test_render_gives_a_pdf_sheet(participant, passport):
    document = documents.render(participant, lang="en", variant="copy", fmt="pdf", layout=None)
    assert document.content.startswith(b"%PDF") and document.name.endswith("-en.pdf")
    with pytest.raises(ValueError):
        documents.render(participant, lang="en", variant="copy", fmt="docx", layout=None)
    with pytest.raises(ValueError):
        documents.render(participant, lang="en", variant="copy", fmt="pdf", layout="nope")


def test_frozen_content_prints_withdrawn_versions_never(participant, counsellor, approved):
    source = selectors.card_source(participant=participant)
    assert source.version == approved and not source.is_draft
    assert source.content["contact"]["email"] == "emilie.gagnon@exemple.ca"
    participant_services.consent_set(
        participant=participant,
        actor=counsellor,
        decisions={(ContactField.EMAIL, Audience.EMPLOYER): False},
    )
    source = selectors.card_source(participant=participant)
    # The version showing the e-mail was withdrawn: back to the draft, without the e-mail.
    assert source.version is None and source.is_draft
    assert "email" not in source.content["contact"]
    assert source.content["contact"]["mobile_phone"]


def test_frozen_contact_passes_the_consent_selector_again(participant, counsellor, approved):
    approved.content["contact"]["home_phone"] = "4185550000"  # frozen, never consented
    approved.save()
    source = selectors.card_source(participant=participant)
    assert "home_phone" not in source.content["contact"]


def test_scoped_reads_hide_another_organisations_file(participant, outsider, passport):
    source = selectors.card_source(participant=participant, user=outsider)
    assert not source.exists
    assert selectors.prints_for(participant=participant, user=outsider) == []


def test_resolve_layout_by_key_and_by_name(organisation, other_organisation, own_layout):
    assert selectors.resolve_layout(organisation, "perforated-10")[0] == "perforated-10"
    assert selectors.resolve_layout(organisation, own_layout.key)[0] == own_layout.key
    assert selectors.resolve_layout(organisation, "papeterie laurier 2×4")[0] == own_layout.key
    assert selectors.resolve_layout(other_organisation, own_layout.key) is None
    assert selectors.resolve_layout(organisation, "own-x") is None


def test_printer_offset_defaults_to_zero(organisation, offset, other_organisation):
    assert selectors.printer_offset(organisation) == (1.5, -2.0)
    assert selectors.printer_offset(other_organisation) == (0.0, 0.0)


def test_services_check_rights(organisation, counsellor, participant_user, participant):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.layout_create(organisation=organisation, actor=counsellor, data={})
    with pytest.raises(PermissionDenied):
        services.printer_offset_set(
            organisation=organisation, actor=counsellor, data={}, expected_version=1
        )
    with pytest.raises(PermissionDenied):
        record(participant, participant_user)
    assert timezone.now()


def test_cards_print_the_short_objective_when_there_is_one(participant, counsellor):
    from atout.passports import services as passport_services
    from atout.passports.selectors import business_card_content, card_objective

    passport = passport_services.passport_start(participant=participant, actor=counsellor)
    passport = passport_services.passport_update(
        passport=passport,
        actor=counsellor,
        data={
            "objective_fr": "Je souhaite travailler comme commis d’entrepôt, de jour.",
            "objective_short_fr": "Commis d’entrepôt, de jour",
        },
        expected_version=None,
    )
    assert business_card_content(passport)["objective"]["fr"] == "Commis d’entrepôt, de jour"
    # A version frozen before the short form existed prints the full objective.
    assert card_objective({"objective": {"fr": "Long", "en": ""}}) == {"fr": "Long", "en": ""}
