"""The shipped reference data says only what we know, and the loader keeps saying it."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from atout.competencies import reference, selectors, services
from atout.competencies.models import Indicator, LanguageAssessment, WorkforceProfile

CHECK_DATA = reference.DATA_DIR / "check_data.py"


def _checker():
    """check_data.py as a fresh module (it keeps its findings in a module-level list)."""
    spec = importlib.util.spec_from_file_location("check_data_under_test", CHECK_DATA)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_data_passes_check_data():
    result = subprocess.run(  # noqa: S603 (our own script, no user input)
        [sys.executable, str(CHECK_DATA)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "workforce_profiles.verified: 2" in result.stdout


@pytest.mark.parametrize(
    "text",
    [
        "Parlez à votre conseiller(ère).",
        "Les employé-e-s du quart de nuit",
        "Chaque étudiant.e reçoit un horaire.",
        "Un·e conseiller·ère vous répond.",
        "Le ou la candidat(e) choisit.",
        "Les employé.e.s du magasin",
        "Votre conseiller/ère vous appelle.",
    ],
)
def test_check_data_rejects_truncated_inclusive_forms(text):
    checker = _checker()
    checker.check_french(text, "sample")
    assert any("truncated inclusive form" in e for e in checker.errors)


@pytest.mark.parametrize(
    "text",
    ["Caissiers/caissières", "Vérifiez-le sur le site.", "distribution porte-à-porte", "CNP 2021."],
)
def test_check_data_accepts_whole_words(text):
    checker = _checker()
    checker.check_french(text, "sample")
    assert checker.errors == []


@given(
    stem=st.sampled_from(["employé", "conseiller", "étudiant", "candidat", "travailleur"]),
    ending=st.sampled_from(["(e)", "(e)s", "(ère)", "(euse)", "-e", "-e-s", ".e", ".e.s", "·e"]),
)
def test_check_data_rejects_any_truncated_ending(stem, ending):
    checker = _checker()
    checker.check_french(f"Chaque {stem}{ending} reçoit un horaire.", "sample")
    assert checker.errors


@pytest.mark.parametrize(
    ("fr", "en", "why"),
    [
        ("J’ai déjà réglé un problème.", "I have solved a problem.", "one-off past event"),
        ("Je garde une attitude positive.", "I keep a positive attitude.", "trait"),
        ("Je salue et je remercie les gens.", "I greet and thank people.", "two behaviours"),
        ("Je fais tout sans perdre mes moyens.", "I do it all calmly.", "idiom"),
    ],
)
def test_check_data_rejects_indicators_the_scale_cannot_rate(fr, en, why):
    checker = _checker()
    checker.check_indicator(fr, en, "sample")
    assert any(why in e for e in checker.errors), checker.errors


@pytest.mark.django_db
def test_loader_carries_how_sure_we_are_of_each_profile():
    call_command("load_reference_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    shared = WorkforceProfile.objects.filter(organisation__isnull=True)
    assert shared.count() == 30
    assert set(shared.filter(verified=True).values_list("noc_code", flat=True)) == {
        "65310",
        "33103",
    }
    assert list(
        shared.filter(title_fr_status=WorkforceProfile.TitleStatus.OFFICIAL).values_list(
            "noc_code", flat=True
        )
    ) == ["65310"]
    assert not shared.filter(title_fr_status="").exists()
    for noc in ("75201", "44101"):
        profile = shared.get(noc_code=noc)
        assert profile.title_fr_status == WorkforceProfile.TitleStatus.COMPOSED
        assert not profile.verified
        assert "douteux" in profile.title_note_fr and "doubtful" in profile.title_note_en
    assert "74102" in shared.get(noc_code="75201").title_note_fr


@pytest.mark.django_db
def test_loader_is_idempotent_and_updates_indicator_text_in_place():
    call_command("load_reference_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    indicator = Indicator.objects.get(code="RES-01-d")
    Indicator.objects.filter(pk=indicator.pk).update(text_fr="ancien texte")
    WorkforceProfile.objects.filter(noc_code="75201").update(verified=True)
    counts = (Indicator.objects.count(), WorkforceProfile.objects.count())
    call_command("load_reference_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Indicator.objects.count(), WorkforceProfile.objects.count()) == counts
    reloaded = Indicator.objects.get(code="RES-01-d")
    assert reloaded.pk == indicator.pk
    assert not reloaded.text_fr.startswith("J’ai déjà")
    assert reloaded.text_fr != "ancien texte"
    assert not WorkforceProfile.objects.get(noc_code="75201").verified


def test_profile_trust_defaults_to_the_least_sure():
    assert reference.profile_trust({"code": "PMO-1"}) == {
        "verified": False,
        "title_fr_status": "to_confirm",
        "title_note_fr": "",
        "title_note_en": "",
    }
    assert reference.profile_trust({"code": "PMO-1", "verified": "yes"})["verified"] is False
    with pytest.raises(ValueError):
        reference.profile_trust({"code": "PMO-1", "title_fr_status": "official"})


@pytest.mark.django_db
def test_profile_pages_say_in_words_how_sure_the_title_is(client_for, counsellor):
    call_command("load_reference_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client = client_for(counsellor)
    doubtful = WorkforceProfile.objects.get(noc_code="75201")
    official = WorkforceProfile.objects.get(noc_code="65310")
    with translation.override("en"):
        listing = client.get(reverse("competencies:profile_list"), HTTP_ACCEPT_LANGUAGE="en")
        detail = client.get(
            reverse("competencies:profile_detail", kwargs={"pk": doubtful.pk}),
            HTTP_ACCEPT_LANGUAGE="en",
        )
        checked = client.get(
            reverse("competencies:profile_detail", kwargs={"pk": official.pk}),
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert "French title written by Atout, to confirm" in listing.content.decode()
    page = detail.content.decode()
    assert "French title written by Atout, to confirm" in page
    assert "Code and title not yet checked on an official NOC page." in page
    assert "74102" in page
    page = checked.content.decode()
    assert "Official French title (CNP 2021)" in page
    assert "checked on the official NOC 2021 page" in page


def test_language_data_names_mandarin_and_cefr_groups():
    data = reference.language_data()
    codes = {item["code"]: item for item in data["languages"]}
    assert "zh" not in codes
    assert codes["cmn"]["name_fr"] == "mandarin"
    assert [g["label_en"] for g in data["level_groups"]] == [
        "Basic user",
        "Independent user",
        "Proficient user",
    ]
    summaries = [level["summary_fr"] for level in data["levels"]]
    assert not any(s.startswith("débutant") for s in summaries)


@pytest.mark.django_db
def test_mandarin_recorded_as_zh_becomes_cmn(participant, counsellor):
    services.language_assessment_save(
        participant=participant,
        actor=counsellor,
        language="zh",
        data={"listening": "B1", "reading": "B1", "writing": "A2"},
        expected_version=None,
    )
    module = importlib.import_module("atout.competencies.migrations.0003_language_zh_to_cmn")
    module.zh_to_cmn(apps, None)
    assessment = LanguageAssessment.objects.get(participant=participant)
    assert assessment.language == "cmn"
    assert selectors.languages_line(participant, "fr") == "mandarin\u00a0: intermédiaire (B1)"
