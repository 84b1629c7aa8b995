"""Every distribution the project depends on, directly or not, is pinned to one exact version in
constraints.txt (the lock the Makefile and the Docker image install with), and the pinned version
is the one installed here."""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def pins() -> dict[str, str]:
    found = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, separator, version = line.partition("==")
        assert separator == "==" and version.strip(), f"not an exact pin: {line!r}"
        found[canonicalize_name(name)] = version.strip()
    return found


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements.extend(extra)
    return [Requirement(text) for text in requirements]


def closure(requirements: list[Requirement]) -> dict[str, Requirement]:
    """Every distribution the requirements pull in, following each one's own requirements (with
    the extras asked for) as installed."""
    seen: dict[str, set[str]] = {}
    wanted: dict[str, Requirement] = {}
    queue = [(requirement, "") for requirement in requirements]
    while queue:
        requirement, extra = queue.pop()
        if requirement.marker and not requirement.marker.evaluate({"extra": extra}):
            continue
        name = canonicalize_name(requirement.name)
        extras = set(requirement.extras)
        if name in seen and extras <= seen[name]:
            continue
        seen.setdefault(name, set()).update(extras)
        wanted.setdefault(name, requirement)
        for text in metadata.requires(requirement.name) or []:
            child = Requirement(text)
            for wanted_extra in ("", *extras):
                queue.append((child, wanted_extra))
    return wanted


def test_every_dependency_is_pinned_to_the_installed_version():
    pinned = pins()
    needed = closure(declared())
    assert "django" in needed and "asgiref" in needed and "psycopg-binary" in needed
    missing = sorted(name for name in needed if name not in pinned)
    assert missing == [], "add these to constraints.txt (pip freeze style)"
    differing = {
        name: (pinned[name], metadata.version(name))
        for name in needed
        if metadata.version(name) != pinned[name]
    }
    assert differing == {}, "constraints.txt pins (left) differ from what is installed (right)"


def test_every_declared_dependency_admits_its_pin():
    pinned = pins()
    refused = [
        f"{requirement} vs =={pinned[canonicalize_name(requirement.name)]}"
        for requirement in declared()
        if not requirement.specifier.contains(pinned[canonicalize_name(requirement.name)])
    ]
    assert refused == []
