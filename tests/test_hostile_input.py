"""Hostile input in every form: a clear error and nothing changed, or stored and escaped.

Each hypothesis example runs in the same database transaction as the others, so every
example counts rows before and after its own request instead of relying on a reset.
"""

from __future__ import annotations

import re
from urllib.parse import quote_from_bytes

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atout.accounts.forms import TokenForm
from atout.accounts.models import User
from atout.participants import services
from atout.participants.forms import (
    AttachmentForm,
    CaseloadFilterForm,
    InvitationForm,
    NoteForm,
    ParticipantForm,
    consent_field_name,
)
from atout.participants.models import (
    Attachment,
    Audience,
    ContactConsent,
    ContactField,
    JournalNote,
    Participant,
    ParticipantInvitation,
)
from atout.participants.tests.factories import PNG_BYTES, NoteFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

FAST = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
# What must never reach the page unescaped.
MARKERS = ("<script>alert(1)", "<img src=x onerror", "<svg onload")

FIXED = [
    SCRIPT,
    IMG,
    "<svg onload=alert(1)>",
    '#read("/etc/passwd")',
    '#import "/etc/passwd": *',
    "$x$",
    "\\input{/etc/passwd}",
    "{{ 7|add:7 }}{% debug %}",
    "' OR 1=1 --",
    "%s%n%x",
    "x" * 100_000,
    "\x00",
    "a\x07b",
    "\x1b[31mrouge",
    "\u202eevil\u202c",
    "😀👩🏽‍💻🇨🇦",
    "محمد عبد الله",
    "שלום עליכם",
    "e\u0301le\u0300ve",
    "\ufeff",
    "\u2028",
    "\r\n\t",
    "   ",
    "",
]

hostile = st.one_of(
    st.sampled_from(FIXED),
    st.text(max_size=40),
    st.builds(
        lambda before, middle, after: before + middle + after,
        st.text(max_size=8),
        st.sampled_from(FIXED[:10]),
        st.text(max_size=8),
    ),
)

# Strings the test client cannot send (lone surrogates): checked on the forms directly.
SURROGATES = ["\ud800", "abc\udfff", "\udc80\udc81"]

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def assert_no_server_error(response) -> None:
    assert response.status_code < 500, response.status_code


def assert_escaped(response) -> None:
    html = response.content.decode()
    for marker in MARKERS:
        assert marker not in html


def assert_clean_text(value: str) -> None:
    """What was stored has no control characters and no lone surrogates."""
    assert not CONTROL.search(value)
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in value)


# ---------------------------------------------------------------- participant file


def participant_post(user, /, **overrides) -> dict:
    data = {
        "given_names": "Amélie",
        "family_name": "Nadeau",
        "preferred_name": "",
        "pronouns": "",
        "preferred_language": "fr",
        "street_address": "",
        "city": "Québec",
        "province": "Québec",
        "postal_code": "",
        "home_phone": "",
        "mobile_phone": "",
        "email": "",
        "objective": "",
        "status": "active",
        "counsellor": str(user.pk),
        "referring_cle": "",
        "opened_on": "2026-01-15",
        "closed_on": "",
        "version": "",
    }
    data.update(overrides)
    return data


TEXT_FIELDS = [
    "given_names",
    "family_name",
    "preferred_name",
    "pronouns",
    "street_address",
    "city",
    "province",
    "postal_code",
    "home_phone",
    "mobile_phone",
    "email",
    "objective",
]
OTHER_FIELDS = [
    "preferred_language",
    "status",
    "counsellor",
    "referring_cle",
    "opened_on",
    "closed_on",
    "version",
]
CONSENT_FIELDS = [consent_field_name(f, a) for f in ContactField.values for a in Audience.values]


def file_counts() -> tuple[int, ...]:
    return (
        Participant.objects.count(),
        Participant.history.count(),
        ContactConsent.objects.count(),
    )


def check_pages_escape(client, participant: Participant) -> None:
    for name in ("participants:detail", "participants:edit"):
        response = client.get(reverse(name, args=[participant.pk]))
        assert response.status_code == 200
        assert_escaped(response)
    response = client.get(reverse("participants:caseload"), {"scope": "organisation"})
    assert response.status_code == 200
    assert_escaped(response)


