from decimal import Decimal

import pytest

from atout.cards.models import CardStockLayout, PrintSettings
from atout.participants import services as participant_services
from atout.participants.models import Audience, ContactField
from atout.passports.models import KeyCompetency, Passport


@pytest.fixture
def passport(participant, counsellor):
    participant.mobile_phone = "4185551234"
    participant.save()
    participant_services.consent_set(
        participant=participant,
        actor=counsellor,
        decisions={
            (ContactField.EMAIL, Audience.EMPLOYER): True,
            (ContactField.MOBILE_PHONE, Audience.EMPLOYER): True,
        },
    )
    passport = Passport.objects.create(
        participant=participant,
        objective_fr="Commis d’entrepôt de jour.",
        objective_en="Day-shift warehouse clerk.",
        languages="both",
    )
    KeyCompetency.objects.create(
        passport=passport, title_fr="Travailler en équipe", title_en="Teamwork"
    )
    return passport


@pytest.fixture
def approved(passport, counsellor):
    """The passport approved in person: version 1 frozen."""
    from atout.passports import services as passport_services

    return passport_services.passport_approve(passport=passport, actor=counsellor, in_person=True)


@pytest.fixture
def own_layout(organisation, org_admin):
    """An organisation's own stock in millimetres, with gaps (unlike both presets)."""
    return CardStockLayout.objects.create(
        organisation=organisation,
        name="Papeterie Laurier 2×4",
        unit="mm",
        card_width=Decimal("89"),
        card_height=Decimal("51"),
        columns=2,
        rows=4,
        margin_top=Decimal("20"),
        margin_left=Decimal("12.5"),
        gap_x=Decimal("6"),
        gap_y=Decimal("10"),
        created_by=org_admin,
    )


@pytest.fixture
def offset(organisation):
    return PrintSettings.objects.create(
        organisation=organisation, offset_x_mm=Decimal("1.5"), offset_y_mm=Decimal("-2.0")
    )
