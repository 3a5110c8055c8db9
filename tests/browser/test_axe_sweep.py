"""axe-core on every page of the URL configuration, in French and in English.

Like the authorisation sweep, the pages come from the URLconf, not from a hand-picked list:
each GET page is opened by someone allowed to see it (the permission table decides), and a
URL the sweep neither visits nor skips for a stated reason fails the first test below.
One logged-in browser context per audience and language; pages go by in one loop.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from atout.accounts.models import Organisation, Role
from atout.accounts.tests.factories import OrganisationFactory, member
from tests.browser.conftest import AXE_TAGS
from tests.test_authorisation_matrix import (
    ID_URLS,
    NOT_PERSONAL,
    ORG_URLS,
    SELF_URLS,
    _expected,
    _personal_objects,
    all_url_names,
    url_for,
)

pytestmark = pytest.mark.browser

# What the sweep does not open, and why. POST-only URLs of ID_URLS are skipped on their own.
SKIPPED: dict[str, str] = {
    "healthz": "plain text for the load balancer",
    "set_language": "POST only; its button is on every page",
    "accounts:logout": "POST only; its button is on every page",
    "accounts:organisation_switch": "POST only; its form is on every page of multi-org users",
    "accounts:otp_verify": "needs a confirmed authenticator; covered by the 2FA journey",
    "participants:invitation_accept": "needs a mailed token; its form is the password form",
    "participants:attachment_download": "file download",
    "competencies:evaluation_pdf": "PDF",
    "competencies:framework_export_csv": "CSV download",
    "competencies:framework_export_json": "JSON download",
    "passports:draft_document": "PDF",
    "passports:version_document": "PDF",
    "resumes:document": "PDF or DOCX",
    "resumes:preview_page": "PNG image of the CV page's preview",
    "passports:preview_page": "PNG image of the passport preview",
    "passports:preview": "htmx fragment, checked inside the builder's step pages",
    "passports:versions": "htmx fragment the review page polls; checked inside that page",
    "jsonresume:export": "JSON download",
    "jsonresume:preview": "needs an uploaded file (else it redirects to the upload form, swept); "
    "tests/browser/test_jsonresume.py runs axe on it with one",
    "letters:document": "PDF or DOCX",
    "cards:pdf": "PDF",
    "cards:test_page": "PDF",
    "portfolios:draft_document": "PDF",
    "portfolios:approved_document": "PDF",
    "practice:sheet": "PDF",
    "sharing:public_document": "PDF",
    "bundles:download": "PDF or ZIP download",
    "portability:download": "ZIP download (the copy of a person's data)",
    "participations:mobilisation_letter": "PDF",
    "participations:feedback_document": "PDF",
    "referrals:pdf": "PDF",
    "dashboards:cle_requests_csv": "CSV download",
    "dashboards:cle_participations_csv": "CSV download",
    "dashboards:organisation_csv": "CSV download",
    "measures:letter": "the CLE's letter as uploaded (PDF or image)",
    "standards:export_json": "JSON download",
    "standards:export_csv": "CSV download",
    "recognition:inventory_pdf": "PDF",
    # The sweep's file is an employability file: a recognition dossier's pages are opened,
    # with axe, by their advisor in tests/browser/test_recognition_dossier.py.
    "recognition:detail": "advisor's page, axe in tests/browser/test_recognition_dossier.py",
    "recognition:edit": "advisor's page, axe in tests/browser/test_recognition_dossier.py",
    "recognition:inventory": "advisor's page, axe in tests/browser/test_recognition_dossier.py",
    "recognition:income": "CLE agent's page, axe in tests/browser/test_recognition_dossier.py",
    "recognition:still_active": "candidate page, axe in tests/browser/test_recognition_dossier.py",
    "committees:document": "a document of the package as uploaded (PDF or image)",
    "committees:confirmation": "PDF",
    "committees:result_letter": "PDF",
    "certificates:credential_pdf": "PDF",
    "dashboards:recognition_csv": "CSV download",
    "privacy:access_log_csv": "CSV download",
    "retention:destructions_csv": "CSV download",
}


@dataclass
class Audience:
    """Someone who opens pages: how to make them, and which URL names they open."""

    name: str
    names: set[str] = field(default_factory=set)


# The CLE's own pages (its requests, a new request, a new agreement).
CLE_PAGES = {
    "recognition:cle_list",
    "referrals:list",
    "referrals:create",
    "referrals:agreement_create",
    "participations:followed",
    "dashboards:cle",
}
# The recognition advisor's pages without an object (the recognition report).
RECOGNITION_PAGES = {"dashboards:recognition"}
# The person in charge of personal information's pages (issue 13): the incident register.
PRIVACY_OFFICER_PAGES = {"incidents:list", "incidents:create"}
# Pages only one audience can open; every ID_URLS page goes to whoever the table allows.
AUDIENCE_PAGES: dict[str, set[str]] = {
    "anonymous": {
        "accounts:login",
        "sharing:public",
        "standards:catalogue",
        "privacy:notice",
        "retention:rules",
    },
    "org_admin": {"home", "accounts:otp_setup"}
    | set(ORG_URLS)
    - {"participants:referred", "cards:test_page", "recognition:list", "recognition:create"}
    - CLE_PAGES
    - RECOGNITION_PAGES
    - PRIVACY_OFFICER_PAGES
    - set(SKIPPED),
    "cle_agent": {"participants:referred"} | CLE_PAGES,
    "owner": set(SELF_URLS),
    "advisor": {"home", "recognition:list", "recognition:create"} | RECOGNITION_PAGES,
    "superuser": {"home"},
    "privacy_officer": PRIVACY_OFFICER_PAGES,
}
OBJECT_AUDIENCES = ("org_admin", "owner")


def _get_pages() -> set[str]:
    return {name for name, spec in ID_URLS.items() if not spec.post_only} - set(SKIPPED)


def test_every_url_is_swept_or_skipped_for_a_reason():
    post_only = {name for name, spec in ID_URLS.items() if spec.post_only}
    covered = set().union(*AUDIENCE_PAGES.values()) | _get_pages() | set(NOT_PERSONAL)
    missing = all_url_names() - covered - post_only - set(SKIPPED)
    assert not missing, (
        f"Pages the axe sweep does not open: {sorted(missing)}. Give them an audience in "
        "AUDIENCE_PAGES (or ID_URLS), or a reason in SKIPPED."
    )
    assert not set(SKIPPED) - all_url_names(), "SKIPPED names URLs that no longer exist"


def _user(audience: str, participant, request):
    if audience == "org_admin":
        return member(participant.organisation, Role.ORG_ADMIN)
    if audience == "cle_agent":
        return member(participant.referring_cle, Role.CLE_AGENT)
    if audience == "owner":
        return request.getfixturevalue("participant_user")
    if audience == "advisor":
        return member(
            OrganisationFactory(kind=Organisation.Kind.QUALIFICATIONS), Role.RECOGNITION_ADVISOR
        )
    if audience == "privacy_officer":
        return member(participant.organisation, Role.PRIVACY_OFFICER)
    if audience == "superuser":
        return get_user_model().objects.create_superuser("racine@exemple.ca", "Atout-demo-2026")
    return None


def _urls(audience: str, user, objects: dict, framework) -> list[str]:
    urls = [reverse(name) for name in sorted(AUDIENCE_PAGES[audience] - TOKEN_PAGES)]
    if audience == "anonymous":
        urls += _shared_pages(objects)
        urls += _standard_pages()
    if audience in OBJECT_AUDIENCES:
        participant = objects["participant"]
        for name in sorted(_get_pages()):
            spec = ID_URLS[name]
            if _expected(user, participant, spec.capability) != "allowed":
                continue
            if spec.author_only and objects[spec.target].author != user:
                continue
            if name == "passports:step":
                urls += _passport_steps(participant.pk)
            else:
                urls.append(url_for(name, objects))
    if audience == "org_admin":
        urls.append(reverse("competencies:framework_detail", kwargs={"pk": framework.pk}))
        urls.append(reverse("competencies:profile_detail", kwargs={"pk": objects["profile"].pk}))
        urls.append("/nulle-part/")  # the 404 page
        urls += _card_layout_pages(objects["participant"].organisation)
    if audience == "privacy_officer":
        urls += _incident_pages(objects["participant"].organisation)
    if audience == "cle_agent":
        urls.append(url_for("participants:detail", objects))
        urls.append(url_for("participants:edit", objects))  # the 403 page
    return urls


# Pages whose URL carries a secret token, built by _shared_pages.
TOKEN_PAGES = {"sharing:public"}


def _shared_pages(objects: dict) -> list[str]:
    """The employer's page, the access-code page and the one 404 page of share links."""
    from atout.sharing import services as sharing_services
    from atout.sharing.selectors import link_url

    link = objects["share_link"]
    _coded, token = sharing_services.share_link_create(
        participant=link.participant, actor=link.created_by, code="tulipe42"
    )
    page = link_url(link).split("/p/", 1)[1]
    return [f"/p/{page}", reverse("sharing:public", args=[token]), "/p/" + "A" * 43 + "/"]


