"""Walk the URL map and fill every pattern with sample values.

``tests/home/test_url_access.py`` uses this to visit every URL Huddle serves,
so a view added tomorrow is checked without anyone listing it.
"""

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from re import _constants as sre
from re import _parser as sre_parse

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils.regex_helper import normalize

_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Endpoint:
    path: str
    name: str
    view: str


#: Fill regex parts with a string generated from the regex itself.
GENERATED = "\0generated"


def _candidates(sample_int: int) -> list[str]:
    return [str(sample_int), "x", str(uuid.UUID(int=sample_int)), GENERATED]


def _fill_route(pattern: RoutePattern, value: str) -> str:
    return _PARAM.sub(lambda match: "x" if value == GENERATED else value, str(pattern))


def _example(items: sre_parse.SubPattern | list) -> str:
    """The shortest simple string a parsed regex matches (first branch, one repeat)."""
    out = []
    for op, arg in items:
        if op is sre.LITERAL:
            out.append(chr(arg))
        elif op is sre.SUBPATTERN:
            out.append(_example(arg[-1]))
        elif op is sre.BRANCH:
            out.append(_example(arg[1][0]))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            low, _high, item = arg
            out.append(_example(item) * max(low, 1))
        elif op is sre.IN:
            out.append(_example([arg[0]]) if arg[0][0] is not sre.NEGATE else "x")
        elif op is sre.RANGE:
            out.append(chr(arg[0]))
        elif op is sre.CATEGORY:
            out.append("1" if arg is sre.CATEGORY_DIGIT else "x")
        elif op is sre.ANY:
            out.append("x")
        # AT (^, $) and lookarounds add no characters.
    return "".join(out)


def _fill_regex(pattern: RegexPattern, value: str) -> str:
    if value == GENERATED:
        return _example(sre_parse.parse(pattern.regex.pattern))
    template, params = normalize(pattern.regex.pattern)[0]
    return template % dict.fromkeys(params, value)


def _fill(pattern: object, value: str) -> str:
    if isinstance(pattern, RoutePattern):
        return _fill_route(pattern, value)
    if isinstance(pattern, RegexPattern):
        return _fill_regex(pattern, value)
    raise TypeError(f"Unknown URL pattern type {type(pattern)!r}")


def _walk(
    patterns: list[URLPattern | URLResolver], chain: tuple[object, ...], namespace: str
) -> Iterator[tuple[tuple[object, ...], URLPattern, str]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if entry.namespace and namespace else entry.namespace or namespace
            yield from _walk(entry.url_patterns, (*chain, entry.pattern), inner)
        else:
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or ""
            yield (*chain, entry.pattern), entry, name


def endpoints(*, sample_int: int, urlconf: str | None = None) -> tuple[list[Endpoint], list[str]]:
    """Every URL pattern as a visitable path, and those no sample could fill.

    A path counts only if it resolves back to the pattern's own view, so a
    sample that lands on a catch-all or a neighbour is not mistaken for it.
    """
    found: list[Endpoint] = []
    unfilled: list[str] = []
    for chain, pattern, name in _walk(get_resolver(urlconf).url_patterns, (), ""):
        for value in _candidates(sample_int):
            path = "/" + "".join(_fill(part, value) for part in chain)
            try:
                match = resolve(path, urlconf)
            except Resolver404:
                continue
            if match.func is pattern.callback:
                found.append(Endpoint(path=path, name=name, view=pattern.lookup_str))
                break
        else:
            unfilled.append(f"{name or pattern.lookup_str}: {''.join(str(p) for p in chain)}")
    return found, unfilled
