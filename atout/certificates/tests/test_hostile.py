"""Hostile text in the credential form: refused with a message (422, nothing written) or
stored as text and shown escaped, never a server error."""

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atout.certificates.models import Credential
from atout.certificates.tests import factories as f
from atout.recognition.models import Dossier, Phase

pytestmark = pytest.mark.django_db

HOSTILE = st.one_of(
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "#set page(width: 1pt)",
            '=HYPERLINK("http://x")',
            "\u202eCQP\x00",
            "A" * 5000,
            "   ",
        ]
    ),
    st.text(max_size=80),
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(field=st.sampled_from(["number", "issuer"]), value=HOSTILE)
def test_credential_form_refuses_or_escapes(client_for, field, value):
    qq = f.qq_organisation()
    advisor = f.advisor(qq)
    dossier = f.dossier(qq=qq, phase=Phase.APPLIED)
    data = {
        "kind": "cqp",
        "legal_basis": "2",
        "competencies": [c.pk for c in dossier.standard.competencies.all()],
        "issued_on": timezone.localdate().isoformat(),
        "number": "CQP-1",
        "issuer": "Ministère",
        "version": dossier.version,
        field: value,
    }
    before = Credential.objects.count()
    response = client_for(advisor).post(reverse("certificates:issue", args=[dossier.pk]), data)
    assert response.status_code in (302, 422)
    if response.status_code == 422:
        assert Credential.objects.count() == before
        assert Dossier.objects.get(pk=dossier.pk).phase == Phase.APPLIED
        assert "<script>" not in response.content.decode()
        return
    page = client_for(advisor).get(reverse("certificates:record", args=[dossier.pk]))
    assert "<script>alert" not in page.content.decode()
    credential = Credential.objects.get(dossier=dossier)
    pdf = client_for(advisor).get(reverse("certificates:credential_pdf", args=[credential.pk]))
    assert pdf.status_code == 200
