import csv
import io

import pytest
from django.core import mail
from django.urls import reverse

from atout.accounts.models import Membership, Role
from atout.accounts.tests.factories import member
from atout.privacy.models import AccessLogEntry
from atout.privacy.services import reads_record

pytestmark = pytest.mark.django_db


def test_the_notice_is_public_and_lists_each_organisations_person_in_charge(
    client, organisation, other_organisation, settings
):
    settings.ATOUT_HOSTING_REGION = "Canada (Québec), Montréal"
    organisation.privacy_officer_name = "Sylvie Paquet"
    organisation.privacy_officer_title = "Directrice générale"
    organisation.privacy_officer_email = "confidentialite@carrefour.test"
    organisation.save()
    response = client.get(reverse("privacy:notice"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sylvie Paquet" in page and "Directrice générale" in page
    assert other_organisation.name.replace("'", "&#x27;") in page
    assert "Canada (Québec), Montréal" in page
    for path in ("/conservation/", "/donnees/mes-donnees/", "/corrections/"):
        assert f'href="{path}' in page


def test_the_notice_in_english(client, organisation):
    client.cookies["django_language"] = "en"
    page = client.get(reverse("privacy:notice"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Your rights" in page


def test_the_person_sees_the_person_in_charge_of_their_file_only(
    client_for, participant_user, participant, other_organisation
):
    participant.organisation.privacy_officer_name = "Sylvie Paquet"
    participant.organisation.save()
    other_organisation.privacy_officer_name = "Luc Fortin"
    other_organisation.save()
    response = client_for(participant_user).get(reverse("privacy:notice"))
    page = response.content.decode()
    assert "Sylvie Paquet" in page and "Luc Fortin" not in page
    # Reading the notice is not a read of the file.
    assert not AccessLogEntry.objects.exists()


def test_the_invitation_links_to_the_notice(
    client_for, counsellor, participant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(counsellor).post(
            reverse("participants:invite", args=[participant.pk]), {"email": "emilie@exemple.ca"}
        )
    assert mail.outbox, "the invitation was not sent"
    assert reverse("privacy:notice") in mail.outbox[-1].body


def test_the_admin_publishes_the_person_in_charge(client_for, org_admin, organisation):
    client = client_for(org_admin)
    assert client.get(reverse("privacy:officer")).status_code == 200
    response = client.post(
        reverse("privacy:officer"),
        {
            "action": "contact",
            "privacy_officer_name": "Sylvie Paquet",
            "privacy_officer_title": "Directrice générale",
            "privacy_officer_email": "confidentialite@carrefour.test",
            "privacy_officer_phone": "418 555-0142",
        },
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.privacy_officer_email == "confidentialite@carrefour.test"
    assert organisation.history.first().history_user == org_admin


def test_an_incomplete_contact_is_refused_and_kept(client_for, org_admin, organisation):
    response = client_for(org_admin).post(
        reverse("privacy:officer"),
        {"action": "contact", "privacy_officer_name": "Sylvie", "privacy_officer_email": "x"},
    )
    assert response.status_code == 422
    assert 'value="Sylvie"' in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.privacy_officer_name == ""


def test_the_admin_gives_and_takes_back_the_role(client_for, org_admin, counsellor, outsider):
    client = client_for(org_admin)
    response = client.post(
        reverse("privacy:officer"), {"action": "appoint", "member": counsellor.pk}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=counsellor, role=Role.PRIVACY_OFFICER).exists()
    # Someone of another organisation cannot be chosen.
    response = client.post(reverse("privacy:officer"), {"action": "appoint", "member": outsider.pk})
    assert response.status_code == 422
    assert not Membership.objects.filter(user=outsider, role=Role.PRIVACY_OFFICER).exists()
    client.post(reverse("privacy:officer"), {"action": "remove", "member": counsellor.pk})
    assert not Membership.objects.filter(user=counsellor, role=Role.PRIVACY_OFFICER).exists()
    assert Membership.objects.filter(user=counsellor, role=Role.COUNSELLOR).exists()


def test_the_admin_may_appoint_themselves(client_for, org_admin):
    client_for(org_admin).post(
        reverse("privacy:officer"), {"action": "appoint", "member": org_admin.pk}
    )
    assert Membership.objects.filter(user=org_admin, role=Role.PRIVACY_OFFICER).exists()


def test_a_counsellor_cannot_name_the_person_in_charge(client_for, counsellor):
    assert client_for(counsellor).get(reverse("privacy:officer")).status_code == 403


# --- The access log export ---------------------------------------------------------------

HOSTILE = ['=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)", "\tx", "=cmd|' /C calc'!A0"]


def _rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_admin_exports_the_access_log_of_a_file(
    client_for, org_admin, counsellor, participant, participant_user, organisation
):
    reads_record(
        user=counsellor,
        organisation=organisation,
        participant_ids=[participant.pk],
        action=AccessLogEntry.Action.VIEW_FILE,
    )
    reads_record(
        user=participant_user,
        organisation=None,
        participant_ids=[participant.pk],
        action=AccessLogEntry.Action.CV_DOCUMENT,
        document_format="pdf",
    )
    response = client_for(org_admin).get(reverse("privacy:access_log_csv", args=[participant.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _rows(response)
    assert len(rows) == 3
    counsellor_row, own_row = rows[1], rows[2]
    assert "Geneviève Tremblay" in counsellor_row
    assert organisation.name in counsellor_row
    assert "PDF" in own_row
    assert "Émilie Gagnon" not in own_row  # the person is not named: their role says it
    # The export itself is logged, as a CSV.
    entry = AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORT_ACCESS_LOG).get()
    assert (entry.user, entry.document_format) == (org_admin, "csv")


@pytest.mark.parametrize("hostile", HOSTILE)
def test_the_export_never_starts_a_cell_with_a_formula(
    client_for, org_admin, participant, organisation, hostile
):
    reader = member(organisation, Role.COUNSELLOR, full_name=hostile)
    organisation.name = hostile
    organisation.save()
    reads_record(
        user=reader,
        organisation=organisation,
        participant_ids=[participant.pk],
        action=AccessLogEntry.Action.VIEW_FILE,
    )
    rows = _rows(
        client_for(org_admin).get(reverse("privacy:access_log_csv", args=[participant.pk]))
    )
    for row in rows:
        for cell in row:
            assert not cell or cell[0] not in "=+-@\t\r", row


def test_only_the_files_admin_exports_its_log(
    client_for, counsellor, outsider, participant_user, participant
):
    url = reverse("privacy:access_log_csv", args=[participant.pk])
    assert client_for(counsellor).get(url).status_code == 403
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(participant_user).get(url).status_code == 403


def test_the_partials_render_on_their_own(rf, org_admin, counsellor, participant):
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = org_admin
    html = render_to_string(
        "privacy/_link_access_log.html", {"participant": participant, "request": request}
    )
    assert reverse("privacy:access_log_csv", args=[participant.pk]) in html
    request.user = counsellor
    html = render_to_string(
        "privacy/_link_access_log.html", {"participant": participant, "request": request}
    )
    assert "consultations.csv" not in html
    assert reverse("privacy:notice") in render_to_string("privacy/_link_footer.html")
    menu = render_to_string(
        "privacy/_link_menu.html",
        {"capabilities": {"privacy_officer.manage"}, "request": request, "user": counsellor},
    )
    assert reverse("privacy:officer") in menu and reverse("incidents:list") not in menu