def _standard_pages() -> list[str]:
    """A standard's public page and a search that finds no standard (live-server tests flush
    the seeded cook standard, so one is made if needed)."""
    from atout.standards.models import Standard
    from atout.standards.tests.factories import full_standard

    cook = Standard.objects.filter(published=True).order_by("pk").first() or full_standard()
    return [
        reverse("standards:public_detail", args=[cook.pk]),
        reverse("standards:catalogue") + "?q=infirmiere",
    ]


def _card_layout_pages(organisation) -> list[str]:
    from atout.cards.models import CardStockLayout

    layout = CardStockLayout.objects.create(
        organisation=organisation, name="Axe", card_width=3.5, card_height=2, columns=2,
        rows=5, margin_top=0.5, margin_left=0.75,
    )  # fmt: skip
    return [
        reverse(n, kwargs={"pk": layout.pk}) for n in ("cards:layout_edit", "cards:layout_delete")
    ]


def _incident_pages(organisation) -> list[str]:
    """An entry of the register with a serious risk and no notice (its warning shows)."""
    from atout.incidents.models import Incident
    from atout.incidents.tests.factories import IncidentFactory

    incident = IncidentFactory(organisation=organisation, serious_risk=Incident.SeriousRisk.YES)
    return [reverse(n, kwargs={"pk": incident.pk}) for n in ("incidents:detail", "incidents:edit")]


