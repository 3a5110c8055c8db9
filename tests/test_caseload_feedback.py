"""The caseload's feedback for screen readers, and what its search leaves in the history."""

import re

import pytest
from django.urls import reverse

CASELOAD = reverse("participants:caseload")
REFERRED = reverse("participants:referred")


def _live_regions(html: str) -> list[str]:
    """The opening tag and content of every element marked aria-live or role=status."""
    return re.findall(r"<(\w+)[^>]*(?:aria-live|role=\"status\")[^>]*>(.*?)</\1>", html, flags=re.S)


@pytest.mark.parametrize(("url", "user"), [(CASELOAD, "counsellor"), (REFERRED, "cle_agent")])
def test_the_live_region_holds_the_count_sentence_only(request, client_for, participant, url, user):
    html = client_for(request.getfixturevalue(user)).get(url).content.decode()
    count = re.search(r'<p id="caseload-count"([^>]*)>(.*?)</p>', html, flags=re.S)
    assert count, "no live count"
    assert 'role="status"' in count.group(1)
    assert 'aria-live="polite"' in count.group(1)
    assert re.fullmatch(r"\s*1 \w+ \w+\s*", count.group(2)), count.group(2)
    # The results (table, pagination) are outside every live region.
    assert 'id="caseload-results" aria-live' not in html
    for _tag, content in _live_regions(html):
        assert "<table" not in content and "<tr" not in content


def test_htmx_results_fill_the_count_out_of_band(client_for, counsellor, participant):
    response = client_for(counsellor).get(
        CASELOAD,
        {"q": "Gagnon"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="caseload-results",
    )
    html = response.content.decode()
    assert "<html" not in html
    oob = re.search(r'<p id="caseload-count" hx-swap-oob="innerHTML">(.*?)</p>', html, re.S)
    assert oob and re.fullmatch(r"\s*1 \w+ \w+\s*", oob.group(1))
    assert "<table" in html


def test_full_page_has_no_out_of_band_markup(client_for, counsellor, participant):
    html = client_for(counsellor).get(CASELOAD).content.decode()
    assert "hx-swap-oob" not in html


@pytest.mark.parametrize("url", [CASELOAD, REFERRED])
def test_search_as_you_type_does_not_push_the_query_into_history(
    client_for, counsellor, cle_agent, participant, url
):
    user = counsellor if url == CASELOAD else cle_agent
    html = client_for(user).get(url).content.decode()
    form = re.search(r'<form method="get" class="filters"[^>]*>', html, re.S).group(0)
    assert 'hx-push-url="false"' in form
    assert 'hx-push-url="true"' not in html
    # Without JavaScript the same form is a plain GET to this page.
    assert f'hx-get="{url}"' in form