@FAST
@given(field=st.sampled_from(TEXT_FIELDS + OTHER_FIELDS + CONSENT_FIELDS), value=hostile)
def test_participant_create_refuses_or_escapes(client_for, counsellor, field, value):
    client = client_for(counsellor)
    before = file_counts()
    response = client.post(
        reverse("participants:create"), participant_post(counsellor, **{field: value})
    )
    assert_no_server_error(response)
    if response.status_code == 302:
        participant = Participant.objects.order_by("-pk").first()
        assert file_counts()[0] == before[0] + 1
        for name in TEXT_FIELDS:
            assert_clean_text(getattr(participant, name))
        check_pages_escape(client, participant)
    else:
        assert response.status_code == 200
        assert file_counts() == before
        assert_escaped(response)
        assert b"error-summary" in response.content


@FAST
@given(field=st.sampled_from(TEXT_FIELDS + OTHER_FIELDS + CONSENT_FIELDS), value=hostile)
def test_participant_edit_refuses_or_escapes(client_for, counsellor, participant, field, value):
    client = client_for(counsellor)
    participant.refresh_from_db()
    version = participant.version
    data = participant_post(counsellor, version=str(version))
    data[field] = value
    if field == "version" and value.strip() in {"", str(version)}:
        data[field] = str(version)
    before = file_counts()
    response = client.post(reverse("participants:edit", args=[participant.pk]), data)
    assert_no_server_error(response)
    participant.refresh_from_db()
    if response.status_code == 302:
        assert participant.version == version + 1
        for name in TEXT_FIELDS:
            assert_clean_text(getattr(participant, name))
        check_pages_escape(client, participant)
    else:
        # A form error (200) or a version conflict (409): the file is unchanged.
        assert response.status_code in {200, 409}
        assert participant.version == version
        assert file_counts() == before
        assert_escaped(response)


def test_participant_markup_is_stored_as_text_and_escaped(client_for, counsellor, org_admin):
    client = client_for(counsellor)
    data = participant_post(
        counsellor,
        given_names=SCRIPT,
        family_name=IMG,
        preferred_name="\u202eevil",
        objective='#read("/etc/passwd") $x$ 😀 שלום',
        **{consent_field_name("email", "employer"): "<script>"},
    )
    response = client.post(reverse("participants:create"), data)
    assert response.status_code == 302
    participant = Participant.objects.get(family_name=IMG)
    assert participant.given_names == SCRIPT
    assert participant.objective == '#read("/etc/passwd") $x$ 😀 שלום'
    assert participant.consents.get(field="email", audience="employer").granted
    detail = client.get(participant.get_absolute_url())
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail.content.decode()
    check_pages_escape(client, participant)
    services.participant_update(
        participant=participant,
        actor=counsellor,
        data={"city": SCRIPT, "given_names": IMG},
        expected_version=participant.version,
    )
    client = client_for(org_admin)
    check_pages_escape(client, participant)
    history = client.get(reverse("participants:history", args=[participant.pk]))
    assert history.status_code == 200
    assert_escaped(history)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("given_names", "a\x00b"),
        ("given_names", "a\x07b"),
        ("family_name", "\x1b[31m"),
        ("objective", "ok\x00"),
        ("objective", "x" * 100_000),
        ("given_names", "x" * 151),
        ("email", "<script>@exemple.ca"),
        ("email", "a@" + "b" * 300 + ".ca"),
        ("postal_code", "<b>"),
        ("home_phone", "418 555 0142 x<script>"),
        ("opened_on", "2026-02-30"),
        ("opened_on", "99999-01-01"),
        ("counsellor", "99999999999999999999999"),
        ("counsellor", "-1"),
        ("referring_cle", "1 OR 1=1"),
        ("status", "<script>"),
        ("version", "9" * 5000),
    ],
)
def test_participant_create_error_saves_nothing(client_for, counsellor, field, value):
    client = client_for(counsellor)
    before = file_counts()
    response = client.post(
        reverse("participants:create"), participant_post(counsellor, **{field: value})
    )
    assert response.status_code == 200
    assert b"error-summary" in response.content
    assert file_counts() == before
    assert_escaped(response)


def test_participant_rtl_and_emoji_names_are_accepted(client_for, counsellor):
    client = client_for(counsellor)
    data = participant_post(
        counsellor, given_names="محمد", family_name="כהן 😀", preferred_name="\u202eNomis"
    )
    response = client.post(reverse("participants:create"), data)
    assert response.status_code == 302
    participant = Participant.objects.get(given_names="محمد")
    assert participant.family_name == "כהן 😀"
    assert participant.preferred_name == "\u202eNomis"


