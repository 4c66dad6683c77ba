"""One settings module, read from the environment.

Two modes, chosen by DJANGO_ENV:

- development (the default): a local site on SQLite (`db.sqlite3` beside manage.py) with DEBUG
  on, a fixed development secret key and plain http, so `bin/serve` works with nothing set;
- production (`DJANGO_ENV=production`, set by the Dockerfile and by gunicorn.conf.py, so any
  gunicorn started from this directory is production): DEBUG off unless asked for, SECRET_KEY and
  ALLOWED_HOSTS required, https only (HSTS, secure cookies, redirect), hashed and compressed
  static files. `manage.py check --deploy` is silent in this mode.

DATABASE_URL=postgres://... switches to PostgreSQL in either mode, as CI and production do.
"""

import os
from ipaddress import ip_network
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


ENVIRONMENT = os.environ.get("DJANGO_ENV", "development").strip().lower()
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV is {ENVIRONMENT!r}: use development or production.")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DEBUG", not PRODUCTION)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION or not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set in production and when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's host(s) in production.")
# Where the public reaches the site (dashboard/site.py): absolute links, embed snippets and the
# admin's script sources are built from it, never from a request's Host header. Production
# defaults to https and the first host ALLOWED_HOSTS names (a wildcard "*" names none: with only
# that, SITE_URL is required); development uses the request's checked host.
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
if PRODUCTION and not SITE_URL:
    named_hosts = [host.lstrip(".") for host in ALLOWED_HOSTS if host != "*"]
    if not named_hosts:
        raise ImproperlyConfigured(
            "SITE_URL must be set (https://your.host) when ALLOWED_HOSTS names no host."
        )
    SITE_URL = f"https://{named_hosts[0]}"
if SITE_URL and not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL must start with http:// or https://, not {SITE_URL!r}.")
# The https origins forms are posted from when that is not the host itself (behind a proxy that
# rewrites Host, or a second domain): "https://inspections.example.org".
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "simple_history",
    # django-ninja: the API's documentation page is served with its own static assets (no CDN).
    "ninja",
    "axes",
    "authorities",
    "inspections",
    "dashboard",
    "opendata",
]

MIDDLEWARE = [
    # Outermost, so every response has it, refusals included.
    "config.middleware.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the request body: an oversized one is refused unread.
    "config.middleware.RequestBodyLimitMiddleware",
    # Static files straight after the security headers: no session or database work for them.
    # whitenoise, less the manifest (config.middleware.StaticFilesMiddleware).
    "config.middleware.StaticFilesMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Admin pages: a script-src naming only the admin's own scripts (config/admin_csp.py).
    "config.admin_csp.AdminContentSecurityPolicyMiddleware",
    # Pages cached by data version, answered before sessions, CSRF and auth run for them.
    "dashboard.caching.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Records which user made each change in the audit history.
    "simple_history.middleware.HistoryRequestMiddleware",
    # After the others, as django-axes asks: turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
    # Innermost for reads, to see a view's database error first: reads survive a restart.
    "config.middleware.RetryReadsWhenDatabaseReconnectsMiddleware",
    # Last: a request that may write runs its view in one transaction, its changes recorded once.
    "config.middleware.ChangesBatchedMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Persistent connections (one per gunicorn worker thread), checked before each request
        # reuses one: after the database restarts, the next request reconnects instead of failing.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600" if PRODUCTION else "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has one writer at a time. A deferred transaction takes the write lock only at its
    # first write, and two that both read first (the admin's edit-lock check) cannot wait for
    # each other: the second fails at once with "database is locked", a 500. IMMEDIATE takes the
    # lock at BEGIN and waits up to `timeout` seconds for it (under gunicorn's 30), so the second
    # editor's save runs after the first and gets the conflict message, as on PostgreSQL. WAL:
    # page reads do not wait for a write, nor a write for the reads.
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# An optional shared cache (Redis): CACHE_URL=redis://host:6379/0 (REDIS_URL is read too).
# Without one, each process keeps its own in-memory cache.
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL")
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"CACHE_URL must be a redis:// URL, not {CACHE_URL!r}.")
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out login is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # In production: `collectstatic` names each file by its content hash and writes gzip copies,
    # and whitenoise serves them with a far-future, immutable Cache-Control. Development serves
    # the files as they are, so no collectstatic is needed to run or test.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]

# Uploaded report PDFs, kept with the inspection they were entered from.
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Report PDFs run to a few hundred KB; an upload far larger is refused before it is read
# (config.middleware.RequestBodyLimitMiddleware, by its Content-Length): the admin's report
# upload URLs take MAX_REPORT_UPLOAD_BYTES, every other request MAX_REQUEST_BODY_BYTES (the
# admin's largest form is a few KB). The proxy in front should refuse larger bodies itself
# (README "Deploying": nginx's client_max_body_size).
MAX_REPORT_UPLOAD_BYTES = 30 * 1024 * 1024
MAX_REQUEST_BODY_BYTES = 1024 * 1024
# The part of a body Django holds in memory (every field but files): the same bound.
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BODY_BYTES
# Every report is read in a child process (inspections/reader/process.py) that is stopped after
# this many seconds (real reports take well under one) and may use at most this much memory.
REPORT_READ_SECONDS = float(os.environ.get("REPORT_READ_SECONDS", "5"))
REPORT_READ_MEMORY_BYTES = int(os.environ.get("REPORT_READ_MEMORY_MB", "768")) * 1024 * 1024

