"""Share links: token, expiry, revocation, code throttle, consent following."""

import base64
import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from atout.participants import services as participant_services
from atout.participants.models import Audience, ContactField
from atout.sharing import selectors, services, tokens
from atout.sharing.models import CodeAttempt, ShareLink, ShareLinkView

pytestmark = pytest.mark.django_db


def test_token_has_256_bits_and_only_its_hash_is_stored(link_and_token):
    link, token = link_and_token
    assert tokens.looks_like_token(token)
    assert len(base64.urlsafe_b64decode(token + "=")) == 32
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    row = ShareLink.objects.filter(pk=link.pk).values().get()
    assert token not in {str(v) for v in row.values()}
    history = link.history.values().first()
    assert "seed" not in history and "token_hash" not in history


def test_tokens_differ_per_link(approved, participant_user):
    made = {
        services.share_link_create(participant=approved.participant, actor=participant_user)[1]
        for _ in range(25)
    }
    assert len(made) == 25


def test_url_is_rebuilt_from_seed_and_key(link_and_token, settings):
    link, token = link_and_token
    assert selectors.link_url(link).endswith(f"/p/{token}/")
    assert selectors.link_url(link).startswith(settings.ATOUT_PUBLIC_BASE_URL)


def test_after_key_rotation_link_opens_but_url_is_lost_until_fallback(link_and_token, settings):
    link, token = link_and_token
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "another-key-" + "x" * 50
    assert selectors.link_url(link) is None
    assert selectors.link_for_token(token) == link  # the holder's URL still works
    settings.SECRET_KEY_FALLBACKS = [old]
    assert selectors.link_url(link).endswith(f"/p/{token}/")


def test_database_alone_cannot_rebuild_token(link_and_token):
    link, token = link_and_token
    assert tokens.token_for(link.seed, key="") != token
    assert hashlib.sha256(bytes.fromhex(link.seed)).hexdigest() != link.token_hash


def test_counsellor_link_is_recorded_as_acting_for_the_person(approved, counsellor):
    link, _token = services.share_link_create(participant=approved.participant, actor=counsellor)
    assert link.on_behalf and link.created_by == counsellor


def test_participant_link_is_their_own(link_and_token, participant_user):
    link, _token = link_and_token
    assert not link.on_behalf and link.created_by == participant_user


def test_outsider_cannot_create(approved, outsider):
    with pytest.raises(PermissionDenied):
        services.share_link_create(participant=approved.participant, actor=outsider)


def test_nothing_approved_cannot_be_shared(participant, counsellor):
    with pytest.raises(ValidationError):
        services.share_link_create(participant=participant, actor=counsellor)


@pytest.mark.parametrize("days", [0, -1, 181, 10_000])
def test_expiry_is_bounded(approved, counsellor, days):
    with pytest.raises(ValidationError):
        services.share_link_create(participant=approved.participant, actor=counsellor, days=days)


def test_default_expiry_is_thirty_days(link_and_token):
    link, _token = link_and_token
    assert abs(link.expires_at - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)


def test_expired_link_shows_nothing(link_and_token):
    link, token = link_and_token
    assert selectors.shared_view(selectors.link_for_token(token)) is not None
    ShareLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert selectors.shared_view(selectors.link_for_token(token)) is None


def test_revoked_link_shows_nothing(link_and_token, counsellor):
    link, token = link_and_token
    services.share_link_revoke(link=link, actor=counsellor)
    link.refresh_from_db()
    assert link.revoked_by == counsellor
    assert selectors.shared_view(selectors.link_for_token(token)) is None
    again = services.share_link_revoke(link=link, actor=counsellor)
    assert again.revoked_at == link.revoked_at


def test_outsider_cannot_revoke(link_and_token, outsider):
    with pytest.raises(PermissionDenied):
        services.share_link_revoke(link=link_and_token[0], actor=outsider)


def test_consent_withdrawal_is_followed_at_once(link_and_token, counsellor):
    link, token = link_and_token
    view = selectors.shared_view(link)
    assert "418 555-0142" in str(view.passport["contact"])
    participant_services.consent_set(
        participant=link.participant,
        actor=counsellor,
        decisions={(ContactField.MOBILE_PHONE, Audience.EMPLOYER): False},
    )
    assert selectors.shared_view(selectors.link_for_token(token)) is None


