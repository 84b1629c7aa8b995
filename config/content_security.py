"""Content Security Policy (django-csp): scripts, styles, fonts and requests from this site only.

No page (founder pages, admin, API docs) has an inline script, event handler or style, so the
policy has no exception. Images may be data: URIs (the admin's and Swagger UI's icons). Fixed,
read from no environment variable; the settings module imports it.
"""

from __future__ import annotations

from csp.constants import NONE, SELF

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