def test_phone_typed_with_a_long_extension_word_is_accepted(client_for, counsellor):
    client = client_for(counsellor)
    data = participant_post(counsellor, home_phone="(418) 555-0142 poste 123456")
    response = client.post(reverse("participants:create"), data)
    assert response.status_code == 302
    assert Participant.objects.get().home_phone == "4185550142 x123456"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("home_phone", "(418) 555-0142 poste 1234567"),
        ("mobile_phone", "418 555 0142 " + "x" * 40),
        ("postal_code", "G١R ٢L٥"),
    ],
)
def test_contact_details_too_long_or_foreign_digits_are_refused(
    client_for, counsellor, field, value
):
    client = client_for(counsellor)
    response = client.post(
        reverse("participants:create"), participant_post(counsellor, **{field: value})
    )
    assert response.status_code == 200
    assert Participant.objects.count() == 0


@pytest.mark.parametrize("value", SURROGATES)
def test_participant_form_refuses_lone_surrogates(organisation, counsellor, value):
    form = ParticipantForm(
        participant_post(counsellor, given_names=value, objective=value), organisation=organisation
    )
    assert not form.is_valid()
    assert "given_names" in form.errors
    assert "objective" in form.errors


# ---------------------------------------------------------------- journal


@FAST
@given(value=hostile)
def test_note_add_refuses_or_escapes(client_for, counsellor, participant, value):
    client = client_for(counsellor)
    participant.refresh_from_db()
    before = (JournalNote.objects.count(), JournalNote.history.count(), participant.version)
    response = client.post(reverse("participants:note_add", args=[participant.pk]), {"text": value})
    assert_no_server_error(response)
    if response.status_code == 302:
        note = JournalNote.objects.order_by("-pk").first()
        assert JournalNote.objects.count() == before[0] + 1
        assert_clean_text(note.text)
        assert_escaped(client.get(participant.get_absolute_url()))
    else:
        assert response.status_code == 422
        assert JournalNote.objects.count() == before[0]
        assert JournalNote.history.count() == before[1]
        assert_escaped(response)
    participant.refresh_from_db()
    assert participant.version == before[2]


@FAST
@given(value=hostile, version=st.one_of(st.just(None), hostile))
def test_note_edit_refuses_or_escapes(client_for, counsellor, participant, value, version):
    client = client_for(counsellor)
    note = NoteFactory(participant=participant, author=counsellor, text="Avant")
    data = {"text": value, "version": str(note.version) if version is None else version}
    response = client.post(reverse("participants:note_edit", args=[note.pk]), data)
    assert_no_server_error(response)
    note.refresh_from_db()
    if response.status_code == 302:
        assert note.version == 2
        assert_clean_text(note.text)
        assert_escaped(client.get(participant.get_absolute_url()))
    else:
        assert response.status_code in {200, 409}
        assert (note.text, note.version) == ("Avant", 1)
        assert note.history.count() == 1
        assert_escaped(response)


def test_note_markup_is_escaped(client_for, counsellor, participant):
    client = client_for(counsellor)
    text = f'{SCRIPT}\n{IMG}\n#read("/etc/passwd")'
    response = client.post(reverse("participants:note_add", args=[participant.pk]), {"text": text})
    assert response.status_code == 302
    assert JournalNote.objects.get(participant=participant).text == text
    page = client.get(participant.get_absolute_url())
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.content.decode()
    assert_escaped(page)


@pytest.mark.parametrize("value", ["x" * 100_000, "\x00", "bip\x07", "\x1b[2J", "   "])
def test_note_add_error_saves_nothing(client_for, counsellor, participant, value):
    client = client_for(counsellor)
    response = client.post(reverse("participants:note_add", args=[participant.pk]), {"text": value})
    assert response.status_code == 422
    assert JournalNote.objects.count() == 0


@pytest.mark.parametrize("value", SURROGATES)
def test_note_form_refuses_lone_surrogates(value):
    assert not NoteForm({"text": value}).is_valid()


# ---------------------------------------------------------------- attachments


def png_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("photo.png", PNG_BYTES, content_type="image/png")


@FAST
@given(field=st.sampled_from(["kind", "description"]), value=hostile)
def test_attachment_fields_refuse_or_escape(client_for, counsellor, participant, field, value):
    client = client_for(counsellor)
    data = {"kind": "photo", "description": "Photo", "upload": png_upload()}
    data[field] = value
    before = Attachment.objects.count()
    response = client.post(reverse("participants:attachment_add", args=[participant.pk]), data)
    assert_no_server_error(response)
    if response.status_code == 302:
        attachment = Attachment.objects.order_by("-pk").first()
        assert Attachment.objects.count() == before + 1
        assert_clean_text(attachment.description)
        assert_escaped(client.get(participant.get_absolute_url()))
    else:
        assert response.status_code == 422
        assert Attachment.objects.count() == before
        assert_escaped(response)


