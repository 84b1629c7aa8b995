"""One settings module, driven by the environment (see README, "Configuration").

Nothing outside this module reads os.environ. A bad value fails loudly at start-up.
"""

from __future__ import annotations

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
# Runtime files (SQLite database, embedded broker, collected static files) live here, never in git.
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# `make run` / `make test` write a .env with a generated secret key on first use; real deployments
# set the variables in their environment instead (docker-compose.yml does).
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Behind TLS (docker-compose's production profile) secure cookies, HSTS and redirects are on.
HTTPS = env.bool("DJANGO_HTTPS", default=False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "regions",
    "advisor",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
# Two test runs on one PostgreSQL (a developer's and CI's) each set their own test database name.
DATABASES["default"]["TEST"] = {"NAME": env("DJANGO_TEST_DATABASE", default=None)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
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
        # Without socket timeouts a Redis that accepts connections but never answers would hang
        # the founder's request; with them, publishing fails fast and the case waits for the sweep.
        "socket_timeout": env.float("CELERY_REDIS_SOCKET_TIMEOUT", default=3.0),
        "socket_connect_timeout": env.float("CELERY_REDIS_CONNECT_TIMEOUT", default=2.0),
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    }
else:
    BROKER_DIR = VAR_DIR / "broker"
    # kombu's filesystem transport needs its folders to exist before the first publish.
    (BROKER_DIR / "queue").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "store_processed": False,
        "polling_interval": 0.2,
    }

CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="advisor")
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True  # results live on the Case row, not in a result backend
CELERY_TASK_ACKS_LATE = True  # scoring is idempotent, so a task lost with its worker is re-run
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=90)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
# Publishing from a web request: try briefly, then give up and leave the case queued for the sweep.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.3,
    "interval_max": 0.6,
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# The sweep that queues again what was never queued (broker down) or whose worker died.
CASE_REQUEUE_QUEUED_AFTER = env.int("CASE_REQUEUE_QUEUED_AFTER", default=60)  # seconds
CASE_REQUEUE_SCORING_AFTER = env.int("CASE_REQUEUE_SCORING_AFTER", default=300)  # seconds
CELERY_BEAT_SCHEDULE = {
    "requeue-stale-cases": {
        "task": "advisor.tasks.requeue_stale_cases",
        "schedule": env.float("CASE_REQUEUE_EVERY", default=30.0),
    },
}

# --- The product ----------------------------------------------------------------------------
# The demo advisor login that `make run` creates (printed at start-up).
DEMO_ADVISOR_USERNAME = env.str("DEMO_ADVISOR_USERNAME", default="advisor")
DEMO_ADVISOR_PASSWORD = env.str("DEMO_ADVISOR_PASSWORD", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
