"""Self-assessments recorded as "zh" were offered as « chinois (mandarin) »: they are Mandarin.

The language list now names Mandarin (cmn) and Cantonese (yue) apart, since "zh" is the
Chinese macrolanguage, not one spoken language.
"""

from django.db import migrations


def zh_to_cmn(apps, schema_editor):
    LanguageAssessment = apps.get_model("competencies", "LanguageAssessment")
    LanguageAssessment.objects.filter(language="zh").update(language="cmn")


def cmn_to_zh(apps, schema_editor):
    LanguageAssessment = apps.get_model("competencies", "LanguageAssessment")
    LanguageAssessment.objects.filter(language="cmn").update(language="zh")


class Migration(migrations.Migration):
    dependencies = [("competencies", "0002_profile_title_status_verified")]

    operations = [migrations.RunPython(zh_to_cmn, cmn_to_zh)]
