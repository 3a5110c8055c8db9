"""A file already shared with Qualifications Québec (issue 12's file link) gets the consent
it stood for, as a Disclosure: how and when it was given comes from the linked file."""

from django.db import migrations
from django.utils import timezone

ALL_PARTS = ["evidence", "documents", "attachments"]


def forwards(apps, schema_editor):
    Participant = apps.get_model("participants", "Participant")
    Disclosure = apps.get_model("disclosures", "Disclosure")
    for shared in Participant.objects.filter(shared_with__isnull=False):
        if Disclosure.objects.filter(participant=shared).exists():
            continue
        linked = (
            Participant.objects.filter(linked_file=shared, organisation_id=shared.shared_with_id)
            .order_by("link_consent_at", "pk")
            .first()
        )
        Disclosure.objects.create(
            participant=shared,
            recipient_id=shared.shared_with_id,
            purpose="recognition",
            parts=list(shared.shared_parts or ALL_PARTS),
            method=(linked.link_consent if linked and linked.link_consent else "online"),
            given_at=(linked.link_consent_at if linked and linked.link_consent_at else timezone.now()),
            recorded_by_id=(linked.link_consent_by_id if linked else None),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("disclosures", "0001_initial"),
        ("participants", "0006_privacy_rights"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
