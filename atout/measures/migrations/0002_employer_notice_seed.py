"""The employer text passports printed until now becomes the first published version.

The words are those of `documents/rendering/passport.py` (the English msgid) and its French
translation, as they stood when the text became administered.
"""

from django.db import migrations

TEXT_EN = (
    "Are you thinking of hiring this person? The local employment centre (CLE) shown below "
    "can support you at no cost. An employment counsellor can advise you on welcoming and "
    "training your new employee, and the CLE can help you recruit, for example by posting "
    "your job offers. Depending on their situation, the person may be eligible for a wage "
    "subsidy that lowers your costs during the first months. Contact the CLE to find out more."
)
TEXT_FR = (
    "Vous pensez embaucher cette personne? Le centre local d’emploi (CLE) indiqué ci-dessous "
    "peut vous accompagner, sans frais. Une conseillère ou un conseiller en emploi peut vous "
    "donner des conseils pour accueillir et former votre nouvelle recrue, et le CLE peut vous "
    "aider à recruter, par exemple en diffusant vos offres d’emploi. Selon sa situation, la "
    "personne peut être admissible à une subvention salariale qui réduit vos coûts pendant "
    "les premiers mois. Communiquez avec le CLE pour en savoir plus."
)


def forwards(apps, schema_editor):
    EmployerNotice = apps.get_model("measures", "EmployerNotice")
    if not EmployerNotice.objects.exists():
        EmployerNotice.objects.create(
            number=1,
            text_fr=TEXT_FR,
            text_en=TEXT_EN,
            note="Texte d’origine d’Atout (avant l’administration du texte).",
        )


def backwards(apps, schema_editor):
    apps.get_model("measures", "EmployerNotice").objects.filter(number=1).delete()


class Migration(migrations.Migration):
    dependencies = [("measures", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
