"""Measures for employers: the CLE agent records them (with its letter), the counsellor reads
them, the passport freezes them with the employer text in force, the bundle takes the letter."""

import copy
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from atout.common.errors import ConflictError
from atout.measures import selectors, services
from atout.measures.models import EmployerMeasure, EmployerNotice, MeasureKind
from atout.measures.tests.factories import TINY_PDF, MeasureFactory
from atout.participants.uploads import UploadRejected
from atout.passports import selectors as passport_selectors
from atout.passports import services as passport_services
from atout.territories.models import FsaArea

pytestmark = pytest.mark.django_db


def _record(participant, actor, **kwargs):
    values = {"kind": MeasureKind.WAGE_SUBSIDY, "start": date(2026, 11, 1)}
    values.update(kwargs)
    return services.measure_record(participant=participant, actor=actor, **values)


# --- Services ----------------------------------------------------------------------------


def test_the_cle_agent_records_a_measure_with_its_letter(participant, cle_agent):
    letter = SimpleUploadedFile("../../Lettre CLE.PDF", TINY_PDF, content_type="text/html")
    measure = _record(participant, cle_agent, conditions=" 30 h par semaine ", letter=letter)
    assert measure.recorded_by == cle_agent
    assert measure.conditions == "30 h par semaine"
    assert measure.letter_content_type == "application/pdf"  # sniffed, not as claimed
    assert measure.letter_name == "Lettre CLE.pdf"
    assert measure.letter.name.startswith(f"measures/{participant.pk}/")
    assert "Lettre" not in measure.letter.name


def test_only_the_cle_agent_records_measures(participant, counsellor, org_admin, outsider):
    for user in (counsellor, org_admin, outsider):
        with pytest.raises(PermissionDenied):
            _record(participant, user)
    assert not EmployerMeasure.objects.exists()


def test_a_refused_letter_records_nothing(participant, cle_agent):
    script = SimpleUploadedFile("lettre.pdf", b"<svg onload=alert(1)></svg>")
    with pytest.raises(UploadRejected):
        _record(participant, cle_agent, letter=script)
    with pytest.raises(ValidationError):
        _record(participant, cle_agent, start=date(2027, 1, 1), end=date(2026, 1, 1))
    with pytest.raises(ValidationError):
        _record(participant, cle_agent, kind=MeasureKind.OTHER, name="  ")
    assert not EmployerMeasure.objects.exists()


def test_withdraw_with_a_stale_version_is_a_conflict(participant, cle_agent):
    measure = _record(participant, cle_agent)
    with pytest.raises(ConflictError):
        services.measure_withdraw(
            measure=measure, actor=cle_agent, expected_version=measure.version + 1
        )
    withdrawn = services.measure_withdraw(
        measure=measure, actor=cle_agent, reason="Emploi trouvé", expected_version=1
    )
    assert withdrawn.is_withdrawn and withdrawn.version == 2
    assert selectors.current_measures(participant) == []


def test_current_measures_leave_out_ended_and_withdrawn_ones(participant):
    today = timezone.localdate()
    kept = MeasureFactory(participant=participant, end=None)
    MeasureFactory(participant=participant, end=today - timedelta(days=1))
    MeasureFactory(participant=participant, withdrawn_at=timezone.now())
    assert selectors.current_measures(participant) == [kept]


# --- Views ---------------------------------------------------------------------------------


def _page(participant):
    return reverse("measures:page", kwargs={"pk": participant.pk})


def test_the_cle_agent_records_from_the_page(client_for, participant, cle_agent):
    client = client_for(cle_agent)
    assert 'name="letter_upload"' in client.get(_page(participant)).content.decode()
    response = client.post(
        _page(participant),
        {
            "kind": "wage_subsidy",
            "start": "2026-11-01",
            "end": "2027-05-31",
            "conditions": "Poste d’au moins 30 heures",
            "letter_upload": SimpleUploadedFile("lettre.pdf", TINY_PDF),
        },
    )
    assert response.status_code == 302
    measure = EmployerMeasure.objects.get()
    assert measure.letter_size == len(TINY_PDF)


