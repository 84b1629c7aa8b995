"""/favicon.ico, which browsers ask for on every page that names no icon (the API's JSON, a
download): a redirect to the site's icon, not a 404 in every log."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(static("advisor/favicon.svg"))