def _passport_steps(pk: int) -> list[str]:
    from atout.passports.views import STEP_SLUGS

    return [reverse("passports:step", kwargs={"pk": pk, "step": s}) for s in STEP_SLUGS]


def _violations(page: Page, axe_source: str) -> list[str]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    lines = []
    for v in result["violations"]:
        targets = ", ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {targets}")
    return lines


def _log_in(context, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def _english_sample(urls: list[str]) -> list[str]:
    """Every page is swept in French; in English, the first two pages of each section.

    The markup is the same in both languages (the catalogue only changes words), so the
    English pass checks the lang attribute and longer labels on a sample, which keeps the
    sweep within the suite's time budget."""
    kept: dict[str, int] = {}
    sample = []
    for url in urls:
        section = url.strip("/").split("/")[0]
        if kept.get(section, 0) < 2:
            kept[section] = kept.get(section, 0) + 1
            sample.append(url)
    return sample


# The longest sweeps are cut in parts (every `parts`-th page from `part`), so no single test
# holds an xdist worker for a minute and a half and the two workers end close together.
PARTS = {("org_admin", "fr-ca"): 3, ("org_admin", "en"): 2, ("owner", "fr-ca"): 2}


def _sweeps():
    for audience in sorted(AUDIENCE_PAGES):
        for lang in ("fr-ca", "en"):
            parts = PARTS.get((audience, lang), 1)
            for part in range(parts):
                name = f"{audience}-{lang}" + (f"-{part + 1}of{parts}" if parts > 1 else "")
                yield pytest.param(audience, lang, part, parts, id=name)


@pytest.mark.parametrize(("audience", "lang", "part", "parts"), list(_sweeps()))
def test_every_page_passes_axe(
    request,
    new_context,
    live_server,
    axe_source,
    participant,
    counsellor,
    framework,
    audience,
    lang,
    part,
    parts,
):
    objects = _personal_objects(participant, counsellor)
    user = _user(audience, participant, request)
    context = new_context(locale="en-CA" if lang == "en" else "fr-CA")
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": live_server.url}]
    )
    if user is not None:
        _log_in(context, live_server, user)
    page = context.new_page()
    urls = _urls(audience, user, objects, framework)
    if lang == "en":
        urls = _english_sample(urls)
    urls = urls[part::parts]
    html_lang = "en-CA" if lang == "en" else "fr-CA"
    failures = []
    for url in urls:
        try:
            response = page.goto(f"{live_server.url}{url}")
        except PlaywrightError as error:
            # A download (a CSV, a ZIP) is no page: it belongs in SKIPPED.
            failures.append(f"{url}: {error.message.splitlines()[0]}")
            continue
        if response is None or response.status >= 500:
            failures.append(f"{url}: {response.status if response else 'no response'}")
            continue
        if "/compte/connexion/" in page.url and audience != "anonymous":
            failures.append(f"{url}: sent to the login page")
            continue
        if page.locator("html").get_attribute("lang") != html_lang:
            failures.append(f"{url}: html lang is not {html_lang}")
        failures += [f"{url}: {line}" for line in _violations(page, axe_source)]
    request.node.user_properties.append(("axe_pages", len(urls)))
    where = f"{audience}, {lang}, part {part + 1} of {parts}"
    assert not failures, f"{where}: {len(urls)} pages\n" + "\n".join(failures)