def test_a_bad_form_is_shown_again_with_what_was_typed(client_for, participant, cle_agent):
    response = client_for(cle_agent).post(
        _page(participant),
        {
            "kind": "wage_subsidy",
            "start": "2027-05-31",
            "end": "2026-11-01",
            "conditions": "<b>Poste</b> #set page(width: 1pt)",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "&lt;b&gt;Poste&lt;/b&gt; #set page(width: 1pt)" in html
    assert not EmployerMeasure.objects.exists()


def test_control_characters_and_a_refused_letter_are_422(client_for, participant, cle_agent):
    client = client_for(cle_agent)
    data = {"kind": "wage_subsidy", "start": "2026-11-01", "conditions": "a\x1bb"}
    assert client.post(_page(participant), data).status_code == 422
    data["conditions"] = "ok"
    data["letter_upload"] = SimpleUploadedFile("x.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    assert client.post(_page(participant), data).status_code == 422
    assert not EmployerMeasure.objects.exists()


def test_the_counsellor_reads_the_measures_and_the_letter(client_for, participant, counsellor):
    measure = MeasureFactory(participant=participant)
    client = client_for(counsellor)
    html = client.get(_page(participant)).content.decode()
    assert 'name="letter_upload"' not in html  # no form: the CLE records
    assert "measures:withdraw" not in html and "retirer" not in html
    letter = client.get(reverse("measures:letter", kwargs={"pk": measure.pk}))
    assert letter.status_code == 200
    assert letter["Content-Type"] == "application/pdf"
    assert letter["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in letter["Content-Security-Policy"]
    assert b"".join(letter.streaming_content) == TINY_PDF
    assert client.post(_page(participant), {"kind": "wage_subsidy"}).status_code == 403


def test_the_cle_agent_withdraws_and_a_stale_form_is_409(client_for, participant, cle_agent):
    measure = MeasureFactory(participant=participant)
    client = client_for(cle_agent)
    url = reverse("measures:withdraw", kwargs={"pk": measure.pk})
    assert client.post(url, {"version": 7, "reason": "x"}).status_code == 409
    assert client.post(url, {"version": 1, "reason": "Emploi trouvé"}).status_code == 302
    measure.refresh_from_db()
    assert measure.is_withdrawn and measure.withdrawn_reason == "Emploi trouvé"


def test_the_person_and_outsiders_do_not_read_the_page(
    client_for, participant, participant_user, outsider
):
    assert client_for(participant_user).get(_page(participant)).status_code == 403
    assert client_for(outsider).get(_page(participant)).status_code == 404


# --- The employer text --------------------------------------------------------------------


def test_the_migration_published_todays_text_as_version_1():
    notice = selectors.current_notice()
    assert notice.number == 1
    assert notice.text_fr.startswith("Vous pensez embaucher cette personne?")
    assert notice.text_en.startswith("Are you thinking of hiring this person?")


def test_a_published_text_is_never_changed():
    notice = selectors.current_notice()
    notice.text_fr = "Autre chose"
    with pytest.raises(ValidationError):
        notice.save()
    newer = EmployerNotice.objects.create(text_fr="Texte du ministère", text_en="Ministry text")
    assert newer.number == 2 and selectors.current_notice() == newer


def test_the_admin_publishes_new_versions_only(admin_client):
    from django.contrib.admin.sites import site

    admin = site._registry[EmployerNotice]
    assert not admin.has_change_permission(None) and not admin.has_delete_permission(None)
    response = admin_client.get(reverse("admin:measures_employernotice_add"))
    assert "Vous pensez embaucher" in response.content.decode()  # starts from the current


# --- The passport: which CLE, the frozen measures and text ---------------------------------


@pytest.fixture
def passport(participant, counsellor):
    return passport_services.passport_start(participant=participant, actor=counsellor)


def test_the_passport_freezes_measures_and_the_notice(passport, counsellor, cle_agent):
    _record(passport.participant, cle_agent, end=date(2099, 5, 31), conditions="30 h")
    version = passport_services.passport_approve(
        passport=passport, actor=counsellor, in_person=True
    )
    frozen = copy.deepcopy(version.content)
    assert [m["kind"] for m in frozen["measures"]] == ["wage_subsidy"]
    assert frozen["measures"][0]["title"]["fr"]
    assert frozen["employer_notice"]["version"] == 1
    assert "wage_subsidy" not in frozen

    EmployerNotice.objects.create(text_fr="Nouveau texte", text_en="New text")
    version.refresh_from_db()
    assert version.content == frozen  # the printed text stays the one it froze
    fresh = passport_selectors.passport_content(passport)
    assert fresh["employer_notice"]["version"] == 2
    with translation.override("en"):
        changes = passport_selectors.content_changes(frozen, fresh)
    assert changes == ["Employer text of the last page"]


def test_a_measure_recorded_after_approval_asks_for_a_new_approval(passport, counsellor, cle_agent):
    passport_services.passport_approve(passport=passport, actor=counsellor, in_person=True)
    _record(passport.participant, cle_agent)
    with pytest.raises(ValidationError):
        passport_services.passport_print(passport=passport, actor=counsellor)


def test_a_version_frozen_with_the_tick_box_still_prints(passport, counsellor):
    version = passport_services.passport_approve(
        passport=passport, actor=counsellor, in_person=True
    )
    old = copy.deepcopy(version.content)
    del old["measures"], old["employer_notice"]
    old["wage_subsidy"] = True
    type(version).objects.filter(pk=version.pk).update(content=old)
    # Not "changed": the parts it never had are not compared.
    assert passport_services.passport_print(passport=passport, actor=counsellor).pk == version.pk


def test_the_last_page_names_the_territory_cle_or_warns(passport, cle):
    participant = passport.participant
    participant.referring_cle = None
    participant.postal_code = "G1R 2L5"
    participant.save()
    content = passport_selectors.passport_content(passport)
    assert content["cle"]["name"] == ""
    with translation.override("en"):
        assert any("No CLE found" in p for p in passport_selectors.weak_points(content))
    FsaArea.objects.create(fsa="G1R", cle=cle)
    content = passport_selectors.passport_content(passport)
    assert content["cle"]["name"] == cle.name
    with translation.override("en"):
        assert not any("No CLE found" in p for p in passport_selectors.weak_points(content))


def test_the_help_step_shows_the_cle_measures_and_text(client_for, passport, counsellor):
    MeasureFactory(participant=passport.participant)
    url = reverse("passports:step", kwargs={"pk": passport.participant_id, "step": "aide"})
    client = client_for(counsellor)
    html = client.get(url).content.decode()
    assert passport.participant.referring_cle.name in html
    assert "Subventions salariales" in html
    assert "Vous pensez embaucher" in html
    assert 'name="wage_subsidy"' not in html
    response = client.post(url, {"go": "revision"})
    assert response.status_code == 302 and response["Location"].endswith("/revision/")


# --- The printed last page ---------------------------------------------------------------


def test_the_last_page_prints_the_frozen_text_and_measures_hostile_text_as_text():
    from atout.documents.rendering.docx import render_passport_docx
    from atout.documents.rendering.passport import render_passport
    from atout.documents.tests.test_passport_docx import body_text, open_docx
    from atout.documents.tests.test_passport_pdf import page_texts, sample_content

    content = sample_content(1)
    del content["wage_subsidy"]
    content["measures"] = [
        {
            "id": 1,
            "kind": "other",
            "title": {"fr": "Mesure #set page(width: 1pt)", "en": "Measure"},
            "start": "2026-12-01",
            "end": "2027-05-31",
            "conditions": '<b>30 h</b> ]) #text(fill: red)[x] "\\',
            "letter": False,
        }
    ]
    content["employer_notice"] = {"version": 2, "text": {"fr": "Texte v2 du ministère.", "en": ""}}
    last = page_texts(render_passport(content, lang="fr", variant="colour").content)[-1]
    assert "Texte v2 du ministère." in last
    assert "Vous pensez embaucher" not in last
    assert "Mesure #set page(width: 1pt)" in last
    assert "1 décembre 2026" in last and "31 mai 2027" in last
    assert '<b>30 h</b> ]) #text(fill: red)[x] "\\' in last
    # English falls back to the French text rather than printing nothing.
    english = body_text(open_docx(render_passport_docx(content, lang="en").content))
    assert "Texte v2 du ministère." in english and "Measure" in english