@pytest.mark.parametrize("value", SURROGATES)
def test_attachment_form_refuses_lone_surrogates(value):
    form = AttachmentForm({"kind": "photo", "description": value}, {"upload": png_upload()})
    assert not form.is_valid()
    assert "description" in form.errors


# ---------------------------------------------------------------- invitation


@FAST
@given(value=hostile)
def test_invitation_email_refuses_or_escapes(client_for, counsellor, organisation, value):
    client = client_for(counsellor)
    participant = ParticipantFactory(organisation=organisation, counsellor=counsellor)
    before = (ParticipantInvitation.objects.count(), len(mail.outbox))
    response = client.post(reverse("participants:invite", args=[participant.pk]), {"email": value})
    assert_no_server_error(response)
    if response.status_code == 302:
        invitation = ParticipantInvitation.objects.get(participant=participant)
        assert "@" in invitation.email
        assert_clean_text(invitation.email)
    else:
        assert response.status_code == 422
        assert (ParticipantInvitation.objects.count(), len(mail.outbox)) == before
        assert_escaped(response)


@pytest.mark.parametrize(
    "value",
    [
        "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 63 + ".ca",  # 258 characters
        "<script>@exemple.ca",
        "emilie@exemple.ca\x00",
        "émilie@exemple.ca\u202e",
    ],
)
def test_invitation_bad_email_saves_nothing(client_for, counsellor, participant, value):
    client = client_for(counsellor)
    response = client.post(reverse("participants:invite", args=[participant.pk]), {"email": value})
    assert response.status_code == 422
    assert ParticipantInvitation.objects.count() == 0
    assert mail.outbox == []


def test_invitation_service_refuses_an_email_too_long_for_the_column(participant, counsellor):
    from django.core.exceptions import ValidationError

    email = "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 63 + ".ca"
    with pytest.raises(ValidationError):
        services.invitation_create(participant=participant, actor=counsellor, email=email)
    assert ParticipantInvitation.objects.count() == 0


@pytest.mark.parametrize("value", SURROGATES)
def test_invitation_form_refuses_lone_surrogates(value):
    assert not InvitationForm({"email": value + "@exemple.ca"}).is_valid()


# ---------------------------------------------------------------- login and 2FA


@FAST
@given(username=hostile, password=hostile)
def test_login_refuses_hostile_credentials(client, counsellor, username, password):
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    assert_no_server_error(response)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert_escaped(response)


@FAST
@given(token=hostile)
def test_otp_verify_refuses_hostile_tokens(client_for, counsellor, token):
    device, _created = TOTPDevice.objects.get_or_create(
        user=counsellor, name="Atout", defaults={"confirmed": True}
    )
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    client = client_for(counsellor)
    response = client.post(reverse("accounts:otp_verify"), {"token": token})
    assert_no_server_error(response)
    assert response.status_code == 200
    assert_escaped(response)


@FAST
@given(token=hostile)
def test_otp_setup_refuses_hostile_tokens(client_for, counsellor, token):
    client = client_for(counsellor)
    response = client.post(reverse("accounts:otp_setup"), {"token": token})
    assert_no_server_error(response)
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=counsellor, confirmed=True).exists()
    assert_escaped(response)


@pytest.mark.parametrize("value", ["²²²²²²", "١٢٣٤٥٦", "12 34 56\x00", "<script>"])
def test_token_form_edge_cases_do_not_crash(client_for, counsellor, value):
    client = client_for(counsellor)
    response = client.post(reverse("accounts:otp_setup"), {"token": value})
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=counsellor, confirmed=True).exists()


@pytest.mark.parametrize("value", SURROGATES)
def test_token_form_refuses_lone_surrogates(value):
    assert not TokenForm({"token": value * 6}).is_valid()


# ---------------------------------------------------------------- invitation acceptance


def new_invitation(organisation, counsellor) -> tuple[Participant, str]:
    participant = ParticipantFactory(organisation=organisation, counsellor=counsellor)
    _invitation, token = services.invitation_create(
        participant=participant, actor=counsellor, email=f"p{participant.pk}@exemple.ca"
    )
    return participant, token


