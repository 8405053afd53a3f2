"""Settings for Alliance Archive.

Every knob comes from the environment with a safe default. Locally nothing needs to be set
except ``DJANGO_DEBUG=1`` (``make run`` does that); production sets ``DJANGO_SECRET_KEY``,
``DJANGO_ALLOWED_HOSTS`` and ``DATABASE_URL`` (see docs/deployment.md).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ALLIANCE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string, "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-local-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS is not set. Give a comma-separated list of the host names "
        "this site answers to, e.g. DJANGO_ALLOWED_HOSTS=archive.example.org."
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_filters",
    "reversion",
    "reversion_compare",
    "csp",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "documents",
    "search",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "alliance.middleware.security_headers",
    "api.middleware.cors_open_for_get",
    "alliance.middleware.SettingsCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "alliance.middleware.SHA1ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "alliance.middleware.PublicPageCacheMiddleware",
    "alliance.middleware.url_scope",
    "alliance.middleware.follow_area_renames",
    "alliance.middleware.LazyMessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # Selectors' NotFound / Moved / Gone → 404 / 301 / 410 on the pages (not on the API).
    "documents.views.common.DomainErrorsMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses logins after repeated failures (see AXES_* below).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "alliance.urls"
WSGI_APPLICATION = "alliance.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["documents.templatetags.archive"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Form widgets render with the templates above (so a widget may use one from templates/: the
# public filters' flat menus, documents/forms.py); Django's own come from "django.forms".
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# SQLite under var/ unless DATABASE_URL says otherwise (PostgreSQL in production and CI).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'archive.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DATABASE_POOL"):
    # psycopg's connection pool (Django 5.1+); use it instead of persistent connections.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DATABASE_POOL_MIN", "2")),
        "max_size": int(os.environ.get("DATABASE_POOL_MAX", "10")),
        "timeout": 10,
    }
# A stalled database must give 503 within seconds, never hold a worker (alliance/db.py):
# connections time out, statements time out on the server, a statement that gets no answer at
# all has its socket shut down after DATABASE_READ_TIMEOUT seconds, and TCP keepalives notice
# a peer that vanished. manage.py turns the statement and read timeouts off for commands
# (migrations and loads may run long); set them there explicitly to keep them.
DATABASE_STATEMENT_TIMEOUT = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT", "5000"))  # ms
DATABASE_READ_TIMEOUT = float(os.environ.get("DATABASE_READ_TIMEOUT", "6"))  # seconds, 0 = off
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options.setdefault("connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3")))
    if DATABASE_STATEMENT_TIMEOUT > 0:
        _options.setdefault("options", f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT}")
    _options.setdefault("keepalives", 1)
    _options.setdefault("keepalives_idle", int(os.environ.get("DATABASE_KEEPALIVES_IDLE", "10")))
    _options.setdefault("keepalives_interval", 5)
    _options.setdefault("keepalives_count", 3)
    if DATABASE_READ_TIMEOUT > 0:
        # Unacknowledged data (a host or network gone silent) fails the connection too.
        _options.setdefault("tcp_user_timeout", int(DATABASE_READ_TIMEOUT * 1000))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "alliance.storage.RememberingStaticFilesStorage"
        )
    },
}

# Cache: local memory by default; Redis (shared by all app servers) when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "alliance.cache.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# How long a process trusts the archive's generation it last read (seconds; 0 reads it for
# every request): a change saved by another process or server reaches this one's pages within
# this time. A save in this process is seen at once.
ARCHIVE_GENERATION_TTL = float(os.environ.get("ARCHIVE_GENERATION_TTL", "0.5"))
# Public pages are cached whole for anonymous readers, until the archive changes.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# With Redis, each process keeps copies of the pages it read from it, up to this many MB.
PAGE_LOCAL_COPIES_MB = float(os.environ.get("PAGE_LOCAL_COPIES_MB", "32"))

# Search: past this many matches the count reads "more than N" and facets count the first N.
SEARCH_COUNT_CAP = int(os.environ.get("SEARCH_COUNT_CAP", "5000"))
# Search keeps the plan of its statement for rare words on connections that outlive a request
# (search.prepared); 0 turns that off (behind PgBouncer in transaction mode).
SEARCH_PREPARED_STATEMENTS = env_bool("SEARCH_PREPARED_STATEMENTS", True)

# The admin's address: set ADMIN_URL to move it (e.g. "curate-7f3a/").
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"

# Security: safe by default, tightened further by the environment in production.
SECURE_CONTENT_TYPE_NOSNIFF = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD")
if env_bool("DJANGO_BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGIN_URL = "admin:login"

# The read-only JSON API (api/, docs/api.md): anonymous, JSON only, throttled per address.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.ArchiveCursorPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymousThrottle"],
    "NUM_PROXIES": 1 if env_bool("DJANGO_BEHIND_TLS_PROXY") else None,
}
# A document's admin form posts about four fields a section: Django's default of 1,000 fields
# refused (a bare 400) a document of 250 sections, which the importer makes without trouble.
# The size of a request body stays Django's 2.5 MB (every POST is read, an anonymous one
# included): a longer text is imported by uploading its file, which has no such limit.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000
# Requests per client address, e.g. "120/minute" (DRF's rate syntax); past it, 429.
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "120/minute")
API_CORS_MAX_AGE = 86400
# Bulk downloads (/data/): where build_bulk_data writes them, and how publishing rebuilds them
# ("thread": in the background; "sync": at once; "off": only by the command).
BULK_DATA_DIR = Path(os.environ.get("BULK_DATA_DIR", VAR_DIR / "data"))
BULK_DATA_REBUILD = os.environ.get("BULK_DATA_REBUILD", "thread")
SPECTACULAR_SETTINGS = {
    "TITLE": "Alliance Archive API",
    "DESCRIPTION": (
        "Read-only open data: documents and their sections, cooperation areas, officials, "
        "quotes, events, series, organizations, timeline entries, search and a changes "
        "feed. Every record carries its stable identifiers and canonical URLs."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served from this site (drf-spectacular-sidecar): the CSP allows no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "DocumentKindEnum": "documents.models.DocumentKind",
        "OrganizationKindEnum": "documents.models.OrganizationKind",
        "EntryKindEnum": "search.models.EntryKind",
    },
}

# Login throttling (django-axes): after 5 failures from one address for one username, that
# pair is locked out for an hour.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Behind a reverse proxy, trust its X-Forwarded-For (set DJANGO_BEHIND_TLS_PROXY=1).
AXES_IPWARE_PROXY_COUNT = 1 if env_bool("DJANGO_BEHIND_TLS_PROXY") else None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# The archive's public address (e.g. https://archive.example.org), used in citations; when
# unset, citations use the host of the request.
ALLIANCE_SITE_URL = os.environ.get("ALLIANCE_SITE_URL", "").rstrip("/")

# Who curates the archive and how a reader reports an error: shown on the About page and
# linked from every page's footer. Set at least one of the two contacts in production
# (`manage.py check --deploy` warns otherwise): an address that reaches the editors, or the
# address of an issue tracker or form where corrections are filed.
ALLIANCE_CURATOR = os.environ.get("ALLIANCE_CURATOR", "").strip()
ALLIANCE_CONTACT_EMAIL = os.environ.get("ALLIANCE_CONTACT_EMAIL", "").strip()
ALLIANCE_CORRECTIONS_URL = os.environ.get("ALLIANCE_CORRECTIONS_URL", "").strip()

# The archive: where the curated fixtures live (load_archive / export_archive).
ARCHIVE_FIXTURE_DIR = Path(os.environ.get("ALLIANCE_FIXTURE_DIR", BASE_DIR / "fixtures"))
