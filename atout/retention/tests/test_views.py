"""The retention pages: public rules, the destruction log and its CSV, a file's hold."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from atout.accounts.models import Role
from atout.accounts.tests.factories import member
from atout.retention.models import DestructionLog, LegalHold

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://x")',
    "<script>alert(1)</script>",
    "#set page(width: 1pt)",
    "a" * 3000,
    "\x00\x1f",
]


def _line(organisation, **fields) -> DestructionLog:
    return DestructionLog.objects.create(
        run_id=uuid.uuid4(),
        rule_key=fields.pop("rule_key", "files_employability"),
        record_kind="participant_file",
        action="destroy",
        organisation=organisation,
        count=fields.pop("count", 3),
        **fields,
    )


def test_rules_page_is_public_and_bilingual(client):
    page = client.get(reverse("retention:rules"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "5" in html and "7" in html
    client.post(reverse("set_language"), {"language": "en"})
    english = client.get(reverse("retention:rules"))
    assert "How long Atout keeps your information" in english.content.decode()


def test_destruction_log_shows_the_organisations_lines_only(
    client_for, org_admin, organisation, other_organisation
):
    _line(organisation, count=4)
    _line(other_organisation, count=99)
    _line(None, rule_key="sessions", count=77)
    page = client_for(org_admin).get(reverse("retention:destructions"))
    assert page.status_code == 200
    html = page.content.decode()
    assert ">4<" in html and ">99<" not in html and ">77<" not in html


def test_privacy_officer_reads_the_log_and_counsellor_does_not(client, organisation, counsellor):
    officer = member(organisation, Role.PRIVACY_OFFICER)
    client.force_login(officer)
    assert client.get(reverse("retention:destructions")).status_code == 200
    client.force_login(counsellor)
    assert client.get(reverse("retention:destructions")).status_code == 403
    assert client.get(reverse("retention:destructions_csv")).status_code == 403


def test_month_filter_and_a_bad_month(client_for, org_admin, organisation):
    old = _line(organisation, count=5)
    DestructionLog.objects.filter(pk=old.pk).update(at=datetime(2024, 3, 15, 12, tzinfo=UTC))
    _line(organisation, count=6)
    client = client_for(org_admin)
    page = client.get(reverse("retention:destructions"), {"month": "2024-03"})
    assert ">5<" in page.content.decode() and ">6<" not in page.content.decode()
    for bad in ["2024-13", "mars", "=1+1", "2024-3-1", "٢٠٢٤-٠٣"]:
        answer = client.get(reverse("retention:destructions"), {"month": bad})
        assert answer.status_code == 422, bad


def test_csv_is_formula_safe(client_for, org_admin, organisation):
    organisation.name = '=HYPERLINK("http://evil")'
    organisation.save()
    _line(organisation, count=2)
    answer = client_for(org_admin).get(reverse("retention:destructions_csv"))
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[1][5] == '\'=HYPERLINK("http://evil")'
    assert rows[1][6] == "2"


def test_hold_page_place_and_lift(client_for, org_admin, participant):
    client = client_for(org_admin)
    url = reverse("retention:hold", kwargs={"pk": participant.pk})
    assert client.get(url).status_code == 200
    empty = client.post(url, {"action": "place", "reason": ""})
    assert empty.status_code == 422
    assert "Dites pourquoi" in empty.content.decode() or "reason" in empty.content.decode()
    assert client.post(url, {"action": "place", "reason": "Plainte <b>"}).status_code == 302
    hold = LegalHold.objects.get()
    page = client.get(url).content.decode()
    assert "Plainte &lt;b&gt;" in page
    stale = client.post(url, {"action": "lift", "lift_reason": "Fini", "version": 99})
    assert stale.status_code == 409
    done = client.post(url, {"action": "lift", "lift_reason": "Fini", "version": hold.version})
    assert done.status_code == 302
    assert LegalHold.objects.get().lifted_at is not None


@pytest.mark.parametrize("value", HOSTILE)
def test_hold_reason_hostile_values(client_for, org_admin, participant, value):
    client = client_for(org_admin)
    url = reverse("retention:hold", kwargs={"pk": participant.pk})
    answer = client.post(url, {"action": "place", "reason": value})
    assert answer.status_code in (302, 422)
    if answer.status_code == 302:
        assert LegalHold.objects.get().reason.strip() == value.strip()
        assert "<script>" not in client.get(url).content.decode()


def test_hold_page_is_for_the_org_admin_of_the_file(client_for, counsellor, outsider, participant):
    url = reverse("retention:hold", kwargs={"pk": participant.pk})
    assert client_for(counsellor).get(url).status_code == 403
    assert client_for(outsider).get(url).status_code == 404


def test_file_page_partial_shows_only_to_those_who_may_hold(rf, org_admin, counsellor, participant):
    from django.template.loader import render_to_string

    for user, shown in ((org_admin, True), (counsellor, False)):
        request = rf.get("/")
        request.user = user
        html = render_to_string(
            "retention/_link_file_page.html", {"participant": participant}, request=request
        )
        assert (reverse("retention:hold", kwargs={"pk": participant.pk}) in html) is shown


def test_admin_menu_partial_only_for_those_who_read_the_log(rf, org_admin, counsellor):
    from django.template.loader import render_to_string

    from atout.accounts.permissions import organisation_capabilities

    for user, shown in ((org_admin, True), (counsellor, False)):
        request = rf.get("/")
        request.user = user
        request.capabilities = organisation_capabilities(
            user, user.memberships.get().organisation_id
        )
        html = render_to_string("retention/_link_admin_menu.html", {}, request=request)
        assert (reverse("retention:destructions") in html) is shown