@FAST
@given(password1=hostile, same=st.booleans(), password2=hostile)
def test_invitation_accept_refuses_or_creates_one_account(
    client, organisation, counsellor, password1, same, password2
):
    participant, token = new_invitation(organisation, counsellor)
    users = User.objects.count()
    data = {"password1": password1, "password2": password1 if same else password2}
    response = client.post(reverse("accounts:invitation_accept", args=[token]), data)
    assert_no_server_error(response)
    participant.refresh_from_db()
    invitation = participant.invitations.get()
    if response.status_code == 302:
        assert User.objects.count() == users + 1
        assert participant.user is not None
        assert invitation.used_at is not None
        client.logout()
    else:
        assert response.status_code == 200
        assert User.objects.count() == users
        assert participant.user is None
        assert invitation.used_at is None
        assert_escaped(response)


@pytest.mark.parametrize(
    "token", ["%ED%A0%80", "%FF%FE", "%00", "<script>", "a" * 5000, "..%2F..%2Fetc%2Fpasswd"]
)
def test_invitation_link_with_garbage_token_is_not_found(client, token):
    response = client.get(f"/compte/invitation/{token}/")
    assert response.status_code == 404
    assert_escaped(response)


# ---------------------------------------------------------------- caseload search and filters

CASELOAD_PARAMS = ["q", "status", "counsellor", "cle", "sort", "scope", "page"]


@FAST
@given(params=st.dictionaries(st.sampled_from(CASELOAD_PARAMS), hostile, min_size=1))
def test_caseload_filters_never_break_the_page(client_for, counsellor, participant, params):
    client = client_for(counsellor)
    url = reverse("participants:caseload")
    for headers in ({}, {"HX-Request": "true", "HX-Target": "caseload-results"}):
        response = client.get(url, params, headers=headers)
        assert response.status_code == 200
        assert_escaped(response)


@FAST
@given(params=st.dictionaries(st.sampled_from(["q", "status", "cle", "sort", "page"]), hostile))
def test_referred_filters_never_break_the_page(client_for, cle_agent, participant, params):
    client = client_for(cle_agent)
    response = client.get(reverse("participants:referred"), params)
    assert response.status_code == 200
    assert_escaped(response)


@pytest.mark.parametrize(
    "query",
    [
        "q=%ED%A0%80",
        "q=%FF%FE%00",
        "q=%00&status=%00&page=%00",
        "page=99999999999999999999999999",
        "page=-1&counsellor=99999999999999999999999&cle=-5",
        "q=%25%5F%5C",
        "q=" + "x" * 100_000,
        "sort=__class__&scope=%3Cscript%3E",
        "q=\xff\xfe",
    ],
)
def test_caseload_raw_query_strings(client_for, counsellor, participant, query):
    client = client_for(counsellor)
    response = client.get(reverse("participants:caseload"), QUERY_STRING=query)
    assert response.status_code == 200
    assert_escaped(response)


@pytest.mark.parametrize("value", SURROGATES)
def test_caseload_filter_form_ignores_lone_surrogates(value):
    form = CaseloadFilterForm({"q": value}, counsellors=[], cles=[])
    assert form.filters(default_scope="mine").query == ""


# ---------------------------------------------------------------- raw bodies, invalid UTF-8

FORM = "application/x-www-form-urlencoded"

raw_value = st.one_of(
    st.binary(max_size=60),
    st.sampled_from(
        [b"\xff\xfe", b"\xed\xa0\x80", b"\xc0\xaf", b"\x80", b"\xf4\x90\x80\x80", b"%ff%fe", b"%00"]
    ),
)


def body(fields: dict[str, bytes | str]) -> bytes:
    """A urlencoded body whose values go in raw (possibly invalid UTF-8) or %-escaped."""
    parts = []
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.encode()
        parts.append(name.encode() + b"=" + value)
    return b"&".join(parts)


def escaped(raw: bytes) -> bytes:
    return quote_from_bytes(raw).encode()


@FAST
@given(
    field=st.sampled_from(TEXT_FIELDS + OTHER_FIELDS),
    raw=raw_value,
    percent=st.booleans(),
)
def test_participant_create_raw_invalid_utf8(client_for, counsellor, field, raw, percent):
    client = client_for(counsellor)
    fields = {k: quote_from_bytes(v.encode()) for k, v in participant_post(counsellor).items()}
    fields[field] = escaped(raw) if percent else raw
    before = file_counts()
    response = client.generic(
        "POST", reverse("participants:create"), data=body(fields), content_type=FORM
    )
    assert_no_server_error(response)
    if response.status_code == 302:
        participant = Participant.objects.order_by("-pk").first()
        for name in TEXT_FIELDS:
            assert_clean_text(getattr(participant, name))
    else:
        assert file_counts() == before


