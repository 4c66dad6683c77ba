"""Every public URL of the site, found from the URL configuration (so a new page is covered the
day it is added): everything outside the admin, with sample values for its path parameters."""

import re

from django.urls import URLPattern, URLResolver, get_resolver

SAMPLES = {"slug": "buckinghamshire", "int": "1", "str": "x", "path": "x/y", "uuid": None}
#: Values by parameter name, where a made-up one would only find a 404.
NAMED = {
    "slug": "buckinghamshire",
    "region": "GL",
    "table": "regions",
    "fmt": "csv",
    "old": "current-grades",
}
REGEX_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")


def _walk(patterns, prefix: str = ""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if getattr(pattern, "app_name", None) == "admin" or route.startswith("admin/"):
                continue
            yield from _walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern.pattern.converters


def public_urls() -> list[str]:
    urls = []
    for route, converters in _walk(get_resolver().url_patterns):
        path = route.lstrip("^").rstrip("$")
        for name, converter in converters.items():
            kind = type(converter).__name__.removesuffix("Converter").lower()
            sample = NAMED.get(name) or SAMPLES.get(kind) or "1"
            path = re.sub(rf"<(\w+:)?{name}>", sample, path)
        # Regular-expression routes (re_path): each named group by its sample, escapes undone.
        path = REGEX_GROUP.sub(lambda group: NAMED.get(group[1], "1"), path).replace("\\.", ".")
        urls.append("/" + path)
    return urls
