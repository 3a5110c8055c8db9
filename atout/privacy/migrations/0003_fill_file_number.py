"""Existing access log rows keep their file's number and label, as new rows do."""

from django.db import migrations
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat


def fill(apps, schema_editor):
    AccessLogEntry = apps.get_model("privacy", "AccessLogEntry")
    AccessLogEntry.objects.filter(participant__isnull=False, participant_ref__isnull=True).update(
        participant_ref=F("participant_id"),
        participant_label=Concat(Value("Dossier "), Cast("participant_id", CharField())),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0002_access_log_survives_the_file"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