@FAST
@given(raw=raw_value, percent=st.booleans())
def test_participant_edit_raw_invalid_utf8(client_for, counsellor, participant, raw, percent):
    client = client_for(counsellor)
    participant.refresh_from_db()
    version = participant.version
    fields = {
        k: quote_from_bytes(v.encode())
        for k, v in participant_post(counsellor, version=str(version)).items()
    }
    fields["given_names"] = escaped(raw) if percent else raw
    response = client.generic(
        "POST",
        reverse("participants:edit", args=[participant.pk]),
        data=body(fields),
        content_type=FORM,
    )
    assert_no_server_error(response)
    participant.refresh_from_db()
    if response.status_code != 302:
        assert participant.version == version
    assert_clean_text(participant.given_names)


@FAST
@given(raw=raw_value, percent=st.booleans())
def test_note_add_raw_invalid_utf8(client_for, counsellor, participant, raw, percent):
    client = client_for(counsellor)
    before = JournalNote.objects.count()
    response = client.generic(
        "POST",
        reverse("participants:note_add", args=[participant.pk]),
        data=body({"text": escaped(raw) if percent else raw}),
        content_type=FORM,
    )
    assert_no_server_error(response)
    if response.status_code == 302:
        assert_clean_text(JournalNote.objects.order_by("-pk").first().text)
    else:
        assert JournalNote.objects.count() == before


@FAST
@given(data=st.binary(max_size=300))
def test_any_raw_body_never_breaks_a_form(client_for, counsellor, participant, data):
    client = client_for(counsellor)
    note = NoteFactory(participant=participant, author=counsellor)
    before = (file_counts(), JournalNote.objects.count(), ParticipantInvitation.objects.count())
    urls = [
        reverse("participants:create"),
        reverse("participants:edit", args=[participant.pk]),
        reverse("participants:note_add", args=[participant.pk]),
        reverse("participants:note_edit", args=[note.pk]),
        reverse("participants:attachment_add", args=[participant.pk]),
        reverse("participants:invite", args=[participant.pk]),
        reverse("accounts:otp_setup"),
        reverse("accounts:organisation_switch"),
    ]
    for url in urls:
        response = client.generic("POST", url, data=data, content_type=FORM)
        assert_no_server_error(response)
    # Random bytes hold no complete valid form: nothing may have been written.
    assert (
        file_counts(),
        JournalNote.objects.count(),
        ParticipantInvitation.objects.count(),
    ) == before
    response = client.generic("POST", reverse("accounts:login"), data=data, content_type=FORM)
    assert_no_server_error(response)


@pytest.mark.parametrize(
    "raw",
    [
        b"username=\xff\xfe%40exemple.ca&password=\xed\xa0\x80",
        b"username=%ff&password=%ed%a0%80",
        b"username=\x00&password=\x00",
        b"\xff\xfe\xfd",
    ],
)
def test_login_raw_invalid_utf8(client, counsellor, raw):
    response = client.generic("POST", reverse("accounts:login"), data=raw, content_type=FORM)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "raw", [b"token=\xff\xfe\xfd\xfc\xfb\xfa", b"token=%ed%a0%80%ed%a0%80", b"token=\x00" * 3]
)
def test_otp_raw_invalid_utf8(client_for, counsellor, raw):
    client = client_for(counsellor)
    response = client.generic("POST", reverse("accounts:otp_setup"), data=raw, content_type=FORM)
    assert response.status_code == 200


def test_invitation_accept_raw_invalid_utf8(client, organisation, counsellor):
    participant, token = new_invitation(organisation, counsellor)
    url = reverse("accounts:invitation_accept", args=[token])
    for raw in (
        b"password1=\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6&password2=\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6",
        b"password1=%ed%a0%80&password2=%ed%a0%80",
        b"password1=a%00b&password2=a%00b",
    ):
        response = client.generic("POST", url, data=raw, content_type=FORM)
        assert_no_server_error(response)
    participant.refresh_from_db()
    # Invalid bytes become U+FFFD, which is a legitimate (if odd) password; whatever
    # happened, at most one account exists for this file and the NUL one was refused.
    assert User.objects.filter(email=f"p{participant.pk}@exemple.ca").count() <= 1