def test_page_shows_only_employer_consented_contact(link_and_token):
    view = selectors.shared_view(link_and_token[0])
    shown = str(view.passport["contact"])
    assert "418 555-0142" in shown
    assert "418 555-0199" not in shown  # the home phone: no consent for employers


def test_right_code_opens(coded):
    link, _token = coded
    assert services.code_check(link=link, code="tulipe42", address="203.0.113.9")
    assert not CodeAttempt.objects.exists()


def test_wrong_codes_are_throttled_then_the_right_one_fails_too(coded):
    link, _token = coded
    for _ in range(services.CODE_ATTEMPTS):
        assert not services.code_check(link=link, code="rose", address="203.0.113.9")
    assert not services.code_check(link=link, code="tulipe42", address="198.51.100.7")
    # The window passes: the right code opens again.
    CodeAttempt.objects.update(at=timezone.now() - services.CODE_WINDOW - timedelta(seconds=1))
    assert services.code_check(link=link, code="tulipe42", address="203.0.113.9")


def test_throttle_is_per_link(coded, approved, participant_user):
    link, _token = coded
    other, _t = services.share_link_create(
        participant=approved.participant, actor=participant_user, code="tulipe42"
    )
    for _ in range(services.CODE_ATTEMPTS):
        services.code_check(link=link, code="nope", address="203.0.113.9")
    assert services.code_check(link=other, code="tulipe42", address="203.0.113.9")


def test_address_is_kept_only_hashed_and_purged(coded):
    link, _token = coded
    services.code_check(link=link, code="rose", address="203.0.113.9")
    attempt = CodeAttempt.objects.get()
    assert "203.0.113.9" not in attempt.address_hash
    assert len(attempt.address_hash) == 64
    CodeAttempt.objects.update(at=timezone.now() - timedelta(hours=1))
    assert services.code_attempts_purge() == 1


def test_link_without_code_refuses_any_code(link_and_token):
    assert not services.code_check(link=link_and_token[0], code="", address=None)
    assert not services.code_check(link=None, code="x", address=None)


@pytest.mark.parametrize(
    ("agent", "expected"),
    [
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148", "phone"),
        ("Mozilla/5.0 (Linux; Android 14; Pixel 8) Mobile Safari/537.36", "phone"),
        ("Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X)", "tablet"),
        ("Mozilla/5.0 (Linux; Android 13; SM-X200) Safari/537.36", "tablet"),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120", "computer"),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)", "computer"),
        ("curl/8.0", "other"),
        ("", "other"),
    ],
)
def test_only_a_coarse_device_is_kept(agent, expected):
    assert services.coarse_agent(agent) == expected


def test_view_records_coarse_agent_and_employer_read(link_and_token):
    from atout.privacy.models import AccessLogEntry

    link, _token = link_and_token
    services.share_link_view_record(link=link, user_agent="Mozilla (iPhone) Mobile", what="page")
    view = ShareLinkView.objects.get()
    assert (view.agent, view.what) == ("phone", "page")
    entry = AccessLogEntry.objects.get(action=AccessLogEntry.Action.SHARED_LINK_READ)
    assert entry.user is None and entry.reader_role == "employer"
    assert entry.participant == link.participant and entry.ip_address is None


def test_links_for_counts_views_and_hides_others(link_and_token, counsellor, outsider):
    link, _token = link_and_token
    for _ in range(3):
        services.share_link_view_record(link=link, user_agent="", what="page")
    (row,) = selectors.links_for(user=counsellor, participant=link.participant)
    assert (row.views, row.status) == (3, "active")
    assert selectors.links_for(user=outsider, participant=link.participant) == []


def test_one_address_guessing_across_links_is_stopped(approved, participant_user):
    links = [
        services.share_link_create(
            participant=approved.participant, actor=participant_user, code="tulipe42"
        )[0]
        for _ in range(5)
    ]
    for link in links:
        for _ in range(4):  # under each link's own limit
            services.code_check(link=link, code="rose", address="203.0.113.9")
    extra, _t = services.share_link_create(
        participant=approved.participant, actor=participant_user, code="tulipe42"
    )
    assert not services.code_check(link=extra, code="tulipe42", address="203.0.113.9")
    assert services.code_check(link=extra, code="tulipe42", address="198.51.100.7")
