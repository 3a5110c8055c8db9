"""Which CLE a person's passport names: the referring CLE, else the CLE of their territory."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from atout.accounts.models import Organisation
from atout.participants.models import Participant
from atout.territories.models import FsaArea, normalise_fsa


class CleSource:
    """Where `cle_for_participant` found the CLE (stable keys, for the page and the tests)."""

    REFERRING = "referring"
    TERRITORY = "territory"
    NONE = "none"

    LABELS = {
        REFERRING: _("the CLE that referred the person"),
        TERRITORY: _("the CLE of the person's territory (postal code)"),
        NONE: _("no CLE found"),
    }


def cle_for_postal_code(code: str) -> Organisation | None:
    """The active CLE serving this postal code's FSA, or None (unknown or invalid code)."""
    fsa = normalise_fsa(code)
    if not fsa:
        return None
    area = (
        FsaArea.objects.select_related("cle")
        .filter(fsa=fsa, cle__is_active=True, cle__kind=Organisation.Kind.CLE)
        .first()
    )
    return area.cle if area else None


def cle_for_participant(participant: Participant) -> tuple[Organisation | None, str]:
    """The CLE the passport's last page prints, and where it came from (`CleSource`).

    The CLE that referred the person when there is one; else the CLE of the territory, read
    from the postal code of the file; else none (the passport's checks warn).
    """
    if participant.referring_cle_id:
        return participant.referring_cle, CleSource.REFERRING
    cle = cle_for_postal_code(participant.postal_code)
    if cle is not None:
        return cle, CleSource.TERRITORY
    return None, CleSource.NONE
