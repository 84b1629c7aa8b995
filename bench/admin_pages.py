"""How long the advisors' region page takes, printed beside a floor measured in the same run
(not asserted: these machines are noisy).

    .venv/bin/python bench/admin_pages.py [--repeat 15]

Runs the web application in this process (Django's test client: the whole middleware stack,
templates and queries, no network) against a throwaway SQLite database loaded from
regions/data, signed in as the demo advisor. Prints the median time of:

1. `/healthz` (the floor: the stack with one `SELECT 1`);
2. the review queue (`/admin/`);
3. Shenzhen's region page with every figure and programme;
4. the indicator values list (the first 100 of about 600 figures);
5. the freshness view;

and the region page's time as a multiple of the floor, with its size and query count.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def median_seconds(client, url: str, repeat: int) -> tuple[float, int]:
    response = client.get(url)  # warm-up: templates compiled, caches filled
    assert response.status_code in (200, 302), (url, response.status_code)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
    return statistics.median(times), len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    arguments = parser.parse_args()

    var = Path(tempfile.mkdtemp(prefix="bench-admin-"))
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_VAR_DIR=str(var),
        DJANGO_ENV_FILE=str(var / "none.env"),
        DJANGO_SECRET_KEY="bench-admin-pages-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="testserver",
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    print("Preparing a SQLite database from regions/data...", flush=True)
    call_command("migrate", verbosity=0)
    call_command("load_regions", verbosity=0)

    from advisor.services.advisors import advisor_ensure
    from regions.models import Region

    client = Client()
    client.force_login(advisor_ensure(username="bench", password="bench-password-1234567"))
    shenzhen = Region.objects.get(slug="shenzhen")
    pages = [
        ("/healthz (floor)", "/healthz"),
        ("review queue /admin/", reverse("admin:index")),
        ("Shenzhen's region page", reverse("admin:regions_region_change", args=[shenzhen.pk])),
        ("indicator values list", reverse("admin:regions_indicatorvalue_changelist")),
        ("data freshness", reverse("admin:regions_region_freshness")),
    ]
    results = {}
    for label, url in pages:
        seconds, size = median_seconds(client, url, arguments.repeat)
        results[label] = seconds
        print(f"{label:28s} median {seconds * 1000:8.1f} ms  {size / 1024:7.1f} KiB")
    region_url = pages[2][1]
    with CaptureQueriesContext(connection) as queries:
        client.get(region_url)
    figures = shenzhen.indicator_values.count()
    programmes = shenzhen.grant_programmes.count()
    floor = results["/healthz (floor)"]
    region = results["Shenzhen's region page"]
    print(
        f"\nShenzhen's region page ({figures} figures, {programmes} programmes, "
        f"{len(queries)} queries): {region * 1000:.0f} ms server time, "
        f"{region / floor:.0f} x the floor ({floor * 1000:.1f} ms), over {arguments.repeat} runs."
    )


if __name__ == "__main__":
    main()
