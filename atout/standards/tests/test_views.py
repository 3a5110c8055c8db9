"""The public catalogue (no login) and the committee's maintenance pages."""

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from atout.standards.models import Competency, Criterion, Element, Standard
from atout.standards.tests.factories import (
    CommitteeFactory,
    StandardFactory,
    evaluator,
    full_standard,
)

pytestmark = pytest.mark.django_db

COOK = "Cuisinier ou cuisinière"


def test_catalogue_is_public_and_searches_without_accents(client):
    response = client.get(reverse("standards:catalogue"))
    assert response.status_code == 200
    assert COOK in response.content.decode()
    for query in ("cuisiniere", "CUISINIÈRE", "63200", "632", "cook", "tourisme"):
        page = client.get(reverse("standards:catalogue"), {"q": query}).content.decode()
        assert COOK in page, query


def test_a_search_without_a_standard_shows_the_other_routes(client):
    page = client.get(reverse("standards:catalogue"), {"q": "infirmiere"}).content.decode()
    assert "Ordre des infirmières" in page
    assert "qualificationsquebec.com" in page  # always the general guidance
    page = client.get(reverse("standards:catalogue"), {"q": "astronaute"}).content.decode()
    assert (
        escape(
            _(
                "No occupational standard in Atout matches this trade or code. "
                "Another route may apply:"
            )
        )
        in page
    )
    assert "qualificationsquebec.com" in page


