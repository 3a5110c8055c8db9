import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from atout.evidence.models import Experience, Review
from atout.jsonresume.parsing import validator

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("jsonresume", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_export_then_import_by_email(rich, tmp_path):
    target = tmp_path / "cv.json"
    out, _err = run("export", str(rich.pk), str(target), "--lang", "en")
    assert "Wrote" in out
    document = json.loads(target.read_text("utf-8"))
    assert list(validator().iter_errors(document)) == []
    # Into the same file: everything is already there.
    out, _err = run("import", "--participant", rich.email, str(target))
    assert "added nothing" in out


def test_import_is_accepted_with_a_history_reason(participant, tmp_path):
    source = tmp_path / "cv.json"
    source.write_text(json.dumps({"work": [{"name": "Metro", "position": "Caissier"}]}))
    run("import", str(participant.pk), str(source))
    experience = Experience.objects.get(participant=participant)
    assert experience.review == Review.ACCEPTED
    assert experience.history.first().history_change_reason == (
        "JSON Resume import (command line): cv.json"
    )


def test_dry_run_writes_nothing(participant, tmp_path):
    source = tmp_path / "cv.json"
    source.write_text(json.dumps({"work": [{"name": "Metro"}], "skills": [{"name": "Python"}]}))
    out, _err = run("import", str(participant.pk), str(source), "--dry-run")
    assert "+ work[0]: Metro" in out and "- skills[0]" in out
    assert not Experience.objects.exists()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b'{"work": [{"startDate": "mai 2019"}]}', "work[0].startDate\u00a0: "),
        (b"\xef\xbb\xbf{}", "BOM"),
        (b"[" * 30 + b"]" * 30, "20"),
    ],
)
def test_a_bad_file_is_refused_with_the_form_messages(participant, tmp_path, raw, expected):
    source = tmp_path / "cv.json"
    source.write_bytes(raw)
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("jsonresume", "import", str(participant.pk), str(source), stderr=err)
    assert expected in err.getvalue()
    assert not Experience.objects.exists()


def test_a_huge_file_is_refused_without_reading_it(participant, tmp_path):
    source = tmp_path / "cv.json"
    source.write_bytes(b"{" + b" " * (10 * 1024 * 1024) + b"}")
    with pytest.raises(CommandError, match="nothing was written"):
        run("import", str(participant.pk), str(source))


def test_the_operator_names_one_file(participant, tmp_path):
    with pytest.raises(CommandError, match="either"):
        run("export", str(tmp_path / "x.json"))
    with pytest.raises(CommandError, match="No participant file"):
        run("export", "987654", str(tmp_path / "x.json"))
