"""The advisor's pages: intake, dossier page, moves, grid, documents, evidence, link."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from atout.evidence.models import Review
from atout.evidence.tests.factories import AchievementFactory
from atout.participants.models import Participant
from atout.participants.tests.factories import PNG_BYTES, ParticipantFactory
from atout.recognition import services
from atout.recognition.models import (
    AnalysedDocument,
    Dossier,
    DossierEvent,
    EvidenceUse,
    InventoryEntry,
    LinkRequest,
    Mastery,
    Phase,
)
from atout.recognition.selectors import inventory_blocks, inventory_payload


def _intake(standard, **extra):
    data = {
        "id-given_names": "Karim",
        "id-family_name": "Haddad",
        "id-preferred_language": "fr",
        "id-email": "karim@exemple.ca",
        "dossier-standard": standard.pk,
        "dossier-employment_status": "employed",
        "dossier-years_in_trade": "8",
        "dossier-paid_experience": "on",
        "dossier-experience_summary": "Cuisinier de ligne, huit ans.",
        "dossier-never_recognised": "on",
        "dossier-funding_source": "fdrcmo",
    }
    data.update(extra)
    return data


def test_advisor_opens_a_dossier_in_a_new_file(client_for, advisor, qq, standard):
    client = client_for(advisor)
    assert client.get(reverse("recognition:create")).status_code == 200
    response = client.post(reverse("recognition:create"), _intake(standard))
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert dossier.participant.organisation == qq
    assert dossier.phase == Phase.RECEIVED
    assert DossierEvent.objects.filter(dossier=dossier, to_phase=Phase.RECEIVED).exists()
    page = client.get(reverse("recognition:detail", args=[dossier.pk]))
    assert page.status_code == 200
    assert "Karim Haddad" in page.content.decode()


def test_intake_shows_possible_duplicates_before_saving(client_for, advisor, qq, standard):
    existing = ParticipantFactory(organisation=qq, given_names="Karim", family_name="Haddad")
    client = client_for(advisor)
    response = client.post(reverse("recognition:create"), _intake(standard))
    assert response.status_code == 422
    assert not Dossier.objects.exists()
    assert f"use:{existing.pk}" in response.content.decode()
    response = client.post(
        reverse("recognition:create"), _intake(standard, duplicate_choice=f"use:{existing.pk}")
    )
    assert response.status_code == 302
    assert Dossier.objects.get().participant == existing
    assert Participant.objects.count() == 1


def test_invalid_intake_keeps_what_was_typed(client_for, advisor, standard):
    client = client_for(advisor)
    response = client.post(
        reverse("recognition:create"), _intake(standard, **{"dossier-years_in_trade": "abc"})
    )
    assert response.status_code == 422
    assert "Cuisinier de ligne, huit ans." in response.content.decode()


def test_dossier_not_never_recognised_cannot_go_on(client_for, advisor, dossier):
    Dossier.objects.filter(pk=dossier.pk).update(never_recognised=False, phase=Phase.RELEVANCE)
    client = client_for(advisor)
    response = client.post(
        reverse("recognition:move", args=[dossier.pk]), {"target": Phase.INFORMED}
    )
    assert response.status_code == 422
    dossier.refresh_from_db()
    assert dossier.phase == Phase.RELEVANCE
    response = client.post(
        reverse("recognition:move", args=[dossier.pk]),
        {"target": Phase.REDIRECTED, "note": "Ordre professionnel"},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.phase, dossier.redirected_to) == (Phase.REDIRECTED, "Ordre professionnel")


def test_closing_without_reason_is_refused(client_for, advisor, dossier):
    client = client_for(advisor)
    response = client.post(
        reverse("recognition:move", args=[dossier.pk]), {"target": Phase.WITHDRAWN, "note": ""}
    )
    assert response.status_code == 422
    dossier.refresh_from_db()
    assert dossier.phase == Phase.RECEIVED


def test_stale_move_is_a_conflict(client_for, advisor, dossier):
    client = client_for(advisor)
    response = client.post(
        reverse("recognition:move", args=[dossier.pk]),
        {"target": Phase.RELEVANCE, "version": dossier.version - 1},
    )
    assert response.status_code == 409


def test_red_seal_route_applies_directly(client_for, advisor, dossier):
    Dossier.objects.filter(pk=dossier.pk).update(phase=Phase.RELEVANCE)
    client = client_for(advisor)
    form = client.get(reverse("recognition:edit", args=[dossier.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "cle"}
    data.update(
        standard=dossier.standard.pk,
        holds_red_seal="on",
        never_recognised="on",
        relevance_notes="Sceau rouge obtenu en Ontario.",
        version=dossier.version,
    )
    data.pop("paid_experience", None)
    data.pop("unpaid_experience", None)
    response = client.post(reverse("recognition:edit", args=[dossier.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    dossier.refresh_from_db()
    assert dossier.route == "red_seal"
    services.move(advisor, dossier, Phase.APPLIED)
    dossier.refresh_from_db()
    assert dossier.phase == Phase.APPLIED


def test_meeting_log_and_total(client_for, advisor, dossier):
    client = client_for(advisor)
    for minutes in ("45", "30"):
        response = client.post(
            reverse("recognition:meeting_add", args=[dossier.pk]),
            {
                "meeting-held_at": "2026-11-20T10:00",
                "meeting-mode": "phone",
                "meeting-duration_minutes": minutes,
                "meeting-notes": "Explication de la démarche.",
            },
        )
        assert response.status_code == 302
    page = client.get(reverse("recognition:detail", args=[dossier.pk]))
    assert page.context["meeting_total"] == 75
    bad = client.post(
        reverse("recognition:meeting_add", args=[dossier.pk]),
        {"meeting-held_at": "", "meeting-mode": "phone", "meeting-duration_minutes": "0"},
    )
    assert bad.status_code == 422


def _line_data(block, **values):
    data = {"competency": block.competency.pk}
    for line in block.lines:
        prefix = f"line-{line.key}-"
        data[prefix + "version"] = line.entry.version
        for name, value in values.items():
            data[prefix + name] = value
    return data


def test_grid_saves_a_competency_and_checks_completeness(client_for, advisor, dossier):
    Dossier.objects.filter(pk=dossier.pk).update(phase=Phase.PREPARATION)
    client = client_for(advisor)
    url = reverse("recognition:inventory", args=[dossier.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert len(page.context["gaps"]) == 3
    first, second = inventory_blocks(dossier)
    response = client.post(url, _line_data(first, self_assessment=Mastery.MASTERED))
    # Mastered without experience or proof: saved (a draft is never lost), still a gap.
    assert response.status_code == 302
    assert InventoryEntry.objects.filter(dossier=dossier).count() == 2
    refused = client.post(
        reverse("recognition:move", args=[dossier.pk]),
        {"target": Phase.INVENTORY_DONE},
    )
    assert refused.status_code == 422
    assert "Lire la commande" in refused.content.decode()
    first, second = inventory_blocks(dossier)
    client.post(url, _line_data(first, self_assessment="mastered", experience="Huit ans."))
    client.post(url, _line_data(second, self_assessment="not_mastered"))
    response = client.post(
        reverse("recognition:move", args=[dossier.pk]), {"target": Phase.INVENTORY_DONE}
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.phase == Phase.INVENTORY_DONE


def test_grid_line_conflict_keeps_the_typed_text(client_for, advisor, dossier):
    Dossier.objects.filter(pk=dossier.pk).update(phase=Phase.PREPARATION)
    client = client_for(advisor)
    url = reverse("recognition:inventory", args=[dossier.pk])
    first, _second = inventory_blocks(dossier)
    line = first.lines[0]
    services.inventory_save(
        actor=advisor,
        dossier=dossier,
        competency=line.competency,
        element=line.element,
        data={"experience": "Texte de l’autre"},
        expected_version=0,
    )
    data = {
        "competency": first.competency.pk,
        "line": line.key,
        f"line-{line.key}-version": 0,
        f"line-{line.key}-experience": "Mon texte à moi",
    }
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    body = response.content.decode()
    assert "Mon texte à moi" in body and "Texte de l’autre" in body
    data[f"line-{line.key}-version"] = 1
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert InventoryEntry.objects.get(element=line.element).experience == "Mon texte à moi"


def test_grid_pdf_in_both_languages(client_for, advisor, dossier):
    client = client_for(advisor)
    for query in ("", "?langue=en", "?copie=1"):
        response = client.get(reverse("recognition:inventory_pdf", args=[dossier.pk]) + query)
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    "text", ["#set page(width: 1pt)", "<script>alert(1)</script>", "x" * 3000, "a\u202eb"]
)
def test_grid_pdf_prints_hostile_text_literally(advisor, dossier, text):
    from atout.documents.rendering.inventory_grid import render_inventory_grid

    block = inventory_blocks(dossier)[0]
    InventoryEntry.objects.create(
        dossier=dossier,
        competency=block.competency,
        element=block.lines[0].element,
        self_assessment="partly",
        experience=text,
        proof=text,
    )
    payload = inventory_payload(dossier, "fr")
    assert payload["blocks"][0]["lines"][0]["experience"] == text.replace("'", "’")
    assert render_inventory_grid(payload).content.startswith(b"%PDF")


def test_document_upload_and_analysis(client_for, advisor, dossier):
    Dossier.objects.filter(pk=dossier.pk).update(phase=Phase.PREPARATION)
    client = client_for(advisor)
    competency = dossier.standard.competencies.first()
    response = client.post(
        reverse("recognition:document_add", args=[dossier.pk]),
        {
            "upload-kind": "portfolio",
            "upload-file": SimpleUploadedFile("plats.png", PNG_BYTES, content_type="image/png"),
            "doc-notes": "Photos de plats réalisés.",
            "doc-competencies": [competency.pk],
            "doc-include_in_package": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    document = AnalysedDocument.objects.get()
    assert document.attachment.participant == dossier.participant
    assert list(document.competencies.all()) == [competency]
    assert document.include_in_package


def test_linked_file_achievements_are_reused_with_consent(
    client_for, advisor, dossier, participant, participant_user
):
    """Émilie's passport file elsewhere, linked from her own account, feeds the dossier."""
    Dossier.objects.filter(pk=dossier.pk).update(phase=Phase.PREPARATION)
    elsewhere = AchievementFactory(participant=participant, review=Review.ACCEPTED)
    client = client_for(advisor)
    page = client.get(reverse("recognition:detail", args=[dossier.pk]))
    assert elsewhere not in page.context["evidence_form"].fields["achievement"].queryset
    response = client.post(
        reverse("recognition:link_request", args=[dossier.pk]),
        {"link-email": participant_user.email},
    )
    assert response.status_code == 302
    assert LinkRequest.objects.count() == 1
    assert [m.to for m in mail.outbox] == [[participant_user.email]]
    # The person answers from their own account.
    person = client_for(participant_user)
    page = person.get(reverse("recognition:my_links"))
    (pending,) = page.context["pending"]
    person.post(reverse("recognition:my_links"), {"request": pending.pk, "action": "accept"})
    dossier.participant.refresh_from_db()
    participant.refresh_from_db()
    assert dossier.participant.linked_file == participant
    assert dossier.participant.link_consent == Participant.LinkConsent.ONLINE
    assert participant.shared_with == dossier.organisation
    client = client_for(advisor)
    competency = dossier.standard.competencies.first()
    response = client.post(
        reverse("recognition:evidence_add", args=[dossier.pk]),
        {"evidence-achievement": elsewhere.pk, "evidence-competency": competency.pk},
    )
    assert response.status_code == 302
    assert EvidenceUse.objects.filter(achievement=elsewhere).exists()
    # The advisor reads the shared file but cannot edit it.
    assert client.get(reverse("participants:detail", args=[participant.pk])).status_code == 200
    assert client.get(reverse("participants:edit", args=[participant.pk])).status_code == 403
    # Revoking ends the sharing, and what was reused from that file leaves the dossier.
    client.post(reverse("recognition:link_revoke", args=[dossier.pk]))
    participant.refresh_from_db()
    assert participant.shared_with is None
    assert not EvidenceUse.objects.filter(achievement=elsewhere).exists()
    assert client.get(reverse("participants:detail", args=[participant.pk])).status_code == 404


