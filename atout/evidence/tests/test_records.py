"""Education, certificates, references, interests and values: services, pages, hostile input."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atout.evidence import selectors, services
from atout.evidence.models import Certificate, Education, PersonalProfile, Reference, Review
from atout.evidence.tests.factories import (
    CertificateFactory,
    EducationFactory,
    ExperienceFactory,
    PersonalProfileFactory,
    ReferenceFactory,
)

pytestmark = pytest.mark.django_db

FAST = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "#set page(width: 1pt)",
    '#read("/etc/passwd")',
    "x" * 6000,
    "a\x07b",
    "\x00",
    "\u202eevil",
    "😀 محمد",
    "   ",
]
hostile = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30))

EDUCATION = {
    "program_fr": "DEP en cuisine",
    "program_en": "",
    "school": "École hôtelière de la Capitale",
    "place": "Québec",
    "year": "2019",
    "recognition_fr": "",
    "recognition_en": "",
}
CERTIFICATE = {
    "name_fr": "Permis de conduire classe 5",
    "name_en": "Class 5 driver’s licence",
    "issuer": "SAAQ",
    "obtained_on": "2015-06-01",
    "expires_on": "",
}
REFERENCE = {
    "name": "Louise Tremblay",
    "relationship_fr": "Responsable des bénévoles",
    "relationship_en": "",
    "organisation": "Moisson Québec",
    "phone": "418 555-0142",
    "email": "louise@exemple.ca",
    "referee_agreed": "on",
}
PROFILE = {
    "expertise_fr": "Cuisine pour de grands groupes",
    "expertise_en": "",
    "interests_fr": "Jardinage",
    "interests_en": "Gardening",
    "values_fr": "Entraide",
    "values_en": "",
}
FORMS = {
    "education": (Education, EDUCATION),
    "certificate": (Certificate, CERTIFICATE),
    "reference": (Reference, REFERENCE),
}


def create_url(kind, participant):
    return reverse(f"evidence:{kind}_create", args=[participant.pk])


# Services


def test_services_need_the_counsellors_capability(participant, participant_user, counsellor):
    with pytest.raises(PermissionDenied):
        services.education_create(
            participant=participant, actor=participant_user, data={"program_fr": "DEP"}
        )
    education = services.education_create(
        participant=participant, actor=counsellor, data={"program_fr": "DEP"}
    )
    assert education.review == Review.ACCEPTED


def test_update_refuses_a_stale_version_and_bumps_it(participant, counsellor):
    certificate = CertificateFactory(participant=participant)
    saved = services.certificate_update(
        certificate=certificate, actor=counsellor, data={"issuer": "MAPAQ"}, expected_version=1
    )
    assert saved.version == 2 and saved.issuer == "MAPAQ"
    with pytest.raises(services.ConflictError):
        services.certificate_update(
            certificate=certificate, actor=counsellor, data={"issuer": "X"}, expected_version=1
        )


def test_a_record_needs_its_name_in_one_language(participant, counsellor):
    with pytest.raises(ValidationError):
        services.certificate_create(participant=participant, actor=counsellor, data={})
    with pytest.raises(ValidationError):
        services.certificate_create(
            participant=participant,
            actor=counsellor,
            data={
                "name_fr": "SIMDUT",
                "obtained_on": datetime.date(2025, 1, 1),
                "expires_on": datetime.date(2024, 1, 1),
            },
        )


def test_profile_is_created_once_then_versioned(participant, counsellor):
    first = services.profile_save(
        participant=participant,
        actor=counsellor,
        data={"values_fr": "Entraide"},
        expected_version=0,
    )
    assert first.version == 1
    with pytest.raises(services.ConflictError):
        services.profile_save(
            participant=participant, actor=counsellor, data={"values_fr": "X"}, expected_version=0
        )
    second = services.profile_save(
        participant=participant, actor=counsellor, data={"values_en": "Help"}, expected_version=1
    )
    assert second.pk == first.pk and second.version == 2


def test_printable_selectors_keep_accepted_records_only(participant):
    for factory in (EducationFactory, CertificateFactory, ReferenceFactory, ExperienceFactory):
        factory(participant=participant)
        factory(participant=participant, review=Review.PROPOSED)
        factory(participant=participant, review=Review.DECLINED)
    for read in (
        selectors.printable_education,
        selectors.printable_certificates,
        selectors.printable_references,
        selectors.printable_experiences,
    ):
        assert [r.review for r in read(participant)] == [Review.ACCEPTED]


def test_printable_selectors_are_scoped_to_the_user(participant, outsider):
    EducationFactory(participant=participant)
    assert not selectors.printable_education(participant, outsider).exists()


def test_translation_gaps_name_the_missing_language(participant):
    assert selectors.translation_gaps(EducationFactory(program_en="")) == ["en"]
    assert selectors.translation_gaps(CertificateFactory(name_fr="")) == ["fr"]
    assert selectors.translation_gaps(CertificateFactory()) == []


# Pages


def test_list_shows_every_section_with_anchors_and_flags(client_for, counsellor, participant):
    EducationFactory(participant=participant, program_en="")
    CertificateFactory(participant=participant, expires_on=datetime.date(2020, 1, 1))
    ReferenceFactory(participant=participant, referee_agreed=False)
    PersonalProfileFactory(participant=participant)
    html = client_for(counsellor).get(reverse("evidence:list", args=[participant.pk]))
    html = html.content.decode()
    positions = [
        html.index(f'id="{anchor}"')
        for anchor in ("to-review", "experiences", "education", "certificates", "references")
    ]
    assert positions == sorted(positions) and 'id="profile"' in html
    assert "Anglais manquant" in html
    assert "Expiré" in html and "expiré le" in html
    assert "N’a pas encore accepté d’être jointe" in html
    assert "Cooking" not in html and "Cuisine, jardinage communautaire" in html


def test_forms_show_french_and_english_side_by_side(client_for, counsellor, participant):
    html = client_for(counsellor).get(create_url("education", participant)).content.decode()
    assert html.count('class="bilingual"') == 2
    assert 'lang="en"' in html and 'name="program_en"' in html
    html = (
        client_for(counsellor)
        .get(reverse("evidence:experience_create", args=[participant.pk]))
        .content.decode()
    )
    assert html.count('class="bilingual"') == 3 and 'name="description_en"' in html


@pytest.mark.parametrize("kind", sorted(FORMS))
def test_create_edit_delete(client_for, counsellor, participant, kind):
    model, data = FORMS[kind]
    client = client_for(counsellor)
    assert client.post(create_url(kind, participant), data).status_code == 302
    record = model.objects.get()
    edit = reverse(f"evidence:{kind}_edit", args=[record.pk])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit, {**data, "version": 1, "place": "Lévis", "issuer": "CNESST", "organisation": "Autre"}
    )
    assert response.status_code == 302
    stale = client.post(edit, {**data, "version": 1})
    assert stale.status_code == 409
    delete = reverse(f"evidence:{kind}_delete", args=[record.pk])
    assert client.get(delete).status_code == 200
    assert client.post(delete).status_code == 302
    assert not model.objects.exists()


def test_profile_page_creates_then_edits(client_for, counsellor, participant):
    client = client_for(counsellor)
    url = reverse("evidence:profile_edit", args=[participant.pk])
    assert client.post(url, {**PROFILE, "version": 0}).status_code == 302
    assert client.post(url, {**PROFILE, "values_en": "Help", "version": 1}).status_code == 302
    assert PersonalProfile.objects.get().values_en == "Help"


@pytest.mark.parametrize("kind", sorted(FORMS))
def test_participant_reads_but_cannot_write(client_for, participant_user, participant, kind):
    assert client_for(participant_user).get(create_url(kind, participant)).status_code == 403


# Hostile input: a clear 422 and nothing saved, or saved as text and escaped on the list.

MARKERS = ("<script>alert(1)", "<img src=x onerror")


def _assert_escaped(response):
    html = response.content.decode()
    assert not any(marker in html for marker in MARKERS)


@FAST
@given(
    kind=st.sampled_from(sorted(FORMS)),
    field=st.sampled_from(sorted({*EDUCATION, *CERTIFICATE, *REFERENCE})),
    value=hostile,
)
def test_hostile_record_input_refuses_or_saves(
    client_for, counsellor, participant, kind, field, value
):
    model, data = FORMS[kind]
    client = client_for(counsellor)
    before = model.objects.count()
    response = client.post(create_url(kind, participant), {**data, field: value})
    if response.status_code == 302:
        assert model.objects.count() == before + 1
        _assert_escaped(client.get(reverse("evidence:list", args=[participant.pk])))
    else:
        assert response.status_code == 422
        assert model.objects.count() == before
        _assert_escaped(response)


@FAST
@given(field=st.sampled_from(sorted(PROFILE)), value=hostile)
def test_hostile_profile_input_refuses_or_saves(client_for, counsellor, participant, field, value):
    client = client_for(counsellor)
    profile = PersonalProfile.objects.filter(participant=participant).first()
    version = profile.version if profile else 0
    response = client.post(
        reverse("evidence:profile_edit", args=[participant.pk]),
        {**PROFILE, field: value, "version": version},
    )
    assert response.status_code in (302, 422)
    _assert_escaped(response)


@FAST
@given(
    field=st.sampled_from(
        ["situation", "action", "result", "photo_description", "lang", "experience"]
    ),
    value=hostile,
)
def test_hostile_proposal_input_refuses_or_saves(
    client_for, participant_user, participant, field, value
):
    from atout.evidence.models import Achievement

    client = client_for(participant_user)
    data = {"lang": "fr", "situation": "Une file", "action": "J’ai aidé", field: value}
    before = Achievement.objects.count()
    response = client.post(reverse("evidence:propose_achievement", args=[participant.pk]), data)
    if response.status_code == 302:
        assert Achievement.objects.count() == before + 1
        _assert_escaped(client.get(reverse("evidence:list", args=[participant.pk])))
    else:
        assert response.status_code == 422
        assert Achievement.objects.count() == before
        _assert_escaped(response)