def test_htmx_search_answers_the_results_only(client):
    response = client.get(
        reverse("standards:catalogue"), {"q": "cuisin"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert COOK in response.content.decode()


def test_hostile_search_never_breaks(client):
    for query in ("<script>alert(1)</script>", "#set page(width: 1pt)", "x" * 5000, "\x00"):
        response = client.get(reverse("standards:catalogue"), {"q": query})
        assert response.status_code == 200
        assert "<script>alert" not in response.content.decode()


def test_public_page_shows_competencies_conditions_and_sheet(client):
    standard = Standard.objects.get(title_fr=COOK)
    page = client.get(reverse("standards:public_detail", args=[standard.pk])).content.decode()
    assert "Réaliser une recette" in page
    assert escape(_("to be completed by the committee")) in page
    assert "Conseil québécois des ressources humaines en tourisme" in page
    assert escape(_("Procedure sheet")) in page
    assert "Sceau rouge" in page


def test_public_page_in_english(client):
    standard = Standard.objects.get(title_fr=COOK)
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(reverse("standards:public_detail", args=[standard.pk])).content.decode()
    assert "Carry out a recipe" in page
    assert "not an official document" in page
    assert "Only level 2 leads to the Red Seal" in page
    assert "paid or unpaid" in page


def test_unpublished_standards_are_not_public(client):
    hidden = StandardFactory(published=False)
    assert client.get(reverse("standards:public_detail", args=[hidden.pk])).status_code == 404
    assert hidden.title_fr not in client.get(reverse("standards:catalogue")).content.decode()


@pytest.fixture
def committee():
    return CommitteeFactory(name="Comité des métiers d’essai")


@pytest.fixture
def manager(committee, client_for):
    return client_for(evaluator(committee))


def test_manage_lists_only_the_committee_standards(manager, committee):
    own = StandardFactory(committee=committee)
    other = StandardFactory()
    page = manager.get(reverse("standards:manage")).content.decode()
    assert own.title_fr in page and other.title_fr not in page
    assert manager.get(reverse("standards:edit", args=[other.pk])).status_code == 404


def test_pages_need_the_capability(client_for, counsellor):
    client = client_for(counsellor)
    assert client.get(reverse("standards:manage")).status_code == 403
    standard = StandardFactory()
    assert client.get(reverse("standards:edit", args=[standard.pk])).status_code == 404


def test_create_edit_and_conflict(manager, committee):
    response = manager.post(reverse("standards:create"), {"title_fr": "", "status": "in_force"})
    assert response.status_code == 422
    response = manager.post(
        reverse("standards:create"),
        {"title_fr": "Boulanger ou boulangère", "noc_code": "123", "status": "in_force"},
    )
    assert response.status_code == 422
    assert escape(_("A NOC 2021 code has five digits, like 63200.")) in response.content.decode()
    response = manager.post(
        reverse("standards:create"),
        {"title_fr": "Boulanger ou boulangère", "status": "in_force", "published": "on"},
    )
    standard = Standard.objects.get(title_fr="Boulanger ou boulangère")
    assert standard.committee == committee
    assert response.status_code == 302
    data = {"title_fr": "Boulanger", "status": "in_force", "version": 1}
    assert manager.post(reverse("standards:edit", args=[standard.pk]), data).status_code == 302
    stale = {"title_fr": "Boulangère", "status": "in_force", "version": 1}
    response = manager.post(reverse("standards:edit", args=[standard.pk]), stale)
    assert response.status_code == 409
    assert "Boulangère" in response.content.decode()  # what was typed is kept
    standard.refresh_from_db()
    assert standard.title_fr == "Boulanger"


def test_tree_editing(manager, committee):
    standard = StandardFactory(committee=committee)
    url = reverse("standards:competency_add", args=[standard.pk])
    ok = {"new-number": 1, "new-kind": "essential", "new-title_fr": "Planifier"}
    assert manager.post(url, ok).status_code == 302
    response = manager.post(url, {**ok, "new-title_fr": "Doublon"})
    assert response.status_code == 422
    assert "Doublon" in response.content.decode()
    competency = Competency.objects.get(standard=standard)
    response = manager.post(
        reverse("standards:competency_edit", args=[competency.pk]),
        {"number": 1, "kind": "essential", "title_fr": "Planifier", "to_be_completed": "on"},
    )
    assert response.status_code == 302
    competency.refresh_from_db()
    assert competency.to_be_completed
    manager.post(
        reverse("standards:element_add", args=[competency.pk]),
        {"new-number": 1, "new-title_fr": "Lire la commande"},
    )
    element = Element.objects.get(competency=competency)
    manager.post(
        reverse("standards:criterion_add", args=[element.pk]),
        {"new-number": 1, "new-text_fr": "Lit toute la commande"},
    )
    criterion = Criterion.objects.get(element=element)
    assert manager.get(reverse("standards:criterion_edit", args=[criterion.pk])).status_code == 200
    assert manager.get(reverse("standards:element_edit", args=[element.pk])).status_code == 200
    assert manager.get(reverse("standards:edit", args=[standard.pk])).status_code == 200
    manager.post(reverse("standards:criterion_delete", args=[criterion.pk]))
    manager.post(reverse("standards:element_delete", args=[element.pk]))
    manager.post(reverse("standards:competency_delete", args=[competency.pk]))
    assert not standard.competencies.exists()


def test_export_and_import_through_the_pages(manager, committee):
    source = full_standard(committee=committee)
    csv_response = manager.get(reverse("standards:export_csv", args=[source.pk]))
    assert csv_response["Content-Type"].startswith("text/csv")
    json_response = manager.get(reverse("standards:export_json", args=[source.pk]))
    target = StandardFactory(committee=committee)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("norme.csv", csv_response.content, "text/csv")
    response = manager.post(reverse("standards:import", args=[target.pk]), {"import-file": upload})
    assert response.status_code == 302
    assert target.competencies.count() == 2
    upload = SimpleUploadedFile("norme.json", json_response.content, "application/json")
    response = manager.post(reverse("standards:manage"), {"file": upload})
    assert response.status_code == 302
    assert Standard.objects.filter(committee=committee, title_fr=source.title_fr).count() == 2


def test_a_bad_file_names_its_lines_and_writes_nothing(manager, committee):
    from django.core.files.uploadedfile import SimpleUploadedFile

    target = StandardFactory(committee=committee)
    bad = ("competency_number,competency_title_fr\n1,Planifier\nx,Sans numéro\n").encode()
    response = manager.post(
        reverse("standards:import", args=[target.pk]),
        {"import-file": SimpleUploadedFile("n.csv", bad, "text/csv")},
    )
    assert response.status_code == 422
    assert (_("line %(line)d") % {"line": 3}) in response.content.decode()
    assert not target.competencies.exists()
