"""Sweep of the whole URL configuration: every read of a person's file is logged, with its kind.

Each URL is opened (GET) by the users who may read a file: the organisation's admin, the
counsellor, the participant and the referring CLE's agent. A page that loads a file's rows
through the scoping must write one access-log entry of the kind atout.privacy.reads gives its
URL name; a URL that reads a file but has no kind fails the sweep, as does a listed URL that
no longer reads or logs. Like tests/test_authorisation_matrix.py, the URL arguments come
from its ID_URLS, so a new URL with an id must be declared there first.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from atout.privacy import reads
from atout.privacy.models import AccessLogEntry
from tests.test_authorisation_matrix import (
    ID_URLS,
    IGNORED_NAMESPACES,
    _personal_objects,
    _walk,
    url_for,
)

Kind = AccessLogEntry.Action


def all_urls() -> dict[str, list[str]]:
    """URL name -> its arguments, for every named URL outside the ignored namespaces."""
    return {
        name: list(converters)
        for name, converters in _walk(get_resolver().url_patterns)
        if name.split(":")[0] not in IGNORED_NAMESPACES
    }


def readable_url(name: str, arguments: list[str], objects: dict) -> str | None:
    """The URL to GET for this name, or None if it takes no GET or arguments we cannot build."""
    if name in ID_URLS:
        return None if ID_URLS[name].post_only else url_for(name, objects)
    return None if arguments else reverse(name)


def test_the_registry_names_only_existing_urls():
    stale = (set(reads.READS) | set(reads.NOT_LOGGED)) - set(all_urls())
    assert not stale, f"atout.privacy.reads names URLs that no longer exist: {sorted(stale)}"
    assert not set(reads.READS) & set(reads.NOT_LOGGED)


def test_every_url_reading_a_file_by_id_has_a_kind():
    """Static half: a URL that takes the id of a person's data and answers GET must say its kind."""
    readable = {n for n, url in ID_URLS.items() if not url.post_only}
    missing = readable - set(reads.READS) - set(reads.NOT_LOGGED)
    assert not missing, (
        f"URLs reading a person's data with no kind of read: {sorted(missing)}. "
        "Add them to READS in atout/privacy/reads.py."
    )


@pytest.fixture
def readers(org_admin, counsellor, participant_user, cle_agent):
    """A client per reader, in the order they are tried (the first one answering 2xx reads)."""
    clients = {}
    for user in (org_admin, counsellor, participant_user, cle_agent):
        client = Client()
        client.force_login(user)
        clients[user] = client
    return clients


# Pages that only redirect once the sweep's objects exist; each is read in its own test below.
REDIRECT_HERE = {
    "passports:home": "goes to the passport's first step once one exists",
    "jsonresume:preview": "goes to the upload form until a file is uploaded; its logging is "
    "tested with one in atout/jsonresume/tests/test_views.py",
    "referrals:edit": "a sent request goes back to its page; the draft's edit page is logged "
    "in atout/referrals/tests/test_access_log.py",
    "passports:preview_page": "a page image named by its hash, found in the preview's HTML; "
    "its logging is tested in atout/documents/tests/test_previews.py",
    "resumes:preview_page": "a page image named by its hash, found in the CV page's HTML; "
    "its logging is tested in atout/documents/tests/test_previews.py",
    "certificates:record": "only the recognition advisor opens it (none of this sweep's "
    "readers); its logging is tested in atout/certificates/tests/test_access_log.py",
}
# Qualifications Québec's recognition pages: the sweep's readers (an employability
# organisation, its CLE, the person) are not parties to a recognition dossier; their logging
# is tested in atout/recognition/tests/test_access_log.py.
REDIRECT_HERE |= {
    name: "a Qualifications Québec recognition page (atout/recognition/tests/test_access_log.py)"
    for name in reads.READS
    if name.startswith("recognition:")
}


# Pages only the other parties of a recognition dossier open (Qualifications Québec's
# advisor, the committee's evaluator), none of the readers above: their logging is tested in
# atout/committees/tests/test_access_log.py.
OTHER_PARTIES = {
    "committees:package": "the advisor's page",
    "committees:transmission": "the advisor's and the committee's page",
    "committees:decide": "the committee's page",
    "committees:document": "the committee's download",
    "committees:confirmation": "the committee's PDF",
    "committees:result_letter": "the advisor's and the candidate's PDF",
}


