"""Every URL pattern of the project, with example arguments, for tests that walk them all."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

_DEFAULTS = {"IntConverter": 999999, "UUIDConverter": "00000000-0000-4000-8000-000000000000"}


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or the pattern text when unnamed
    pattern: str  # the full pattern, e.g. "c/<slug:slug>/people/"
    converters: dict[str, str]  # argument name -> converter class name

    def url(self, **kwargs: object) -> str:
        """Build the path, filling each argument from kwargs or a harmless default."""
        path = self.pattern
        for arg, converter in self.converters.items():
            value = kwargs.get(arg, _DEFAULTS.get(converter, "x"))
            for token in (
                f"<{arg}>",
                *(f"<{p}:{arg}>" for p in ("int", "slug", "str", "path", "uuid")),
            ):
                path = path.replace(token, str(value))
        return "/" + path


def _walk(
    resolvers: list, prefix: str = "", namespace: str = "", converters: dict | None = None
) -> Iterator[Route]:
    for entry in resolvers:
        conv = dict(converters or {})
        conv.update({k: type(v).__name__ for k, v in entry.pattern.converters.items()})
        text = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from _walk(entry.url_patterns, text, ns, conv)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else text
            yield Route(name=name, pattern=text.lstrip("^").rstrip("$"), converters=conv)


def project_routes(*, include_admin: bool = False) -> list[Route]:
    routes = list(_walk(get_resolver().url_patterns))
    if not include_admin:
        routes = [r for r in routes if not r.name.startswith("admin:")]
    return [r for r in routes if "(?P<" not in r.pattern and "^" not in r.pattern]
