"""Shared fixtures: three organisations and the users the tests play.

Fixtures follow the style guide's trio: a user of the same organisation, one of the same
organisation with a weaker role, and one of another organisation.
"""

import pytest

from atout.accounts.models import Role
from atout.accounts.tests.factories import CleFactory, OrganisationFactory, member
from atout.participants.tests.factories import ParticipantFactory


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.ATOUT_REQUIRE_2FA = False
    settings.AXES_ENABLED = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LANGUAGE_CODE = "fr-ca"
    # Tasks run when enqueued (after the commit that enqueues them); tests of the worker
    # itself use the database backend explicitly.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Carrefour emploi Limoilou")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="Service d'aide à l'emploi de l'Outaouais")


@pytest.fixture
def cle(db):
    return CleFactory(name="CLE de Québec-Centre")


@pytest.fixture
def counsellor(organisation):
    return member(organisation, Role.COUNSELLOR, full_name="Geneviève Tremblay")


@pytest.fixture
def org_admin(organisation):
    user = member(organisation, Role.ORG_ADMIN, full_name="Nathalie Bouchard")
    return user


@pytest.fixture
def outsider(other_organisation):
    return member(other_organisation, Role.COUNSELLOR, full_name="Marc Lévesque")


@pytest.fixture
def cle_agent(cle):
    return member(cle, Role.CLE_AGENT, full_name="Julie Côté")


@pytest.fixture
def participant(organisation, counsellor, cle):
    return ParticipantFactory(
        organisation=organisation,
        counsellor=counsellor,
        referring_cle=cle,
        given_names="Émilie",
        family_name="Gagnon",
        email="emilie.gagnon@exemple.ca",
    )


@pytest.fixture
def participant_user(participant):
    from atout.accounts.tests.factories import UserFactory

    user = UserFactory(email="emilie.gagnon@exemple.ca", full_name="Émilie Gagnon")
    participant.user = user
    participant.save(update_fields=["user"])
    return user


@pytest.fixture
def client_for(client):
    """Log a user in on the test client; returns the client."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def framework(db):
    """The shipped generic-skills framework, loaded as `load_reference_data` does."""
    from atout.competencies import importing, reference, services

    parsed = importing.parse_json(reference.GENERIC_SKILLS.read_bytes())
    return services.framework_import(parsed=parsed)


@pytest.fixture
def reference_data(framework):
    """The framework and the workforce-profile library."""
    from atout.competencies import reference, services

    services.profiles_import(
        data=reference.load_json(reference.WORKFORCE_PROFILES), framework=framework
    )
    return framework
