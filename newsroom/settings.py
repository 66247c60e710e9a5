"""Settings for newsroom.

One module for every environment: each difference between a laptop, CI and production is an
environment variable with a safe local default (see `.env.example` and the README).
"""

import datetime as dt
import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
LOCAL_SECRET_KEY = "insecure-local-key-change-me-in-production"


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def media_origins(storage):
    """Where uploaded images are served from when that is not this site: the CDN or S3
    endpoint, for the Content-Security-Policy."""
    options = storage.get("OPTIONS", {})
    if options.get("custom_domain"):
        return [f"https://{options['custom_domain']}"]
    if options.get("endpoint_url"):
        parsed = urlparse(options["endpoint_url"])
        return [f"{parsed.scheme}://{parsed.netloc}"]
    if options.get("bucket_name"):
        return [f"https://{options['bucket_name']}.s3.amazonaws.com", "https://*.amazonaws.com"]
    return []


def cache_from_url(url):
    """Turn CACHE_URL into a CACHES entry: locmem:// (default), dummy:// or redis(s)://."""
    parsed = urlparse(url)
    if parsed.scheme in {"redis", "rediss"}:
        options = parse_qs(parsed.query)
        # A reader waits this long at most for Redis: past it the page comes from the database.
        timeout = int(env("CACHE_TIMEOUT_MS", "250")) / 1000
        return {
            "BACKEND": "newsroom.cache.RedisCache",
            "LOCATION": url.split("?", 1)[0],
            "KEY_PREFIX": options.get("prefix", ["newsroom"])[0],
            "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
        }
    if parsed.scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    if parsed.scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": parsed.netloc or "newsroom",
        }
    raise ValueError(f"CACHE_URL scheme {parsed.scheme!r} is not supported")


