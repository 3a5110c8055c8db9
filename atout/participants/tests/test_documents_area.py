"""The file's Documents area and `manage.py render_document`, through the kinds registry."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from atout.documents.kinds import document_kinds
from atout.passports import services as passport_services
from atout.passports.models import PassportVersion

pytestmark = pytest.mark.django_db


def test_the_passport_is_a_registered_kind():
    assert "passport" in [kind.key for kind in document_kinds()]


def test_counsellor_sees_every_kind_with_its_state(client_for, counsellor, participant):
    page = client_for(counsellor).get(reverse("participants:detail", args=[participant.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="documents-h"' in html
    for kind in document_kinds():
        assert str(kind.label) in html
    assert "Not started" in html or "Pas commencé" in html


def test_an_approved_then_printed_passport_shows_its_state_and_last_print(
    client_for, counsellor, participant, django_capture_on_commit_callbacks
):
    passport = passport_services.passport_start(participant=participant, actor=counsellor)
    with django_capture_on_commit_callbacks(execute=True):
        passport_services.passport_approve(passport=passport, actor=counsellor, in_person=True)
    PassportVersion.objects.filter(passport=passport).update(reason="printed")
    passport.refresh_from_db()
    type(passport).objects.filter(pk=passport.pk).update(status="printed")
    page = client_for(counsellor).get(reverse("participants:detail", args=[participant.pk]))
    html = page.content.decode()
    assert "status--printed" in html
    assert "<time datetime=" in html.split('id="documents-h"')[1].split("</section>")[0]


def test_the_participant_sees_their_documents(client_for, participant_user, participant):
    page = client_for(participant_user).get(reverse("participants:my_file"))
    assert page.status_code == 200
    assert 'id="documents-h"' in page.content.decode()


def test_a_cle_agent_sees_no_documents_area(client_for, cle_agent, participant):
    page = client_for(cle_agent).get(reverse("participants:detail", args=[participant.pk]))
    assert page.status_code == 200
    assert 'id="documents-h"' not in page.content.decode()


def run(*args) -> str:
    out = io.StringIO()
    call_command("render_document", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_render_document_prints_the_passport(participant, counsellor, tmp_path):
    passport_services.passport_start(participant=participant, actor=counsellor)
    target = tmp_path / "passport.pdf"
    out = run("passport", str(participant.pk), "--out", str(target))
    assert "Wrote" in out
    with pdfplumber.open(io.BytesIO(target.read_bytes())) as pdf:
        text = " ".join(page.extract_text() or "" for page in pdf.pages)
    assert participant.family_name in text


def test_render_document_says_when_there_is_nothing_to_print(participant, tmp_path):
    with pytest.raises(CommandError, match="pas encore de passeport|no passport"):
        run("passport", str(participant.pk), "--out", str(tmp_path / "x.pdf"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["passport", "--out", "x.pdf"], "either"),
        (["passport", "987654", "--out", "x.pdf"], "No participant file"),
        (["passport", "1", "--layout", "functional", "--out", "x.pdf"], "Layouts"),
        (["passport", "1", "--out", "/nonexistent/dir/x.pdf"], "does not exist"),
    ],
)
def test_render_document_refuses_bad_arguments(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
