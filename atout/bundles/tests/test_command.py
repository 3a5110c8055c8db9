"""`manage.py render_bundle` runs the same job in the foreground."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from atout.bundles.models import Bundle

pytestmark = pytest.mark.django_db


def test_render_bundle_writes_the_merged_pdf(approved_file, tmp_path):
    out = tmp_path / "pochette.pdf"
    stdout = io.StringIO()
    call_command(
        "render_bundle", str(approved_file.pk), "--copies", "3", "--out", str(out), stdout=stdout
    )
    reader = PdfReader(out)
    bundle = Bundle.objects.get()
    assert bundle.status == Bundle.Status.READY and bundle.requested_by is None
    assert bundle.options["copies"] == 3 and bundle.options["letters"]
    assert len(reader.pages) == bundle.pages
    assert "Wrote" in stdout.getvalue()


def test_render_bundle_by_e_mail_as_a_zip(approved_file, tmp_path):
    out = tmp_path / "pochette.zip"
    call_command(
        "render_bundle",
        "--participant",
        approved_file.email,
        "--zip",
        "--copies",
        "0",
        "--out",
        str(out),
    )
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
    assert names[0].startswith("00-") and len(names) == 4  # contents, colour, cards, letter


@pytest.mark.parametrize(
    "args, message",
    [
        ([], "Give either"),
        (["999999"], "No participant file"),
        (["--copies", "21"], "--copies"),
    ],
)
def test_render_bundle_refuses_bad_arguments(approved_file, tmp_path, args, message):
    if args and args[0] == "--copies":
        args = [str(approved_file.pk), *args]
    with pytest.raises(CommandError, match=message):
        call_command("render_bundle", *args, "--out", str(tmp_path / "x.pdf"))


def test_render_bundle_refuses_while_one_is_in_flight(approved_file, tmp_path):
    Bundle.objects.create(participant=approved_file, options={})
    with pytest.raises(CommandError):
        call_command("render_bundle", str(approved_file.pk), "--out", str(tmp_path / "x.pdf"))
    assert Bundle.objects.count() == 1
    assert not (tmp_path / "x.pdf").exists()


def test_render_bundle_says_when_nothing_is_approved(participant, tmp_path):
    with pytest.raises(CommandError):
        call_command("render_bundle", str(participant.pk), "--out", str(tmp_path / "x.pdf"))
