"""Skills recognition end to end in one real browser run, with axe on every page it crosses
(issue 12 §5): the Qualifications Québec advisor opens a cook's dossier for a new candidate,
moves it through relevance, information and preparation, fills the inventory grid one
competency at a time and sends the dossier to the committee with the person's consent; the
committee's evaluator acknowledges it, evaluates each competency and records a partial
decision with the gaps and where to acquire them, then sends the confirmation to the
ministry; the advisor records the application and the attestation; the candidate reads it
in « Mes reconnaissances ». Every step a user does goes through the real forms."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from atout.accounts.tests.factories import UserFactory
from atout.certificates.models import Credential
from atout.committees.models import Decision, Transmission
from atout.committees.tests.factories import cook_standard, parties
from atout.participants.models import Participant
from atout.recognition.models import Dossier, InventoryEntry, Phase
from tests.browser.conftest import log_in_with_cookie, screenshot

pytestmark = pytest.mark.browser


def _submit(page: Page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).click()


def _move(page: Page, target: str) -> None:
    """Press the dossier page's « Move to … » button for `target`."""
    _submit(page, f"form:has(input[name=target][value={target}]) button[type=submit]")


def test_cook_dossier_to_attestation(new_context, live_server, assert_accessible):
    p = parties()
    standard = cook_standard(p.committee)
    base = live_server.url

    def visit(page: Page, path: str) -> None:
        page.goto(base + path)
        assert_accessible(page)

    # 1. The advisor opens a dossier for a new candidate on the cook standard.
    advisor = new_context()
    log_in_with_cookie(advisor, live_server, p.advisor)
    page = advisor.new_page()
    visit(page, "/")  # the advisor's start: the recognition dossiers
    expect(page).to_have_url(f"{base}/reconnaissance/")
    _submit(page, "main a[href='/reconnaissance/nouveau/']")
    assert_accessible(page)
    page.fill("#id_id-given_names", "Karim")
    page.fill("#id_id-family_name", "Haddad")
    page.fill("#id_id-birth_date", "1988-03-14")
    page.fill("#id_id-email", "karim.haddad@exemple.ca")
    page.fill("#id_id-mobile_phone", "418 555-0199")
    page.select_option("#id_dossier-standard", str(standard.pk))
    page.fill("#id_dossier-level", "Niveau 2")
    page.select_option("#id_dossier-employment_status", index=1)
    page.fill("#id_dossier-years_in_trade", "6")
    page.fill("#id_dossier-experience_summary", "Six ans en cuisine de restaurant.")
    page.check("#id_dossier-never_recognised")
    _submit(page, "main form.request-form button[type=submit]")
    dossier = Dossier.objects.get()
    assert dossier.phase == Phase.RECEIVED
    assert dossier.participant.organisation == p.qq
    expect(page).to_have_url(f"{base}/reconnaissance/{dossier.pk}/")
    assert_accessible(page)

    # 2. Relevance check (the reasons written on the edit page), information, preparation.
    _move(page, Phase.RELEVANCE)
    assert_accessible(page)
    visit(page, f"/reconnaissance/{dossier.pk}/modifier/")
    page.fill("#id_relevance_notes", "Expérience suffisante; jamais reconnue.")
    _submit(page, "main form button[type=submit]")
    expect(page).to_have_url(f"{base}/reconnaissance/{dossier.pk}/")
    _move(page, Phase.INFORMED)
    _move(page, Phase.PREPARATION)
    assert_accessible(page)
    screenshot(page, "recognition-e2e-preparation")

    # 3. The inventory grid, one competency's form at a time.
    visit(page, f"/reconnaissance/{dossier.pk}/inventaire/")
    blocks = page.locator(".inventory-block")
    for number in range(blocks.count()):
        block = page.locator(".inventory-block").nth(number)
        lines = block.locator(".inventory-line")
        for index in range(lines.count()):
            line = lines.nth(index)
            line.locator("input[type=radio][value=mastered]").check()
            line.locator("textarea").first.fill(f"Tous les jours au restaurant ({number + 1}).")
        _submit(page, f".inventory-block >> nth={number} >> .form-actions button")
    assert_accessible(page)
    entries = InventoryEntry.objects.filter(dossier=dossier)
    assert entries.count() == 4  # competency 1 as a whole and by its element; 2 and 3
    assert all(entry.self_assessment == "mastered" for entry in entries)
    screenshot(page, "recognition-e2e-grid")

    # 4. Inventory completed; the package is prepared and sent with the person's consent.
    visit(page, f"/reconnaissance/{dossier.pk}/")
    _move(page, Phase.INVENTORY_DONE)
    assert_accessible(page)
    _submit(page, f"a[href='/comite/dossiers/{dossier.pk}/envoi/']")
    assert_accessible(page)
    page.check("#id_consent")
    _submit(page, "main form button[type=submit]")
    transmission = Transmission.objects.get()
    expect(page).to_have_url(f"{base}/comite/envois/{transmission.pk}/")
    assert_accessible(page)
    assert Dossier.objects.get(pk=dossier.pk).phase == Phase.SENT

    # 5. The evaluator acknowledges, evaluates each competency (the last one not mastered)
    # and records a partial decision, then sends the confirmation to the ministry.
    evaluator = new_context()
    log_in_with_cookie(evaluator, live_server, p.evaluator)
    desk = evaluator.new_page()
    visit(desk, "/")  # the evaluator's start: the dossiers received
    expect(desk).to_have_url(f"{base}/comite/")
    expect(desk.locator(".site-nav a[href='/comite/']")).to_have_attribute("aria-current", "page")
    _submit(desk, f"main a[href='/comite/envois/{transmission.pk}/']")
    assert_accessible(desk)
    _submit(desk, "form[action$='/reception/'] button")
    assert_accessible(desk)
    results = ["mastered", "mastered", "not_mastered"]
    for competency, result in zip(transmission.package["competencies"], results, strict=True):
        prefix = f"#id_c{competency['id']}"
        desk.select_option(f"{prefix}-method", "interview")
        desk.select_option(f"{prefix}-result", result)
        desk.fill(f"{prefix}-comments", "Entrevue structurée.")
        _submit(desk, f"form:has(input[name=competency][value='{competency['id']}']) button")
    assert_accessible(desk)
    _submit(desk, f"a[href='/comite/envois/{transmission.pk}/decision/']")
    assert_accessible(desk)
    desk.check("input[name=outcome][value=partial]")
    desk.fill("#id_gaps", "3. Effectuer le service")
    desk.fill("#id_pointers", "PAMT Cuisinier ou cuisinière")
    _submit(desk, "main form button[type=submit]")
    expect(desk).to_have_url(f"{base}/comite/envois/{transmission.pk}/")
    decision = Decision.objects.get()
    assert decision.outcome == Decision.Outcome.PARTIAL
    assert Dossier.objects.get(pk=dossier.pk).phase == Phase.DECIDED
    assert_accessible(desk)
    _submit(desk, "form[action$='/confirmation/envoyer/'] button")
    assert_accessible(desk)
    assert Dossier.objects.get(pk=dossier.pk).phase == Phase.CONFIRMED
    screenshot(desk, "recognition-e2e-decision")

    # 6. The advisor records the person's application, then the attestation issued.
    visit(page, f"/reconnaissance/{dossier.pk}/")
    _submit(page, f"a[href='/certificats/dossier/{dossier.pk}/']")
    assert_accessible(page)
    _submit(page, "form[action$='/demande/'] button[type=submit]")
    assert Dossier.objects.get(pk=dossier.pk).phase == Phase.APPLIED
    assert_accessible(page)
    expect(page.locator("#id_kind")).to_have_value(Credential.Kind.ATTESTATION)
    page.fill("#id_number", "ATT-2026-0042")
    page.fill("#id_issued_on", timezone.localdate().isoformat())
    _submit(page, "form[action$='/delivrance/'] button[type=submit]")
    assert_accessible(page)
    credential = Credential.objects.get()
    assert credential.kind == Credential.Kind.ATTESTATION
    assert sorted(c.number for c in credential.competencies.all()) == [1, 2]
    assert Dossier.objects.get(pk=dossier.pk).phase == Phase.ISSUED
    screenshot(page, "recognition-e2e-credential")
    _submit(page, f".breadcrumb a[href='/reconnaissance/{dossier.pk}/']")
    assert_accessible(page)

    # 7. The candidate, with a login to their Qualifications Québec file, sees it.
    person = UserFactory(email="karim.haddad@exemple.ca", full_name="Karim Haddad")
    Participant.objects.filter(pk=dossier.participant_id).update(user=person)
    candidate = new_context()
    log_in_with_cookie(candidate, live_server, person)
    mine = candidate.new_page()
    visit(mine, "/")  # the person's start: their file, with « My recognitions » in the menu
    _submit(mine, ".site-nav a[href='/mes-reconnaissances/']")
    assert_accessible(mine)
    recognition = mine.locator("section.recognition")
    expect(recognition).to_contain_text("Cuisinier ou cuisinière")
    expect(recognition).to_contain_text("ATT-2026-0042")
    expect(recognition).to_contain_text("PAMT Cuisinier ou cuisinière")
    expect(recognition.locator(".credential h3")).to_have_text(credential.get_kind_display())
    screenshot(mine, "recognition-e2e-mine")
