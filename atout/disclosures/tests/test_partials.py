"""The partials the lead includes in the participant's home and the counsellor's file page."""

from django.template.loader import render_to_string

from atout.accounts import permissions as perms
from atout.disclosures import services


def test_file_panel_counts_consents_in_force(counsellor, participant, qq):
    caps = perms.object_capabilities(counsellor, participant)
    html = render_to_string(
        "disclosures/_panel_file.html", {"participant": participant, "object_capabilities": caps}
    )
    assert f"/communications/dossiers/{participant.pk}/" in html
    services.disclosure_record(
        actor=counsellor,
        participant=participant,
        recipient=qq,
        purpose="recognition",
        parts=["evidence"],
        method="in_person",
    )
    html = render_to_string(
        "disclosures/_panel_file.html", {"participant": participant, "object_capabilities": caps}
    )
    assert "Qualifications Québec" in html
    assert (
        render_to_string(
            "disclosures/_panel_file.html",
            {"participant": participant, "object_capabilities": set()},
        ).strip()
        == ""
    )


def test_home_link(participant):
    html = render_to_string("disclosures/_link_home.html", {"participant": participant})
    assert "/communications/mes-consentements/" in html
