"""Atout settings: one module, driven by environment variables.

With nothing set, `make run` gets SQLite, console e-mail and local private storage.
Production sets DEBUG=0, a real SECRET_KEY and DATABASE_URL; startup refuses the dev secret.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
DEV_SECRET = "dev-only-insecure-secret-key-do-not-use-in-production"  # noqa: S105


def env(name: str, default: str = "") -> str:
    """Read ATOUT settings; NAME_FILE (a path) wins, so secrets can come from files."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    value = env(name, "1" if default else "0").strip().lower()
    return value in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    return int(env(name, str(default)))


DEBUG = envbool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY", DEV_SECRET)
if not DEBUG and SECRET_KEY == DEV_SECRET:
    raise ImproperlyConfigured("Set SECRET_KEY (or SECRET_KEY_FILE) when DEBUG is off.")
ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
SITE_URL = env("ATOUT_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "simple_history",
    # Before django_tasks_db: its `db_worker` command, with a heartbeat and the reaper.
    "atout.workers",
    "django_tasks",
    "django_tasks_db",
    "atout.accounts",
    "atout.privacy",
    "atout.participants",
    "atout.competencies",
    "atout.evidence",
    "atout.documents",
    "atout.passports",
    "atout.resumes",
    "atout.letters",
    "atout.cards",
    "atout.portfolios",
    "atout.demo",
    "atout.jsonresume",
    "atout.practice",
    "atout.sharing",
    "atout.bundles",
    "atout.referrals",
    "atout.participations",
    "atout.dashboards",
    "atout.territories",
    "atout.measures",
    "atout.standards",
    "atout.recognition",
    "atout.committees",
    "atout.certificates",
    "atout.incidents",
    "atout.rectifications",
    "atout.disclosures",
    "atout.retention",
    "atout.portability",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Inside SessionMiddleware: marks the session for a write at most once a minute.
    "atout.common.sessions.SessionTouchMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "atout.accounts.middleware.OrganisationMiddleware",
    "atout.accounts.middleware.TwoFactorMiddleware",
    "atout.privacy.middleware.AccessLogMiddleware",
    # Last, as django-axes asks, so a lockout answers before anything else runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "atout.urls"
WSGI_APPLICATION = "atout.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "atout" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "atout.accounts.context_processors.atout",
            ],
            # Replaces Django's `date` filter so French dates read « 1er mars ».
            "builtins": ["atout.formats.dates"],
        },
    },
]

