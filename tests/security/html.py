"""Reading a page's HTML the way a Content-Security-Policy and an attacker would."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

# Script types a browser never runs as code (data islands), so no policy applies to them.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


@dataclass
class Findings:
    inline_scripts: list[str] = field(default_factory=list)  # <script> with code and no src
    inline_styles: list[str] = field(default_factory=list)  # <style> elements, style="" attributes
    handlers: list[str] = field(default_factory=list)  # onclick="..." and the like
    javascript_urls: list[str] = field(default_factory=list)  # href="javascript:..."
    post_forms_without_csrf: list[str] = field(default_factory=list)

    def problems(self) -> dict[str, list[str]]:
        return {name: found for name, found in vars(self).items() if found}


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings = Findings()
        self._script: dict[str, str | None] | None = None
        self._script_text: list[str] = []
        self._form: dict[str, str | None] | None = None
        self._form_has_token = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        where = f"<{tag} {' '.join(f'{k}={v!r}' for k, v in attrs)}>"[:200]
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.handlers.append(where)
            if name == "style":
                self.findings.inline_styles.append(where)
            if name in ("href", "src", "action", "formaction") and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.findings.javascript_urls.append(where)
        if tag == "script":
            self._script = attributes
            self._script_text = []
        elif tag == "style":
            self.findings.inline_styles.append(where)
        elif tag == "form":
            self._form = attributes
            self._form_has_token = False
        elif tag == "input" and attributes.get("name") == "csrfmiddlewaretoken":
            self._form_has_token = True

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            code = "".join(self._script_text).strip()
            kind = (self._script.get("type") or "").lower()
            if not self._script.get("src") and code and kind not in DATA_SCRIPT_TYPES:
                self.findings.inline_scripts.append(code[:200])
            self._script = None
        elif tag == "form" and self._form is not None:
            if (self._form.get("method") or "get").lower() == "post" and not self._form_has_token:
                self.findings.post_forms_without_csrf.append(str(self._form)[:200])
            self._form = None


def inspect(html: str) -> Findings:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.findings


def policy(header: str) -> dict[str, list[str]]:
    """A Content-Security-Policy header as {directive: [sources]}."""
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives
