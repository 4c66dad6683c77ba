"""Every public URL of the site, found from the URL configuration (so a new page is covered the
day it is added): everything outside the admin, with sample values for its path parameters."""

from django.urls import URLPattern, URLResolver, get_resolver

SAMPLES = {"slug": "buckinghamshire", "int": "1", "str": "x", "path": "x/y", "uuid": None}


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
            sample = SAMPLES.get(kind) or "1"
            path = path.replace(f"<{kind}:{name}>", sample).replace(f"<{name}>", sample)
        urls.append("/" + path)
    return urls
