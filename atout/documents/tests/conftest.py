from atout.competencies.tests.conftest import framework  # noqa: F401
