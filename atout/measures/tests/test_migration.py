"""The counsellor's tick box and uploaded letter become a wage-subsidy measure of the file."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The participants' later columns (NOT NULL, no database default) stay in the table while
# passports go back: the state "before" must know them, or its rows cannot be inserted.
BEFORE = [
    ("passports", "0005_objective_short"),
    ("measures", "0002_employer_notice_seed"),
    ("participants", "0005_recognition_files"),
]
AFTER = [("passports", "0006_wage_subsidy_becomes_a_measure")]


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
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
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

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    EmployerMeasure = apps.get_model("measures", "EmployerMeasure")
    measure = EmployerMeasure.objects.get()
    assert measure.participant_id == ticked.pk and measure.kind == "wage_subsidy"
    assert measure.letter.name == letter.file.name
    assert (measure.letter_name, measure.letter_content_type) == ("lettre.pdf", "application/pdf")

    # And back: the box is ticked again with its letter.
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    passport = apps.get_model("passports", "Passport").objects.get(participant_id=ticked.pk)
    assert passport.wage_subsidy and passport.wage_subsidy_letter_id == letter.pk
