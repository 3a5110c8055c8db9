"""Frozen versions write each evidence text in both languages, as the draft now does.

Achievements became bilingual (evidence 0003): a version frozen before holds each story as one
French string. Written as {"fr": text, "en": ""}, the same words print as before, and an
approved passport whose stories have no English yet still equals its draft, so it can be
printed without a new approval. Reversing keeps the French text.
"""

from django.db import migrations

PARTS = ("situation", "action", "result")


def _convert(content, forward):
    changed = False
    for kc in content.get("competencies") or []:
        for ev in kc.get("evidence") or []:
            for part in PARTS:
                value = ev.get(part, "")
                if forward and not isinstance(value, dict):
                    ev[part] = {"fr": value or "", "en": ""}
                    changed = True
                elif not forward and isinstance(value, dict):
                    ev[part] = value.get("fr") or value.get("en") or ""
                    changed = True
    return changed


def _run(apps, forward):
    PassportVersion = apps.get_model("passports", "PassportVersion")
    for version in PassportVersion.objects.only("pk", "content").iterator():
        if _convert(version.content, forward):
            version.save(update_fields=["content"])


def forwards(apps, schema_editor):
    _run(apps, True)


def backwards(apps, schema_editor):
    _run(apps, False)


class Migration(migrations.Migration):
    dependencies = [
        ("passports", "0003_version_documents_and_withdrawal"),
        ("evidence", "0003_achievement_bilingual"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
