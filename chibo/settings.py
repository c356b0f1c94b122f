"""Settings for chibo, read from the environment.

Every deploy-specific value comes from an environment variable (see `.env.example`
and the README's configuration table). A value that cannot be understood stops
the start-up with a message naming the variable, rather than running half-configured.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent
# A local `.env` (made from `.env.example`) fills in what the real environment leaves unset.
load_dotenv(BASE_DIR / ".env", override=False)

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of true/false/1/0/yes/no, got {raw!r}")


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum or (maximum is not None and value > maximum):
        upper = "" if maximum is None else f" and at most {maximum}"
        raise ImproperlyConfigured(f"{name} must be at least {minimum}{upper}, got {value}")
    return value


def env_float(name: str, default: float, *, minimum: float = 0.0) -> float:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, got {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    # Only for local development: a fixed key would let anyone forge sessions in production.
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
elif not DEBUG and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
for _origin in CSRF_TRUSTED_ORIGINS:
    if not _origin.startswith(("http://", "https://")):
        raise ImproperlyConfigured(f"CSRF_TRUSTED_ORIGINS entries need a scheme, got {_origin!r}")

SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL must start with http:// or https://, got {SITE_URL!r}")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "simple_history",
    "huey.contrib.djhuey",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "members",
    "sessions_app",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "members.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "members.middleware.RejectNulMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    "members.security.IdleTimeoutMiddleware",
    # After the idle sign-out: verification or enrolment before any other page.
    "members.two_factor.TwoFactorMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "chibo.urls"
WSGI_APPLICATION = "chibo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "members.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite in a file by default, anything dj-database-url understands otherwise.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    try:
        _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from None
    if _db["ENGINE"] not in (
        "django.db.backends.postgresql",
        "django.db.backends.sqlite3",
    ):
        raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL or SQLite")
    _db["CONN_HEALTH_CHECKS"] = True
    if env_bool("DB_PGBOUNCER", False):
        # Transaction pooling hands each transaction to any server connection: named
        # server-side cursors would not survive between transactions.
        _db["DISABLE_SERVER_SIDE_CURSORS"] = True
        _db["CONN_MAX_AGE"] = 0
else:
    _db = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": env_str("SQLITE_PATH") or str(BASE_DIR / "db.sqlite3"),
    }
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one writer writes; IMMEDIATE takes the write lock
    # when a transaction starts, so concurrent writers wait (busy timeout) instead of
    # failing midway with "database is locked".
    _db.setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
    _db.pop("CONN_HEALTH_CHECKS", None)
    _db["CONN_MAX_AGE"] = 0
    # Tests use a file too: the in-memory test database answers concurrent writers with
    # "table is locked" (shared cache) instead of waiting as the file database does, so
    # a test against the live server would not show how the real one behaves.
    _db["TEST"] = {"NAME": env_str("SQLITE_TEST_PATH") or str(BASE_DIR / ".test-db.sqlite3")}
DATABASES = {"default": _db}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "members.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 10, minimum=8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out username and address are refused before any password check.
    "axes.backends.AxesStandaloneBackend",
    # Django's password check; loads the person and the authenticator with the user.
    "members.backends.AccountBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Language and time: Vietnamese first, English available.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["chibo.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files never live under static: they are served only through views that check access.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
# Uploaded files: on local disk, or in an S3-compatible bucket (private; every download
# still goes through a view that checks access) so that app servers keep no state.
S3_BUCKET = env_str("S3_BUCKET")
_default_storage: dict[str, object] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if S3_BUCKET:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "location": env_str("S3_PREFIX", "media"),
        },
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Cache, sessions and the task queue. With REDIS_URL every app server shares them, so
# servers can be added behind the proxy; without it a single server keeps them locally.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        f"REDIS_URL must start with redis://, rediss:// or unix://, got {REDIS_URL!r}"
    )
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "chibo"),
        }
    }
    # Sessions are read from Redis and written through to the database, so that a Redis
    # restart signs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif DEBUG:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    # Shared by every worker process of one server (rate limits need a shared cache).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env_str("CACHE_DIR") or str(BASE_DIR / ".cache"),
        }
    }

# Background jobs (batch PDFs, ZIP files, e-mail) run on huey: Redis when configured, a
# SQLite queue file on a single server, or at once inside the request in development.
TASK_QUEUE = env_str("TASK_QUEUE") or ("redis" if REDIS_URL else "immediate" if DEBUG else "sqlite")
if TASK_QUEUE not in ("redis", "sqlite", "immediate"):
    raise ImproperlyConfigured(f"TASK_QUEUE must be redis, sqlite or immediate, got {TASK_QUEUE!r}")
if TASK_QUEUE == "redis" and not REDIS_URL:
    raise ImproperlyConfigured("TASK_QUEUE=redis needs REDIS_URL")
HUEY: dict[str, object] = {
    "name": "chibo",
    "immediate": TASK_QUEUE == "immediate",
    "utc": True,
    "consumer": {"workers": env_int("TASK_WORKERS", 2, minimum=1), "worker_type": "thread"},
}
if TASK_QUEUE == "redis":
    HUEY.update({"huey_class": "huey.RedisHuey", "connection": {"url": REDIS_URL}})
else:
    HUEY.update(
        {
            "huey_class": "huey.SqliteHuey",
            "filename": env_str("TASK_QUEUE_FILE") or str(BASE_DIR / "tasks.sqlite3"),
        }
    )

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Mail: printed to the console unless an SMTP server is configured.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1, maximum=65535)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "chibo <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers and cookies. Production (DEBUG off) is HTTPS-only unless told otherwise.
SECURE_HTTPS = env_bool("SECURE_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_SSL_REDIRECT = SECURE_HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=300)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SESSION_COOKIE_SAMESITE = "Lax"
# Signed out after this many seconds without a request (members/security.py).
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 30 * 60, minimum=60)

# Content Security Policy (django-csp): only our own scripts, styles and images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
    }
}

# Sign-in lockout (django-axes): five failures for one username from one address lock
# that pair for the cool-off time; a success before that starts the count again.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_MINUTES = env_int("AXES_COOLOFF_MINUTES", 15, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_CLIENT_IP_CALLABLE = "members.security.client_ip"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False

# Two-factor sign-in (members/two_factor.py): anyone may turn it on; with this setting
# committee accounts must.
REQUIRE_2FA_FOR_COMMITTEE = env_bool("REQUIRE_2FA_FOR_COMMITTEE", False)
OTP_TOTP_ISSUER = "chibo"

# Domain settings (DOMAIN.md §2): guideline values that change over time are settings.
CHIBO = {
    "MEETING_MIN_MINUTES": env_int("CHIBO_MEETING_MIN_MINUTES", 90, minimum=1),
    "COMBINED_MEETING_MIN_MINUTES": env_int("CHIBO_COMBINED_MEETING_MIN_MINUTES", 120, minimum=1),
    "CIRCULATION_LEAD_DAYS": env_int("CHIBO_CIRCULATION_LEAD_DAYS", 1, minimum=0),
    "UPLOAD_MAX_MB": env_int("CHIBO_UPLOAD_MAX_MB", 20, minimum=1),
    # A register of a few hundred people is a few hundred kB; the preview reads it whole.
    "IMPORT_MAX_MB": env_int("CHIBO_IMPORT_MAX_MB", 5, minimum=1),
    # The superior committee's grid of every cell below it is kept this long (0: not kept).
    "GRID_CACHE_SECONDS": env_int("CHIBO_GRID_CACHE_SECONDS", 60, minimum=0),
    # people part: QĐ 124-QĐ/TW caps "hoàn thành xuất sắc" at 20 % of "hoàn thành tốt".
    "EXCELLENT_RATING_MAX_PERCENT": env_int(
        "CHIBO_EXCELLENT_RATING_MAX_PERCENT", 20, minimum=0, maximum=100
    ),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.server": {"level": "WARNING"}, "chibo.auth": {"level": "INFO"}},
}

# --- Documents (issue 7): the Party document format (Hướng dẫn 36-HD/VPTW, DOMAIN.md §5).
# Sources differ on the margins (top and bottom 20–25 mm, left 30–35, right 15) and the
# body size (13–14 pt), so they are settings, checked at start-up.


def _document_setting(name: str, default: float, low: float, high: float) -> float:
    value = env_float(name, default, minimum=low)
    if value > high:
        raise ImproperlyConfigured(f"{name} must be at most {high:g}, got {value:g}")
    return value


CHIBO_DOCUMENT = {
    "MARGIN_TOP_MM": _document_setting("CHIBO_DOC_MARGIN_TOP", 20, 5, 60),
    "MARGIN_BOTTOM_MM": _document_setting("CHIBO_DOC_MARGIN_BOTTOM", 20, 5, 60),
    "MARGIN_LEFT_MM": _document_setting("CHIBO_DOC_MARGIN_LEFT", 30, 5, 60),
    "MARGIN_RIGHT_MM": _document_setting("CHIBO_DOC_MARGIN_RIGHT", 15, 5, 60),
    "FONT_SIZE_PT": _document_setting("CHIBO_DOC_FONT_SIZE", 14, 12, 16),
}
# WeasyPrint reports every layout step at INFO; its warnings and errors still show.
LOGGING["loggers"]["weasyprint.progress"] = {"level": "WARNING"}
# fontTools logs every glyph it keeps when WeasyPrint subsets the fonts of a PDF.
LOGGING["loggers"]["fontTools"] = {"level": "WARNING"}

# Backups write Django's JSON with times to the microsecond (sessions_app/backup_json.py).
SERIALIZATION_MODULES = {"backup-json": "sessions_app.backup_json"}
