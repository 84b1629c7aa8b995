"""Settings of the web server the fault tests start: the product's own settings, with static files
served from the apps because the manifest storage needs `collectstatic`, which tests do not run."""

from config.settings import *  # noqa: F403
from config.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
