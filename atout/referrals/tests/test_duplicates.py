"""The duplicate check: the same name ignoring case, accents, hyphens, apostrophes and spacing,
or the same birth date and family name, or e-mail, or phone; only among visible files."""

import datetime

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atout.accounts.models import Role
from atout.accounts.tests.factories import OrganisationFactory, member
from atout.participants.models import JournalNote, Participant
from atout.participants.selectors import name_key, possible_duplicates
from atout.participants.tests.factories import ParticipantFactory

LETTERS = "abcdefghijklmnopqrstuvwxyzéèêëàâçîïôöùûüÉÈÀÇÔ"
SEPARATORS = [" ", "-", "'", "’", "  "]


names = st.text(alphabet=LETTERS, min_size=1, max_size=12)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(names, min_size=1, max_size=3), data=st.data())
def test_name_key_ignores_case_accents_hyphens_apostrophes_and_spacing(parts, data):
    plain = "".join(name_key(p) for p in parts)
    separators = [data.draw(st.sampled_from(SEPARATORS)) for _ in parts]
    written = "".join(p + s for p, s in zip(parts, separators, strict=True))
    assert name_key(written) == plain
    assert name_key(written.upper()) == plain
    assert name_key("  " + written.title() + " ") == plain


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(a=st.text(alphabet="abcdefghij", min_size=1), b=st.text(alphabet="abcdefghij", min_size=1))
def test_name_key_keeps_different_letters_apart(a, b):
    assert (name_key(a) == name_key(b)) == (a == b)


def test_name_key_examples():
    assert name_key("Jean-François O’Neil") == name_key("jean francois oneil")
    assert name_key("Benali") != name_key("Benoit")
    assert name_key("Côté") == name_key("COTE") == "cote"


@pytest.fixture
def ahmed(organisation):
    return ParticipantFactory(
        organisation=organisation,
        given_names="Ahmed",
        family_name="Ben-Ali",
        birth_date=datetime.date(1988, 3, 14),
        email="ahmed@exemple.ca",
        mobile_phone="4185550199",
        home_phone="",
    )


@pytest.mark.django_db
@settings(
    max_examples=25,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    given_names=st.sampled_from(["Ahmed", "AHMED", "ahmed", " Ahmed "]),
    family=st.sampled_from(["Ben-Ali", "Ben Ali", "benali", "BEN ALI", "Bén-Alì", "Ben’Ali"]),
)
def test_the_database_finds_the_same_name_written_otherwise(counsellor, ahmed, given_names, family):
    found = possible_duplicates(
        counsellor, given_names=given_names, family_name=family, email="", phone=""
    )
    assert found == [ahmed]


@pytest.mark.django_db
def test_birth_date_with_family_name_e_mail_and_phone(counsellor, ahmed):
    def find(**kw):
        base = {"given_names": "Zoé", "family_name": "Tremblay"}
        return possible_duplicates(counsellor, **{**base, **kw})

    assert find() == []
    assert find(family_name="BENALI", birth_date=datetime.date(1988, 3, 14)) == [ahmed]
    assert find(birth_date=datetime.date(1988, 3, 14)) == []
    assert find(email="Ahmed@Exemple.ca ") == [ahmed]
    assert find(phone="1 (418) 555-0199") == [ahmed]
    assert find(phone="418 555-0199 poste 12") == [ahmed]
    assert find(phone="418 555-0100") == []
    assert (
        possible_duplicates(
            counsellor, given_names="Ahmed", family_name="Benali", exclude_pk=ahmed.pk
        )
        == []
    )


@pytest.mark.django_db
def test_only_files_the_user_may_see(ahmed, outsider):
    assert possible_duplicates(outsider, given_names="Ahmed", family_name="Benali") == []


# --- The counsellor's « new file » form --------------------------------------------------------


def _post(**fields):
    return {
        "given_names": "Ahmed",
        "family_name": "Benali",
        "preferred_language": "fr",
        "province": "Québec",
        "status": "active",
        "opened_on": "2026-11-01",
        **fields,
    }


@pytest.mark.django_db
def test_a_second_benali_is_never_created_silently(client_for, counsellor, ahmed):
    client = client_for(counsellor)
    response = client.post(reverse("participants:create"), _post())
    assert response.status_code == 422
    assert Participant.objects.count() == 1
    html = response.content.decode()
    assert reverse("participants:detail", args=[ahmed.pk]) in html
    assert 'value="Benali"' in html  # what was typed is still there
    response = client.post(reverse("participants:create"), _post(duplicate_choice="different"))
    assert response.status_code == 302
    created = Participant.objects.exclude(pk=ahmed.pk).get()
    note = JournalNote.objects.get(participant=created)
    assert str(ahmed.pk) in note.text


@pytest.mark.django_db
def test_a_new_name_is_created_at_once_with_its_birth_date(client_for, counsellor, ahmed):
    response = client_for(counsellor).post(
        reverse("participants:create"),
        _post(given_names="Zoé", family_name="Tremblay", birth_date="1999-01-02"),
    )
    assert response.status_code == 302
    created = Participant.objects.get(family_name="Tremblay")
    assert created.birth_date == datetime.date(1999, 1, 2)
    assert not JournalNote.objects.filter(participant=created).exists()


@pytest.mark.django_db
def test_another_organisation_s_benali_is_not_shown(client_for, ahmed):
    other = member(OrganisationFactory(), Role.COUNSELLOR)
    response = client_for(other).post(reverse("participants:create"), _post())
    assert response.status_code == 302
