"""Achievements print on the passport, so they get English text beside the French.

The existing stories were written in French (the interface's language, and the demo's):
renaming keeps every text, with its history, in the French field.
"""

from django.db import migrations, models


def _fields(model_name):
    operations = []
    for name, label, max_length in (
        ("situation", "situation", 5000),
        ("action", "what the person did", 5000),
        ("result", "result", 5000),
    ):
        operations += [
            migrations.RenameField(model_name=model_name, old_name=name, new_name=f"{name}_fr"),
            migrations.AlterField(
                model_name=model_name,
                name=f"{name}_fr",
                field=models.TextField(
                    blank=True, max_length=max_length, verbose_name=f"{label} (French)"
                ),
            ),
            migrations.AddField(
                model_name=model_name,
                name=f"{name}_en",
                field=models.TextField(
                    blank=True, max_length=max_length, verbose_name=f"{label} (English)"
                ),
            ),
        ]
    return operations


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0002_achievement_proofs"),
    ]

    operations = _fields("achievement") + _fields("historicalachievement")