def _new_entries(since: int) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(pk__gt=since).order_by("pk"))


def _last_pk() -> int:
    return AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_every_read_of_a_file_is_logged_with_its_kind(readers, participant, counsellor):
    """Dynamic half: open every URL as each reader and compare what was logged."""
    objects = _personal_objects(participant, counsellor)
    problems = []
    logged = set()
    for name, arguments in sorted(all_urls().items()):
        url = readable_url(name, arguments, objects)
        if url is None:
            continue
        for user, client in readers.items():
            since = _last_pk()
            response = client.get(url)
            entries = _new_entries(since)
            read = 200 <= response.status_code < 300
            if not read:
                if entries:
                    problems.append(f"{name}: {response.status_code} for {user} logged a read")
                continue
            kinds = {e.action for e in entries}
            if Kind.UNCLASSIFIED in kinds or (entries and name not in reads.READS):
                problems.append(f"{name}: reads a file but has no kind in READS")
            elif name in reads.NOT_LOGGED and entries:
                problems.append(f"{name}: listed as not logged but wrote {len(entries)} entries")
            elif name in reads.READS:
                expected = reads.READS[name]
                if kinds - {expected, reads.DOWNLOADS.get(expected)}:
                    problems.append(f"{name}: logged {sorted(kinds)}, expected {expected}")
                if participant.pk not in {e.participant_id for e in entries}:
                    problems.append(f"{name}: {user} read the file and nothing was logged")
                if any(e.user_id != user.pk for e in entries):
                    problems.append(f"{name}: an entry names another reader")
                logged.add(name)
    never = set(reads.READS) - logged - set(REDIRECT_HERE) - set(OTHER_PARTIES)
    assert not problems, "\n".join(problems)
    assert not never, f"No reader could open these URLs to check their logging: {sorted(never)}"


def test_passport_start_page_is_logged(client_for, counsellor, participant):
    response = client_for(counsellor).get(reverse("passports:home", kwargs={"pk": participant.pk}))
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get()
    assert (entry.participant, entry.action) == (participant, Kind.VIEW_PASSPORT)


def test_the_seven_reads_of_one_file_write_seven_entries(client_for, counsellor, participant):
    """The issue's count: 7 reads of one file used to write 1 entry."""
    from collections import Counter

    objects = _personal_objects(participant, counsellor)
    file_pk, version_pk = participant.pk, objects["version"].pk
    evaluation_pk = objects["evaluation"].pk
    client = client_for(counsellor)
    reads_of_the_issue = [
        reverse("passports:version_document", kwargs={"pk": version_pk}),
        reverse("passports:draft_document", kwargs={"pk": file_pk}),
        reverse("passports:step", kwargs={"pk": file_pk, "step": "revision"}),
        reverse("passports:draft_document", kwargs={"pk": file_pk}) + "?format=docx",
        reverse("passports:preview", kwargs={"pk": file_pk}),
        reverse("competencies:evaluation_pdf", kwargs={"pk": evaluation_pk}),
        reverse("evidence:list", kwargs={"pk": file_pk}),
    ]
    for url in reads_of_the_issue:
        assert client.get(url).status_code == 200, url
    entries = AccessLogEntry.objects.filter(participant=participant)
    per_kind = Counter((e.action, e.document_format) for e in entries)
    assert per_kind == {
        (Kind.PASSPORT_VERSION_DOCUMENT, "pdf"): 1,
        (Kind.PASSPORT_DRAFT_DOCUMENT, "pdf"): 1,
        (Kind.VIEW_PASSPORT, ""): 1,
        (Kind.PASSPORT_DRAFT_DOCUMENT, "docx"): 1,
        (Kind.PREVIEW_PASSPORT, ""): 1,
        (Kind.SELF_EVALUATION_DOCUMENT, "pdf"): 1,
        (Kind.VIEW_EVIDENCE, ""): 1,
    }
    assert entries.count() == 7
