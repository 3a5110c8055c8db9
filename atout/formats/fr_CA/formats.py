"""Quebec date and time formats: Django's fr_CA, with the hour written "14 h 30"."""

from django.conf.locale.fr_CA.formats import *  # noqa: F403

TIME_FORMAT = "H\xa0\\h\xa0i"  # 14 h 30
DATETIME_FORMAT = "j F Y, H\xa0\\h\xa0i"  # 25 novembre 2026, 14 h 30
SHORT_DATETIME_FORMAT = "Y-m-d H\xa0\\h\xa0i"  # 2026-11-25 14 h 30