def test_link_request_says_nothing_about_unknown_emails(client_for, advisor, dossier):
    client = client_for(advisor)
    response = client.post(
        reverse("recognition:link_request", args=[dossier.pk]),
        {"link-email": "personne@inconnu.ca"},
    )
    assert response.status_code == 302
    assert mail.outbox == []


def test_cle_agent_sees_and_records_income_support_only(client_for, cle_agent, dossier):
    client = client_for(cle_agent)
    assert client.get(reverse("recognition:cle_list")).status_code == 200
    page = client.get(reverse("recognition:income", args=[dossier.pk]))
    assert page.status_code == 200
    assert "Cuisinier de ligne" not in page.content.decode()
    response = client.post(
        reverse("recognition:income", args=[dossier.pk]), {"income_support": "last_resort"}
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.income_support == "last_resort"
    assert dossier.income_support_recorded_by == cle_agent
    assert client.get(reverse("recognition:detail", args=[dossier.pk])).status_code == 403


def test_other_organisation_sees_nothing(client_for, outsider, dossier):
    client = client_for(outsider)
    assert client.get(reverse("recognition:detail", args=[dossier.pk])).status_code == 404


def test_inactivity_asks_then_lapses_then_reopens(client_for, advisor, dossier, settings):
    from atout.accounts.tests.factories import UserFactory

    candidate_user = UserFactory(email="karim@exemple.ca", full_name="Karim Haddad")
    Participant.objects.filter(pk=dossier.participant_id).update(user=candidate_user)
    long_ago = timezone.now() - datetime.timedelta(days=61)
    Dossier.objects.filter(pk=dossier.pk).update(phase=Phase.PREPARATION, last_activity_at=long_ago)
    assert services.check_dossier_activity() == (1, 0)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([candidate_user.email, advisor.email])
    assert "Karim" in mail.outbox[0].body or "Isabelle" in mail.outbox[0].body
    assert services.check_dossier_activity() == (0, 0)
    # The candidate confirms in one click.
    person = client_for(candidate_user)
    url = reverse("recognition:still_active", args=[dossier.pk])
    assert person.get(url).status_code == 200
    person.post(url)
    dossier.refresh_from_db()
    assert dossier.activity_check_sent_at is None
    # Asked again, no answer for the lapse delay: the dossier lapses.
    Dossier.objects.filter(pk=dossier.pk).update(
        last_activity_at=long_ago,
        activity_check_sent_at=timezone.now() - datetime.timedelta(days=31),
    )
    assert services.check_dossier_activity() == (0, 1)
    dossier.refresh_from_db()
    assert (dossier.phase, dossier.phase_before_lapse) == (Phase.LAPSED, Phase.PREPARATION)
    client = client_for(advisor)
    response = client.post(
        reverse("recognition:move", args=[dossier.pk]),
        {"target": Phase.PREPARATION, "note": "La personne reprend.", "version": dossier.version},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.phase == Phase.PREPARATION


def test_list_filters_and_file_block(client_for, advisor, dossier):
    client = client_for(advisor)
    page = client.get(reverse("recognition:list"))
    assert page.status_code == 200
    assert len(page.context["rows"]) == 1
    page = client.get(reverse("recognition:list") + "?phase=issued")
    assert page.context["rows"] == []
    page = client.get(reverse("participants:detail", args=[dossier.participant.pk]))
    assert reverse("recognition:detail", args=[dossier.pk]) in page.content.decode()


def test_grid_is_listed_in_the_files_documents(advisor, dossier):
    from atout.recognition.selectors import grid_summaries, render_grid_for_registry

    (summary,) = grid_summaries(advisor, dossier.participant)
    assert summary.url == reverse("recognition:inventory", args=[dossier.pk])
    assert render_grid_for_registry(dossier.participant).content.startswith(b"%PDF")


@pytest.mark.parametrize("text", ["bad\x00text", "x" * 3001])
def test_grid_line_refuses_control_characters_and_huge_text(client_for, advisor, dossier, text):
    Dossier.objects.filter(pk=dossier.pk).update(phase=Phase.PREPARATION)
    block = inventory_blocks(dossier)[0]
    line = block.lines[0]
    response = client_for(advisor).post(
        reverse("recognition:inventory", args=[dossier.pk]),
        {
            "competency": block.competency.pk,
            f"line-{line.key}-version": 0,
            f"line-{line.key}-experience": text,
        },
    )
    assert response.status_code == 422
    # The refused line is not saved (the competency's other, valid lines are).
    assert not InventoryEntry.objects.filter(element=line.element).exists()


def test_markup_in_the_grid_is_escaped(client_for, advisor, dossier):
    Dossier.objects.filter(pk=dossier.pk).update(phase=Phase.PREPARATION)
    block = inventory_blocks(dossier)[0]
    line = block.lines[0]
    client = client_for(advisor)
    url = reverse("recognition:inventory", args=[dossier.pk])
    client.post(
        url,
        {
            "competency": block.competency.pk,
            f"line-{line.key}-version": 0,
            f"line-{line.key}-experience": "<script>alert(1)</script>",
        },
    )
    body = client.get(url).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


def test_sending_is_not_a_button_of_the_dossier_page(client_for, advisor, dossier):
    """The transmission (with the consent to transmit) sends the dossier, not a bare move."""
    Dossier.objects.filter(pk=dossier.pk).update(phase=Phase.INVENTORY_DONE)
    client = client_for(advisor)
    page = client.get(reverse("recognition:detail", args=[dossier.pk]))
    assert Phase.SENT not in [value for value, _label in page.context["moves"]]
    response = client.post(reverse("recognition:move", args=[dossier.pk]), {"target": Phase.SENT})
    assert response.status_code == 422
    dossier.refresh_from_db()
    assert dossier.phase == Phase.INVENTORY_DONE