# The national data shipped with the project (data/ofsted/README.md: source and licences): the
# files `manage.py load_national` (and so bin/serve) loads unless told otherwise.
NATIONAL_DATA_DIR = BASE_DIR / "data" / "ofsted"
# Where the real data lives for tests and benchmarks, the report PDFs included (the two CSV
# files are the same bytes as NATIONAL_DATA_DIR's; a test checks it).
SHARED_DATA_DIR = Path(
    os.environ.get("SHARED_DATA_DIR", BASE_DIR.parent / "shared" / "data" / "ofsted")
)

# Ofsted's report finder, which `manage.py sync_ofsted` reads (inspections/ofsted/): its address
# (`--base-url` overrides it), the other hosts its report links may point at (the PDFs are on
# files.ofsted.gov.uk), and the pause between two requests, in seconds.
OFSTED_REPORTS_URL = os.environ.get("OFSTED_REPORTS_URL", "https://reports.ofsted.gov.uk")
OFSTED_FILE_HOSTS = tuple(
    host.strip()
    for host in os.environ.get("OFSTED_FILE_HOSTS", "files.ofsted.gov.uk").split(",")
    if host.strip()
)
OFSTED_PAUSE = float(os.environ.get("OFSTED_PAUSE", "1.0"))
# Deadlines, in seconds: for one request's whole answer, redirects and body included (a page or
# PDF dripping a byte at a time is cut off then, and tried again on the next run), and for a
# whole run (one stopped by it keeps what it recorded, exits non-zero, and the next run resumes;
# a first run over the whole history may need two).
OFSTED_REQUEST_SECONDS = float(os.environ.get("OFSTED_REQUEST_SECONDS", "60"))
OFSTED_RUN_SECONDS = float(os.environ.get("OFSTED_RUN_SECONDS", str(2 * 3600)))

# Security. Production assumes https, terminated by a proxy in front of gunicorn that sets
# X-Forwarded-Proto; SECURE_SSL_REDIRECT=0 serves plain http (to try the compose file locally).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = PRODUCTION
# Only staff have sessions (the public site sets none): one ends after a working day without a
# request, rather than Django's two weeks; each request starts the eight hours again.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 8 * 3600))
SESSION_SAVE_EVERY_REQUEST = True
ONE_YEAR = 365 * 24 * 3600
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", ONE_YEAR if PRODUCTION else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# The preload flag only takes effect once the domain is submitted to hstspreload.org.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# No page may be framed (here and in the policy's frame-ancestors). A page made to be embedded
# opts out with @dashboard.framing.embeddable.
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (Django's own middleware), the same header on every response: no
# nonces, so a cached page stays valid. Every script is a static file; chart data is a
# json_script block, which browsers never execute.
#
# No 'unsafe-inline' styles. plotly.js injects its stylesheet into a <style> element, which this
# policy blocks (measured in headless Chromium: three "Applying inline style violates ..." errors
# per chart page, and plotly's layers lose their layout); base.html serves those rules as a static
# file instead (static/vendor/plotly.css, scripts/plotly_css.py), which plotly.js detects and
# then injects nothing. htmx's indicator styles are in site.css for the same reason.
# tests/browser/test_csp.py loads every page, draws and uses the charts and fails on any violation.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [
        CSP.SELF,
        # One style attribute, by its hash: simple-history's history page paginator,
        # style="border-top: 0". 'unsafe-hashes' admits exactly that attribute value, no other.
        CSP.UNSAFE_HASHES,
        "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='",
    ],
    # data: for images written into stylesheets. The charts have no mode bar (static/js/charts.js),
    # so no "download as PNG" and no blob: images: the tables and CSV links carry the data.
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Admin login lockout (django-axes): after 5 failed attempts for one username from one address,
# that pair is refused for an hour, even with the right password. Locking a username from every
# address would let anyone lock the admins out.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
# The client's address behind N proxies (PROXY_COUNT=N; 0, the default, when gunicorn is reached
# directly and X-Forwarded-For is ignored). Each proxy appends the address it was reached from
# to X-Forwarded-For, so the client's is the N-th entry from the right: the entries left of it
# are whatever the client sent, and cannot choose the address the lockout sees. django-axes reads
# it with django-ipware, whose proxy count is of the proxies named in the header: the nearest
# proxy is REMOTE_ADDR, not an entry, hence N - 1. Not strict: a client's extra entries (and
# junk) before the proxies' own do not make the header unusable.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
if PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"PROXY_COUNT is the number of proxies, not {PROXY_COUNT}.")
# The proxies whose X-Forwarded-For is believed (config.client_ip): addresses or networks, comma
# separated; by default gunicorn's own FORWARDED_ALLOW_IPS, else this machine. A request from
# anywhere else is keyed on its own address. "*" trusts every address (only where nothing but
# the proxy can reach gunicorn).
_trusted = os.environ.get("TRUSTED_PROXIES", os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1"))
TRUSTED_PROXIES = (
    [ip_network("0.0.0.0/0"), ip_network("::/0")]
    if _trusted.strip() == "*"
    else [ip_network(entry.strip(), strict=False) for entry in _trusted.split(",") if entry.strip()]
)
if PROXY_COUNT:
    AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT - 1
    AXES_IPWARE_PROXY_ORDER = "left-most"
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    IPWARE_STRICT = False

# Browser features no page uses, denied to the site and to anything it frames
# (config.middleware.PermissionsPolicyMiddleware sends them as Permissions-Policy). Only names
# Chromium knows: it reports an unknown one (the retired interest-cohort, battery) as a console
# error on every page. browsing-topics is interest-cohort's successor.
PERMISSIONS_POLICY_DENIED = (
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)

# Errors go to stderr (gunicorn's log, docker logs), never to the page.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "config": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
