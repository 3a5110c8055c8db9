"""The data migration ships the cook standard as far as we know it, never more."""

import datetime

import pytest

from atout.accounts.models import Organisation
from atout.standards.models import OtherRoute, Standard
from atout.standards.selectors import standard_tree, standards_in_force

pytestmark = pytest.mark.django_db


def test_the_cook_standard_and_its_committee_exist():
    standard = Standard.objects.get(title_fr="Cuisinier ou cuisinière")
    assert standard.committee.name == (
        "Conseil québécois des ressources humaines en tourisme (CQRHT)"
    )
    assert standard.committee.kind == Organisation.Kind.COMMITTEE
    assert standard.approved_on == datetime.date(2010, 4, 15)
    assert standard.noc_code == "63200"
    assert not standard.is_complete  # the code and the elements are to be checked
    assert "Sceau rouge" in standard.levels
    assert "pas un document officiel" in standard.procedure_sheet_fr
    assert "not an official document" in standard.procedure_sheet_en
    assert standard in standards_in_force()


def test_five_essential_competencies_to_be_completed_without_invented_elements(
    django_assert_max_num_queries,
):
    standard = Standard.objects.get(title_fr="Cuisinier ou cuisinière")
    with django_assert_max_num_queries(3):
        tree = standard_tree(standard)
        elements = [e for c in tree for e in c.elements.all()]
    assert [c.title_fr for c in tree] == [
        "Planifier son travail",
        "Réaliser une recette",
        "Effectuer le service",
        "Conserver les aliments",
        "Entretenir le poste de travail et les outils",
    ]
    assert all(c.to_be_completed and c.kind == "essential" for c in tree)
    assert elements == []


def test_other_routes_cover_the_four_kinds():
    kinds = set(OtherRoute.objects.values_list("kind", flat=True))
    assert {"professional_order", "school", "red_seal", "mandatory"} <= kinds
