"""Sweep of every URL that takes an object id, generated from the URL configuration.

Like pretix's permission test: outside the file's parties a view answers 404 (nothing
leaks), anonymous users go to the login page, and inside the organisation a missing
capability is a 403. A new URL with an id must be added to `ID_URLS`, or the sweep fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from atout.accounts.models import Role
from atout.accounts.tests.factories import member
from atout.participants.tests.factories import (
    AttachmentFactory,
    NoteFactory,
    ParticipantFactory,
)

# Django's admin is for platform staff only (is_staff), outside the file scoping.
IGNORED_NAMESPACES = {"admin"}


TARGETS = (
    "participant",
    "note",
    "attachment",
    "evaluation",
    "profile",
    "version",
    "experience",
    "achievement",
)


@dataclass(frozen=True)
class IdUrl:
    target: str  # one of TARGETS: what the id points to
    post_only: bool = False
    # Other URL arguments: a target name (its object's pk) or a literal value.
    extra: tuple[tuple[str, str | int], ...] = ()


ID_URLS: dict[str, IdUrl] = {
    "participants:detail": IdUrl("participant"),
    "participants:edit": IdUrl("participant"),
    "participants:history": IdUrl("participant"),
    "participants:note_add": IdUrl("participant", post_only=True),
    "participants:attachment_add": IdUrl("participant", post_only=True),
    "participants:invite": IdUrl("participant", post_only=True),
    "participants:note_edit": IdUrl("note"),
    "participants:attachment_download": IdUrl("attachment"),
    "competencies:evaluation_list": IdUrl("participant"),
    "competencies:evaluation_step": IdUrl("evaluation", extra=(("step", 1),)),
    "competencies:evaluation_answer": IdUrl("evaluation", post_only=True),
    "competencies:evaluation_review": IdUrl("evaluation"),
    "competencies:evaluation_results": IdUrl("evaluation"),
    "competencies:evaluation_annotate": IdUrl("evaluation", post_only=True),
    "competencies:evaluation_pdf": IdUrl("evaluation"),
    "competencies:language_list": IdUrl("participant"),
    "competencies:language_add": IdUrl("participant"),
    "competencies:language_edit": IdUrl("participant", extra=(("code", "fr"),)),
    "competencies:coverage_choose": IdUrl("participant"),
    "competencies:coverage": IdUrl("participant", extra=(("profile_pk", "profile"),)),
    "passports:home": IdUrl("participant"),
    "passports:step": IdUrl("participant", extra=(("step", "objectif"),)),
    "passports:logo": IdUrl("participant", post_only=True),
    "passports:preview": IdUrl("participant"),
    "passports:draft_document": IdUrl("participant"),
    "passports:version_document": IdUrl("version"),
    "evidence:list": IdUrl("participant"),
    "evidence:experience_create": IdUrl("participant"),
    "evidence:achievement_create": IdUrl("participant"),
    "evidence:experience_edit": IdUrl("experience"),
    "evidence:experience_delete": IdUrl("experience"),
    "evidence:achievement_edit": IdUrl("achievement"),
    "evidence:achievement_delete": IdUrl("achievement"),
}


def _walk(
    patterns: list, namespace: str = "", converters: dict | None = None
) -> Iterator[tuple[str, dict]]:
    """(full URL name, converters by argument) for every named pattern, recursively."""
    converters = converters or {}
    for entry in patterns:
        found = {**converters, **entry.pattern.converters}
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, inner, found)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), found


def _takes_an_id(argument: str, converter) -> bool:
    return (
        type(converter).__name__ == "IntConverter"
        or argument == "pk"
        or argument.endswith("_id")
        or argument.endswith("_pk")
    )


# URLs whose id points to something that is not personal data. Each entry says why the
# sweep may skip it; organisation-private reference data is tested in its own app.
NOT_PERSONAL: dict[str, str] = {
    "competencies:framework_detail": "reference framework (shared, or the organisation's own)",
    "competencies:framework_export_csv": "reference framework export",
    "competencies:framework_export_json": "reference framework export",
    "competencies:profile_detail": "workforce profile (shared, or the organisation's own)",
}


def urls_with_ids() -> dict[str, list[str]]:
    """URL name -> its arguments, for every URL taking an id outside the ignored namespaces."""
    found = {}
    for name, converters in _walk(get_resolver().url_patterns):
        if name.split(":")[0] in IGNORED_NAMESPACES:
            continue
        if any(_takes_an_id(arg, conv) for arg, conv in converters.items()):
            found[name] = list(converters)
    return found


def test_every_url_with_an_id_is_in_the_matrix():
    missing = set(urls_with_ids()) - set(ID_URLS) - set(NOT_PERSONAL)
    assert not missing, (
        f"URLs taking an id without authorisation coverage: {sorted(missing)}. "
        "Add them to ID_URLS (and build their object in the `objects` fixture)."
    )


def test_the_matrix_names_only_existing_urls():
    stale = (set(ID_URLS) | set(NOT_PERSONAL)) - set(urls_with_ids())
    assert not stale, f"ID_URLS names URLs that no longer exist: {sorted(stale)}"


def test_the_walk_finds_the_participant_urls():
    # Guards the sweep itself: if the walk broke, the two tests above would pass vacuously.
    assert {"participants:detail", "participants:note_edit"} <= set(urls_with_ids())
    assert "accounts:invitation_accept" not in urls_with_ids()  # a token, not an id


def test_every_target_is_built(objects):
    assert {url.target for url in ID_URLS.values()} <= set(objects) == set(TARGETS)


def _personal_objects(participant, counsellor) -> dict:
    from atout.competencies.tests.factories import EvaluationFactory, ProfileFactory
    from atout.evidence.tests.factories import AchievementFactory, ExperienceFactory
    from atout.passports import services as passport_services

    passport = passport_services.passport_start(participant=participant, actor=counsellor)
    version = passport_services.passport_approve(
        passport=passport, actor=counsellor, in_person=True
    )
    experience = ExperienceFactory(participant=participant, created_by=counsellor)
    return {
        "experience": experience,
        "achievement": AchievementFactory(participant=participant, experience=experience),
        "version": version,
        "participant": participant,
        "note": NoteFactory(participant=participant, author=counsellor),
        "attachment": AttachmentFactory(participant=participant, uploaded_by=counsellor),
        "evaluation": EvaluationFactory(participant=participant, started_by=counsellor),
        "profile": ProfileFactory(),
    }


@pytest.fixture
def objects(participant, counsellor):
    return _personal_objects(participant, counsellor)


def url_for(name: str, objects: dict) -> str:
    spec = ID_URLS[name]
    extra = {arg: value for arg, value in spec.extra}
    (argument,) = [a for a in urls_with_ids()[name] if a not in extra]
    kwargs = {argument: objects[spec.target].pk}
    for arg, value in extra.items():
        kwargs[arg] = objects[value].pk if value in TARGETS else value
    return reverse(name, kwargs=kwargs)


def methods_for(name: str) -> list[str]:
    return ["post"] if ID_URLS[name].post_only else ["get", "post"]


CASES = [(name, method) for name in sorted(ID_URLS) for method in methods_for(name)]


@pytest.mark.parametrize(("name", "method"), CASES)
def test_counsellor_from_other_org_gets_404(client_for, outsider, objects, name, method):
    client = client_for(outsider)
    response = getattr(client, method)(url_for(name, objects))
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "method"), CASES)
def test_anonymous_user_is_sent_to_login(client, objects, name, method):
    url = url_for(name, objects)
    response = getattr(client, method)(url)
    assert response.status_code == 302
    login = resolve_url(settings.LOGIN_URL)
    assert response["Location"].startswith(login)
    assert "next=" in response["Location"]


@pytest.mark.parametrize(("name", "method"), CASES)
def test_participant_gets_404_on_someone_elses_file(
    client_for, participant_user, organisation, counsellor, cle, name, method
):
    other = ParticipantFactory(organisation=organisation, counsellor=counsellor, referring_cle=cle)
    objects = _personal_objects(other, counsellor)
    client = client_for(participant_user)
    response = getattr(client, method)(url_for(name, objects))
    assert response.status_code == 404


@pytest.mark.parametrize("name", sorted(n for n, u in ID_URLS.items() if u.post_only))
def test_post_only_urls_refuse_get(client_for, counsellor, objects, name):
    response = client_for(counsellor).get(url_for(name, objects))
    assert response.status_code == 405


@pytest.mark.parametrize(("name", "method"), CASES)
def test_unknown_id_is_404(client_for, org_admin, name, method):
    objects = {target: SimpleNamespace(pk=987654) for target in TARGETS}
    response = getattr(client_for(org_admin), method)(url_for(name, objects))
    assert response.status_code == 404


def test_cle_agent_sees_the_referred_file(client_for, cle_agent, objects):
    response = client_for(cle_agent).get(url_for("participants:detail", objects))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("participants:note_add", "post"),
        ("participants:note_edit", "get"),
        ("participants:note_edit", "post"),
        ("participants:attachment_add", "post"),
        ("participants:attachment_download", "get"),
        ("participants:edit", "get"),
        ("participants:edit", "post"),
        ("participants:history", "get"),
        ("participants:invite", "post"),
    ],
)
def test_cle_agent_gets_403_beyond_the_file_page(client_for, cle_agent, objects, name, method):
    response = getattr(client_for(cle_agent), method)(url_for(name, objects))
    assert response.status_code == 403


def test_cle_agent_of_another_cle_gets_404(client_for, objects):
    from atout.accounts.tests.factories import CleFactory

    stranger = member(CleFactory(), Role.CLE_AGENT)
    response = client_for(stranger).get(url_for("participants:detail", objects))
    assert response.status_code == 404


def test_counsellor_without_admin_role_gets_403_on_history(client_for, counsellor, objects):
    response = client_for(counsellor).get(url_for("participants:history", objects))
    assert response.status_code == 403


def test_org_admin_sees_history(client_for, org_admin, objects):
    response = client_for(org_admin).get(url_for("participants:history", objects))
    assert response.status_code == 200


def test_participant_sees_own_file_but_not_staff_pages(client_for, participant_user, objects):
    client = client_for(participant_user)
    assert client.get(url_for("participants:detail", objects)).status_code == 200
    assert client.get(url_for("participants:attachment_download", objects)).status_code == 200
    for name in ["participants:edit", "participants:history", "participants:note_edit"]:
        assert client.get(url_for(name, objects)).status_code == 403, name
