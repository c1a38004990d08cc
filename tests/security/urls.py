"""Every URL pattern of the project, walked from the root resolver.

``all_patterns()`` lists each pattern once as a :class:`Pattern` (its full namespaced
name, the route text and its keyword arguments). The security tests classify each one,
and a pattern nobody classified fails the coverage test.
"""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Pattern:
    name: str  # "namespace:name", or the route when the pattern has no name
    route: str
    kwargs: tuple[str, ...]

    @property
    def namespace(self) -> str:
        return self.name.split(":", 1)[0] if ":" in self.name else ""


def _route(pattern: object) -> str:
    return str(pattern)


def _walk(resolver: URLResolver, prefix: str, namespace: str) -> list[Pattern]:
    found: list[Pattern] = []
    for entry in resolver.url_patterns:
        route = prefix + _route(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            child_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            found.extend(_walk(entry, route, child_ns))
        elif isinstance(entry, URLPattern):
            kwargs = tuple(sorted(_kwargs(route)))
            if entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
            else:
                name = route
            found.append(Pattern(name=name, route=route, kwargs=kwargs))
    return found


_KW = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


def _kwargs(route: str) -> set[str]:
    return {a or b for a, b in _KW.findall(route)}


def all_patterns() -> list[Pattern]:
    seen: dict[str, Pattern] = {}
    for p in _walk(get_resolver(), "", ""):
        seen.setdefault(p.name, p)
    return sorted(seen.values(), key=lambda p: p.name)
