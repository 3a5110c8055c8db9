"""The forward sortation area (FSA) → CLE table, kept by platform admins.

The passport's last page gives the address of the CLE of the person's territory (seed 4.2.4);
the FSA, the first three characters of a Canadian postal code, is how the territory is read.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from atout.accounts.models import Organisation

# Letter, digit, letter; Canada Post never uses D, F, I, O, Q, U, nor W or Z first.
FSA_PATTERN = re.compile(r"^[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z]$")


def normalise_fsa(code: str) -> str:
    """The FSA of a postal code or an FSA as typed (`g1r 2l5`, ` G1R-2L5`, `g1r`) → `G1R`.

    Returns "" when the start of the code is not a valid FSA.
    """
    compact = re.sub(r"[\s\-\u00a0\u202f]", "", code or "").upper()[:3]
    return compact if FSA_PATTERN.match(compact) else ""


def validate_fsa(value: str) -> None:
    if not FSA_PATTERN.match(value or ""):
        raise ValidationError(
            _("“%(value)s” is not a forward sortation area (three characters like G1R)."),
            params={"value": value},
        )


class FsaArea(models.Model):
    """One FSA and the CLE that serves it."""

    fsa = models.CharField(
        _("forward sortation area (FSA)"),
        max_length=3,
        unique=True,
        validators=[validate_fsa],
        help_text=_("The first three characters of the postal code, like G1R."),
    )
    cle = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="fsa_areas",
        limit_choices_to={"kind": Organisation.Kind.CLE},
        verbose_name=_("CLE"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("CLE territory (FSA)")
        verbose_name_plural = _("CLE territories (FSA)")
        ordering = ["fsa"]

    def __str__(self) -> str:
        return f"{self.fsa} → {self.cle}"

    def clean_fields(self, exclude=None) -> None:
        # `g1r 2l5` typed in the admin is G1R; what is no FSA stays, for the message.
        self.fsa = normalise_fsa(self.fsa) or (self.fsa or "").strip().upper()
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        if self.cle_id and self.cle.kind != Organisation.Kind.CLE:
            raise ValidationError({"cle": _("Choose a local employment centre (CLE).")})
