"""One settings module, driven by the environment (see README, "Configuration").

Nothing outside this module reads os.environ. A bad value fails loudly at start-up.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

from config import api_docs, content_security
from config.log import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# `make run` / `make test` write a .env with a generated secret key on first use; real deployments
# set the variables in their environment instead (docker-compose.yml does). Variables already set
# win over the file; DJANGO_ENV_FILE names another file (tests point it at none).
environ.Env.read_env(env.str("DJANGO_ENV_FILE", default=str(BASE_DIR / ".env")))

# Runtime files (SQLite database, embedded broker, collected static files) live here, never in git;
# DJANGO_VAR_DIR moves them (the embedded-default test runs a whole stack in a folder of its own).
VAR_DIR = Path(env.str("DJANGO_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Required: without it, or with it empty, the app refuses to start; there is no built-in default.
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
if not SECRET_KEY.strip():
    raise ImproperlyConfigured("DJANGO_SECRET_KEY is empty: set it to a long random value")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Behind TLS (docker-compose's production profile) secure cookies, HSTS and redirects are on.
HTTPS = env.bool("DJANGO_HTTPS", default=False)
# How many reverse proxies of ours stand in front of the app, each appending the address it saw
# to X-Forwarded-For. 0: the client is REMOTE_ADDR and the header is ignored, since anyone can
# send it. Rate limits and the admin lockout count per client address (advisor/platform/client_ip.py).
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "axes",  # admin login lockout (see "Security" below)
    "rest_framework",
    "rest_framework_api_key",  # its abstract key model; partners use their own (advisor.partners)
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI assets served by the project, no CDN
    "simple_history",
    "regions",
    "advisor",
    "advisor.partners",
    "advisor.web",
    # django.contrib.admin with the workspace as its site; last, so that the workspace's own
    # admin templates (advisor/templates/admin/base_site.html) come before the admin's.
    "config.apps.WorkspaceAdminConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy on every page, error pages included (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    # GET /healthz for docker-compose: before anything that validates the host (advisor/platform/health.py).
    "advisor.platform.health.HealthCheckMiddleware",
    # A partner key refused for a spent budget is refused again here until its Retry-After,
    # before sessions, auth and the body: a flood costs the web processes little (door.py).
    "advisor.partners.api.door.PartnerDoorMiddleware",
    # The database went away (restart, failover): a 503 that says "try again", not a traceback.
    "advisor.platform.unavailable.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records the signed-in user on every history row (who changed a case or a figure).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Turns a login refused by axes (too many failures) into the lockout page; must come last.
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
# A connection that died (PostgreSQL restarted) is replaced on the next request instead of failing.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default under concurrent use (several gunicorn workers and Celery pool
    # processes write one file): write-ahead logging lets readers go on while one writes, every
    # transaction takes the write lock when it begins (so two never deadlock upgrading a read
    # lock, which SQLite answers at once with "database is locked", whatever the timeout), and a
    # writer waits up to SQLITE_BUSY_TIMEOUT seconds for the lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": env.float("SQLITE_BUSY_TIMEOUT", default=20.0),
        **DATABASES["default"].get("OPTIONS", {}),
    }
# Two test runs on one PostgreSQL (a developer's and CI's) each set their own test database name.
DATABASES["default"]["TEST"] = {"NAME": env("DJANGO_TEST_DATABASE", default=None)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# axes first: it refuses a locked-out username+address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]  # compiled by `make run` / `make test` (compilemessages)
# Where the project's number formats differ from Django's (Chinese groups thousands, as CLDR does).
FORMAT_MODULE_PATH = ["advisor.platform.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGIN_URL = "admin:login"

# --- Celery -------------------------------------------------------------------------------------
# With REDIS_URL unset, the broker is kombu's filesystem transport under var/broker: no server to
# install, and a real worker process still consumes the queue. With REDIS_URL set, Redis.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Without socket timeouts a Redis that accepts connections but never answers (paused,
        # swapping, a half-open connection) would hang the founder's request; with them, publishing
        # fails fast and the case waits for the sweep. A stalled publish costs about
        # 3 x socket_timeout with one retry (the command, the retry's reconnect handshake, ...;
        # tests/reliability/test_redis_outage.py measures it). Workers are not slowed: they wait
        # for BRPOP replies in their event loop, where no socket timeout applies.
        "socket_timeout": env.float("CELERY_REDIS_SOCKET_TIMEOUT", default=1.0),
        "socket_connect_timeout": env.float("CELERY_REDIS_CONNECT_TIMEOUT", default=1.0),
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    }
    if REDIS_URL.startswith(("redis://", "rediss://")):
        # kombu's Redis transport, except that a failed ack cannot stop a worker (config/broker.py).
        CELERY_BROKER_TRANSPORT = "config.broker:Transport"
else:
    BROKER_DIR = VAR_DIR / "broker"
    CELERY_BROKER_URL = "filesystem://"
    # kombu's filesystem transport, creating its folders when first used (config/broker.py).
    CELERY_BROKER_TRANSPORT = "config.broker:FilesystemTransport"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "control_folder": str(
            BROKER_DIR / "control"
        ),  # broadcast exchanges (kombu's default: ./control)
        "store_processed": False,
        "polling_interval": 0.2,
    }

CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="advisor")
# Bulk batches (score_cases) go to a queue of their own, consumed by a worker of their own
# (`make run`, docker-compose): a flood of 1,000-case batches never stands in front of a single
# case, the sweep or a webhook on the default queue (README, "Reliability").
CELERY_BULK_QUEUE = env.str("CELERY_BULK_QUEUE", default=f"{CELERY_TASK_DEFAULT_QUEUE}-bulk")
# Batch jobs' chunks (POST /api/v1/batches/) go to a queue of their own too, so that a
# million-profile job never stands in front of a founder's single case; workers without
# --queues consume every queue.
CELERY_BATCH_QUEUE = env.str("CELERY_BATCH_QUEUE", default=f"{CELERY_TASK_DEFAULT_QUEUE}-batch")
# A worker that consumes only the background queues (bulk batches, batch jobs' chunks) lowers
# its CPU priority by this niceness (0 keeps it), so on a machine it shares with the web
# processes and the single-case worker, a flood of batches takes the cores they leave idle and
# not the time of a founder's page (config/celery.py; README, "Reliability").
CELERY_BACKGROUND_NICENESS = env.int("CELERY_BACKGROUND_NICENESS", default=10)
if not 0 <= CELERY_BACKGROUND_NICENESS <= 19:
    # A negative niceness needs root, and the worker would die at start-up for it.
    raise ImproperlyConfigured(
        f"CELERY_BACKGROUND_NICENESS is {CELERY_BACKGROUND_NICENESS}: use 0 (no change) to 19"
    )
CELERY_TASK_QUEUES = [
    Queue(CELERY_TASK_DEFAULT_QUEUE),
    Queue(CELERY_BULK_QUEUE),
    Queue(CELERY_BATCH_QUEUE),
]
CELERY_TASK_ROUTES = {
    "advisor.tasks.score_cases": {"queue": CELERY_BULK_QUEUE},
    "advisor.partners.tasks.score_batch_chunk": {"queue": CELERY_BATCH_QUEUE},
}
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True  # results live on the Case row, not in a result backend
CELERY_TASK_ACKS_LATE = True  # scoring is idempotent, so a task lost with its worker is re-run
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Celery's Django fixup closes a worker's database connection before and after every task unless
# told to reuse it: a new PostgreSQL connection per task (3.5 ms, and a server process forked) was
# a quarter of scoring a single case. Workers keep it instead, checked at each task's start and
# end as Django checks it for a request (config/celery.py): CONN_MAX_AGE and CONN_HEALTH_CHECKS
# decide. The fixup would still close it after this many tasks.
CELERY_DB_REUSE_MAX = 1_000_000
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=90)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
# Publishing from a web request: one retry (a pooled connection that Redis closed when it restarted
# fails once, then reconnects), then give up and leave the case queued for the sweep. More retries
# would only multiply the socket timeouts while Redis is stalled.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# A scoring that fails for a transient reason (the database or the network went away) is tried
# again after about SCORING_RETRY_BACKOFF, 2x, 4x ... seconds (with jitter, at most
# SCORING_RETRY_BACKOFF_MAX), SCORING_MAX_RETRIES times; then the case is marked failed with the
# reason, for an advisor to see and re-score.
SCORING_MAX_RETRIES = env.int("SCORING_MAX_RETRIES", default=4)
SCORING_RETRY_BACKOFF = env.int("SCORING_RETRY_BACKOFF", default=2)
SCORING_RETRY_BACKOFF_MAX = env.int("SCORING_RETRY_BACKOFF_MAX", default=60)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# The most memory one scoring (a case, a bulk batch, a what-if) may hold for its robustness
# samples; a larger one fails with the reason instead of exhausting the process (README,
# "Reliability"). About 40 MB is what the largest sample count (50,000) needs for 27 regions.
SCORING_MAX_BYTES = env.int("SCORING_MAX_BYTES", default=256_000_000)
# The sweep that queues again what was never queued (broker down) or whose worker died.
CASE_REQUEUE_QUEUED_AFTER = env.int("CASE_REQUEUE_QUEUED_AFTER", default=60)  # seconds
CASE_REQUEUE_SCORING_AFTER = env.int("CASE_REQUEUE_SCORING_AFTER", default=300)  # seconds
CELERY_BEAT_SCHEDULE = {
    "requeue-stale-cases": {
        "task": "advisor.tasks.requeue_stale_cases",
        "schedule": env.float("CASE_REQUEUE_EVERY", default=30.0),
    },
    # Webhook deliveries whose retry message was lost (broker down, worker killed) are sent again.
    # Batch chunks whose message was lost or whose worker died are queued again.
    "requeue-stale-batch-chunks": {
        "task": "advisor.partners.tasks.requeue_stale_batch_chunks",
        "schedule": env.float("BATCH_REQUEUE_EVERY", default=30.0),
    },
    "requeue-stale-webhooks": {
        "task": "advisor.tasks.requeue_stale_webhooks",
        "schedule": env.float("WEBHOOK_REQUEUE_EVERY", default=60.0),
    },
}

# --- The product ----------------------------------------------------------------------------
# The demo advisor login that `make run` creates (printed at start-up).
DEMO_ADVISOR_USERNAME = env.str("DEMO_ADVISOR_USERNAME", default="advisor")
DEMO_ADVISOR_PASSWORD = env.str("DEMO_ADVISOR_PASSWORD", default="")
# Email to founders (the case link, the advisor's review). EMAIL_URL as django-environ reads it:
# smtp://user:password@host:587 (smtp+tls://, smtp+ssl:// for TLS); by default the console.
EMAIL = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = EMAIL["EMAIL_BACKEND"]
EMAIL_HOST = EMAIL.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = EMAIL.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = EMAIL.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = EMAIL.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = bool(EMAIL.get("EMAIL_USE_TLS"))
EMAIL_USE_SSL = bool(EMAIL.get("EMAIL_USE_SSL"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Relocation Advisor <advisor@localhost>")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# The address links start with in founders' emails and in webhook bodies (no request to take it
# from in a worker).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Region figures describing a year older than this are marked as stale in the admin.
REGION_DATA_STALE_AFTER_YEARS = env.int("REGION_DATA_STALE_AFTER_YEARS", default=3)
# History pages need the history model's own view permission; without its change permission
# nobody can revert a recorded change from the admin.
SIMPLE_HISTORY_ENFORCE_HISTORY_MODEL_PERMISSIONS = True

# --- Partner API (advisor/partners) ----------------------------------------------------------------
# Throttle counters live in the cache, shared by every web process: Redis when REDIS_URL is set,
# else files under var/cache (one machine, several processes). A cache that cannot be reached
# lets requests through rather than failing them (advisor/partners/api/throttles.py).
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="advisor"),
            "OPTIONS": {"socket_timeout": 1.0, "socket_connect_timeout": 1.0},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="advisor"),
        }
    }
REST_FRAMEWORK = {
    # Authentication, permissions, throttling, parsers and error bodies are set on the partner API
    # views themselves (advisor/partners/api/views.py), so other DRF views keep DRF's defaults.
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# Requests per partner (all of its keys together), e.g. "600/min"; a partner's own rate, set in
# the admin, wins.
PARTNER_THROTTLE_RATE = env.str("PARTNER_THROTTLE_RATE", default="600/min")
# ... and of cases: a bulk request weighs as many as it sends. 10,000 an hour is ten full bulk
# requests, about 8 s of the 2-core machine's bulk scoring (README, "Load"); a judgement, not a
# measurement of what partners need. It must be at least the bulk limit (1,000).
PARTNER_CASE_RATE = env.str("PARTNER_CASE_RATE", default="10000/hour")
# An error answer lists at most this many errors, with how many there were in all: a body of
# unknown fields would otherwise answer with several times its own size (issue 18).
PROBLEM_MAX_ERRORS = env.int("API_MAX_ERRORS", default=100)
# Webhooks: a delivery that fails (no 2xx answer in WEBHOOK_TIMEOUT seconds) is tried again after
# WEBHOOK_RETRY_BASE seconds, then 4x longer each time up to WEBHOOK_RETRY_MAX (kept below the
# broker's visibility timeout), WEBHOOK_MAX_ATTEMPTS times in all. After a secret is rotated the
# old one keeps signing beside the new one for WEBHOOK_SECRET_GRACE_HOURS.
WEBHOOK_TIMEOUT = env.float("WEBHOOK_TIMEOUT", default=10.0)
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=8)
WEBHOOK_RETRY_BASE = env.float("WEBHOOK_RETRY_BASE", default=30.0)
WEBHOOK_RETRY_MAX = env.float("WEBHOOK_RETRY_MAX", default=1800.0)
WEBHOOK_SECRET_GRACE_HOURS = env.int("WEBHOOK_SECRET_GRACE_HOURS", default=24)
# Webhooks go only to public internet addresses: a partner's URL naming a private, loopback,
# link-local, multicast or reserved address is refused when given, and a host that resolves to
# one is refused at delivery (advisor/partners/webhooks/addresses.py), so partners cannot make our worker
# call internal services (the cloud metadata address, Redis, the admin). True lifts that for a
# receiver on this machine or network: the test suite's, or a developer's (set it in .env).
# Never in production.
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env.bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", default=False)
# The OpenAPI document and its pages (fixed, no environment: config/api_docs.py).
SPECTACULAR_SETTINGS = api_docs.SPECTACULAR_SETTINGS

LOGGING = logging_config(level=env.str("LOG_LEVEL", default="INFO"))

# --- Security (README, "Security") ------------------------------------------------------------
# Content Security Policy (django-csp): this site only, no exception (config/content_security.py).
CONTENT_SECURITY_POLICY = content_security.CONTENT_SECURITY_POLICY
# Request bodies: a bulk submission of 1,000 cases is about 300 KB, so 2.5 MB leaves room for long
# names and callback URLs; anything larger is refused before it is read (the API answers 413).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DJANGO_MAX_BODY_BYTES", default=2_621_440)
# Batch jobs (POST /api/v1/batches/): the body is streamed into chunks of BATCH_CHUNK_ROWS rows
# (one Celery task each), never read whole, so DJANGO_MAX_BODY_BYTES does not apply; a job has at
# most BATCH_MAX_ROWS rows of at most BATCH_MAX_LINE_BYTES bytes each. A chunk `running` longer
# than BATCH_REQUEUE_RUNNING_AFTER seconds (its worker died) or `queued` longer than
# BATCH_REQUEUE_QUEUED_AFTER (its message was lost) is queued again by the sweep.
BATCH_CHUNK_ROWS = env.int("BATCH_CHUNK_ROWS", default=10_000)
BATCH_MAX_ROWS = env.int("BATCH_MAX_ROWS", default=1_000_000)
BATCH_MAX_LINE_BYTES = env.int("BATCH_MAX_LINE_BYTES", default=4096)
BATCH_REQUEUE_RUNNING_AFTER = env.int("BATCH_REQUEUE_RUNNING_AFTER", default=300)
BATCH_REQUEUE_QUEUED_AFTER = env.int("BATCH_REQUEUE_QUEUED_AFTER", default=600)
# Founder pages, per client address (advisor/web/ratelimits.py): profile submissions and retries
# together, and what-if rankings. Generous on purpose: a whole accelerator cohort behind one office
# address stays under them; a script does not. An empty value turns a limit off.
FOUNDER_SUBMIT_RATE = env.str("FOUNDER_SUBMIT_RATE", default="60/10m")
FOUNDER_WHAT_IF_RATE = env.str("FOUNDER_WHAT_IF_RATE", default="600/10m")
RATELIMIT_IP_META_KEY = "advisor.platform.client_ip.client_ip"
RATELIMIT_CACHE_PREFIX = "ratelimit:"
RATELIMIT_FAIL_OPEN = True  # a cache that answers nothing lets requests through
# Admin login (django-axes): AXES_FAILURE_LIMIT wrong passwords for one username from one address
# lock that pair out for AXES_COOLOFF_MINUTES; other users and addresses are unaffected. Failures
# are rows in the database (visible to superusers in the admin); `manage.py axes_reset` (or
# `axes_reset_username <name>`) unlocks early.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "advisor.platform.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = (
    "advisor.platform.lockout.lockout_response"  # the page: admin/locked_out.html
)

# The container's health check asks http://127.0.0.1:8000/healthz from inside: never redirected.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Every cookie says SameSite (Django leaves the language cookie without one): Lax keeps the
# cookies off requests other sites make in the background, and on a link a person follows here.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
# X-Forwarded-Proto says whether the client's connection was https. Anyone can send the header,
# so it is believed only from a proxy of ours (DJANGO_TRUSTED_PROXY_COUNT > 0: docker-compose's
# TLS proxy), never from a client talking to the app directly.
if TRUSTED_PROXY_COUNT > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if HTTPS:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Opt-in only: a domain on the browsers' preload lists stays https-only for months after
    # it asks to leave (https://hstspreload.org/#removal).
    SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        # check --deploy warns that the site cannot join the preload lists: it is meant not to.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
