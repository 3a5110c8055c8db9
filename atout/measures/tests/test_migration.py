"""The counsellor's tick box and uploaded letter become a wage-subsidy measure of the file.

Only the two migrations concerned go back and forth (nothing else depends on them), each
applied or unapplied against the state of every other migration, which stays applied as in
production. `MigrationExecutor.migrate()` to an older target would instead replay the state
of the whole plan after it (a minute and more on the shared worker database).
"""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

MEASURES = ("measures", "0003_measures_from_passports")
PASSPORTS = ("passports", "0006_wage_subsidy_becomes_a_measure")


def _state_without(executor, *left_out):
    """The project state of every migration except `left_out` (none of which others need)."""
    graph = executor.loader.graph
    for node in left_out:
        assert graph.node_map[node].children <= {graph.node_map[n] for n in left_out}, node
    return executor.loader.project_state([n for n in graph.nodes if n not in left_out])


def _back(executor):
    """Unapply passports 0006, then measures 0003: the schema and rows before the move."""
    executor.unapply_migration(
        _state_without(executor, PASSPORTS), executor.loader.graph.nodes[PASSPORTS]
    )
    executor.unapply_migration(
        _state_without(executor, PASSPORTS, MEASURES), executor.loader.graph.nodes[MEASURES]
    )
    return _state_without(executor, PASSPORTS, MEASURES)


def _forward(executor):
    state = _state_without(executor, PASSPORTS, MEASURES)
    state = executor.apply_migration(state, executor.loader.graph.nodes[MEASURES])
    return executor.apply_migration(state, executor.loader.graph.nodes[PASSPORTS])


@pytest.fixture
def back_to_latest():
    """Whatever happens in the test, the database ends on the latest migrations, so a failure
    here does not leave old tables behind for the tests that follow on this worker."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_a_ticked_passport_becomes_a_measure_with_its_letter(back_to_latest):
    executor = MigrationExecutor(connection)
    apps = _back(executor).apps
    Organisation = apps.get_model("accounts", "Organisation")
    Participant = apps.get_model("participants", "Participant")
    Attachment = apps.get_model("participants", "Attachment")
    Passport = apps.get_model("passports", "Passport")
    org = Organisation.objects.create(name="Carrefour", kind="employability")
    ticked = Participant.objects.create(organisation=org, given_names="Émilie", family_name="G")
    plain = Participant.objects.create(organisation=org, given_names="Jean", family_name="B")
    letter = Attachment(
        participant=ticked,
        kind="other",
        original_name="lettre.pdf",
        content_type="application/pdf",
        size=9,
    )
    letter.file.save("lettre.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    letter.save()
    Passport.objects.create(participant=ticked, wage_subsidy=True, wage_subsidy_letter=letter)
    Passport.objects.create(participant=plain)

    apps = _forward(executor).apps
    EmployerMeasure = apps.get_model("measures", "EmployerMeasure")
    measure = EmployerMeasure.objects.get()
    assert measure.participant_id == ticked.pk and measure.kind == "wage_subsidy"
    assert measure.letter.name == letter.file.name
    assert (measure.letter_name, measure.letter_content_type) == ("lettre.pdf", "application/pdf")
    assert not hasattr(apps.get_model("passports", "Passport")(), "wage_subsidy")

    # And back: the box is ticked again with its letter.
    apps = _back(executor).apps
    passport = apps.get_model("passports", "Passport").objects.get(participant_id=ticked.pk)
    assert passport.wage_subsidy and passport.wage_subsidy_letter_id == letter.pk
