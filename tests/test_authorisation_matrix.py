"""Sweep of every URL, generated from the URL configuration.

Like pretix's permission test: outside the file's parties a view answers 404 (nothing
leaks), anonymous users go to the login page, and inside the organisation a missing
capability is a 403. Every role (as a member of each party of a file) and the participant
who owns it try every URL; what they should get comes from the scope and the permission
table (`accounts/permissions.py`), so a new capability or role is swept without a new list.
A new URL must be added to `ID_URLS` with the capability its view checks, or the sweep fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from atout.accounts import permissions as perms
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
    "education",
    "certificate",
    "reference",
    "proposed_experience",
    "proposed_achievement",
    "letter",
    "share_link",
    "bundle",
    "participation",
    "service_request",
    "measure",
    "dossier",
    "sent_dossier",
    "transmission",
    "transmission_attachment",
    "credential_dossier",
    "credential",
    "rectification",
    "disclosure",
    "export",
)

# Targets scoped by their own parties (a service request: its CLE and its organisation), not
# through the file: what each user should get comes from the object itself.
OWN_SCOPE_TARGETS = {
    "service_request",
    "participation",
    "dossier",
    "sent_dossier",
    "transmission",
    "credential_dossier",
    "credential",
}


@dataclass(frozen=True)
class IdUrl:
    target: str  # one of TARGETS: what the id points to
    # The capability the view checks on the object (on GET and POST, unless post_capability).
    capability: str
    post_only: bool = False
    # Other URL arguments: a target name (its object's pk) or a literal value.
    extra: tuple[tuple[str, str | int], ...] = ()
    post_capability: str | None = None
    # The POST needs what an empty POST lacks (an object named in a field, a language result,
    # the reference framework): an allowed user's empty POST is a 404, like a foreign id.
    post_names_object: bool = False
    # Only the object's author may change it (a journal note), on top of the capability.
    author_only: bool = False
    # The URL also names content by its hash (a preview page image) that the sweep cannot
    # know: an allowed user's unknown hash is a 404, after the same check as a foreign id.
    names_content: bool = False

    def capability_for(self, method: str) -> str:
        return (
            self.post_capability if method == "post" and self.post_capability else self.capability
        )


# A letter's URLs name its file too (/dossiers/<participant_pk>/lettres/<pk>/).
LETTER_FILE = (("participant_pk", "participant"),)
# A print bundle's URLs name its file too (/dossiers/<pk>/pochette/<bundle_pk>/).
BUNDLE_FILE = (("pk", "participant"),)
# A preview page image's URL names its bytes by sha256 (atout.documents.previews).
PREVIEW_PAGE = (("digest", "0" * 64),)

ID_URLS: dict[str, IdUrl] = {
    # Retention (issue 13): a file's legal hold, org admin only.
    "retention:hold": IdUrl("participant", perms.RETENTION_HOLD),
    "participants:detail": IdUrl("participant", perms.PARTICIPANT_VIEW),
    "participants:edit": IdUrl("participant", perms.PARTICIPANT_EDIT),
    "participants:history": IdUrl("participant", perms.PARTICIPANT_HISTORY),
    "participants:note_add": IdUrl("participant", perms.JOURNAL_ADD, post_only=True),
    "participants:attachment_add": IdUrl("participant", perms.ATTACHMENT_ADD, post_only=True),
    "participants:invite": IdUrl("participant", perms.PARTICIPANT_INVITE, post_only=True),
    "participants:note_edit": IdUrl("note", perms.JOURNAL_ADD, author_only=True),
    "participants:attachment_download": IdUrl("attachment", perms.ATTACHMENT_VIEW),
    "competencies:evaluation_list": IdUrl(
        "participant",
        perms.SELF_EVALUATION_VIEW,
        post_capability=perms.SELF_EVALUATION_FILL,
        post_names_object=True,
    ),
    "competencies:evaluation_step": IdUrl(
        "evaluation", perms.SELF_EVALUATION_FILL, extra=(("step", 1),)
    ),
    "competencies:evaluation_answer": IdUrl(
        "evaluation", perms.SELF_EVALUATION_FILL, post_only=True
    ),
    "competencies:evaluation_review": IdUrl("evaluation", perms.SELF_EVALUATION_FILL),
    "competencies:evaluation_results": IdUrl("evaluation", perms.SELF_EVALUATION_VIEW),
    "competencies:evaluation_annotate": IdUrl(
        "evaluation", perms.SELF_EVALUATION_ANNOTATE, post_only=True, post_names_object=True
    ),
    "competencies:evaluation_pdf": IdUrl("evaluation", perms.SELF_EVALUATION_VIEW),
    "competencies:language_list": IdUrl("participant", perms.SELF_EVALUATION_VIEW),
    "competencies:language_add": IdUrl("participant", perms.SELF_EVALUATION_FILL),
    "competencies:language_edit": IdUrl(
        "participant", perms.SELF_EVALUATION_FILL, extra=(("code", "fr"),)
    ),
    "competencies:coverage_choose": IdUrl("participant", perms.COVERAGE_VIEW),
    "competencies:coverage": IdUrl(
        "participant", perms.COVERAGE_VIEW, extra=(("profile_pk", "profile"),)
    ),
    "passports:home": IdUrl(
        "participant", perms.PASSPORT_VIEW, post_capability=perms.PASSPORT_EDIT
    ),
    "passports:step": IdUrl("participant", perms.PASSPORT_EDIT, extra=(("step", "objectif"),)),
    "passports:logo": IdUrl("participant", perms.PASSPORT_EDIT, post_only=True),
    "passports:use_languages": IdUrl(
        "participant", perms.PASSPORT_EDIT, post_only=True, post_names_object=True
    ),
    "passports:kc_add": IdUrl("participant", perms.PASSPORT_EDIT, post_only=True),
    "passports:kc_up": IdUrl(
        "participant", perms.PASSPORT_EDIT, post_only=True, post_names_object=True
    ),
    "passports:kc_down": IdUrl(
        "participant", perms.PASSPORT_EDIT, post_only=True, post_names_object=True
    ),
    "passports:kc_remove": IdUrl(
        "participant", perms.PASSPORT_EDIT, post_only=True, post_names_object=True
    ),
    "passports:kc_reorder": IdUrl("participant", perms.PASSPORT_EDIT, post_only=True),
    "passports:evidence_link": IdUrl(
        "participant", perms.PASSPORT_EDIT, post_only=True, post_names_object=True
    ),
    "passports:evidence_attach": IdUrl(
        "participant", perms.PASSPORT_EDIT, post_only=True, post_names_object=True
    ),
    "passports:evidence_detach": IdUrl(
        "participant", perms.PASSPORT_EDIT, post_only=True, post_names_object=True
    ),
    "passports:evidence_write": IdUrl(
        "participant", perms.PASSPORT_EDIT, post_only=True, post_names_object=True
    ),
    "passports:submit": IdUrl("participant", perms.PASSPORT_EDIT, post_only=True),
    "passports:approve": IdUrl("participant", perms.PASSPORT_APPROVE, post_only=True),
    "passports:approve_in_person": IdUrl("participant", perms.PASSPORT_EDIT, post_only=True),
    "passports:print": IdUrl("participant", perms.PASSPORT_EDIT, post_only=True),
    "passports:versions": IdUrl("participant", perms.PASSPORT_VIEW),
    "passports:preview": IdUrl("participant", perms.PASSPORT_VIEW),
    "passports:preview_page": IdUrl(
        "participant", perms.PASSPORT_VIEW, extra=PREVIEW_PAGE, names_content=True
    ),
    "passports:draft_document": IdUrl("participant", perms.PASSPORT_VIEW),
    "passports:version_document": IdUrl("version", perms.PASSPORT_VIEW),
    "resumes:cv": IdUrl("participant", perms.DOCUMENT_VIEW, post_capability=perms.DOCUMENT_EDIT),
    "resumes:submit": IdUrl("participant", perms.DOCUMENT_EDIT, post_only=True),
    "resumes:approve": IdUrl("participant", perms.DOCUMENT_APPROVE, post_only=True),
    "resumes:approve_in_person": IdUrl("participant", perms.DOCUMENT_EDIT, post_only=True),
    "resumes:print": IdUrl("participant", perms.DOCUMENT_EDIT, post_only=True),
    "resumes:document": IdUrl("participant", perms.DOCUMENT_VIEW),
    "resumes:preview_page": IdUrl(
        "participant", perms.DOCUMENT_VIEW, extra=PREVIEW_PAGE, names_content=True
    ),
    "evidence:list": IdUrl("participant", perms.PASSPORT_VIEW),
    "evidence:experience_create": IdUrl("participant", perms.PASSPORT_EDIT),
    "evidence:achievement_create": IdUrl("participant", perms.PASSPORT_EDIT),
    "evidence:experience_edit": IdUrl("experience", perms.PASSPORT_EDIT),
    "evidence:experience_delete": IdUrl("experience", perms.PASSPORT_EDIT),
    "evidence:achievement_edit": IdUrl("achievement", perms.PASSPORT_EDIT),
    "evidence:achievement_delete": IdUrl("achievement", perms.PASSPORT_EDIT),
    "jsonresume:export": IdUrl("participant", perms.DOCUMENT_VIEW),
    # Import checks PASSPORT_EDIT (staff) or EVIDENCE_PROPOSE (the person): together, exactly
    # the holders of DOCUMENT_VIEW, which stands for the pair here.
    "jsonresume:import": IdUrl("participant", perms.DOCUMENT_VIEW),
    "jsonresume:preview": IdUrl("participant", perms.DOCUMENT_VIEW),
    "evidence:education_create": IdUrl("participant", perms.PASSPORT_EDIT),
    "evidence:education_edit": IdUrl("education", perms.PASSPORT_EDIT),
    "evidence:education_delete": IdUrl("education", perms.PASSPORT_EDIT),
    "evidence:certificate_create": IdUrl("participant", perms.PASSPORT_EDIT),
    "evidence:certificate_edit": IdUrl("certificate", perms.PASSPORT_EDIT),
    "evidence:certificate_delete": IdUrl("certificate", perms.PASSPORT_EDIT),
    "evidence:reference_create": IdUrl("participant", perms.PASSPORT_EDIT),
    "evidence:reference_edit": IdUrl("reference", perms.PASSPORT_EDIT),
    "evidence:reference_delete": IdUrl("reference", perms.PASSPORT_EDIT),
    "evidence:profile_edit": IdUrl("participant", perms.PASSPORT_EDIT),
    # The person's own proposals: a counsellor edits them through the pages above instead.
    "evidence:propose_experience": IdUrl("participant", perms.EVIDENCE_PROPOSE),
    "evidence:propose_achievement": IdUrl("participant", perms.EVIDENCE_PROPOSE),
    "evidence:proposal_experience_edit": IdUrl("proposed_experience", perms.EVIDENCE_PROPOSE),
    "evidence:proposal_achievement_edit": IdUrl("proposed_achievement", perms.EVIDENCE_PROPOSE),
    "evidence:experience_review": IdUrl("proposed_experience", perms.PASSPORT_EDIT),
    "evidence:achievement_review": IdUrl("proposed_achievement", perms.PASSPORT_EDIT),
    "letters:list": IdUrl("participant", perms.DOCUMENT_VIEW),
    "letters:create": IdUrl("participant", perms.DOCUMENT_EDIT),
    "letters:detail": IdUrl("letter", perms.DOCUMENT_VIEW, extra=LETTER_FILE),
    "letters:edit": IdUrl("letter", perms.DOCUMENT_EDIT, extra=LETTER_FILE),
    "letters:delete": IdUrl("letter", perms.DOCUMENT_EDIT, extra=LETTER_FILE),
    "letters:history": IdUrl("letter", perms.DOCUMENT_VIEW, extra=LETTER_FILE),
    "letters:submit": IdUrl("letter", perms.DOCUMENT_EDIT, post_only=True, extra=LETTER_FILE),
    "letters:approve": IdUrl("letter", perms.DOCUMENT_APPROVE, post_only=True, extra=LETTER_FILE),
    "letters:approve_in_person": IdUrl(
        "letter", perms.DOCUMENT_EDIT, post_only=True, extra=LETTER_FILE
    ),
    "letters:printed": IdUrl("letter", perms.DOCUMENT_EDIT, post_only=True, extra=LETTER_FILE),
    "letters:document": IdUrl("letter", perms.DOCUMENT_VIEW, extra=LETTER_FILE),
    "cards:participant": IdUrl("participant", perms.DOCUMENT_VIEW),
    # GET serves the sheet; POST records a print and answers 303 to the GET.
    "cards:pdf": IdUrl("participant", perms.DOCUMENT_EDIT),
    "portfolios:page": IdUrl(
        "participant", perms.DOCUMENT_VIEW, post_capability=perms.DOCUMENT_EDIT
    ),
    "portfolios:submit": IdUrl("participant", perms.DOCUMENT_EDIT, post_only=True),
    "portfolios:approve": IdUrl("participant", perms.DOCUMENT_APPROVE, post_only=True),
    "portfolios:approve_in_person": IdUrl("participant", perms.DOCUMENT_EDIT, post_only=True),
    "portfolios:printed": IdUrl("participant", perms.DOCUMENT_EDIT, post_only=True),
    "portfolios:draft_document": IdUrl("participant", perms.DOCUMENT_VIEW),
    "portfolios:approved_document": IdUrl("participant", perms.DOCUMENT_VIEW),
    # Practice cards: a POST names its card by the competency's key (none in an empty POST).
    "practice:cards": IdUrl("participant", perms.PRACTICE_VIEW),
    "practice:save": IdUrl(
        "participant", perms.PRACTICE_FILL, post_only=True, post_names_object=True
    ),
    "practice:coach": IdUrl(
        "participant", perms.PRACTICE_COACH, post_only=True, post_names_object=True
    ),
    "practice:sheet": IdUrl("participant", perms.PRACTICE_VIEW),
    "practice:history": IdUrl("participant", perms.PRACTICE_VIEW),
    "sharing:links": IdUrl("participant", perms.SHARE_LINK_MANAGE),
    "sharing:revoke": IdUrl("share_link", perms.SHARE_LINK_MANAGE, post_only=True),
    "bundles:page": IdUrl("participant", perms.BUNDLE_MAKE),
    "bundles:progress": IdUrl("bundle", perms.BUNDLE_MAKE, extra=BUNDLE_FILE),
    # A POST is sent (303) to the GET, which serves the file and is logged.
    "bundles:download": IdUrl("bundle", perms.BUNDLE_MAKE, extra=BUNDLE_FILE),
    # Participations (issue 11). The person holds PARTICIPATION_VIEW: the page sends them to
    # the mobilisation (a 302). The feedback report is read by those who write it
    # (FEEDBACK_WRITE) or acknowledge it (FEEDBACK_ACKNOWLEDGE): together, exactly the holders
    # of REFERRAL_VIEW, which stands for the pair here.
    "participations:start": IdUrl("participant", perms.PARTICIPATION_MANAGE),
    "participations:detail": IdUrl("participation", perms.PARTICIPATION_VIEW),
    "participations:plan": IdUrl("participation", perms.PARTICIPATION_MANAGE, post_only=True),
    "participations:move": IdUrl("participation", perms.PARTICIPATION_MANAGE, post_only=True),
    "participations:activity_add": IdUrl(
        "participation", perms.PARTICIPATION_MANAGE, post_only=True
    ),
    "participations:steps_presented": IdUrl(
        "participation", perms.PARTICIPATION_MANAGE, post_only=True
    ),
    "participations:cle_note_add": IdUrl(
        "participation", perms.PARTICIPATION_FOLLOW, post_only=True
    ),
    "participations:mobilisation": IdUrl("participation", perms.PARTICIPATION_VIEW),
    "participations:mobilisation_letter": IdUrl("participation", perms.PARTICIPATION_VIEW),
    "participations:feedback": IdUrl(
        "participation", perms.REFERRAL_VIEW, post_capability=perms.FEEDBACK_WRITE
    ),
    "participations:feedback_send": IdUrl("participation", perms.FEEDBACK_WRITE, post_only=True),
    "participations:feedback_acknowledge": IdUrl(
        "participation", perms.FEEDBACK_ACKNOWLEDGE, post_only=True
    ),
    "participations:feedback_document": IdUrl("participation", perms.REFERRAL_VIEW),
    # A CLE service request, sent by the file's referring CLE to the file's organisation.
    # A sent request is edited, sent or redirected by nobody (the view says why, 3xx).
    "referrals:detail": IdUrl("service_request", perms.REFERRAL_VIEW),
    "referrals:pdf": IdUrl("service_request", perms.REFERRAL_VIEW),
    "referrals:edit": IdUrl("service_request", perms.REFERRAL_WRITE),
    "referrals:send": IdUrl("service_request", perms.REFERRAL_WRITE, post_only=True),
    "referrals:withdraw": IdUrl("service_request", perms.REFERRAL_WRITE, post_only=True),
    "referrals:redirect": IdUrl("service_request", perms.REFERRAL_WRITE, post_only=True),
    "referrals:accept": IdUrl("service_request", perms.REFERRAL_DECIDE),
    "referrals:decline": IdUrl("service_request", perms.REFERRAL_DECIDE, post_only=True),
    # Measures for employers: staff of both sides read them, the CLE agent records them.
    "measures:page": IdUrl(
        "participant", perms.REFERRAL_VIEW, post_capability=perms.MEASURES_MANAGE
    ),
    "measures:withdraw": IdUrl("measure", perms.MEASURES_MANAGE, post_only=True),
    "measures:letter": IdUrl("measure", perms.REFERRAL_VIEW),
    # Skills recognition (issue 12): a Qualifications Québec dossier, outside this file's
    # parties (every role here gets a 404); the advisor's, the candidate's and the CLE
    # agent's answers are tested in atout/recognition/tests/test_views.py.
    "recognition:detail": IdUrl("dossier", perms.RECOGNITION_MANAGE),
    "recognition:edit": IdUrl("dossier", perms.RECOGNITION_MANAGE),
    "recognition:move": IdUrl("dossier", perms.RECOGNITION_MANAGE, post_only=True),
    "recognition:meeting_add": IdUrl("dossier", perms.RECOGNITION_MANAGE, post_only=True),
    "recognition:confirm_active": IdUrl("dossier", perms.RECOGNITION_MANAGE, post_only=True),
    "recognition:inventory": IdUrl("dossier", perms.RECOGNITION_MANAGE),
    "recognition:inventory_pdf": IdUrl("dossier", perms.RECOGNITION_MANAGE),
    "recognition:document_add": IdUrl("dossier", perms.RECOGNITION_MANAGE, post_only=True),
    "recognition:document_remove": IdUrl(
        "dossier", perms.RECOGNITION_MANAGE, post_only=True, post_names_object=True
    ),
    "recognition:evidence_add": IdUrl("dossier", perms.RECOGNITION_MANAGE, post_only=True),
    "recognition:evidence_remove": IdUrl(
        "dossier", perms.RECOGNITION_MANAGE, post_only=True, post_names_object=True
    ),
    "recognition:link_request": IdUrl("dossier", perms.RECOGNITION_MANAGE, post_only=True),
    "recognition:link_revoke": IdUrl("dossier", perms.RECOGNITION_MANAGE, post_only=True),
    "recognition:still_active": IdUrl("dossier", perms.SELF_VIEW),
    "recognition:income": IdUrl("dossier", perms.RECOGNITION_INCOME),
    # Skills recognition, the committee's side: a Qualifications Québec dossier sent to a
    # committee (its advisor sends and follows up; its evaluators read the frozen package).
    # Tested role by role in atout/committees/tests/test_views.py.
    "committees:package": IdUrl("sent_dossier", perms.RECOGNITION_MANAGE),
    "committees:result_letter": IdUrl("sent_dossier", perms.DOCUMENT_VIEW),
    "committees:transmission": IdUrl("transmission", perms.TRANSMISSION_VIEW),
    "committees:acknowledge": IdUrl("transmission", perms.COMMITTEE_EVALUATE, post_only=True),
    "committees:document": IdUrl(
        "transmission",
        perms.TRANSMISSION_VIEW,
        extra=(("attachment_pk", "transmission_attachment"),),
    ),
    "committees:evaluate": IdUrl(
        "transmission", perms.COMMITTEE_EVALUATE, post_only=True, post_names_object=True
    ),
    "committees:return": IdUrl("transmission", perms.COMMITTEE_EVALUATE, post_only=True),
    "committees:decide": IdUrl("transmission", perms.COMMITTEE_EVALUATE),
    "committees:confirmation": IdUrl("transmission", perms.TRANSMISSION_VIEW),
    "committees:confirm": IdUrl("transmission", perms.COMMITTEE_EVALUATE, post_only=True),
    "committees:note_add": IdUrl("transmission", perms.RECOGNITION_MANAGE, post_only=True),
    "certificates:record": IdUrl("credential_dossier", perms.CERTIFICATE_RECORD),
    "certificates:application": IdUrl(
        "credential_dossier", perms.CERTIFICATE_RECORD, post_only=True
    ),
    "certificates:issue": IdUrl("credential_dossier", perms.CERTIFICATE_RECORD, post_only=True),
    "certificates:credential_pdf": IdUrl("credential", perms.DOCUMENT_VIEW),
    # Issue 13: the organisation admin exports the file's access log (CSV).
    "privacy:access_log_csv": IdUrl("participant", perms.ACCESS_LOG_EXPORT),
    # A correction request of the file, answered by its counsellor (issue 13).
    "rectifications:decide": IdUrl("rectification", perms.RECTIFICATION_DECIDE),
    # Consents to communicate (issue 13): staff record and withdraw at the person's request;
    # the person withdraws their own (a confirmation page on GET).
    "disclosures:file": IdUrl("participant", perms.DISCLOSURE_RECORD),
    "disclosures:withdraw": IdUrl("disclosure", perms.DISCLOSURE_RECORD),
    "disclosures:withdraw_mine": IdUrl("disclosure", perms.DISCLOSURE_WITHDRAW),
    # The copy of a person's data (issue 13): the person (owner), their counsellor, the
    # organisation's admin. A copy's URLs name its file too (/donnees/dossiers/<pk>/copies/…).
    "portability:file": IdUrl("participant", perms.PERSONAL_DATA_EXPORT),
    "portability:status": IdUrl("export", perms.PERSONAL_DATA_EXPORT, extra=BUNDLE_FILE),
    # A POST is sent (302) to the GET, which serves the file and is logged.
    "portability:download": IdUrl("export", perms.PERSONAL_DATA_EXPORT, extra=BUNDLE_FILE),
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
    "cards:layout_edit": "the organisation's card stock layout (atout/cards/tests/test_views.py)",
    "cards:layout_delete": "the organisation's card stock layout (atout/cards/tests)",
    "referrals:agreement_edit": "a CLE's service agreement (atout/referrals/tests/test_views.py)",
    # The incident register names no file; its entries answer 404 outside their organisation's
    # person in charge (and platform staff): atout/incidents/tests/test_views.py.
    "incidents:detail": "an organisation's incident register entry (atout/incidents/tests)",
    "incidents:edit": "an organisation's incident register entry (atout/incidents/tests)",
    # Occupational standards: public reference data; the committee's maintenance pages answer
    # 404 outside the committee (atout/standards/tests/test_views.py).
    "standards:public_detail": "a published occupational standard, public by design",
    **{
        f"standards:{name}": "a committee's occupational standard (atout/standards/tests)"
        for name in (
            "edit",
            "competency_add",
            "import",
            "export_json",
            "export_csv",
            "competency_edit",
            "competency_delete",
            "element_add",
            "element_edit",
            "element_delete",
            "criterion_add",
            "criterion_edit",
            "criterion_delete",
        )
    },
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
    assert "participants:invitation_accept" not in urls_with_ids()  # a token, not an id


def test_every_target_is_built(objects):
    assert {url.target for url in ID_URLS.values()} <= set(objects) == set(TARGETS)


def _personal_objects(participant, counsellor) -> dict:
    from atout.competencies.tests.factories import EvaluationFactory, ProfileFactory
    from atout.evidence.models import Review
    from atout.evidence.tests.factories import (
        AchievementFactory,
        CertificateFactory,
        EducationFactory,
        ExperienceFactory,
        ReferenceFactory,
    )
    from atout.passports import services as passport_services

    passport = passport_services.passport_start(participant=participant, actor=counsellor)
    version = passport_services.passport_approve(
        passport=passport, actor=counsellor, in_person=True
    )
    # Awaiting approval again, so the approval URLs answer by capability (an approved
    # passport is refused for its state, before anyone's rights are looked at).
    type(passport).objects.filter(pk=passport.pk).update(status=type(passport).Status.READY)
    experience = ExperienceFactory(participant=participant, created_by=counsellor)
    from atout.letters.tests.factories import CoverLetterFactory

    # An approved portfolio, so its approved PDF answers (and is logged) like the draft.
    from atout.portfolios import services as portfolio_services

    portfolio_services.portfolio_approve(participant=participant, actor=counsellor, in_person=True)
    from atout.sharing import services as sharing_services

    share_link, _token = sharing_services.share_link_create(
        participant=participant, actor=counsellor, label="Épicerie Roy"
    )
    from atout.bundles.tests.factories import ready_bundle
    from atout.participations.tests.factories import sent_feedback_participation
    from atout.portability.tests.factories import ready_export
    from atout.referrals.tests.factories import AgreementFactory, sent_request

    service_request = sent_request(
        agreement=AgreementFactory(
            cle=participant.referring_cle, organisation=participant.organisation
        ),
        agent=counsellor,
        participant=participant,
    )

    from atout.committees.tests.factories import matrix_objects
    from atout.measures.tests.factories import MeasureFactory
    from atout.recognition.tests.factories import DossierFactory

    credential = _credential_for(participant)
    from atout.disclosures import services as disclosure_services
    from atout.recognition.tests.factories import QualificationsFactory

    # A consent to communicate the file's evidence to Qualifications Québec, in force.
    disclosure = disclosure_services.disclosure_record(
        actor=counsellor,
        participant=participant,
        recipient=QualificationsFactory(),
        purpose="recognition",
        parts=["evidence"],
        method="signed_form",
    )
    from atout.rectifications.tests.factories import RectificationFactory

    return {
        # A correction request the person made, awaiting an answer.
        "rectification": RectificationFactory(participant=participant),
        "disclosure": disclosure,
        # Another person's Qualifications Québec dossier (not linked to this file).
        "dossier": DossierFactory(),
        **matrix_objects(),
        # A recognition dossier of the file (its organisation and CLE as parties), waiting for
        # the credential, and a credential recorded on it.
        "credential_dossier": credential.dossier,
        "credential": credential,
        "service_request": service_request,
        # Passport produced, its feedback report sent (so every reader's URL answers).
        "participation": sent_feedback_participation(participant, counsellor),
        "measure": MeasureFactory(participant=participant),
        "share_link": share_link,
        "bundle": ready_bundle(participant),
        "export": ready_export(participant),
        "letter": CoverLetterFactory(participant=participant, created_by=counsellor),
        "experience": experience,
        "achievement": AchievementFactory(participant=participant, experience=experience),
        "version": version,
        "participant": participant,
        "note": NoteFactory(participant=participant, author=counsellor),
        "attachment": AttachmentFactory(participant=participant, uploaded_by=counsellor),
        "evaluation": EvaluationFactory(participant=participant, started_by=counsellor),
        "profile": ProfileFactory(),
        "education": EducationFactory(participant=participant),
        "certificate": CertificateFactory(participant=participant),
        "reference": ReferenceFactory(participant=participant),
        # What the person proposed from their own login, waiting for review.
        "proposed_experience": ExperienceFactory(
            participant=participant, review=Review.PROPOSED, proposed_by=participant.user
        ),
        "proposed_achievement": AchievementFactory(
            participant=participant, review=Review.PROPOSED, proposed_by=participant.user
        ),
    }


def _credential_for(participant):
    """A recognition dossier of the file, applied for, with a credential recorded on it."""
    from atout.certificates.models import Credential
    from atout.certificates.tests import factories as recognition
    from atout.recognition.models import Phase

    dossier = recognition.dossier(
        qq=participant.organisation,
        participant=participant,
        phase=Phase.APPLIED,
        cle=participant.referring_cle,
    )
    credential = Credential.objects.create(
        dossier=dossier,
        participant=participant,
        standard=dossier.standard,
        kind=Credential.Kind.ATTESTATION,
        legal_basis=Credential.LegalBasis.COMMITTEE,
        issued_on=dossier.opened_on,
        number="ATT-SWEEP-1",
    )
    credential.competencies.set(dossier.standard.competencies.all()[:2])
    return credential


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


# --- Every role, every URL: the expected answer comes from the permission table ------------

# Pages without an object, guarded by `@requires` in the active organisation.
ORG_URLS: dict[str, tuple[str, tuple[str, ...]]] = {
    "participants:caseload": (perms.CASELOAD_ORGANISATION, ("get",)),
    "participants:referred": (perms.CASELOAD_REFERRED, ("get",)),
    "participants:create": (perms.PARTICIPANT_CREATE, ("get", "post")),
    "competencies:framework_list": (perms.FRAMEWORK_VIEW, ("get",)),
    "competencies:framework_import": (perms.FRAMEWORK_MANAGE, ("get", "post")),
    "competencies:own_competency_add": (perms.FRAMEWORK_MANAGE, ("get", "post")),
    "competencies:profile_list": (perms.FRAMEWORK_VIEW, ("get",)),
    "competencies:profile_create": (perms.PROFILE_CREATE, ("get", "post")),
    "cards:print_settings": (perms.PRINT_SETTINGS_MANAGE, ("get", "post")),
    "cards:layout_create": (perms.PRINT_SETTINGS_MANAGE, ("get", "post")),
    "cards:test_page": (perms.PRINT_SETTINGS_MANAGE, ("get",)),
    "participations:followed": (perms.PARTICIPATION_FOLLOW, ("get",)),
    "referrals:list": (perms.REFERRAL_WRITE, ("get",)),
    "referrals:create": (perms.REFERRAL_WRITE, ("get", "post")),
    "referrals:inbox": (perms.REFERRAL_DECIDE, ("get",)),
    "referrals:agreements": (perms.AGREEMENT_VIEW, ("get",)),
    "referrals:agreement_create": (perms.AGREEMENT_MANAGE, ("get", "post")),
    "committees:inbox": (perms.COMMITTEE_EVALUATE, ("get",)),
    "dashboards:cle": (perms.CASELOAD_REFERRED, ("get", "post")),
    "dashboards:cle_requests_csv": (perms.CASELOAD_REFERRED, ("get",)),
    "dashboards:cle_participations_csv": (perms.CASELOAD_REFERRED, ("get",)),
    "dashboards:organisation": (perms.CASELOAD_ORGANISATION, ("get", "post")),
    "dashboards:organisation_csv": (perms.CASELOAD_ORGANISATION, ("get",)),
    "standards:manage": (perms.STANDARD_MANAGE, ("get", "post")),
    "standards:create": (perms.STANDARD_MANAGE, ("get", "post")),
    "recognition:list": (perms.RECOGNITION_MANAGE, ("get",)),
    "recognition:create": (perms.RECOGNITION_MANAGE, ("get", "post")),
    "recognition:cle_list": (perms.RECOGNITION_INCOME, ("get",)),
    "dashboards:recognition": (perms.RECOGNITION_REPORT, ("get",)),
    "dashboards:recognition_csv": (perms.RECOGNITION_REPORT, ("get",)),
    # Issue 13: the person in charge's incident register (platform staff also read it, see
    # atout/incidents/tests/test_views.py) and the admin's page naming the person in charge.
    "incidents:list": (perms.INCIDENT_REGISTER, ("get",)),
    "incidents:create": (perms.INCIDENT_REGISTER, ("get", "post")),
    "privacy:officer": (perms.PRIVACY_OFFICER_MANAGE, ("get", "post")),
    "rectifications:pending": (perms.RECTIFICATION_DECIDE, ("get",)),
    # Retention (issue 13): the organisation's destruction log and its CSV.
    "retention:destructions": (perms.DESTRUCTION_LOG_VIEW, ("get",)),
    "retention:destructions_csv": (perms.DESTRUCTION_LOG_VIEW, ("get",)),
}
# A participant's own pages: their file's owner only; anyone else has no such file (404).
SELF_URLS = {
    "participants:my_file",
    "privacy:my_file_reads",
    "recognition:my_links",
    "certificates:mine",
    "rectifications:mine",
    "disclosures:mine",
    "portability:mine",
}
# Open to anyone, or to anyone logged in, by design; each says why.
OPEN_URLS: dict[str, str] = {
    "home": "sends each person to their start page",
    "healthz": "health check, no data",
    "set_language": "language switch",
    "accounts:login": "login",
    "accounts:logout": "logout",
    "accounts:otp_setup": "one's own second factor",
    "accounts:otp_verify": "one's own second factor",
    "accounts:organisation_switch": "only among one's own memberships",
    "participants:invitation_accept": "a secret token, tested in accounts",
    # The employer's page and its PDFs: no login, a secret token (atout/sharing/tests).
    "sharing:public": "employer share link, a secret token, tested in atout/sharing",
    "sharing:public_document": "employer share link PDFs, a secret token, tested in sharing",
    "standards:catalogue": "the public catalogue of occupational standards, no personal data",
    "privacy:notice": "the public privacy notice (organisations and their person in charge)",
    "retention:rules": "the public retention rules, no personal data",
}


def all_url_names() -> set[str]:
    return {
        name
        for name, _conv in _walk(get_resolver().url_patterns)
        if name.split(":")[0] not in IGNORED_NAMESPACES
    }


def test_every_url_has_an_expected_answer_per_role():
    known = set(ID_URLS) | set(NOT_PERSONAL) | set(ORG_URLS) | SELF_URLS | set(OPEN_URLS)
    missing = all_url_names() - known
    assert not missing, (
        f"URLs the role sweep does not cover: {sorted(missing)}. Add them to ID_URLS "
        "(with the capability the view checks), ORG_URLS, SELF_URLS or OPEN_URLS."
    )
    assert not known - all_url_names(), sorted(known - all_url_names())


# Each role as a member of each party of the file (its organisation, its referring CLE),
# plus the participant who owns it. Scope and capabilities decide; no hand-written answers.
PARTIES = ("organisation", "referring_cle")
ROLE_CASES = [(str(role), party) for role in Role.values for party in PARTIES] + [("owner", "")]


def _user_for(request, participant, role: str, party: str):
    if role == "owner":
        return request.getfixturevalue("participant_user")
    return member(getattr(participant, party), role)


def _expected(user, participant, capability: str) -> str:
    if not type(participant).objects.visible_to(user).filter(pk=participant.pk).exists():
        return "hidden"
    caps = perms.object_capabilities(user, participant)
    return "allowed" if capability in caps else "forbidden"


def _answer(status: int) -> str:
    if status >= 500:
        return f"error {status}"
    return {404: "hidden", 403: "forbidden", 405: "method not allowed"}.get(status, "allowed")


def _each_request(client, cases):
    """(case, status) for each request, each rolled back so no request changes the next."""
    from django.db import transaction

    for case, method, url in cases:
        savepoint = transaction.savepoint()
        try:
            status = getattr(client, method)(url).status_code
        finally:
            transaction.savepoint_rollback(savepoint)
        yield case, method, status


@pytest.mark.parametrize(("role", "party"), ROLE_CASES)
def test_every_role_gets_what_the_permission_table_says(request, client_for, objects, role, party):
    participant = objects["participant"]
    user = _user_for(request, participant, role, party)
    client = client_for(user)
    cases = [(name, method, url_for(name, objects)) for name, method in CASES]
    wrong = []
    for name, method, status in _each_request(client, cases):
        spec = ID_URLS[name]
        subject = participant
        if spec.target in OWN_SCOPE_TARGETS:
            # Fresh from the database: the fixture may have given the file its login after
            # the object (and its cached file) was built.
            target = objects[spec.target]
            subject = type(target).objects.get(pk=target.pk)
        expected = _expected(user, subject, spec.capability_for(method))
        answer = _answer(status)
        if spec.author_only and expected == "allowed" and objects[spec.target].author != user:
            expected = "forbidden"
        empty_post = method == "post" and spec.post_names_object
        if answer == "hidden" and expected == "allowed" and empty_post:
            answer = "allowed"  # the empty POST names no object; the check passed
        if answer == "hidden" and expected == "allowed" and spec.names_content:
            answer = "allowed"  # the check passed; no image has the sweep's made-up hash
        if answer != expected:
            wrong.append(f"{method.upper()} {name}: expected {expected}, got {status}")
    assert not wrong, f"{role} of the file's {party or 'own file'}:\n" + "\n".join(wrong)


@pytest.mark.parametrize(("role", "party"), ROLE_CASES)
def test_every_role_gets_what_the_table_says_on_pages_without_an_object(
    request, client_for, objects, role, party
):
    participant = objects["participant"]
    user = _user_for(request, participant, role, party)
    organisation = getattr(participant, party) if party else None
    held = perms.organisation_capabilities(user, organisation.pk if organisation else None)
    client = client_for(user)
    cases = [
        (name, method, reverse(name))
        for name, (_cap, methods) in sorted(ORG_URLS.items())
        for method in methods
    ] + [(name, "get", reverse(name)) for name in sorted(SELF_URLS)]
    wrong = []
    for name, method, status in _each_request(client, cases):
        if name in SELF_URLS:
            expected = "allowed" if role == "owner" else "hidden"
        else:
            expected = "allowed" if ORG_URLS[name][0] in held else "forbidden"
        if _answer(status) != expected:
            wrong.append(f"{method.upper()} {name}: expected {expected}, got {status}")
    assert not wrong, f"{role} of the file's {party or 'own file'}:\n" + "\n".join(wrong)