DEBUG = env_bool("DEBUG")
# The fallback key is only good for a laptop (DEBUG=1). Anywhere else the process refuses to
# start without SECRET_KEY: with a key anyone can read here, anyone could sign a session, a
# share link or a password-reset token.
SECRET_KEY = env("SECRET_KEY") or (LOCAL_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set it to a long random value, for example the output of "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`; on a development "
        "machine, DEBUG=1 runs on a local key instead."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_NAME = env("SITE_NAME", "Newsroom")
# The site's one public address (scheme and host, no path): every absolute link the site
# prints (canonical links, feeds, sitemaps, calendars, JSON-LD, e-mails) is built from it,
# never from the Host header a request happened to carry.
LOCAL_SITE_URL = "http://127.0.0.1:8000"
SITE_URL = (env("SITE_URL") or LOCAL_SITE_URL).rstrip("/")
_site = urlparse(SITE_URL)
if _site.scheme not in ("http", "https") or not _site.hostname or _site.path:
    raise ImproperlyConfigured(
        f"SITE_URL {SITE_URL!r} is not a public address: give the scheme and host alone, "
        "for example https://news.example.com"
    )
# Who mints the ids of feed entries and calendar events (a tag URI's authority, RFC 4151):
# the host of SITE_URL unless set. Never change it once set: readers' apps know an entry by
# its id, and a new id is a new entry. Set it to the old host before SITE_URL moves.
ID_AUTHORITY = (env("ID_AUTHORITY") or _site.hostname).lower()
if not re.fullmatch(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?", ID_AUTHORITY):
    raise ImproperlyConfigured(
        f"ID_AUTHORITY {ID_AUTHORITY!r} is not a domain name (news.example.com)"
    )

INSTALLED_APPS = [
    "newsroom.apps.NewsroomAdminConfig",  # Django's admin, with the project's byline picker
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",  # its widget templates, for the form renderer that reads templates/
    "django_filters",
    "taggit",
    "simple_history",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "newsroom",
    "pictures",
    "artists",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the page cache: NUL characters, OPTIONS and TRACE never reach a view or a copy.
    "newsroom.security.RequestGuard",
    # Before sessions and auth: a cached page for an anonymous reader needs neither.
    "newsroom.cache.PublicPageCache",
    # Inside the page cache: a page is stored with its policy, and a copy served from the
    # cache does not build the policy again (a quarter of a cached page's cost).
    "newsroom.security.SiteCSPMiddleware",
    # Inside the page cache: cached pages need no database; other pages get a 503 without one.
    "newsroom.faults.DatabaseUnavailable",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.i18n",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
                "newsroom.context_processors.language",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The worker and the form's own requests (autosave, presence) write beside a save: each
    # transaction takes the write lock when it begins and waits for another's to finish,
    # rather than failing at once with "database is locked" when a read turns into a write.
    # Write-ahead logging lets pages read while someone writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL"}
    )
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # A page's queries take a millisecond or two; PostgreSQL's JIT would spend tens of
    # milliseconds compiling any whose estimated cost looks large (search, long lists).
    server_options = "-c jit=off"
    # Web processes (newsroom/gunicorn.py sets a default) cut a query off after this long, so
    # a stuck query cannot hold every worker; commands run without a limit unless it is set.
    if env("DB_STATEMENT_TIMEOUT_MS"):
        server_options += f" -c statement_timeout={int(env('DB_STATEMENT_TIMEOUT_MS'))}"
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "options": server_options,
            # A database that refuses or does not answer is given up on quickly: readers get
            # cached pages or a 503, and no worker waits on a dead connection.
            "connect_timeout": int(env("DB_CONNECT_TIMEOUT", "2")),
            # Sent data not acknowledged within this long (a network dropping packets) ends
            # the connection instead of waiting for the kernel's many minutes.
            "tcp_user_timeout": int(env("DB_TCP_TIMEOUT_MS", "1000")),
            "keepalives": 1,
            "keepalives_idle": 10,
            "keepalives_interval": 3,
            "keepalives_count": 3,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": cache_from_url(env("CACHE_URL") or env("REDIS_URL") or "locmem://")}
# Anonymous public pages are cached this long at most (0 turns the page cache off); any change
# to what they show invalidates them at once. With several processes or servers, set
# REDIS_URL: local memory is per process.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "300"))
# What Cache-Control tells browsers and a CDN; never past the next scheduled change.
CDN_CACHE_SECONDS = int(env("CDN_CACHE_SECONDS", "60"))
# How often a live coverage page asks for new entries while its tab is seen (every minute
# while it is hidden); the page cache keeps one answer for all readers between entries.
LIVE_POLL_SECONDS = int(env("LIVE_POLL_SECONDS", "10"))
# After Redis fails to answer, pages come from the database for this long before the page
# cache asks Redis again (a circuit breaker: a dead Redis is not asked on every request).
CACHE_RETRY_SECONDS = float(env("CACHE_RETRY_SECONDS", "2"))
# Seconds a reader is told to wait when the database cannot be reached (Retry-After).
RETRY_AFTER_SECONDS = int(env("RETRY_AFTER_SECONDS", "30"))
# A cache in front of the site (Varnish with xkey, a CDN) told of every purge by the worker
# (`manage.py worker`): where to send it, with which method, the header carrying the tags,
# a header marking soft purges ("xkey-soft: 1", "Fastly-Soft-Purge: 1"; without one, soft
# purges are sent as hard ones) and an authentication header ("Fastly-Key: …"). See README.
FRONT_PURGE_URL = env("FRONT_PURGE_URL")
FRONT_PURGE_METHOD = env("FRONT_PURGE_METHOD", "PURGE")
FRONT_PURGE_HEADER = env("FRONT_PURGE_HEADER", "xkey-purge")
FRONT_PURGE_SOFT_HEADER = env("FRONT_PURGE_SOFT_HEADER")
FRONT_PURGE_AUTH = env("FRONT_PURGE_AUTH")
FRONT_PURGE_TIMEOUT = float(env("FRONT_PURGE_TIMEOUT", "5"))

# Background tasks (notifications), queued in the database and run by `manage.py worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# E-mail to colleagues (review requested, returned, published): printed on the console unless
# EMAIL_HOST names an SMTP server. Sent by the worker, never during a request.
EMAIL_HOST = env("EMAIL_HOST")
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = float(env("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <newsroom@localhost>")
# A Slack or Discord incoming webhook told of the same events; empty: none.
NOTIFY_WEBHOOK_URL = env("NOTIFY_WEBHOOK_URL")
NOTIFY_WEBHOOK_TIMEOUT = float(env("NOTIFY_WEBHOOK_TIMEOUT", "5"))
# A notification that could not be sent is tried again this many times, waiting longer each time.
NOTIFY_ATTEMPTS = int(env("NOTIFY_ATTEMPTS", "4"))


def oembed_providers(defaults):
    """OEMBED_PROVIDERS from the real endpoints, each part overridable by the environment:
    OEMBED_X_ENDPOINT, OEMBED_X_SCRIPT, OEMBED_X_FRAMES (comma-separated origins), and so
    on for each platform. OEMBED_META_TOKEN ("app id|client token") is sent to Meta's
    providers (Instagram, Threads), which answer without one at a lower rate."""
    providers = {}
    for platform, (endpoint, script, frames, params) in defaults.items():
        name = f"OEMBED_{platform.upper()}"
        params = dict(params)
        if platform in ("instagram", "threads") and env("OEMBED_META_TOKEN"):
            params["access_token"] = env("OEMBED_META_TOKEN")
        providers[platform] = {
            "endpoint": env(f"{name}_ENDPOINT", endpoint),
            "script": env(f"{name}_SCRIPT", script),
            "frames": env_list(f"{name}_FRAMES", frames),
            "params": params,
        }
    return providers


# Posts on social platforms embedded in stories and live entries (articles/embeds.py): the
# worker asks each platform's oEmbed provider (endpoint) about a post; a reader who asks to
# see it loads its script (none for players that are a frame), and frames from its hosts.
# A page allows that script and those frames (Content-Security-Policy) only while it shows
# that platform's embed.
OEMBED_PROVIDERS = oembed_providers(
    {
        "x": (
            "https://publish.x.com/oembed",
            "https://platform.twitter.com/widgets.js",
            "https://platform.twitter.com",
            {"omit_script": "1", "dnt": "true"},
        ),
        "instagram": (
            "https://graph.facebook.com/v26.0/instagram_oembed",
            "https://www.instagram.com/embed.js",
            "https://www.instagram.com",
            {"omitscript": "true"},
        ),
        "threads": (
            "https://graph.threads.net/v1.0/oembed",
            "https://www.threads.com/embed.js",
            "https://www.threads.com",
            {},
        ),
        "tiktok": (
            "https://www.tiktok.com/oembed",
            "https://www.tiktok.com/embed.js",
            "https://www.tiktok.com",
            {},
        ),
        "soundcloud": ("https://soundcloud.com/oembed", "", "https://w.soundcloud.com", {}),
        "spotify": ("https://open.spotify.com/oembed", "", "https://open.spotify.com", {}),
    }
)
# Seconds the worker waits for a provider to connect, and for each read of its answer.
OEMBED_TIMEOUT = float(env("OEMBED_TIMEOUT", "5"))
# A provider that is down or slow is asked again later, this many times in all.
OEMBED_ATTEMPTS = int(env("OEMBED_ATTEMPTS", "4"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The one language setting: what the site and its stories are written in, as a language tag
# ("en-gb", "ko"). The pages' lang, JSON-LD inLanguage, og:locale ("en_GB"), the feeds and
# the Google News sitemap all follow it, each in the form its standard asks for.
LANGUAGE_CODE = env("NEWS_LANGUAGE", "en-gb").lower()
# The Google News sitemap wants the ISO 639 code alone ("en").
NEWS_LANGUAGE = LANGUAGE_CODE.split("-")[0]
FORM_RENDERER = "common.forms.FormRenderer"
FORMAT_MODULE_PATH = ["newsroom.formats"]  # ISO dates in forms: newsroom/formats/en/formats.py
# Stored in UTC; shown in Korea Standard Time unless TIME_ZONE says otherwise.
TIME_ZONE = env("TIME_ZONE", "Asia/Seoul")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Uploaded images: larger files, or more pixels (a decompression bomb is a small file that
# opens into billions), are refused with a form error before anything is stored.
IMAGE_UPLOAD_MAX_MB = int(env("IMAGE_UPLOAD_MAX_MB", "20"))
IMAGE_MAX_MEGAPIXELS = int(env("IMAGE_MAX_MEGAPIXELS", "50"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# In development WhiteNoise serves files straight from the apps, as runserver does.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = DEBUG
# Uploads go to MEDIA_ROOT, or to S3-compatible object storage when S3_BUCKET is set (needed
# as soon as there is more than one app server). Credentials come from the usual
# AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables, read by boto3 itself.
MEDIA_STORAGE = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "endpoint_url": env("S3_ENDPOINT_URL") or None,
            "region_name": env("S3_REGION") or None,
            "custom_domain": env("S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": False,  # public media: plain, cacheable addresses
            # "public-read" where the bucket uses ACLs; leave empty with a bucket policy.
            "default_acl": env("S3_DEFAULT_ACL") or None,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000"},
        },
    }
    if env("S3_BUCKET")
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
STORAGES = {
    "default": MEDIA_STORAGE,
    # Hashed, compressed names (run collectstatic) unless DEBUG serves files as they are.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

LOGIN_URL = "admin:login"
# Where a sign-in lands without a `next`, or when its `next` is refused as another site:
# the newsdesk, not Django's /accounts/profile/, which the site does not have.
LOGIN_REDIRECT_URL = "admin:index"

# Failed sign-ins (admin or anywhere) are counted per account and address; after
# LOGIN_FAILURE_LIMIT in a row that pair is locked out for LOGIN_LOCKOUT_MINUTES. A writer
# mistyping elsewhere, or an attacker guessing another account, does not lock anyone else out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(env("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "newsroom.views.locked_out"
# The reader's address is REMOTE_ADDR unless TRUSTED_PROXY_COUNT proxies in front of the app
# each append to X-Forwarded-For (a client can write anything there, so it is never read
# without them): common.http.client_address, for sign-in lockouts as for read counts.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "common.http.client_address"

# No inline script anywhere: a script that slipped past the sanitiser would not run. Video
# players load only from the two no-cookie hosts the embeds use; media may come from S3.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *media_origins(MEDIA_STORAGE)],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Production behind HTTPS sets HTTPS=1: secure cookies, redirects to HTTPS and HSTS.
HTTPS = env_bool("HTTPS") or env_bool("SECURE_COOKIES")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = int(env("HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = HTTPS
# Behind a proxy that terminates TLS and says so in this header (e.g. X-Forwarded-Proto).
if env("PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (env("PROXY_SSL_HEADER"), "https")

TAGGIT_CASE_INSENSITIVE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
