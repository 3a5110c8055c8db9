"""A passport whose counsellor ticked "wage-subsidy letter attached" becomes a wage-subsidy
measure of the file, with that letter (the same stored file), before the tick box goes.

Frozen versions keep their `wage_subsidy: true` and print as before. Reversing ticks the box
again from the current wage-subsidy measures.
"""

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    Passport = apps.get_model("passports", "Passport")
    EmployerMeasure = apps.get_model("measures", "EmployerMeasure")
    ticked = Passport.objects.filter(wage_subsidy=True).select_related("wage_subsidy_letter")
    for passport in ticked.iterator():
        if EmployerMeasure.objects.filter(
            participant_id=passport.participant_id, kind="wage_subsidy"
        ).exists():
            continue
        when = passport.approved_at or passport.created_at or timezone.now()
        measure = EmployerMeasure(
            participant_id=passport.participant_id,
            kind="wage_subsidy",
            start=timezone.localtime(when).date(),
            recorded_by_id=passport.updated_by_id or passport.created_by_id,
        )
        letter = passport.wage_subsidy_letter
        if letter is not None:
            measure.letter = letter.file.name
            measure.letter_name = letter.original_name
            measure.letter_content_type = letter.content_type
            measure.letter_size = letter.size
        measure.save()


def backwards(apps, schema_editor):
    Passport = apps.get_model("passports", "Passport")
    Attachment = apps.get_model("participants", "Attachment")
    EmployerMeasure = apps.get_model("measures", "EmployerMeasure")
    for measure in EmployerMeasure.objects.filter(kind="wage_subsidy", withdrawn_at=None):
        letter = Attachment.objects.filter(
            participant_id=measure.participant_id, file=measure.letter.name
        ).first()
        Passport.objects.filter(participant_id=measure.participant_id).update(
            wage_subsidy=True, wage_subsidy_letter=letter
        )


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0002_employer_notice_seed"),
        ("passports", "0005_objective_short"),
        ("participants", "0004_historicalparticipant_birth_date_and_more"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
