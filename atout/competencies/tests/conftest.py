import pytest

from atout.competencies import importing, reference, services


@pytest.fixture
def framework(db):
    """The shipped generic-skills framework, loaded as `load_reference_data` does."""
    parsed = importing.parse_json(reference.GENERIC_SKILLS.read_bytes())
    return services.framework_import(parsed=parsed)