# Database: SQLite by default so `make run` needs no server; DATABASE_URL selects PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'atout.sqlite3'}",
        conn_max_age=envint("ATOUT_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One person with the worker beside the server got "database is locked": a DEFERRED
    # transaction that reads, then writes, fails at once when another writer got in between
    # (SQLite cannot wait there without risking a deadlock). IMMEDIATE takes the write lock
    # at BEGIN, where the busy timeout applies; services keep their transactions short and
    # no request renders inside one (ATOMIC_REQUESTS stays off). WAL lets readers run beside
    # the writer; synchronous=NORMAL is durable with WAL except for the last commits on a
    # power cut, never corrupt.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": envint("ATOUT_SQLITE_TIMEOUT", 20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after 30 minutes without activity (personal information on shared computers).
SESSION_COOKIE_AGE = envint("ATOUT_SESSION_IDLE_SECONDS", 30 * 60)
# The expiry is pushed back by atout.common.sessions.SessionTouchMiddleware, which writes
# the session row at most once a minute instead of on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE = not DEBUG and envbool("ATOUT_HTTPS", True)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
# Trust X-Forwarded-Proto only behind a proxy that sets it (and strips it from clients):
# elsewhere any client could claim HTTPS.
if envbool("ATOUT_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Lockout after repeated failed logins (django-axes), per account and address.
AXES_FAILURE_LIMIT = envint("ATOUT_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("ATOUT_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = envbool("ATOUT_AXES_ENABLED", True)

# Two-factor authentication: offered to every staff user, required for organisation
# admins when ATOUT_REQUIRE_2FA is on (the production default).
ATOUT_REQUIRE_2FA = envbool("ATOUT_REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = "Atout"

# Content Security Policy: no inline script, no third-party origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "fr-ca"
LANGUAGES = [("fr-ca", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "atout" / "locale"]
TIME_ZONE = "America/Toronto"
USE_I18N = True
USE_TZ = True
# Django's fr_CA time formats print "20 08 25" (an unescaped "h"); ours print "20 h 25".
FORMAT_MODULE_PATH = ["atout.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "atout" / "static"]

# Uploaded files are personal information: they live outside the web root, in private
# storage served only through views that check access. ATOUT_STORAGE=s3 for object storage.
PRIVATE_MEDIA_ROOT = Path(env("ATOUT_PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
if env("ATOUT_STORAGE", "local") == "s3":
    default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("ATOUT_S3_BUCKET"),
            "endpoint_url": env("ATOUT_S3_ENDPOINT_URL") or None,
            "region_name": env("ATOUT_S3_REGION") or None,
            "access_key": env("ATOUT_S3_ACCESS_KEY") or None,
            "secret_key": env("ATOUT_S3_SECRET_KEY") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    }
STORAGES = {
    "default": default_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
ATOUT_UPLOAD_MAX_BYTES = envint("ATOUT_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# Images (proof photos, logos) above this many pixels, or this long on a side, are refused
# from their header: a decoder needs width x height x 4 bytes, whatever the file's size.
ATOUT_IMAGE_MAX_PIXELS = envint("ATOUT_IMAGE_MAX_PIXELS", 25_000_000)
ATOUT_IMAGE_MAX_SIDE = envint("ATOUT_IMAGE_MAX_SIDE", 8_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# One cache shared by every app server: Redis when REDIS_URL is set (several servers, rate
# limits), else a table in the database. Never a per-process memory cache: what one server
# caches or invalidates, the others must see.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("ATOUT_CACHE_PREFIX", "atout"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "atout_cache",
            "KEY_PREFIX": env("ATOUT_CACHE_PREFIX", "atout"),
            # The table drops expired rows only once it holds more than MAX_ENTRIES, and
            # preview pages (personal data, ~30 KB each, 15 minutes) live here: keep it small.
            "OPTIONS": {"MAX_ENTRIES": 2_000},
        }
    }

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Task workers on several machines (atout.workers): each `db_worker` writes a heartbeat row
# every N seconds; a RUNNING job whose worker has not been seen for ATOUT_TASK_STALE_SECONDS
# goes back to the queue for another worker, at most ATOUT_TASK_MAX_CLAIMS times, then FAILED.
ATOUT_TASK_HEARTBEAT_SECONDS = envint("ATOUT_TASK_HEARTBEAT_SECONDS", 10)
ATOUT_TASK_STALE_SECONDS = envint("ATOUT_TASK_STALE_SECONDS", 60)
ATOUT_TASK_MAX_CLAIMS = envint("ATOUT_TASK_MAX_CLAIMS", 3)

EMAIL_BACKEND = env("ATOUT_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("ATOUT_EMAIL_HOST", "localhost")
EMAIL_PORT = envint("ATOUT_EMAIL_PORT", 25)
EMAIL_HOST_USER = env("ATOUT_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("ATOUT_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("ATOUT_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("ATOUT_FROM_EMAIL", "Atout <ne-pas-repondre@atout.test>")

ATOUT_INVITATION_DAYS = envint("ATOUT_INVITATION_DAYS", 7)
ATOUT_NOTE_EDIT_HOURS = 24
# Print bundles (atout.bundles): how long a finished bundle is kept, and how long a running
# job may go without a heartbeat before it counts as lost (its worker died).
ATOUT_BUNDLE_KEEP_DAYS = envint("ATOUT_BUNDLE_KEEP_DAYS", 7)
ATOUT_BUNDLE_STALE_SECONDS = envint("ATOUT_BUNDLE_STALE_SECONDS", 120)
# Dashboards' reminders (atout.dashboards): a sent request undecided after N days, a feedback
# report unsent M days after the passport was produced or the participation ended.
ATOUT_REMINDER_REQUEST_DAYS = envint("ATOUT_REMINDER_REQUEST_DAYS", 5)
ATOUT_REMINDER_FEEDBACK_DAYS = envint("ATOUT_REMINDER_FEEDBACK_DAYS", 10)
# Skills recognition (atout.committees): a transmission the committee has neither acknowledged
# nor decided after N days reminds its evaluators (again every N days).
ATOUT_RECOGNITION_COMMITTEE_REMINDER_DAYS = envint("ATOUT_RECOGNITION_COMMITTEE_REMINDER_DAYS", 14)

# Events (render failures, conflicts, lockouts, withdrawals) carry their fields as JSON.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "events": {
            "()": "atout.common.logging.EventFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "events"}},
    "root": {"handlers": ["console"], "level": env("ATOUT_LOG_LEVEL", "WARNING")},
    "loggers": {"atout": {"level": env("ATOUT_LOG_LEVEL", "INFO")}},
}

# The address employers open share links at (printed by `manage.py share_link`, in QR codes).
ATOUT_PUBLIC_BASE_URL = env("ATOUT_PUBLIC_BASE_URL", "http://127.0.0.1:8000")

# Skills recognition (issue 12): a dossier idle this many days asks the candidate and the
# advisor to confirm it is still active; unanswered after the lapse delay, it lapses.
ATOUT_RECOGNITION_INACTIVITY_DAYS = envint("ATOUT_RECOGNITION_INACTIVITY_DAYS", 60)
ATOUT_RECOGNITION_LAPSE_DAYS = envint("ATOUT_RECOGNITION_LAPSE_DAYS", 30)

# Where Atout's data is hosted, shown on the privacy notice and on the consent-to-communicate
# pages so an organisation can assess a communication outside Quebec (Law 25, s. 17). Set it
# to the real hosting region of each deployment. A recipient organisation reads inside Atout,
# so by default its region is this one; list here (organisation id or name -> region) an
# organisation that copies what it reads elsewhere: its pages then say the communication
# leaves Quebec and needs a privacy assessment first.
ATOUT_HOSTING_REGION = env("ATOUT_HOSTING_REGION", "Canada (Québec)")
ATOUT_DISCLOSURE_RECIPIENT_REGIONS: dict = {}
# Retention and destruction (atout.retention, issue 13). These periods are OUR DEFAULTS: each
# organisation sets its own in its retention policy (Law 25, s. 3.2) and the operator adjusts
# them here. A rule runs when its record reached the end of its period; "destroy" deletes the
# record, its history and its stored files, "anonymise" keeps the record without what names
# the person. Files are counted from their closing date, everything else from its creation.
ATOUT_RETENTION = {
    "files_employability": {
        "record_kind": "participant_file",
        "organisation_kind": "employability",
        "years": envint("ATOUT_RETENTION_EMPLOYABILITY_YEARS", 5),
        "action": "destroy",
        "basis": _(
            "End of the purpose: five years after the file is closed, the time for the "
            "person to come back and for the ministry's audits of the service agreement."
        ),
    },
    "files_qualifications": {
        "record_kind": "participant_file",
        "organisation_kind": "qualifications",
        "years": envint("ATOUT_RETENTION_QUALIFICATIONS_YEARS", 7),
        "action": "destroy",
        "basis": _(
            "End of the purpose: seven years after the recognition file is closed, so a "
            "certificate or an attestation can still be confirmed."
        ),
    },
    "print_bundles": {
        "record_kind": "print_bundle",
        "days": envint("ATOUT_RETENTION_BUNDLE_DAYS", 30),
        "action": "destroy",
        "basis": _("A print bundle is a copy made for one meeting; the originals stay on file."),
    },
    "personal_data_exports": {
        "record_kind": "personal_data_export",
        "days": envint("ATOUT_RETENTION_EXPORT_DAYS", 7),
        "action": "destroy",
        "basis": _("A copy prepared for the person is kept only long enough to download it."),
    },
    "access_log": {
        "record_kind": "access_log",
        "years": envint("ATOUT_RETENTION_ACCESS_LOG_YEARS", 5),
        "action": "destroy",
        "basis": _(
            "Who read a file is kept five years, to answer the person and the Commission "
            "d'accès à l'information; rows of a destroyed file keep only its number."
        ),
    },
    "task_results": {
        "record_kind": "task_result",
        "days": envint("ATOUT_RETENTION_TASK_RESULT_DAYS", 30),
        "action": "destroy",
        "basis": _("The record of a finished background job is only useful to find a fault."),
    },
    "sessions": {
        "record_kind": "session",
        "days": 0,
        "action": "destroy",
        "basis": _("An expired session no longer serves to log in."),
    },
    "lockouts": {
        "record_kind": "login_attempt",
        "years": envint("ATOUT_RETENTION_LOCKOUT_YEARS", 1),
        "action": "destroy",
        "basis": _("Failed logins are kept one year to detect and investigate attacks."),
    },
    "incidents": {
        "record_kind": "incident",
        "years": envint("ATOUT_RETENTION_INCIDENT_YEARS", 5),
        "action": "destroy",
        "basis": _(
            "The register of confidentiality incidents keeps an incident five years after "
            "the organisation learned of it (Regulation respecting confidentiality incidents)."
        ),
    },
}
# Copies of personal data (atout.portability, Law 25 right of access and portability): how long
# a prepared copy can be downloaded before its file is removed and its link refused.
ATOUT_EXPORT_KEEP_DAYS = envint("ATOUT_EXPORT_KEEP_DAYS", 7)
