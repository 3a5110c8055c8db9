from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import formats, translation


def test_quebec_times_read_14_h_30():
    moment = datetime(2026, 11, 25, 14, 30, tzinfo=ZoneInfo("America/Toronto"))
    with translation.override("fr-ca"):
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "2026-11-25 14\xa0h\xa030"
        assert formats.date_format(moment, "DATE_FORMAT") == "25 novembre 2026"
        assert formats.number_format(38000.5, 1, use_l10n=True, force_grouping=True) == (
            "38\xa0000,5"
        )
