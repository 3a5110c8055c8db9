"""Shared fixtures: three organisations and the users the tests play.

Fixtures follow the style guide's trio: a user of the same organisation, one of the same
organisation with a weaker role, and one of another organisation.
"""

import fcntl
import os
import tempfile
from pathlib import Path

import pytest

from atout.accounts.models import Role
from atout.accounts.tests.factories import CleFactory, OrganisationFactory, member
from atout.participants.tests.factories import ParticipantFactory


@pytest.fixture(scope="session")
def django_db_setup(  # noqa: PLR0913, PLR0917 - pytest-django's own signature
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's set-up, except that on PostgreSQL under xdist the migrations run once.

    Every worker used to migrate its own database from zero (~95 s each on two busy cores).
    Now the first worker migrates a template database from zero, under a file lock shared by
    the run, and each worker's database is a `CREATE DATABASE … TEMPLATE` copy of it (a file
    copy, ~1 s). Every migration is still applied from zero once per run.
    ATOUT_TEST_DB_CLONE=0 goes back to one migration per worker (to compare, or to rule it out).
    """
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    verbosity = request.config.option.verbose
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if os.environ.get("ATOUT_TEST_DB_CLONE", "1") == "0":
        run = None
    keepdb = django_db_keepdb and not django_db_createdb
    if connection.vendor != "postgresql" or not run or not django_db_use_migrations or keepdb:
        if not django_db_use_migrations:
            _disable_migrations()
        aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
        with django_db_blocker.unblock():
            db_cfg = setup_databases(
                verbosity=verbosity,
                interactive=False,
                aliases=aliases,
                serialized_aliases=serialized_aliases,
                keepdb=keepdb,
            )
        yield
        if not django_db_keepdb:
            with django_db_blocker.unblock():
                teardown_databases(db_cfg, verbosity=verbosity)
        return

    with django_db_blocker.unblock():
        old_name = _clone_migrated_template(connection, run, verbosity)
    yield
    with django_db_blocker.unblock():
        connection.creation.destroy_test_db(old_name, verbosity, keepdb=False)
        with _run_lock(run) as state:
            if state.read() == "ready":
                with connection._nodb_cursor() as cursor:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{_template_name(run)}"')
                state.seek(0)
                state.truncate()
                state.write("dropped")  # a worker that starts later builds it again


def _template_name(run: str) -> str:
    return f"test_atout_template_{run[:12]}"


class _run_lock:
    """An exclusive lock shared by the workers of one pytest run; the file holds the state."""

    def __init__(self, run: str):
        self.path = Path(tempfile.gettempdir()) / f"atout-test-db-{run}.lock"

    def __enter__(self):
        self.handle = self.path.open("a+")
        fcntl.flock(self.handle, fcntl.LOCK_EX)
        self.handle.seek(0)
        return self.handle

    def __exit__(self, *exc):
        self.handle.flush()
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


def _clone_migrated_template(connection, run: str, verbosity: int) -> str:
    """Point the connection at this worker's copy of the run's migrated template database."""
    from django.conf import settings

    old_name = connection.settings_dict["NAME"]
    worker_name = connection.creation._get_test_db_name()
    template = _template_name(run)
    with _run_lock(run) as state:
        if state.read() != "ready":
            connection.settings_dict["TEST"]["NAME"] = template
            try:
                # Creates the database, runs every migration from zero, createcachetable.
                connection.creation.create_test_db(verbosity, autoclobber=True, serialize=False)
            finally:
                connection.settings_dict["TEST"]["NAME"] = worker_name
            connection.close()  # no session may stay on a template while it is copied
            state.seek(0)
            state.truncate()
            state.write("ready")
        connection.settings_dict["NAME"] = old_name
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{worker_name}"')
            cursor.execute(f'CREATE DATABASE "{worker_name}" TEMPLATE "{template}"')
    settings.DATABASES[connection.alias]["NAME"] = worker_name
    connection.settings_dict["NAME"] = worker_name
    connection.close()
    connection.ensure_connection()
    return old_name


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
