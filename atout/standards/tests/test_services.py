"""Writes: only the committee's evaluators, versions, numbers, what dossiers protect."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from atout.accounts.models import Role
from atout.accounts.tests.factories import member
from atout.common.errors import ConflictError
from atout.standards import importing, services
from atout.standards.models import Competency, Standard
from atout.standards.selectors import standard_tree
from atout.standards.tests.factories import (
    CommitteeFactory,
    CompetencyFactory,
    ElementFactory,
    StandardFactory,
    evaluator,
    full_standard,
)

pytestmark = pytest.mark.django_db


def test_the_committee_evaluator_creates_and_edits_a_standard():
    committee = CommitteeFactory()
    user = evaluator(committee)
    standard = services.standard_create(
        actor=user, committee=committee, data={"title_fr": "Boulanger ou boulangère"}
    )
    assert standard.committee == committee and standard.version == 1
    saved = services.standard_update(
        actor=user, standard=standard, data={"noc_code": "63202"}, expected_version=1
    )
    assert saved.version == 2 and saved.noc_code == "63202"
    assert saved.history.first().history_user == user
    with pytest.raises(ConflictError):
        services.standard_update(
            actor=user, standard=standard, data={"noc_code": "63200"}, expected_version=1
        )


def test_another_committee_or_role_cannot_write(organisation):
    standard = StandardFactory()
    other = evaluator(CommitteeFactory())
    advisor = member(organisation, Role.RECOGNITION_ADVISOR)
    for user in (other, advisor):
        with pytest.raises(PermissionDenied):
            services.standard_update(
                actor=user, standard=standard, data={}, expected_version=standard.version
            )
        with pytest.raises(PermissionDenied):
            services.competency_save(
                actor=user, standard=standard, data={"number": 1, "title_fr": "X"}
            )


def test_only_a_committee_keeps_standards(organisation):
    user = member(organisation, Role.COMMITTEE_EVALUATOR)
    with pytest.raises(ValidationError):
        services.standard_create(actor=user, committee=organisation, data={"title_fr": "X"})


def test_numbers_are_unique_among_siblings():
    standard = StandardFactory()
    user = evaluator(standard.committee)
    services.competency_save(actor=user, standard=standard, data={"number": 1, "title_fr": "A"})
    with pytest.raises(ValidationError) as error:
        services.competency_save(actor=user, standard=standard, data={"number": 1, "title_fr": "B"})
    assert "number" in error.value.message_dict
    competency = standard.competencies.get()
    services.element_save(actor=user, competency=competency, data={"number": 1, "title_fr": "E"})
    with pytest.raises(ValidationError):
        services.element_save(
            actor=user, competency=competency, data={"number": 1, "title_fr": "F"}
        )
    element = competency.elements.get()
    services.criterion_save(actor=user, element=element, data={"number": 1, "text_fr": "C"})
    with pytest.raises(ValidationError):
        services.criterion_save(actor=user, element=element, data={"number": 1, "text_fr": "D"})


def test_parts_of_a_standard_dossiers_aim_for_are_not_deleted(monkeypatch):
    standard = full_standard()
    user = evaluator(standard.committee)
    competency = standard.competencies.first()
    monkeypatch.setattr(services, "_in_use", lambda s: True)
    with pytest.raises(ValidationError):
        services.competency_delete(actor=user, competency=competency)
    with pytest.raises(ValidationError):
        services.element_delete(actor=user, element=competency.elements.first())
    parsed = importing.parse_upload(importing.export_csv(standard_tree(standard)).encode())
    with pytest.raises(ValidationError):
        services.standard_import(
            actor=user, committee=standard.committee, parsed=parsed, standard=standard
        )
    assert standard.competencies.count() == 2


def test_deletes_when_no_dossier():
    competency = CompetencyFactory()
    element = ElementFactory(competency=competency)
    user = evaluator(competency.standard.committee)
    services.element_delete(actor=user, element=element)
    services.competency_delete(actor=user, competency=competency)
    assert not Competency.objects.filter(pk=competency.pk).exists()


def test_json_import_creates_a_standard_and_round_trips():
    source = full_standard(title_fr="Cuisinier d’essai")
    committee = CommitteeFactory()
    user = evaluator(committee)
    text = importing.export_json(source, standard_tree(source))
    created = services.standard_import(
        actor=user, committee=committee, parsed=importing.parse_upload(text.encode())
    )
    assert created.committee == committee and created.title_fr == "Cuisinier d’essai"
    again = importing.export_json(created, standard_tree(created))
    assert again == text


def test_csv_import_replaces_the_tree_of_an_existing_standard_only():
    source = full_standard()
    target = StandardFactory()
    CompetencyFactory(standard=target, number=7, title_fr="Ancienne")
    user = evaluator(target.committee)
    parsed = importing.parse_upload(importing.export_csv(standard_tree(source)).encode())
    with pytest.raises(ValidationError):
        services.standard_import(actor=user, committee=target.committee, parsed=parsed)
    services.standard_import(actor=user, committee=target.committee, parsed=parsed, standard=target)
    assert importing.export_csv(standard_tree(target)) == importing.export_csv(
        standard_tree(source)
    )
    target.refresh_from_db()
    assert target.version == 2


def test_a_file_with_problems_writes_nothing():
    committee = CommitteeFactory()
    user = evaluator(committee)
    parsed = importing.parse_upload(b'{"title_fr": ""}')
    before = Standard.objects.count()
    with pytest.raises(ValidationError):
        services.standard_import(actor=user, committee=committee, parsed=parsed)
    assert Standard.objects.count() == before
